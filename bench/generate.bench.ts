/**
 * `pnpm bench generate`: the offline planner's latency per prompt, the cost of the
 * intake + validation + verification gate on a 30-table answer written with a
 * model's slips, and, over the answer corpus with a repairer that fixes what it is
 * told, the share of whole apps accepted on the first call and the model calls (and
 * tokens) a successful generation takes. With a database: filling a 10-table app the
 * offline planner made with sample data over HTTP (POST /api/apps/:id/sample-data),
 * removed between runs.
 */
import { startTestPlinth } from "@plinth/api/testing";
import { provisionExample } from "@plinth/api/testing/apps";
import { planOffline } from "@plinth/generate";
import { checkModelOutput } from "@plinth/generate/checks";
import { answerCorpus, runScripted, type ScriptedReply } from "@plinth/generate/testing";
import { OFFLINE_PROMPTS } from "@plinth/generate/testing/offline-prompts";
import { percentile, round, writeBenchResult } from "./lib/results.js";

const RUNS = 10;

function offlineSamples(): number[] {
  const samples: number[] = [];
  for (const { prompt } of OFFLINE_PROMPTS) planOffline(prompt); // warm up
  for (let run = 0; run < RUNS; run++) {
    for (const { prompt } of OFFLINE_PROMPTS) {
      const start = performance.now();
      const result = planOffline(prompt);
      samples.push(performance.now() - start);
      if (!result.ok) throw new Error(`offline planner failed on "${prompt}": ${result.reason}`);
    }
  }
  return samples;
}

/**
 * A 30-table answer: a chain of references, three roles, filters and a page per table,
 * fenced in prose and written with slips intake repairs (snake_case keys, declared
 * system columns, SQL types), so the gate's cost includes the repairs.
 */
function largeBlueprint(): string {
  const names = Array.from({ length: 30 }, (_, i) => `records_${String(i + 1).padStart(2, "0")}`);
  const tables = names.map((name, i) => ({
    name,
    label: `Records ${i + 1}`,
    columns: [
      { name: "id", type: "uuid" },
      { name: "title", type: "varchar(200)", required: true },
      { name: "status", type: "text", enum: ["open", "in_progress", "done"], default: "open" },
      { name: "amount", type: "float", format: "currency", min: 0 },
      { name: "due_date", type: "date" },
      { name: "created_at", type: "datetime", default: "now()" },
      { name: "notes", type: "text", format: "markdown" },
      { name: "owner_id", type: "uuid", required: true, default: "$user.id" },
      ...(i > 0 ? [{ name: "parent_record_id", type: "uuid" }] : []),
    ],
  }));
  const relationships = names.slice(1).map((name, i) => ({
    type: "belongs_to",
    from_table: name,
    from_column: "parent_record_id",
    to_table: names[i],
    to_column: "id",
    on_delete: "SET NULL",
    ui: { lookup_label_column: "title" },
  }));
  const roles = ["admin", "manager", "member"];
  const all = { list: true, read: true, create: true, update: true, delete: true };
  const blueprint = {
    version: 2,
    app: { name: "Thirty tables", slug: "thirty-tables" },
    data: { tables, relationships },
    security: {
      roles: roles.map((name) => ({ name })),
      permissions: roles.flatMap((role) => names.map((resource) => ({ role, resource, actions: all }))),
      rowFilters: names.map((resource) => ({ role: "member", resource, filter: { equals: ["owner_id", "$user.id"] } })),
    },
    ui: {
      navigation: names.map((page) => ({ label: page, page })),
      pages: names.map((name) => ({
        id: name,
        route: `/${name}`,
        title: name,
        blocks: [
          { id: `${name}_list`, type: "TABLE", table: name, columns: ["title", "status", "amount", "due_date"] },
          { id: `${name}_board`, type: "KANBAN", table: name, groupBy: "status", titleColumn: "title" },
          { id: `${name}_form`, type: "FORM", table: name, mode: "create", fields: ["title", "status", "amount"] },
        ],
      })),
    },
  };
  return `Here is the app you asked for:\n\`\`\`json\n${JSON.stringify(blueprint, null, 2)}\n\`\`\`\n`;
}

/**
 * Wall-clock and CPU milliseconds per run, after a warm-up, as in the long-running
 * API server the gate runs in. The CPU time is what the gate costs; on a shared
 * machine the wall clock also counts the time spent waiting for a core.
 */
function gateSamples(text: string): { wall: number[]; cpu: number[] } {
  const first = checkModelOutput(text);
  if (!first.ok) throw new Error(`the 30-table answer must verify: ${JSON.stringify(first.problems.slice(0, 3))}`);
  for (let run = 0; run < 30; run++) checkModelOutput(text);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < 100; run++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    checkModelOutput(text);
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { wall, cpu };
}

/**
 * Each corpus answer, then a repairer that does what the repair prompt asks: the
 * example the answer was made from. Refusals stay refusals (no more calls are made).
 */
async function corpusRuns() {
  const corpus = answerCorpus();
  let successes = 0;
  let calls = 0;
  let tokens = 0;
  let whole = 0;
  let firstCall = 0;
  for (const c of corpus) {
    const repaired: ScriptedReply = { content: JSON.stringify(c.blueprint) };
    const { result } = await runScripted([c.answer, repaired, repaired]);
    if ("accepted" in c.expected) {
      whole++;
      if (result.ok && result.calls.length === 1) firstCall++;
    }
    if (!result.ok) continue;
    successes++;
    calls += result.calls.length;
    tokens += result.calls.reduce((sum, call) => sum + (call.usage?.totalTokens ?? 0), 0);
  }
  console.log(
    `corpus: ${corpus.length} answers, ${firstCall}/${whole} whole apps accepted on the first call, ${successes} successes in ${calls} calls`,
  );
  return {
    answers: corpus.length,
    firstCallShare: firstCall / whole,
    callsPerSuccess: calls / successes,
    tokensPerSuccess: tokens / successes,
  };
}

/** Milliseconds to fill a 10-table app with sample rows through the API, and the rows it wrote. */
async function sampleDataSamples(): Promise<{ ms: number[]; rows: number; postgres: string }> {
  const planned = planOffline(
    "A school: students, teachers, classes, rooms, courses, grades, assignments, parents, events and invoices",
  );
  if (!planned.ok) throw new Error(planned.reason);
  if (planned.blueprint.data.tables.length !== 10) throw new Error("the sample-data app must have 10 tables");
  const t = await startTestPlinth({ LOG_LEVEL: "error" });
  try {
    const app = await provisionExample(t, "crm", () => planned.blueprint);
    const { rows: version } = await t.plinth.database.pool.query<{ v: string }>("select version() as v");
    const ms: number[] = [];
    let rows = 0;
    for (let run = 0; run < 12; run++) {
      const start = performance.now();
      const filled = await app.founder.call<{ rows: number }>("POST", `/api/apps/${app.id}/sample-data`);
      const took = performance.now() - start;
      if (filled.status !== 201) throw new Error(`sample data refused: ${JSON.stringify(filled.body)}`);
      if (run >= 2) ms.push(took); // the first runs warm the translator's caches
      rows = filled.body.rows;
      const removed = await app.founder.call("DELETE", `/api/apps/${app.id}/sample-data`);
      if (removed.status !== 200) throw new Error(`sample data not removed: ${JSON.stringify(removed.body)}`);
    }
    return { ms, rows, postgres: (version[0]?.v ?? "").split(" ").slice(0, 2).join(" ") };
  } finally {
    await t.close();
  }
}

const offline = offlineSamples();
const gate = gateSamples(largeBlueprint());
const corpus = await corpusRuns();
const sample = await sampleDataSamples();

writeBenchResult("generate", sample.postgres, {
  sample_data_10_tables_p50_ms: { value: round(percentile(sample.ms, 50)), unit: "ms" },
  sample_data_10_tables_p95_ms: { value: round(percentile(sample.ms, 95)), unit: "ms" },
  sample_data_10_tables_rows: { value: sample.rows, unit: "rows" },
  offline_p50_ms: { value: round(percentile(offline, 50)), unit: "ms" },
  offline_p95_ms: { value: round(percentile(offline, 95)), unit: "ms" },
  verify_30_tables_ms: { value: round(percentile(gate.wall, 50)), unit: "ms" },
  verify_30_tables_p95_ms: { value: round(percentile(gate.wall, 95)), unit: "ms" },
  verify_30_tables_cpu_p95_ms: { value: round(percentile(gate.cpu, 95)), unit: "ms" },
  corpus_answers: { value: corpus.answers, unit: "answers" },
  first_call_acceptance: { value: round(corpus.firstCallShare * 100, 1), unit: "%" },
  model_calls_per_success: { value: round(corpus.callsPerSuccess), unit: "calls" },
  model_tokens_per_success: { value: round(corpus.tokensPerSuccess, 0), unit: "tokens" },
  offline_prompts: { value: OFFLINE_PROMPTS.length, unit: "prompts" },
});

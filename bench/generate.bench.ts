/**
 * `pnpm bench generate`: the offline planner's latency per prompt, the cost of the
 * intake + validation + verification gate on a 30-table blueprint, and how many model
 * calls (and tokens) a successful generation takes in the scripted scenarios.
 */
import { readFileSync } from "node:fs";
import { generateBlueprint, planOffline } from "@plinth/generate";
import { checkModelOutput } from "@plinth/generate/checks";
import { type ScriptedReply, startScriptedServer } from "@plinth/generate/testing";
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

/** A 30-table blueprint: a chain of references, three roles, filters and a page per table. */
function largeBlueprint(): string {
  const names = Array.from({ length: 30 }, (_, i) => `records_${String(i + 1).padStart(2, "0")}`);
  const tables = names.map((name, i) => ({
    name,
    label: `Records ${i + 1}`,
    columns: [
      { name: "title", type: "text", required: true, maxLength: 200 },
      { name: "status", type: "text", enum: ["open", "in_progress", "done"], default: "open" },
      { name: "amount", type: "float", format: "currency", min: 0 },
      { name: "due_date", type: "date" },
      { name: "notes", type: "text", format: "markdown" },
      { name: "owner_id", type: "uuid", required: true, default: "$user.id" },
      ...(i > 0 ? [{ name: "parent_record_id", type: "uuid" }] : []),
    ],
  }));
  const relationships = names.slice(1).map((name, i) => ({
    type: "many_to_one",
    fromTable: name,
    fromColumn: "parent_record_id",
    toTable: names[i],
    toColumn: "id",
    onDelete: "set_null",
    ui: { lookupLabelColumn: "title" },
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

function gateSamples(text: string): number[] {
  const first = checkModelOutput(text);
  if (!first.ok) throw new Error(`the 30-table blueprint must verify: ${JSON.stringify(first.problems.slice(0, 3))}`);
  const samples: number[] = [];
  for (let run = 0; run < 30; run++) {
    const start = performance.now();
    checkModelOutput(text);
    samples.push(performance.now() - start);
  }
  return samples;
}

async function scriptedScenarios() {
  const crm = readFileSync(new URL("../schemas/examples/crm.json", import.meta.url), "utf8");
  const missingColumn = JSON.parse(crm);
  missingColumn.security.rowFilters.push({
    role: "sales_rep",
    resource: "companies",
    filter: { equals: ["owner_id", "$user.id"] },
  });
  const scenarios: Record<string, ScriptedReply[]> = {
    fenced_with_prose: [{ content: `Here you go:\n\`\`\`json\n${crm}\n\`\`\`` }],
    truncated_then_fixed: [{ content: crm.slice(0, 900) }, { content: crm }],
    wrong_identifiers: [{ content: crm.replaceAll('"sales_rep"', '"Sales Rep"') }],
    filter_on_missing_column: [{ content: JSON.stringify(missingColumn) }, { content: crm }],
    rate_limited_then_ok: [{ status: 429, headers: { "retry-after-ms": "50" } }, { content: crm }],
    timeout_then_ok: [{ hang: true }, { content: crm }],
    garbage_three_times: [{ content: "no" }, { content: "still no" }, { content: "{ nope" }],
  };
  let successes = 0;
  let calls = 0;
  let tokens = 0;
  for (const [name, script] of Object.entries(scenarios)) {
    const server = await startScriptedServer(script);
    const result = await generateBlueprint({
      prompt: "A CRM where sales reps see only their own deals",
      model: "openai/gpt-4.1-mini",
      env: { OPENROUTER_BASE_URL: server.baseURL, OPENROUTER_API_KEY: "bench-key", PLINTH_MODEL_TIMEOUT_MS: "300" },
    });
    await server.close();
    console.log(`${name}: ${result.ok ? "verified" : "failed"} after ${result.calls.length} call(s)`);
    if (!result.ok) continue;
    successes++;
    calls += result.calls.length;
    tokens += result.calls.reduce((sum, c) => sum + (c.usage?.totalTokens ?? 0), 0);
  }
  return { successes, callsPerSuccess: calls / successes, tokensPerSuccess: tokens / successes };
}

const offline = offlineSamples();
const gate = gateSamples(largeBlueprint());
const scripted = await scriptedScenarios();

writeBenchResult("generate", "none (no database)", {
  offline_p50_ms: { value: round(percentile(offline, 50)), unit: "ms" },
  offline_p95_ms: { value: round(percentile(offline, 95)), unit: "ms" },
  verify_30_tables_ms: { value: round(percentile(gate, 50)), unit: "ms" },
  model_calls_per_success: { value: round(scripted.callsPerSuccess), unit: "calls" },
  model_tokens_per_success: { value: round(scripted.tokensPerSuccess, 0), unit: "tokens" },
  offline_prompts: { value: OFFLINE_PROMPTS.length, unit: "prompts" },
});

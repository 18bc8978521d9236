import { startTestPlinth } from "@plinth/api/testing";
import { type AppUser, type ExampleApp, provisionExample } from "@plinth/api/testing/apps";
import { benchServer } from "./lib/database.js";
import { type Metric, mergeBenchResult, percentile, round } from "./lib/results.js";

const ROWS = 10_000;
const RUNS = 7;
const VALID_MODE_RUNS = 3;
const REFUSED = 20;
const INDUSTRIES = ["software", "retail", "manufacturing", "finance", "healthcare", "other"];

function companies(run: number, refused: number): Record<string, unknown>[] {
  const every = Math.floor(ROWS / Math.max(1, refused));
  return Array.from({ length: ROWS }, (_, i) => ({
    name: `Run ${run} company ${i}`,
    website: `https://c${i}.example.com`,
    industry: refused > 0 && i % every === every - 1 ? "spaceships" : INDUSTRIES[i % INDUSTRIES.length],
    employees: i % 1000,
  }));
}

async function timedImport(url: string, app: ExampleApp, user: AppUser, mode: "all" | "valid", rows: unknown[]) {
  const call = async (path: string, body?: unknown) => {
    const response = await fetch(`${url}/api/runtime/${app.slug}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    const answer = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error(`${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  };
  const started = performance.now();
  const opened = (await call("/imports", { table: "companies", mode })) as { id: string; chunk_rows: number };
  for (let i = 0; i < rows.length; i += opened.chunk_rows) {
    await call(`/imports/${opened.id}/rows`, { rows: rows.slice(i, i + opened.chunk_rows) });
  }
  const result = (await call(`/imports/${opened.id}/commit`)) as { inserted: number };
  const ms = performance.now() - started;
  return { ms, inserted: result.inserted };
}

async function main() {
  const server = await benchServer("plinth-import-bench");
  const t = await startTestPlinth({ LOG_LEVEL: "error" });
  try {
    const app = await provisionExample(t, "crm");
    const all: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { ms, inserted } = await timedImport(t.url, app, app.owner, "all", companies(run, 0));
      if (inserted !== ROWS) throw new Error(`run ${run} imported ${inserted} rows, not ${ROWS}`);
      all.push(ms);
    }
    const valid: number[] = [];
    for (let run = 0; run < VALID_MODE_RUNS; run++) {
      const { ms, inserted } = await timedImport(t.url, app, app.owner, "valid", companies(RUNS + run, REFUSED));
      if (inserted !== ROWS - REFUSED) throw new Error(`valid-rows run ${run} imported ${inserted} rows`);
      valid.push(ms);
    }
    const metrics: Record<string, Metric> = {
      import_10k_rows_p50_ms: { value: round(percentile(all, 50)), unit: "ms" },
      import_10k_rows_p95_ms: { value: round(percentile(all, 95)), unit: "ms" },
      import_10k_rows_valid_mode_20_refused_p50_ms: { value: round(percentile(valid, 50)), unit: "ms" },
    };
    mergeBenchResult("runtime", server, metrics);
  } finally {
    await t.close();
  }
}

await main();

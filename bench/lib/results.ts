/**
 * Writes one benchmark's results as bench/results/<name>.json in the shape the team
 * agreed on, and prints them as a table.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface Metric {
  value: number;
  unit: string;
}

export interface BenchResult {
  name: string;
  date: string;
  node: string;
  postgres: string;
  metrics: Record<string, Metric>;
}

export const RESULTS_DIR = fileURLToPath(new URL("../results/", import.meta.url));

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("percentile of no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** `postgres` names the server the benchmark ran against, e.g. "PostgreSQL 15.20" or "PGlite 0.5.14". */
export function writeBenchResult(name: string, postgres: string, metrics: Record<string, Metric>): BenchResult {
  const result: BenchResult = { name, date: new Date().toISOString(), node: process.version, postgres, metrics };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(`${RESULTS_DIR}${name}.json`, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${name} (${postgres}, node ${process.version})`);
  console.table(Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, { value: m.value, unit: m.unit }])));
  return result;
}

/**
 * Like writeBenchResult, for a results file several benchmarks share (runtime.json holds
 * live-update latency, imports and first render): this run's metrics replace their own
 * earlier values and leave the other benchmarks' metrics as they were.
 */
export function mergeBenchResult(name: string, postgres: string, metrics: Record<string, Metric>): BenchResult {
  const file = `${RESULTS_DIR}${name}.json`;
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as BenchResult).metrics : {};
  return writeBenchResult(name, postgres, { ...earlier, ...metrics });
}

// `pnpm bench`: runs every bench/*.bench.ts in its own process, then writes
// bench/results/README.md, a table of every metric of the last runs.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");

const only = process.argv.slice(2);
const benches = readdirSync("bench")
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)));
for (const file of benches) {
  console.log(`\n== bench/${file}`);
  // The workspace's own tsx, so `npm run bench` works where no global pnpm is installed.
  execFileSync(process.execPath, [tsxCli, `bench/${file}`], { stdio: "inherit" });
}

const rows = [];
for (const file of readdirSync("bench/results")
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  const result = JSON.parse(readFileSync(`bench/results/${file}`, "utf8"));
  for (const [key, metric] of Object.entries(result.metrics)) {
    rows.push(
      `| ${result.name} | ${key} | ${metric.value} | ${metric.unit} | ${result.postgres} | ${result.date.slice(0, 10)} |`,
    );
  }
}
const table = [
  "| bench | metric | value | unit | database | date |",
  "| --- | --- | --- | --- | --- | --- |",
  ...rows,
].join("\n");
writeFileSync("bench/results/README.md", `# Benchmark results\n\nWritten by \`pnpm bench\`.\n\n${table}\n`);
console.log(`\n${table}`);

/**
 * `pnpm plinth generate "<prompt>" [--model <id>] [--out <file>]`
 * `pnpm plinth refine <blueprint.json> "<instruction>" [--model <id>] [--out <file>]`
 * `pnpm plinth models`
 * Prints progress, the blueprint's summary and what was assumed, and writes the JSON.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { summaryText, validateBlueprint } from "@plinth/blueprint";
import { type GenerationResult, generateBlueprint, listModels, type ProgressEvent, refineBlueprint } from "./index.js";

const USAGE = `usage:
  pnpm plinth generate "<prompt>" [--model <id>|offline] [--out <file>]
  pnpm plinth refine <blueprint.json> "<instruction>" [--model <id>|offline] [--out <file>]
  pnpm plinth models`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { model: { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) return usage(0);
  const common = { onProgress: printProgress, ...(values.model ? { model: values.model } : {}) };

  if (command === "models") {
    for (const m of listModels()) console.log(`${m.available ? " " : "✗"} ${m.id.padEnd(36)} ${m.label}`);
    return 0;
  }
  if (command === "generate" && rest.length >= 1) {
    return report(await generateBlueprint({ prompt: rest.join(" "), ...common }), values.out ?? "blueprint.json");
  }
  if (command === "refine" && rest.length >= 2) {
    const [file = "", ...words] = rest;
    const current = validateBlueprint(
      JSON.parse(readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), "utf8")),
    );
    if (!current.ok) {
      console.error(
        `${file} is not a valid blueprint:\n${current.problems.map((p) => `  ${p.path} ${p.message}`).join("\n")}`,
      );
      return 1;
    }
    const result = await refineBlueprint({ blueprint: current.blueprint, instruction: words.join(" "), ...common });
    return report(result, values.out ?? file);
  }
  return usage(2);
}

function usage(code: number): number {
  (code === 0 ? console.log : console.error)(USAGE);
  return code;
}

function printProgress(event: ProgressEvent) {
  if (event.stage === "calling_model") console.error(`… calling ${event.model} (call ${event.call})`);
  if (event.stage === "validating") console.error("… validating and verifying");
  if (event.stage === "repairing") console.error(`… repairing ${event.problems.length} problem(s)`);
}

function report(result: GenerationResult, out: string): number {
  const tokens = result.calls.reduce((sum, c) => sum + (c.usage?.totalTokens ?? 0), 0);
  const cost = result.calls.reduce((sum, c) => sum + (c.usage?.costUsd ?? 0), 0);
  const usage = result.calls.length ? ` — ${result.calls.length} call(s), ${tokens} tokens, $${cost.toFixed(4)}` : "";
  if (!result.ok) {
    console.error(`\n✗ ${result.reason}${usage}`);
    for (const p of result.problems) console.error(`  ${p.path || "/"} [${p.code}] ${p.message} — ${p.hint}`);
    return 1;
  }
  console.log(`\n${summaryText(result.blueprint)}`);
  const notes = [...result.assumptions, ...result.warnings];
  if (notes.length) console.log(`\nAssumptions and fixes:\n${notes.map((n) => `  - ${n}`).join("\n")}`);
  if (result.notApplied.length) console.log(`\nNot applied:\n${result.notApplied.map((n) => `  - ${n}`).join("\n")}`);
  // pnpm runs scripts from the repo root; INIT_CWD is where the founder typed the command.
  const path = resolve(process.env.INIT_CWD ?? process.cwd(), out);
  writeFileSync(path, `${JSON.stringify(result.blueprint, null, 2)}\n`);
  console.log(`\n✓ ${result.model}${usage}; wrote ${path}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);

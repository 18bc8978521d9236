/** Every example blueprint in schemas/examples/, read fresh so new examples are tested automatically. */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const EXAMPLES_DIR = fileURLToPath(new URL("../../../../schemas/examples/", import.meta.url));

export interface Example {
  name: string;
  blueprint: unknown;
}

export function examples(): Example[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({
      name: file.replace(/\.json$/, ""),
      blueprint: JSON.parse(readFileSync(`${EXAMPLES_DIR}${file}`, "utf8")),
    }));
}

export function example(name: string): unknown {
  const found = examples().find((e) => e.name === name);
  if (!found) throw new Error(`no example ${name} in schemas/examples`);
  return structuredClone(found.blueprint);
}

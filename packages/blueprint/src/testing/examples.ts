/** Loads the blueprints under schemas/ for tests. */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BlueprintV2 } from "../schema.js";
import { validateBlueprint } from "../validate.js";

export const schemasDir = fileURLToPath(new URL("../../../../schemas/", import.meta.url));

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, "utf8"));

export function exampleBlueprints(): { name: string; blueprint: unknown }[] {
  return readdirSync(`${schemasDir}examples`)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ""), blueprint: readJson(`${schemasDir}examples/${f}`) }));
}

/** Example JSON that tests mutate freely, one wrong detail at a time. */
// biome-ignore lint/suspicious/noExplicitAny: tests reach anywhere into example JSON
export type MutableBlueprint = any;

export function exampleBlueprint(name: string): MutableBlueprint {
  return readJson(`${schemasDir}examples/${name}.json`);
}

export interface InvalidFixture {
  name: string;
  blueprint: unknown;
  description: string;
  problems: { path: string; code: string }[];
}

export function invalidFixtures(): InvalidFixture[] {
  return readdirSync(`${schemasDir}invalid`)
    .filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"))
    .sort()
    .map((f) => {
      const name = f.replace(/\.json$/, "");
      const expected = readJson(`${schemasDir}invalid/${name}.expected.json`) as Omit<
        InvalidFixture,
        "name" | "blueprint"
      >;
      return { name, blueprint: readJson(`${schemasDir}invalid/${f}`), ...expected };
    });
}

/** Follows a JSON pointer; undefined when it leads nowhere. */
export function resolvePointer(document: unknown, pointer: string): unknown {
  if (pointer === "") return document;
  let node: unknown = document;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** The blueprint a test builds, validated as the API would: a test that builds an invalid one fails here, saying why. */
export function validBlueprint(input: unknown): BlueprintV2 {
  const validation = validateBlueprint(input);
  if (!validation.ok) throw new Error(`invalid blueprint: ${JSON.stringify(validation.problems)}`);
  return validation.blueprint;
}

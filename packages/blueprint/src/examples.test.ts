import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { blueprintJsonSchema } from "./json-schema.js";
import { BLOCK_TYPES, blueprintSchema } from "./schema.js";
import { exampleBlueprints, invalidFixtures, schemasDir } from "./testing/examples.js";
import { validateBlueprint } from "./validate.js";

const examples = exampleBlueprints();
const committedSchema = JSON.parse(readFileSync(`${schemasDir}blueprint-v2.schema.json`, "utf8"));
// Compiling the schema is the slow part; one validator serves every example.
const validateJsonSchema = new Ajv2020({ allErrors: true, strict: false }).compile(committedSchema);

describe("schemas/examples", () => {
  it("holds at least eight example apps", () => {
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples)("$name validates and verifies with no problems", ({ blueprint }) => {
    expect(validateBlueprint(blueprint).problems).toEqual([]);
  });

  it.each(examples)("$name validates against the committed JSON Schema", ({ blueprint }) => {
    expect(validateJsonSchema(blueprint), JSON.stringify(validateJsonSchema.errors)).toBe(true);
  });

  it("use every block type and every layout between them", () => {
    const parsed = examples.map((e) => blueprintSchema.parse(e.blueprint));
    const containers = parsed.flatMap((bp) => [...bp.ui.pages, ...bp.ui.modals]);
    const blockTypes = new Set(containers.flatMap((c) => c.blocks.map((b) => b.type)));
    expect([...blockTypes].sort()).toEqual([...BLOCK_TYPES].sort());
    const layouts = new Set(parsed.flatMap((bp) => bp.ui.pages.map((p) => p.layout.type)));
    expect([...layouts].sort()).toEqual(["grid", "single", "split", "tabs"]);
  });
});

describe("schemas/blueprint-v2.schema.json", () => {
  it("is up to date with the zod schema (run `pnpm schema` after changing it)", () => {
    expect(committedSchema).toEqual(JSON.parse(JSON.stringify(blueprintJsonSchema())));
  });

  it("refuses unknown keys as the zod schema does", () => {
    const closed = invalidFixtures().find((f) => f.name === "schema-closed");
    expect(validateJsonSchema(closed?.blueprint)).toBe(false);
  });
});

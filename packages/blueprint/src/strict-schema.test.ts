import Ajv2020 from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { strictBlueprintSchema } from "./json-schema.js";

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

function nodes(value: unknown, out: Node[] = []): Node[] {
  if (Array.isArray(value)) for (const v of value) nodes(v, out);
  else if (isNode(value)) {
    out.push(value);
    for (const [key, child] of Object.entries(value)) {
      if (key === "properties" || key === "$defs") for (const v of Object.values(child as Node)) nodes(v, out);
      else if (key !== "enum" && key !== "const" && key !== "required") nodes(child, out);
    }
  }
  return out;
}

/** The keywords OpenAI documents for strict structured outputs. */
const SUPPORTED = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "anyOf",
  "enum",
  "const",
  "$ref",
  "$defs",
  "description",
]);

describe("the strict BlueprintV2 schema", () => {
  const schema = strictBlueprintSchema();

  it("uses only keywords strict structured outputs accept", () => {
    const used = new Set(nodes(schema).flatMap((n) => Object.keys(n)));
    expect([...used].filter((k) => !SUPPORTED.has(k))).toEqual([]);
  });

  it("requires every key of every object and allows no others", () => {
    for (const node of nodes(schema).filter((n) => isNode(n.properties))) {
      expect(node.required).toEqual(Object.keys(node.properties as Node));
      expect(node.additionalProperties).toBe(false);
    }
  });

  it("compiles, and accepts a blueprint with nulls where keys are absent", () => {
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const role = { name: "member", label: null, description: null };
    expect(validate({ name: "x" })).toBe(false);
    const security = { roles: [role], defaultRole: null, permissions: [], rowFilters: null, teamTable: null };
    const partial = (validate.schema as { properties: Record<string, unknown> }).properties.security;
    expect(new Ajv2020({ strict: false }).compile({ ...(partial as object), $defs: schema.$defs })(security)).toBe(
      true,
    );
  });
});

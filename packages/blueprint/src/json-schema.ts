import { z } from "zod";
import { blueprintSchema } from "./schema.js";

/** The BlueprintV2 JSON Schema, as written by a model or a person (defaults optional). */
export function blueprintJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(blueprintSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
  return {
    ...schema,
    $id: "https://plinth.dev/schemas/blueprint-v2.schema.json",
    title: "BlueprintV2",
    description: "A Plinth app: tables, relationships, roles, permissions, row filters and pages of UI blocks.",
  };
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);
/** The keywords OpenAI's strict structured outputs accept; the verifier checks everything else anyway. */
const STRICT_KEYWORDS = new Set([
  "type",
  "properties",
  "required",
  "items",
  "anyOf",
  "enum",
  "const",
  "$ref",
  "description",
]);

/** A free-form object or array (a jsonb default) that strict mode cannot describe. */
const freeForm = (node: Node): boolean =>
  (node.type === "object" && !isNode(node.properties)) ||
  (node.type === "array" && !("items" in node) && !("prefixItems" in node));

function strictNode(input: unknown): unknown {
  if (!isNode(input)) return input;
  const node: Node = {};
  const options = (input.anyOf ?? input.oneOf) as unknown[] | undefined;
  if (options) {
    const kept = options.filter((o) => !(isNode(o) && freeForm(o))).map(strictNode);
    return kept.length === 1 ? kept[0] : { anyOf: kept };
  }
  for (const [key, value] of Object.entries(input)) {
    if (key === "prefixItems" && Array.isArray(value)) {
      // A tuple [column, value]: strict mode has no tuples, so each place takes any of the element shapes.
      const unique = [...new Map(value.map((v) => [JSON.stringify(strictNode(v)), strictNode(v)])).values()];
      node.items = unique.length === 1 ? unique[0] : { anyOf: unique };
    } else if (key === "properties" && isNode(value)) {
      const required = new Set((input.required as string[] | undefined) ?? []);
      node.properties = Object.fromEntries(
        Object.entries(value).map(([name, child]) => {
          const strict = strictNode(child);
          // Strict mode wants every key present: an optional key may be null, which intake reads as absent.
          return [name, required.has(name) ? strict : { anyOf: [strict, { type: "null" }] }];
        }),
      );
      node.required = Object.keys(value);
      node.additionalProperties = false;
    } else if (key === "items" && value !== false) node.items = strictNode(value);
    else if (STRICT_KEYWORDS.has(key) && !(key in node)) node[key] = value;
  }
  return node;
}

/**
 * The BlueprintV2 JSON Schema in the subset strict structured outputs accept: every
 * key required (optional ones nullable), no tuples, no free-form objects, no
 * length or pattern limits. What it cannot say, intake and the verifier still check.
 */
export function strictBlueprintSchema(): Record<string, unknown> {
  const full = blueprintJsonSchema();
  const defs = full.$defs as Record<string, unknown>;
  const root = strictNode(full) as Node;
  return {
    ...root,
    $defs: Object.fromEntries(Object.entries(defs).map(([name, def]) => [name, strictNode(def)])),
  };
}

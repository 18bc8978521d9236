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

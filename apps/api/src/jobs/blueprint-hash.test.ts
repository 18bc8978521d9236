import type { BlueprintV2 } from "@plinth/blueprint";
import { exampleBlueprint } from "@plinth/blueprint/testing";
import { describe, expect, it } from "vitest";
import { hashBlueprint } from "./blueprint-hash.js";

/** The same value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversedKeys(v)]),
  );
}

describe("hashBlueprint", () => {
  const blueprint: BlueprintV2 = exampleBlueprint("crm");

  it("is the same whatever order the keys come in, as after a round trip through jsonb", () => {
    const reordered = reversedKeys(blueprint) as BlueprintV2;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(blueprint));
    expect(hashBlueprint(reordered)).toBe(hashBlueprint(blueprint));
  });

  it("changes when the blueprint does", () => {
    const renamed = { ...blueprint, app: { ...blueprint.app, name: `${blueprint.app.name} 2` } };
    expect(hashBlueprint(renamed)).not.toBe(hashBlueprint(blueprint));
  });
});

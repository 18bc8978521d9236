import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { describe, expect, it } from "vitest";
import { partlyVisibleTables } from "./model.js";
import { example } from "./test-support/examples.js";

function blueprint(name: string): BlueprintV2 {
  const result = validateBlueprint(example(name));
  if (!result.ok) throw new Error(`example ${name} is invalid`);
  return result.blueprint;
}

describe("the tables a role sees only some rows of", () => {
  it("holds the role's filtered tables and the children scoped through them", () => {
    // Volunteers see only their events; sessions and registrations of hidden events are hidden too.
    expect([...partlyVisibleTables(blueprint("event-planning"), "volunteer")].sort()).toEqual([
      "events",
      "planning_tasks",
      "registrations",
      "sessions",
    ]);
  });

  it("is empty for a role that sees every row", () => {
    expect(partlyVisibleTables(blueprint("event-planning"), "organizer").size).toBe(0);
  });
});

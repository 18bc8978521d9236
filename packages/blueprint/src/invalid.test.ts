import { describe, expect, it } from "vitest";
import { invalidFixtures, resolvePointer } from "./testing/examples.js";
import { validateBlueprint } from "./validate.js";

const fixtures = invalidFixtures();
const key = (p: { path: string; code: string }) => `${p.code} at ${p.path}`;

describe("schemas/invalid", () => {
  it("holds at least twelve invalid blueprints", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
  });

  it.each(fixtures)("$name: reports exactly the expected problems", ({ blueprint, problems }) => {
    const result = validateBlueprint(blueprint);
    expect(result.ok).toBe(false);
    expect(result.problems.map(key).sort()).toEqual(problems.map(key).sort());
  });

  it.each(fixtures)("$name: every problem points at a real place and says what to do", ({ blueprint }) => {
    for (const problem of validateBlueprint(blueprint).problems) {
      expect(resolvePointer(blueprint, problem.path), problem.path).not.toBeUndefined();
      expect(problem.message.length).toBeGreaterThan(20);
      expect(problem.hint.length).toBeGreaterThan(10);
    }
  });
});

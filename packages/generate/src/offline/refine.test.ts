/**
 * Offline refine over the eight example apps: each instruction is checked against the
 * exact blueprint a founder should get — written out here as the edits to the example
 * — and the result must pass the verifier.
 */
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { exampleBlueprint, type MutableBlueprint } from "@plinth/blueprint/testing";
import { describe, expect, it } from "vitest";
import { REFINE_CASES } from "./refine/cases.js";
import { refineOffline, splitClauses } from "./refine.js";

function valid(input: unknown): BlueprintV2 {
  const checked = validateBlueprint(input);
  if (!checked.ok) throw new Error(`invalid: ${JSON.stringify(checked.problems.map((p) => `${p.path} ${p.message}`))}`);
  return checked.blueprint;
}

describe("offline refine applies each common change exactly", () => {
  for (const c of REFINE_CASES) {
    it(`${c.app}: ${c.say}`, () => {
      const before = valid(exampleBlueprint(c.app));
      const result = refineOffline(before, c.say);
      const want = structuredClone(before) as MutableBlueprint;
      if ("refused" in c) {
        expect(result.applied).toEqual([]);
        expect(result.notApplied).toHaveLength(1);
        expect(result.notApplied[0]).toMatch(c.refused);
        expect(valid(result.blueprint)).toEqual(before);
        return;
      }
      expect(result.notApplied).toEqual([]);
      expect(result.applied).toHaveLength(c.changes ?? 1);
      c.expect(want);
      expect(valid(result.blueprint)).toEqual(valid(want));
    });
  }

  it("covers at least 60 instructions over all eight examples", () => {
    expect(REFINE_CASES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(REFINE_CASES.map((c) => c.app)).size).toBe(8);
  });
});

describe("several changes and partial refusals", () => {
  it("applies the changes it can and says why it skipped the others, with the nearest change", () => {
    const before = valid(exampleBlueprint("helpdesk"));
    const result = refineOffline(before, "use dark mode and only admins can close tickets");
    expect(result.applied).toEqual(["The app now uses dark mode."]);
    expect(result.notApplied).toEqual([
      '"only admins can close tickets": "close" is a change to a field, not an action of its own: a role that may change tickets may close it. Nearest: "only admins can change tickets".',
    ]);
    expect(valid(result.blueprint).app.theme.mode).toBe("dark");
  });

  it("splits on sentence ends, 'then' and 'and' before a new verb, never inside a choice list", () => {
    expect(
      splitClauses(
        "Remove the phone field from contacts and make email required, then set the choices of stage to a, b and c.",
      ),
    ).toEqual([
      "remove the phone field from contacts",
      "make email required",
      "set the choices of stage to a, b and c",
    ]);
  });
});

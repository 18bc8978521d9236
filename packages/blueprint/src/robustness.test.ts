/**
 * Model output is arbitrary: whatever it looks like, intake, validation and
 * verification must answer with problems, never throw.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { intakeModelOutput } from "./intake.js";
import { exampleBlueprints, type MutableBlueprint } from "./testing/examples.js";
import { validateBlueprint } from "./validate.js";

const examples = exampleBlueprints().map((e) => e.blueprint as MutableBlueprint);

/** Every [parent, key] in a JSON document, so a mutation can reach any node. */
function slots(node: MutableBlueprint, out: [MutableBlueprint, string | number][] = []) {
  if (node && typeof node === "object") {
    for (const key of Object.keys(node)) {
      out.push([node, Array.isArray(node) ? Number(key) : key]);
      slots(node[key], out);
    }
  }
  return out;
}

function stringSlots(bp: MutableBlueprint) {
  return slots(bp).filter(([parent, key]) => typeof parent[key] === "string");
}

function expectWellFormed(problems: { path: string; code: string; message: string; hint: string }[]) {
  for (const p of problems) {
    expect(p.path === "" || p.path.startsWith("/")).toBe(true);
    expect(p.code).toMatch(/^[a-z_]+$/);
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.hint.length).toBeGreaterThan(0);
    // zod's own wording names no key and no fix; every problem is in Plinth's words.
    expect(p.message).not.toMatch(
      /^(Invalid input|Invalid option|Unrecognized key|Too (small|big)|Invalid discriminator)/,
    );
  }
}

describe("robustness", () => {
  it("swapping any strings for other strings of the same blueprint yields problems, not exceptions", () => {
    fc.assert(
      fc.property(
        fc.nat(examples.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
        (which, swaps) => {
          const bp = structuredClone(examples[which]);
          const strings = stringSlots(bp);
          for (const [target, source] of swaps) {
            const [parent, key] = strings[target % strings.length] as [MutableBlueprint, string];
            const [from, fromKey] = strings[source % strings.length] as [MutableBlueprint, string];
            parent[key] = from[fromKey];
          }
          const result = validateBlueprint(bp);
          expectWellFormed(result.problems);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("replacing or deleting any node yields problems, not exceptions, through intake too", () => {
    fc.assert(
      fc.property(
        fc.nat(examples.length - 1),
        fc.array(fc.tuple(fc.nat(), fc.option(fc.jsonValue({ maxDepth: 2 }))), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (which, edits, fenced) => {
          const bp = structuredClone(examples[which]);
          for (const [index, value] of edits) {
            const all = slots(bp);
            if (all.length === 0) break;
            const [parent, key] = all[index % all.length] as [MutableBlueprint, string];
            if (value === null && !Array.isArray(parent)) delete parent[key];
            else parent[key] = value;
          }
          const json = JSON.stringify(bp);
          const intake = intakeModelOutput(fenced ? `Here it is:\n\`\`\`json\n${json}\n\`\`\`` : json);
          if (!intake.ok) {
            expectWellFormed(intake.problems);
            return;
          }
          expectWellFormed(validateBlueprint(intake.value, { allProblems: true }).problems);
        },
      ),
      { numRuns: 300 },
    );
  });
});

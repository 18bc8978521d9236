/**
 * The answer corpus through the real `openai` client against a local scripted server,
 * with a model that repeats its answer when asked to repair it: every whole app is
 * accepted on the first call and read back exactly; every other answer ends with its
 * own reason.
 */
import { validateBlueprint } from "@plinth/blueprint";
import { describe, expect, it } from "vitest";
import { answerCorpus } from "./testing/answer-corpus.js";
import { runScripted } from "./testing/run-scripted.js";

const corpus = answerCorpus();
const whole = corpus.filter((c) => "accepted" in c.expected);
const broken = corpus.filter((c) => !("accepted" in c.expected));

describe("the answer corpus", () => {
  it("holds at least 60 answers in the styles of six model families", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.map((c) => c.style)).size).toBe(6);
    expect(whole.length).toBeGreaterThanOrEqual(60);
  });

  it.each(whole)("$style, $name: accepted on the first call and read as meant", async (c) => {
    const run = await runScripted([c.answer, c.answer, c.answer]);
    if (!run.result.ok) throw new Error(`${run.result.reason}\n${JSON.stringify(run.result.problems, null, 1)}`);
    expect(run.result.calls).toHaveLength(1);
    const meant = validateBlueprint(c.blueprint);
    if (!meant.ok) throw new Error(`the corpus blueprint for ${c.name} must verify`);
    expect(run.result.blueprint).toEqual(meant.blueprint);
  });

  it.each(broken)("$style, $name: ends with its own reason", async (c) => {
    const run = await runScripted([c.answer, c.answer, c.answer]);
    expect(run.result.ok).toBe(false);
    if (run.result.ok || "accepted" in c.expected) return;
    expect(run.result.ending).toBe(c.expected.ending);
    if (c.expected.code) expect(run.result.problems.map((p) => p.code)).toContain(c.expected.code);
    for (const problem of run.result.problems) {
      expect(problem.message).not.toMatch(/^Invalid input/);
      expect(problem.hint.length).toBeGreaterThan(10);
    }
  });
});

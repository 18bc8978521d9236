/**
 * How a generation job ends when the model gives no blueprint, through the HTTP API
 * with the real worker and the real `openai` client against a scripted model: the
 * job says what the model did, and its failure is recorded once.
 */
import { startScriptedServer } from "@plinth/generate/testing";
import { afterAll, describe, expect, it } from "vitest";
import { ApiClient, startTestPlinth } from "./testing/test-plinth.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe("a generation the model refuses", () => {
  it("fails at once, quotes the model, and records the failed stage once", async () => {
    const model = await startScriptedServer([{ content: "", refusal: "I can't help with that." }]);
    cleanups.push(() => model.close());
    const t = await startTestPlinth({ OPENROUTER_BASE_URL: model.baseURL, OPENROUTER_API_KEY: "sk-test-endings" });
    cleanups.push(() => t.close());
    const api = new ApiClient(t.url);
    await api.signUp();
    const generated = await api.call<{ job_id: string }>("POST", "/api/apps/generate", {
      prompt: "A helpdesk where agents see only their own tickets",
      model: "openai/gpt-4o-mini",
    });
    expect(generated.status).toBe(202);
    const job = (await api.waitForJob(generated.body.job_id)) as {
      status: string;
      error_message: string;
      stages: { stage: string }[];
    };
    expect(job.status).toBe("FAILED");
    expect(job.error_message).toBe(
      'The model refused to design this app: "I can\'t help with that." Rephrase the request or pick another model.',
    );
    expect(job.stages.filter((s) => s.stage === "failed")).toHaveLength(1);
    expect(model.received).toHaveLength(1);
  });
});

/**
 * How a generation job ends when the model gives no blueprint, through the HTTP API
 * with the real worker and the real `openai` client against a scripted model: the
 * job says what the model did, and its failure is recorded once.
 */
import { readFileSync } from "node:fs";
import { startScriptedServer } from "@plinth/generate/testing";
import { afterAll, describe, expect, it } from "vitest";
import { ApiClient, startTestPlinth } from "./testing/test-plinth.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A scripted model answering `answers` in turn, closed after the file. */
async function scriptedModel(answers: Parameters<typeof startScriptedServer>[0]) {
  const model = await startScriptedServer(answers);
  cleanups.push(() => model.close());
  return model;
}

/** A founder signed up on a Plinth of their own whose models are `model`'s, when given. */
async function founderOn(model?: { baseURL: string }): Promise<ApiClient> {
  const t = await startTestPlinth(
    model ? { OPENROUTER_BASE_URL: model.baseURL, OPENROUTER_API_KEY: "sk-test-endings" } : {},
  );
  cleanups.push(() => t.close());
  const api = new ApiClient(t.url);
  await api.signUp();
  return api;
}

describe("a generation the model refuses", () => {
  it("fails at once, quotes the model, and records the failed stage once", async () => {
    const model = await scriptedModel([{ content: "", refusal: "I can't help with that." }]);
    const api = await founderOn(model);
    const generated = await api.generate("A helpdesk where agents see only their own tickets", "openai/gpt-4o-mini");
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

describe("a generation whose answer has slips with one meaning", () => {
  it("succeeds on the first call and keeps what intake repaired on the job", async () => {
    const crm = JSON.parse(readFileSync(new URL("../../../schemas/examples/crm.json", import.meta.url), "utf8"));
    // Wrapped in {"blueprint": …} and fenced, as small models often answer.
    const answer = `Here is your app:\n\`\`\`json\n${JSON.stringify({ blueprint: crm })}\n\`\`\``;
    const model = await scriptedModel([{ content: answer }]);
    const api = await founderOn(model);
    const generated = await api.generate("A CRM for a small sales team", "openai/gpt-4o-mini");
    const job = (await api.waitForJob(generated.body.job_id)) as {
      status: string;
      stages: { stage: string; detail?: { warnings?: string[] } }[];
    };
    expect(job.status).toBe("SUCCEEDED");
    expect(model.received).toHaveLength(1);
    const repaired = job.stages.find((s) => s.stage === "intake_repaired");
    expect(repaired?.detail?.warnings?.join("\n")).toMatch(/blueprint/i);
  }, 60_000);
});

describe("a request with no app in it", () => {
  it("ends with the offline planner's question instead of a made-up app", async () => {
    const api = await founderOn();
    const generated = await api.generate("write me a poem");
    const job = (await api.waitForJob(generated.body.job_id)) as { status: string; error_message: string };
    expect(job.status).toBe("FAILED");
    expect(job.error_message).toMatch(/^What should the app keep track of\? I read "write me a poem"/);
    const detail = await api.call<{ blueprint: unknown }>("GET", `/api/apps/${generated.body.app_id}`);
    expect(detail.body.blueprint ?? null).toBeNull();
  });
});

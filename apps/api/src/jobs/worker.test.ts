/**
 * Generation jobs as founders meet them, on a real server with a scripted model
 * endpoint: deleting an app stops its job and frees the worker, one founder's burst
 * leaves room for others, and a huge model answer does not become a huge job record.
 */
import { type ScriptedServer, startScriptedServer } from "@plinth/generate/testing";
import { afterEach, describe, expect, it } from "vitest";
import { AppGoneError, nameApp } from "../apps/store.js";
import { ApiClient, startTestPlinth, type TestPlinth } from "../testing/test-plinth.js";
import { MAX_RECORDED_CHARS } from "./record-cap.js";

const MODEL = "openai/gpt-4.1-mini";
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
}, 60_000);

async function start(model: ScriptedServer, env: Record<string, string>): Promise<TestPlinth> {
  const t = await startTestPlinth({
    OPENROUTER_BASE_URL: model.baseURL,
    OPENROUTER_API_KEY: "sk-test-jobs",
    PLINTH_MODEL_TIMEOUT_MS: "600000",
    PLINTH_MODEL_MAX_RETRIES: "1",
    PLINTH_JOB_STALE_SECONDS: "2",
    ...env,
  });
  // The model closes first, so no call is left hanging while the server shuts down.
  cleanups.push(
    () => t.close(),
    () => model.close(),
  );
  return t;
}

async function founder(t: TestPlinth): Promise<ApiClient> {
  const api = new ApiClient(t.url);
  await api.signUp();
  return api;
}

const generate = (api: ApiClient, model: string, prompt = "A helpdesk where agents see only their own tickets") =>
  api.call<{ job_id: string; app_id: string }>("POST", "/api/apps/generate", { prompt, model });

async function modelCalls(model: ScriptedServer, count: number): Promise<void> {
  for (let i = 0; model.received.length < count && i < 300; i++) await new Promise((r) => setTimeout(r, 100));
  expect(model.received.length).toBe(count);
}

describe("deleting an app while it generates", () => {
  it("stops its job, so the only worker goes on to another founder's job", async () => {
    const model = await startScriptedServer([{ hang: true }]);
    const t = await start(model, { PLINTH_JOB_CONCURRENCY: "1" });
    const alice = await founder(t);
    const generating = await generate(alice, MODEL);
    await modelCalls(model, 1);

    expect((await alice.call("DELETE", `/api/apps/${generating.body.app_id}`)).status).toBe(204);
    expect((await alice.call("GET", `/api/apps/${generating.body.app_id}`)).status).toBe(404);

    const bob = await founder(t);
    const other = await generate(bob, "offline", "An inventory tracker for a small shop");
    expect((await bob.waitForJob(other.body.job_id, 30_000)).status).toBe("SUCCEEDED");
  }, 90_000);

  it("never retries naming an app that is gone", async () => {
    const model = await startScriptedServer([]);
    const t = await start(model, {});
    await expect(nameApp(t.plinth.database.pool, crypto.randomUUID(), "Gone", "gone")).rejects.toThrow(AppGoneError);
  }, 60_000);
});

describe("several founders' jobs", () => {
  it("run side by side, and one founder's burst cannot hold every worker", async () => {
    const model = await startScriptedServer([{ hang: true }, { hang: true }, { hang: true }]);
    const t = await start(model, { PLINTH_JOB_CONCURRENCY: "2", PLINTH_JOB_CONCURRENCY_PER_FOUNDER: "1" });
    const alice = await founder(t);
    const burst = [];
    for (let i = 0; i < 3; i++) burst.push((await generate(alice, MODEL)).body.job_id);
    await modelCalls(model, 1);

    const bob = await founder(t);
    const other = await generate(bob, "offline", "An inventory tracker for a small shop");
    expect((await bob.waitForJob(other.body.job_id, 30_000)).status).toBe("SUCCEEDED");

    const statuses = [];
    for (const id of burst) {
      statuses.push((await alice.call<{ job: { status: string } }>("GET", `/api/jobs/${id}`)).body.job.status);
    }
    expect(statuses.sort()).toEqual(["QUEUED", "QUEUED", "RUNNING"]);
  }, 90_000);
});

describe("a job's record of its model calls", () => {
  it("keeps the start and end of a huge answer and says how big it was", async () => {
    const huge = `{"app": "${"x".repeat(2_000_000)}"}`;
    const model = await startScriptedServer(Array.from({ length: 4 }, () => ({ content: huge })));
    const t = await start(model, {});
    const api = await founder(t);
    const generated = await generate(api, MODEL);
    const job = await api.waitForJob(generated.body.job_id, 60_000);
    expect(job.status).toBe("FAILED");

    const responses = job.llm_response as { truncated: boolean; original_chars: number; head: string; tail: string }[];
    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) {
      expect(response).toMatchObject({ truncated: true, original_chars: expect.any(Number) });
      expect(response.original_chars).toBeGreaterThan(2_000_000);
      expect(response.head).toMatch(/^\{"response":/);
      expect(response.tail).toMatch(/x+\\"}","finishReason":"stop"[^}]*\}.*\}$/);
    }
    expect(JSON.stringify(job.llm_request).length).toBeLessThan(responses.length * MAX_RECORDED_CHARS * 2);
    expect(JSON.stringify(job.llm_response).length).toBeLessThan(responses.length * (MAX_RECORDED_CHARS + 200));
  }, 90_000);
});

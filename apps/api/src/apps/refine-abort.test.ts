/**
 * A refine preview asks the model while the founder waits; when the founder gives up
 * (closes the tab, navigates away), the model call is dropped instead of running on,
 * and paid for, with nobody left to show its answer to.
 */
import { request } from "node:http";
import { type ScriptedServer, startScriptedServer } from "@plinth/generate/testing";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { ApiClient, startTestPlinth, type TestPlinth } from "../testing/test-plinth.js";

let t: TestPlinth;
let model: ScriptedServer;
beforeAll(async () => {
  // The model never answers: only the founder closing the request can end the call.
  model = await startScriptedServer([{ hang: true }]);
  t = await startTestPlinth({
    OPENROUTER_BASE_URL: model.baseURL,
    OPENROUTER_API_KEY: "sk-test-refine-abort",
    PLINTH_MODEL_TIMEOUT_MS: "600000",
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await model?.close();
}, 60_000);

it("drops the model call when the founder closes the preview request", async () => {
  const api = new ApiClient(t.url);
  await api.signUp();
  const generated = await api.call<{ job_id: string; app_id: string }>("POST", "/api/apps/generate", {
    prompt: "A CRM where sales reps see only their own deals and managers see everything",
    model: "offline",
  });
  expect((await api.waitForJob(generated.body.job_id)).status).toBe("SUCCEEDED");

  const preview = request(`${t.url}/api/apps/${generated.body.app_id}/refine/preview`, {
    method: "POST",
    agent: false,
    headers: { "content-type": "application/json", authorization: `Bearer ${api.token}` },
  });
  const closed = new Promise((resolve) => preview.on("close", resolve));
  preview.on("error", () => undefined);
  preview.end(JSON.stringify({ instruction: "add a priority to deals", model: "openai/gpt-4.1-mini" }));
  await vi.waitFor(() => expect(model.received).toHaveLength(1), { timeout: 30_000 });
  preview.destroy();
  await closed;

  await vi.waitFor(() => expect(model.abandoned).toBe(1), { timeout: 30_000 });
}, 120_000);

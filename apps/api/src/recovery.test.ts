/**
 * A server killed in the middle of a generation job (a real child process, SIGKILL)
 * and started again: the job ends FAILED, the app is in ERROR and nothing of it is
 * left in the database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createPool } from "@plinth/db";
import { startScriptedServer } from "@plinth/generate/testing";
import { schemaName } from "@plinth/provision";
import { afterAll, describe, expect, it } from "vitest";
import { ApiClient, databaseForTest, freePort } from "./testing/test-plinth.js";

const MAIN = fileURLToPath(new URL("./main.ts", import.meta.url));
const children: ChildProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function startApi(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${env.PORT}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error("the API did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("a server killed mid-job", () => {
  it("fails the job cleanly on restart and leaves no schema or role behind", async () => {
    const database = await databaseForTest();
    const dataDir = mkdtempSync(join(tmpdir(), "plinth-recovery-"));
    cleanups.push(async () => {
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });
    // The model never answers, so the job is certainly RUNNING when the server dies.
    const model = await startScriptedServer([{ hang: true }, { hang: true }]);
    cleanups.push(() => model.close());
    const port = String(await freePort());
    const env = {
      PORT: port,
      PLINTH_DATA_DIR: dataDir,
      PLINTH_JWT_SECRET: "a-test-secret-that-is-long-enough-for-hs256",
      PLINTH_JOB_STALE_SECONDS: "3",
      LOG_LEVEL: "warn",
      OPENROUTER_BASE_URL: model.baseURL,
      OPENROUTER_API_KEY: "sk-test-recovery",
      PLINTH_MODEL_TIMEOUT_MS: "600000",
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    };
    const first = await startApi(env);
    const api = new ApiClient(`http://127.0.0.1:${port}`);
    await api.signUp();
    const generated = await api.call<{ job_id: string; app_id: string }>("POST", "/api/apps/generate", {
      prompt: "A helpdesk where agents see only the tickets assigned to them",
      model: "openai/gpt-4.1-mini",
    });
    expect(generated.status).toBe(202);
    for (let i = 0; model.received.length === 0 && i < 200; i++) await new Promise((r) => setTimeout(r, 100));
    expect(model.received.length).toBe(1);
    const running = await api.call<{ job: { status: string } }>("GET", `/api/jobs/${generated.body.job_id}`);
    expect(running.body.job.status).toBe("RUNNING");

    first.kill("SIGKILL");
    await new Promise((resolve) => first.once("exit", resolve));
    await startApi(env);

    const job = await api.waitForJob(generated.body.job_id, 30_000);
    expect(job.status).toBe("FAILED");
    expect(job.error_message).toMatch(/restarted/);
    const app = await api.call<{ app: { status: string; status_reason: string } }>(
      "GET",
      `/api/apps/${generated.body.app_id}`,
    );
    expect(app.body.app.status).toBe("ERROR");
    expect(app.body.app.status_reason).toMatch(/try again/);
    if (database.url) {
      const pool = createPool(database.url, { max: 1 });
      const schema = schemaName(generated.body.app_id);
      const leftovers = await pool.query(
        "select nspname as name from pg_namespace where nspname = $1 union all select rolname from pg_roles where starts_with(rolname, $1)",
        [schema],
      );
      expect(leftovers.rows).toEqual([]);
      await pool.end();
    }
  }, 120_000);
});

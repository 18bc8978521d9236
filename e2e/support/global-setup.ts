/**
 * Starts what a user meets: the real API (a child process, on its own database — a
 * fresh database on the server at DATABASE_URL in CI, else the embedded one) and the
 * real web app (a production build served by `next start`), on free ports, plus a
 * local OpenAI-compatible model server for the OpenRouter path.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { databaseForTest, freePort, removeAllApps } from "@plinth/api/testing";
import { createPool } from "@plinth/db";
import { startScriptedServer } from "@plinth/generate/testing";
import type { TestProject } from "vitest/node";
import { startWebApp, stopped, waitFor } from "./web-app.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const ARTIFACTS = join(ROOT, "e2e/artifacts");

declare module "vitest" {
  export interface ProvidedContext {
    webUrl: string;
    apiUrl: string;
    databaseUrl: string;
    artifacts: string;
  }
}

export default async function setup(project: TestProject) {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  // Undone in reverse order at teardown, or at once when starting fails half-way.
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    return await start(project, cleanups).then(() => teardown);
  } catch (error) {
    await teardown();
    throw error;
  }
}

async function start(project: TestProject, cleanups: (() => Promise<unknown> | unknown)[]): Promise<void> {
  const database = await databaseForTest();
  cleanups.push(async () => {
    if (database.url) {
      const pool = createPool(database.url, { max: 1 });
      await removeAllApps(pool).catch(() => undefined);
      await pool.end();
    }
    await database.drop();
  });
  const dataDir = mkdtempSync(join(tmpdir(), "plinth-e2e-"));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const helpdesk = readFileSync(join(ROOT, "schemas/examples/helpdesk.json"), "utf8");
  // The OpenRouter path: the model answers with prose around a fenced blueprint, as real ones do.
  const model = await startScriptedServer([{ content: `Here is your app:\n\`\`\`json\n${helpdesk}\n\`\`\`` }]);
  cleanups.push(() => model.close());
  // The web build bakes the API's address into its /realtime/v1 rewrite, so a build reused
  // with E2E_REUSE_BUILD=1 reaches live updates only when the API gets the same port again.
  const apiPort = Number(process.env.E2E_API_PORT) || (await freePort());
  const webPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const webUrl = `http://127.0.0.1:${webPort}`;

  const api = spawn(process.execPath, ["--import", "tsx", join(ROOT, "apps/api/src/main.ts")], {
    env: {
      ...process.env,
      PORT: String(apiPort),
      PLINTH_DATA_DIR: dataDir,
      PLINTH_WEB_URL: webUrl,
      PLINTH_JWT_SECRET: "e2e-secret-that-is-long-enough-for-hs256-signing",
      OPENROUTER_BASE_URL: model.baseURL,
      OPENROUTER_API_KEY: "sk-e2e-test",
      LOG_LEVEL: "warn",
      // Every browser of the suite signs up and in from one address (loopback through the
      // web app); the per-address limits themselves are tested in apps/api.
      PLINTH_SIGNIN_RATE_LIMIT: "1000",
      PLINTH_RUNTIME_RATE_LIMIT: "10000",
      ...(database.url ? { DATABASE_URL: database.url } : { DATABASE_URL: "" }),
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  cleanups.push(() => {
    api.kill("SIGTERM");
    return stopped(api);
  });
  await waitFor(`${apiUrl}/api/health`, api, "the API", 120_000);

  const web = await startWebApp({ apiUrl, port: webPort, reuseBuild: process.env.E2E_REUSE_BUILD === "1" });
  cleanups.push(() => web.stop());

  project.provide("webUrl", webUrl);
  project.provide("apiUrl", apiUrl);
  project.provide("databaseUrl", database.url ?? "");
  project.provide("artifacts", ARTIFACTS);
}

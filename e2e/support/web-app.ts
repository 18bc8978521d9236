/**
 * The web app as a user meets it: a production build (`next build`, into its own folder
 * so a running `next dev` is not disturbed) served by `next start` against a given API.
 * The e2e suite and the first-render benchmark both start it this way.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

export interface WebApp {
  url: string;
  /** Stops `next start` and any worker it started; resolves once it has exited. */
  stop(): Promise<void>;
}

/** Polls `url` until it answers (anything below 500), failing early when `child` exits. */
export async function waitFor(url: string, child: ChildProcess, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(url).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error(`${what} did not answer at ${url} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export function stopped(child: ChildProcess): Promise<unknown> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
}

/**
 * Builds the web app (unless `reuseBuild`) and serves it on `port`, its /api, /rest and
 * /realtime forwarded to `apiUrl`.
 */
export async function startWebApp(options: { apiUrl: string; port: number; reuseBuild: boolean }): Promise<WebApp> {
  const env = {
    ...process.env,
    PLINTH_API_URL: options.apiUrl,
    PORT: String(options.port),
    NODE_ENV: "production",
    NEXT_DIST_DIR: ".next-e2e",
  };
  if (!options.reuseBuild) {
    const build = spawnSync("pnpm", ["--filter", "@plinth/web", "build"], { env, stdio: "inherit" });
    if (build.status !== 0) throw new Error("next build failed");
  }
  // next itself rather than through pnpm (which reports the stop as a failure), in its own
  // process group so stopping it also stops any worker it started.
  const web = spawn(join(ROOT, "apps/web/node_modules/.bin/next"), ["start", "--port", String(options.port)], {
    cwd: join(ROOT, "apps/web"),
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const stop = async () => {
    if (web.pid && web.exitCode === null) process.kill(-web.pid, "SIGTERM");
    await stopped(web);
  };
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitFor(url, web, "the web app", 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

// `npm run up` / `pnpm start`: runs the API and the web app together for a newcomer —
// the embedded database and the offline planner unless DATABASE_URL and
// OPENROUTER_API_KEY say otherwise. Ctrl-C stops both.
import { spawn } from "node:child_process";
import { resolve } from "node:path";

const apiPort = process.env.API_PORT ?? "4000";
const webPort = process.env.PORT ?? "3000";
const env = {
  ...process.env,
  // Kept at the top of the checkout whichever package's folder a server runs in.
  PLINTH_DATA_DIR: resolve(process.env.PLINTH_DATA_DIR ?? ".plinth-data"),
  PLINTH_API_URL: process.env.PLINTH_API_URL ?? `http://127.0.0.1:${apiPort}`,
  PLINTH_WEB_URL: process.env.PLINTH_WEB_URL ?? `http://localhost:${webPort}`,
};

const children = [
  spawn("pnpm", ["--filter", "@plinth/api", "start"], { env: { ...env, PORT: apiPort }, stdio: "inherit" }),
  spawn("pnpm", ["--filter", "@plinth/web", "dev"], { env: { ...env, PORT: webPort }, stdio: "inherit" }),
];
console.log(`\nPlinth is starting: open http://localhost:${webPort} (API on :${apiPort}, docs at /api/docs)\n`);

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill("SIGTERM");
  setTimeout(() => process.exit(code), 3000).unref();
}
for (const child of children) child.on("exit", (code) => stop(code ?? 1));
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

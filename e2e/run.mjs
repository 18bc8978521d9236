// The browser suite's entry point: runs the Playwright specs when a Chromium is
// installed. Without one it says so in one line and lets the rest of `npm test`
// pass — except in CI (CI=true), where a missing browser is a failure, never a skip.
import { spawnSync } from "node:child_process";
import { chromiumPath } from "./support/chromium-path.mjs";

const browser = chromiumPath();
if (!browser) {
  const line = "e2e: no Chromium found (install Debian's chromium or set CHROMIUM_PATH); browser suite not run";
  if (process.env.CI === "true") {
    console.error(`${line} — failing because CI=true`);
    process.exit(1);
  }
  console.log(line);
  process.exit(0);
}
const result = spawnSync("pnpm", ["exec", "vitest", "run", "--config", "vitest.config.ts"], {
  stdio: "inherit",
  env: { ...process.env, CHROMIUM_PATH: browser },
});
process.exit(result.status ?? 1);

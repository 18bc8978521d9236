import { existsSync } from "node:fs";

/** The Chromium the suite drives: CHROMIUM_PATH, else Debian's package. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((path) => path && existsSync(path)) ?? null;
}

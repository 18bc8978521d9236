/**
 * Debian's Chromium driven by playwright-core (no browser downloads). Every page
 * records console errors and uncaught exceptions so a spec can assert there were none,
 * and `shot` saves a screenshot of each step as a test artifact.
 */
import { basename, join } from "node:path";
import { madeForFile } from "@plinth/db/testing";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { expect, inject } from "vitest";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A browser for this spec file: launched in beforeAll, closed in afterAll. */
export const browserForFile = (): Browser => madeForFile("the browser", launchBrowser, (browser) => browser.close());

export interface TrackedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

export async function openPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<TrackedPage> {
  const context = await browser.newContext({ viewport, baseURL: inject("webUrl") });
  return track(await context.newPage(), context);
}

/** Starts recording a page's console errors and uncaught exceptions (e.g. a tab the app opened). */
export function track(page: Page, context: BrowserContext): TrackedPage {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  return { page, context, errors };
}

let shots = 0;
/** Saves e2e/artifacts/<spec>-<nn>-<name>.png, numbered in the order a spec takes them. */
export async function shot(page: Page, name: string): Promise<void> {
  shots += 1;
  const spec = basename(expect.getState().testPath ?? "spec", ".spec.ts");
  const file = `${spec}-${String(shots).padStart(2, "0")}-${name}.png`;
  await page.screenshot({ path: join(inject("artifacts"), file), fullPage: true });
}

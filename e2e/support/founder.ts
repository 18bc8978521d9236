import type { Browser, Page } from "playwright-core";
import { expect } from "vitest";
import { openPage, type TrackedPage } from "./browser.js";

export const PASSWORD = "correct horse battery staple";

export function uniqueEmail(who: string): string {
  return `${who}-${crypto.randomUUID().slice(0, 8)}@example.com`;
}

/** Signs a new founder up through the sign-up page. */
export async function signUpFounder(page: Page, email = uniqueEmail("founder")): Promise<string> {
  await page.goto("/sign-up");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  return email;
}

/**
 * No console errors and no uncaught exceptions. Chromium also logs every 4xx response
 * (and the 503 of a stopped app) as "Failed to load resource"; those are answers the
 * page shows the user, not errors.
 */
export function expectNoConsoleErrors(tab: TrackedPage): void {
  const errors = tab.errors.filter(
    (e) => !/Failed to load resource: the server responded with a status of (4\d\d|503)/.test(e),
  );
  tab.errors.length = 0;
  expect(errors).toEqual([]);
}

export interface GeneratedApp {
  id: string;
  name: string;
  slug: string;
  db_schema: string;
}

/**
 * Generates an app with the offline planner through the API from the signed-in page
 * (the generate screen itself is covered by 01-founder) and waits until it runs.
 */
export async function generateApp(page: Page, prompt: string): Promise<GeneratedApp> {
  return page.evaluate(async (text) => {
    const started = await fetch("/api/apps/generate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt: text, model: "offline" }),
    });
    const { job_id: jobId, app_id: appId } = await started.json();
    for (let i = 0; i < 300; i++) {
      const { job } = await (await fetch(`/api/jobs/${jobId}`)).json();
      if (job.status === "FAILED") throw new Error(`generation failed: ${job.error_message}`);
      if (job.status === "SUCCEEDED") break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return (await (await fetch(`/api/apps/${appId}`)).json()).app;
  }, prompt);
}

/** The prompt most specs generate their app from. */
export const CRM_PROMPT = "A CRM where sales reps see only their own deals and managers see all deals";

/** Where most specs start: a founder signed up in a new tab of `browser`, whose app from `prompt` runs. */
export async function founderWithApp(
  browser: Browser,
  prompt: string,
): Promise<{ tab: TrackedPage; email: string; app: GeneratedApp }> {
  const tab = await openPage(browser);
  const email = await signUpFounder(tab.page);
  await tab.page.waitForURL(/\/dashboard/);
  return { tab, email, app: await generateApp(tab.page, prompt) };
}

/**
 * Acceptance criteria 1 and 2: a founder signs up, describes an app, picks a model,
 * watches the progress and lands on a running app with a valid blueprint, a schema
 * and tables; the apps list shows it RUNNING. Both the offline planner and the
 * OpenRouter path (against the local OpenAI-compatible model server) are covered.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserForFile, openPage, shot, type TrackedPage } from "../support/browser.js";
import { catalog, hasDirectDatabase } from "../support/db.js";
import { expectNoConsoleErrors, signUpFounder } from "../support/founder.js";

// biome-ignore lint/suspicious/noExplicitAny: the API's JSON, read by the assertions below
const appDetail = (page: Page, id: string): Promise<any> =>
  page.evaluate(async (appId) => (await fetch(`/api/apps/${appId}`)).json(), id);
let tab: TrackedPage;

const browser = browserForFile();
beforeAll(async () => {
  tab = await openPage(browser);
});

describe("a founder generates an app", () => {
  it("signs up and generates an app with the offline planner, watching its progress", async () => {
    const { page } = tab;
    await signUpFounder(page);
    await page.waitForURL(/\/dashboard\/new/);
    await shot(page, "generate-form");
    await page.getByLabel("Model").selectOption("offline");
    await page
      .getByLabel("Describe your app")
      .fill("A CRM for my sales team: sales reps see only their own deals, managers see every deal.");
    await page.getByRole("button", { name: /generate|build/i }).click();
    await page.getByRole("list", { name: "Progress" }).waitFor();
    await shot(page, "generate-progress");
    await page.waitForURL(/\/dashboard\/apps\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await page
      .getByText(/Status:\s*Running/)
      .first()
      .waitFor();
    await page.getByText(/deals/i).first().waitFor();
    await shot(page, "app-detail");

    const appId = page.url().split("/").at(-1) as string;
    const detail = await appDetail(page, appId);
    expect(detail.app.status).toBe("RUNNING");
    expect(detail.blueprint.version).toBe(1);
    if (hasDirectDatabase()) {
      const { tables, roles } = await catalog(detail.app.db_schema);
      expect(tables).toContain("deals");
      expect(roles.length).toBeGreaterThanOrEqual(2);
    }
    expectNoConsoleErrors(tab);
  });

  it("shows the app RUNNING in the apps list", async () => {
    const { page } = tab;
    await page.goto("/dashboard");
    const list = page.getByRole("list", { name: "Apps" });
    await list.waitFor();
    await expect.poll(() => list.getByRole("listitem").count()).toBe(1);
    await list.getByText("Running").waitFor();
    await shot(page, "apps-list");
    expectNoConsoleErrors(tab);
  });

  it("generates through a model: the local OpenAI-compatible server answers with a fenced blueprint", async () => {
    const { page } = tab;
    await page.goto("/dashboard/new");
    await page.getByLabel("Model").selectOption("openai/gpt-4.1-mini");
    await page.getByLabel("Describe your app").fill("A helpdesk where agents see only the tickets assigned to them");
    await page.getByRole("button", { name: /generate|build/i }).click();
    await page.waitForURL(/\/dashboard\/apps\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await page
      .getByText(/Status:\s*Running/)
      .first()
      .waitFor();
    await shot(page, "app-detail-model");
    const appId = page.url().split("/").at(-1) as string;
    const detail = await appDetail(page, appId);
    expect(detail.latest_job.model).toBe("openai/gpt-4.1-mini");
    expect(detail.latest_job.usage.calls).toBe(1);
    expect(detail.latest_job.stages.map((s: { stage: string }) => s.stage)).toContain("calling_model");
    expect(JSON.stringify(detail.latest_job.llm_request)).not.toContain("sk-e2e-test");
    expectNoConsoleErrors(tab);
  });
});

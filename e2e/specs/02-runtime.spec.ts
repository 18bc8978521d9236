/**
 * Acceptance criteria 2 and 3: Open launches /apps/[slug] with the blueprint's pages
 * and blocks; two end users with different roles sign in to the same app and each
 * sees exactly the rows and actions their role allows — create, edit, delete, a
 * kanban drag and form validation errors included.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserForFile, openPage, shot, type TrackedPage, track } from "../support/browser.js";
import {
  CRM_PROMPT,
  expectNoConsoleErrors,
  founderWithApp,
  type GeneratedApp,
  PASSWORD,
  uniqueEmail,
} from "../support/founder.js";

let founder: TrackedPage;
let founderEmail: string;
let app: GeneratedApp;
let rep: TrackedPage;
const invites: Record<string, string> = {};

/** The owner invites `email` with `role` and gets the invitation link's secret. */
async function invite(email: string, role: string): Promise<string> {
  const link = await founder.page.evaluate(
    async ({ appId, email, role }) => {
      const response = await fetch(`/api/apps/${appId}/members`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, role }),
      });
      return (await response.json()).invite_url as string;
    },
    { appId: app.id, email, role },
  );
  return new URL(link).searchParams.get("invite") as string;
}

/** An invited person opens their invitation link, creates a Plinth account and joins the app. */
async function endUser(email: string): Promise<TrackedPage> {
  const tab = await openPage(browser);
  const { page } = tab;
  await page.goto(`/apps/${app.slug}?invite=${encodeURIComponent(invites[email] as string)}`);
  await page.getByRole("heading", { name: `Join ${app.name}` }).waitFor();
  await shot(page, "join");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account and join" }).click();
  await page.getByRole("navigation", { name: "App" }).waitFor();
  // The one-time secret leaves the address bar once it is used.
  await page.waitForURL((url) => !url.searchParams.has("invite"));
  return tab;
}

async function signInToRuntime(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("navigation", { name: "App" }).waitFor();
}

async function openMenu(page: Page, label: string): Promise<void> {
  await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: label, exact: true }).click();
}

/** The titles of the deals a user's Deals table shows (none when it shows its empty state). */
async function dealTitles(page: Page): Promise<string[]> {
  await openMenu(page, "Deals");
  const table = page.getByRole("table");
  await table.or(page.getByText("No deals yet")).first().waitFor();
  await page.waitForLoadState("networkidle");
  if ((await table.count()) === 0) return [];
  return (await table.locator("tbody tr").allInnerTexts()).map((row) => row.split("\t")[0]?.trim() ?? "");
}

async function createDeal(page: Page, title: string): Promise<void> {
  await openMenu(page, "Deals");
  await page.getByRole("button", { name: "New deal" }).click();
  const form = page.getByRole("dialog");
  await form.getByLabel(/^Title/).fill(title);
  await form.getByRole("button", { name: /create|save/i }).click();
  await form.waitFor({ state: "detached" });
}

const mara = uniqueEmail("mara-manager");
const sam = uniqueEmail("sam-rep");

const browser = browserForFile();
beforeAll(async () => {
  ({ tab: founder, email: founderEmail, app } = await founderWithApp(browser, CRM_PROMPT));
  invites[mara] = await invite(mara, "manager");
  invites[sam] = await invite(sam, "sales_rep");
});

describe("the runtime", () => {
  it("opens from the apps list and renders every page of the blueprint", async () => {
    const { page, context } = founder;
    await page.goto("/dashboard");
    const open = page.getByRole("link", { name: `Open ${app.name} (opens in a new tab)` });
    expect(await open.getAttribute("href")).toBe(`/apps/${app.slug}`);
    const [runtimePage] = await Promise.all([context.waitForEvent("page"), open.click()]);
    const runtime = track(runtimePage, context);
    await runtimePage.getByRole("heading", { name: `Sign in to ${app.name}` }).waitFor();
    await signInToRuntime(runtimePage, founderEmail);
    await runtimePage
      .getByText(/number of deals|deals/i)
      .first()
      .waitFor();
    await shot(runtimePage, "dashboard");
    for (const label of ["Deals", "Deals board", "Companies", "Contacts", "Activities"]) {
      await openMenu(runtimePage, label);
      await runtimePage.getByRole("heading", { name: label, exact: true }).first().waitFor();
      await runtimePage.waitForLoadState("networkidle");
      await shot(runtimePage, `page-${label.toLowerCase().replaceAll(" ", "-")}`);
    }
    expectNoConsoleErrors(runtime);
    expectNoConsoleErrors(founder);
  });

  it("lets a sales rep create, validate, edit, drag and delete only their own deals", async () => {
    rep = await endUser(sam);
    const { page } = rep;
    await openMenu(page, "Deals");
    await page.getByRole("button", { name: "New deal" }).click();
    const form = page.getByRole("dialog");
    await form.getByRole("button", { name: /create|save/i }).click();
    await form.getByRole("alert").first().waitFor();
    expect(await form.getByRole("alert").first().textContent()).toMatch(/title/i);
    await shot(page, "rep-form-validation");
    await form.getByLabel(/^Title/).fill("Sam's first deal");
    await form.getByRole("button", { name: /create|save/i }).click();
    await form.waitFor({ state: "detached" });
    expect(await dealTitles(page)).toEqual(["Sam's first deal"]);

    const row = page.getByRole("row", { name: /Sam's first deal/ });
    await row.getByRole("button", { name: /edit/i }).click();
    const edit = page.getByRole("dialog");
    await edit.getByLabel(/^Title/).fill("Sam's renamed deal");
    await edit.getByRole("button", { name: /save/i }).click();
    await edit.waitFor({ state: "detached" });
    expect(await dealTitles(page)).toEqual(["Sam's renamed deal"]);
    await shot(page, "rep-deals");

    await openMenu(page, "Deals board");
    const handle = page.getByRole("button", { name: "Drag Sam's renamed deal" });
    const target = page.getByLabel(/^Qualified \(/);
    await handle.waitFor();
    const from = await handle.boundingBox();
    const to = await target.boundingBox();
    if (!from || !to) throw new Error("the kanban card or lane is not on screen");
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 20, from.y + 20, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 40, { steps: 15 });
    await page.mouse.up();
    await target.getByText("Sam's renamed deal").waitFor();
    await shot(page, "rep-kanban-after-drag");
    // The move was saved, not only shown: it is still there after a reload.
    await page.reload();
    await page
      .getByLabel(/^Qualified \(/)
      .getByText("Sam's renamed deal")
      .waitFor();

    await openMenu(page, "Companies");
    await page.getByRole("button", { name: "New company" }).click();
    const company = page.getByRole("dialog");
    await company.getByLabel(/^Name/).fill("Globex");
    await company.getByRole("button", { name: /create|save/i }).click();
    await company.waitFor({ state: "detached" });
    const globex = page.getByRole("row", { name: /Globex/ });
    await globex.waitFor();
    // Sales reps may not delete companies: the action is not there at all.
    expect(await globex.getByRole("button", { name: /delete/i }).count()).toBe(0);

    await openMenu(page, "Deals");
    const own = page.getByRole("row", { name: /Sam's renamed deal/ });
    await own.getByRole("button", { name: /delete/i }).click();
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: /delete/i })
      .click();
    await own.waitFor({ state: "detached" });
    expect(await dealTitles(page)).toEqual([]);
    expectNoConsoleErrors(rep);
  });

  it("shows a manager every deal, and a sales rep only their own", async () => {
    await createDeal(rep.page, "Sam's second deal");
    const manager = await endUser(mara);
    const { page } = manager;
    await createDeal(page, "Mara's big deal");
    await shot(page, "manager-deals");
    expect((await dealTitles(page)).sort()).toEqual(["Mara's big deal", "Sam's second deal"]);
    const globex = page.getByRole("row", { name: /Globex/ });
    await openMenu(page, "Companies");
    await globex.waitFor();
    expect(await globex.getByRole("button", { name: /delete/i }).count()).toBe(1);
    expectNoConsoleErrors(manager);
    expect(await dealTitles(rep.page)).toEqual(["Sam's second deal"]);
  });
});

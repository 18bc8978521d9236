/**
 * Sample data (issue 16), in the browser: a founder generates the dog-walking business
 * with the offline planner and "Fill with sample data" on, as the generate screen offers
 * it, and every one of its four tables opens filled in. A walker signed in sees only the
 * walks whose Walker is them — fewer than the founder sees.
 *
 * People columns take their values from the role's members when the rows are written
 * (packages/generate/src/sample/rows.ts), and on the generate screen the rows are written
 * as soon as the app runs, before anyone could be invited. So the walker is invited and
 * joins, the founder removes the sample data on the app page and fills it again through
 * the same API call the generate screen makes (the app page offers only removal), and
 * then some walks are the walker's.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserForFile, openPage, shot, type TrackedPage } from "../support/browser.js";
import { expectNoConsoleErrors, type GeneratedApp, signUpFounder, uniqueEmail } from "../support/founder.js";
import { inviteMember, joinWithInvitation } from "../support/members.js";

const PROMPT = "a dog-walking business: clients, dogs, walks and walkers; walkers see only their own walks";
const TABLES = ["Clients", "Dogs", "Walks", "Walkers"];

const browser = browserForFile();
let founder: TrackedPage;
let app: GeneratedApp;

/** Opens a table's page from the app's menu and waits for its rows or its empty state. */
async function openTable(page: Page, label: string): Promise<void> {
  await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: label, exact: true }).click();
  await page.getByRole("heading", { name: label, exact: true }).first().waitFor();
  await page
    .locator("tbody tr")
    .or(page.getByText(`No ${label.toLowerCase()} yet`))
    .first()
    .waitFor();
  await page.waitForLoadState("networkidle");
}

/** Each row of the open table as its cells' text (none when the table shows its empty state). */
async function rowsOf(page: Page): Promise<string[][]> {
  const table = page.getByRole("table");
  if ((await table.count()) === 0) return [];
  const rows = table.locator("tbody tr");
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    out.push((await rows.nth(i).locator("td").allInnerTexts()).map((cell) => cell.trim()));
  }
  return out;
}

/** The Walks table's rows as { name, walker } (the Walker column found by its header). */
async function walks(page: Page): Promise<{ name: string; walker: string }[]> {
  await openTable(page, "Walks");
  // A person cell reads "…" until the app's people have loaded; rows are read one by one, so wait for them first.
  await page.getByRole("table").getByText("…", { exact: true }).first().waitFor({ state: "detached" });
  const headers = (await page.getByRole("table").locator("thead th").allInnerTexts()).map((h) => h.trim());
  const walker = headers.findIndex((h) => /^Walker\b/.test(h));
  const name = headers.findIndex((h) => /^Name\b/.test(h));
  expect(walker, `Walks headers: ${headers.join(" | ")}`).toBeGreaterThanOrEqual(0);
  return (await rowsOf(page)).map((cells) => ({ name: cells[name] ?? "", walker: cells[walker] ?? "" }));
}

/** The founder's app opened in its runtime (signed in as its owner). */
async function openRuntime(tab: TrackedPage): Promise<void> {
  await tab.page.goto(`/apps/${app.slug}`);
  await tab.page.getByRole("navigation", { name: "App" }).waitFor();
}

describe("sample data", () => {
  beforeAll(async () => {
    founder = await openPage(browser);
    await signUpFounder(founder.page);
    await founder.page.waitForURL(/\/dashboard/);
  });

  it("fills every table of the app the founder generates with sample data on", async () => {
    const { page } = founder;
    await page.goto("/dashboard/new");
    await page.getByLabel("Model").selectOption("offline");
    await page.getByLabel("Describe your app").fill(PROMPT);
    // On by default for the offline planner: a first look should not be empty.
    expect(await page.getByLabel("Fill with sample data").isChecked()).toBe(true);
    await shot(page, "generate-with-sample-data");
    await page.getByRole("button", { name: /generate|build/i }).click();
    await page.waitForURL(/\/dashboard\/apps\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await page.getByRole("heading", { name: "This app holds sample data" }).waitFor();
    const appId = new URL(page.url()).pathname.split("/").pop() as string;
    app = await page.evaluate(async (id) => (await (await fetch(`/api/apps/${id}`)).json()).app, appId);
    await shot(page, "app-page-sample-notice");

    await openRuntime(founder);
    for (const label of TABLES) {
      await openTable(page, label);
      expect(await page.getByText(`No ${label.toLowerCase()} yet`).count(), `${label} is empty`).toBe(0);
      expect((await rowsOf(page)).length, `${label} rows`).toBeGreaterThan(0);
      await shot(page, `founder-${label.toLowerCase()}`);
    }
    expectNoConsoleErrors(founder);
  });

  it("shows a walker only the walks assigned to them", async () => {
    const email = uniqueEmail("wally-walker");
    const walker = await joinWithInvitation(
      browser,
      app,
      await inviteMember(founder.page, app.id, email, "walker"),
      email,
    );

    // Filled again now that a walker is a member: the founder removes the sample data on
    // the app page and fills it again there, so walks go to the walker too.
    const { page } = founder;
    await page.goto(`/dashboard/apps/${app.id}`);
    await page.getByRole("button", { name: "Remove sample data" }).click();
    await page.getByRole("button", { name: "Fill with sample data" }).click();
    await page.getByRole("heading", { name: "This app holds sample data" }).waitFor();

    await openRuntime(founder);
    const everyWalk = await walks(page);
    await shot(page, "founder-walks");
    // A person cell reads their initials, then their name (an address when they have none).
    const theirs = everyWalk.filter((walk) => walk.walker.includes(email));
    expect(theirs.length, JSON.stringify(everyWalk)).toBeGreaterThan(0);
    expect(theirs.length).toBeLessThan(everyWalk.length);

    const seen = await walks(walker.page);
    await shot(walker.page, "walker-walks");
    expect(
      seen.every((walk) => walk.walker.includes(email)),
      JSON.stringify(seen),
    ).toBe(true);
    expect(seen.map((walk) => walk.name).sort()).toEqual(theirs.map((walk) => walk.name).sort());
    expectNoConsoleErrors(founder);
    expectNoConsoleErrors(walker);
  });
});

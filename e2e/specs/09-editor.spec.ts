/**
 * Issue 18: a founder changes an app with the editor — removes a field, changes a
 * choice list, narrows a role — reads the preview in plain words with figures, applies
 * it and sees the runtime follow; then restores the previous version and the removed
 * field comes back with its values (soft-drop), not empty. Last, the founder narrows what
 * sales reps see and change in the matrix, is told how many companies a rep stops seeing,
 * and the rep's app follows.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, shot, type TrackedPage } from "../support/browser.js";
import { type GeneratedApp, generateApp, PASSWORD, signUpFounder, uniqueEmail } from "../support/founder.js";
import { inviteMember, joinWithInvitation } from "../support/members.js";

let browser: Browser;
let tab: TrackedPage;
let app: GeneratedApp;
let email: string;

/** A data API session of the app as `who` (the founder unless told). */
async function appToken(who: string): Promise<string> {
  return tab.page.evaluate(
    async ({ slug, email, password }) => {
      const response = await fetch(`/api/runtime/${slug}/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      return (await response.json()).access_token;
    },
    { slug: app.slug, email: who, password: PASSWORD },
  );
}

async function dataApi(method: string, path: string, body?: unknown, who = email) {
  const token = await appToken(who);
  return tab.page.evaluate(
    async ({ schema, token, method, path, body }) => {
      const response = await fetch(`/rest/v1/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          "accept-profile": schema,
          "content-profile": schema,
          "content-type": "application/json",
          prefer: "return=representation",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, json: await response.json().catch(() => null) };
    },
    { schema: app.db_schema, token, method, path, body },
  );
}

/** Opens a page of the app's runtime, signing in as the founder (a member of their own app) when asked. */
async function openRuntime(path: string): Promise<void> {
  const { page } = tab;
  await page.goto(`/apps/${app.slug}${path}`);
  const nav = page.getByRole("navigation", { name: "App" });
  const signIn = page.getByRole("heading", { name: `Sign in to ${app.name}` });
  await nav.or(signIn).first().waitFor();
  if (await signIn.isVisible()) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await nav.waitFor();
  }
}

beforeAll(async () => {
  browser = await launchBrowser();
  tab = await openPage(browser);
  email = await signUpFounder(tab.page);
  await tab.page.waitForURL(/\/dashboard/);
  app = await generateApp(tab.page, "A CRM where sales reps see only their own deals and managers see all deals");
  const created = await dataApi("POST", "companies", {
    name: "Acme Corp",
    website: "https://acme.example",
    industry: "software",
  });
  expect(created.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
});

describe("the editor and safe restore", () => {
  it("removes a field, changes a choice list and narrows a role, with a preview in plain words and figures", async () => {
    const { page } = tab;
    await page.goto(`/dashboard/apps/${app.id}`);
    await page.getByRole("tab", { name: "Editor" }).click();

    await page.getByRole("button", { name: "Remove field companies.website" }).click();
    const industries = page.getByLabel("Choices of companies.industry");
    await industries.fill("software, retail, finance, other");
    await industries.blur();
    await page.getByRole("tab", { name: "Who can do what" }).click();
    await page.getByLabel("sales_rep may delete deals").uncheck();
    await shot(page, "editor-edits");

    await page.getByRole("button", { name: "Preview changes" }).click();
    const review = page.getByRole("region", { name: "What your edits change" });
    await review
      .getByText("Field website of companies is removed: 1 of the 1 companies rows have a value there", {
        exact: false,
      })
      .waitFor();
    await review.getByText("This changes who can see or change what").waitFor();
    await review.getByText("sales_rep can no longer delete deals.", { exact: false }).waitFor();
    await shot(page, "editor-preview");
    await review.getByText("companies.industry gets a stricter allowed values rule", { exact: false }).waitFor();
    await review.getByText("Rows that stop it today: 0.", { exact: false }).waitFor();

    await review.getByRole("button", { name: "Apply as version 2" }).click();
    await page.getByText("Version 2 is live", { exact: true }).waitFor({ timeout: 60_000 });

    // The runtime follows: the field is gone from the data and from the companies list.
    const companies = await dataApi("GET", "companies?select=*");
    expect(companies.status).toBe(200);
    expect(companies.json[0]).not.toHaveProperty("website");
    expect(companies.json[0].name).toBe("Acme Corp");
    await openRuntime("/companies");
    await page.getByText("Acme Corp").first().waitFor();
    expect(await page.getByRole("columnheader", { name: "Website" }).count()).toBe(0);
    await shot(page, "runtime-without-website");
  }, 120_000);

  it("restores version 1: the dialog says what changes first, and the website comes back with its value", async () => {
    const { page } = tab;
    await page.goto(`/dashboard/apps/${app.id}`);
    await page.getByRole("tab", { name: "History" }).click();
    await page.getByRole("button", { name: "Restore version 1" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Restore version 1?" });
    await dialog.getByText("sales_rep can now delete deals", { exact: false }).waitFor();
    await dialog.getByText("New column companies.website", { exact: false }).waitFor();
    await dialog.getByText("Of these, 1 get back the website values kept from an earlier version.").waitFor();
    await shot(page, "restore-dialog");
    await dialog.getByRole("button", { name: "Restore version 1 and accept these changes" }).click();
    await page.getByText("Version 1 is live again as version 3.").waitFor({ timeout: 60_000 });

    const companies = await dataApi("GET", "companies?select=name,website");
    expect(companies.json).toEqual([{ name: "Acme Corp", website: "https://acme.example" }]);
    await openRuntime("/companies");
    await page.getByText("Acme Corp").first().waitFor();
    await shot(page, "runtime-website-back");
    await page.getByRole("columnheader", { name: "Website" }).waitFor();
    await page.getByRole("link", { name: "https://acme.example" }).waitFor();
  }, 120_000);

  it("narrows what sales reps see and change in the matrix, with the companies they stop seeing counted", async () => {
    const { page } = tab;
    const rep = uniqueEmail("rep");
    const invite = await inviteMember(page, app.id, rep, "sales_rep");
    const repTab = await joinWithInvitation(browser, app, invite, rep);
    const own = await dataApi("POST", "companies", { name: "Rep Co", industry: "retail" }, rep);
    expect(own.status).toBe(201);
    const acme = (await dataApi("GET", "companies?select=id,name&name=eq.Acme%20Corp")).json[0];

    await page.goto(`/dashboard/apps/${app.id}`);
    await page.getByRole("tab", { name: "Editor" }).click();
    await page.getByRole("tab", { name: "Who can do what" }).click();
    const see = page.getByLabel("Which companies rows sales_rep may see");
    expect(await see.locator("option:checked").textContent()).toBe("All rows");
    await see.selectOption({ label: "Rows they added" });
    await page.getByLabel("Which companies rows sales_rep may change").selectOption({ label: "Rows they added" });
    await shot(page, "editor-narrow-scope");

    await page.getByRole("button", { name: "Preview changes" }).click();
    const review = page.getByRole("region", { name: "What your edits change" });
    await review.getByText("This changes who can see or change what").waitFor();
    await review
      .getByText(
        "What sales_rep may read, change in companies changes from every row to rows where created_by is the signed-in user: 1 companies rows become hidden from its 1 member and 0 become visible.",
      )
      .waitFor();
    await shot(page, "editor-narrow-preview");
    await review.getByRole("button", { name: "Apply as version 4 and accept these changes" }).click();
    await page.getByText("Version 4 is live", { exact: true }).waitFor({ timeout: 60_000 });

    // The rep sees and changes only the company they added; Acme Corp is out of reach.
    const seen = await dataApi("GET", "companies?select=name", undefined, rep);
    expect(seen.json).toEqual([{ name: "Rep Co" }]);
    const refused = await dataApi("PATCH", `companies?id=eq.${acme.id}`, { name: "Taken over" }, rep);
    expect(refused.json).toEqual([]);
    expect((await dataApi("GET", `companies?select=name&id=eq.${acme.id}`)).json).toEqual([{ name: "Acme Corp" }]);
    const changed = await dataApi("PATCH", "companies?name=eq.Rep%20Co", { name: "Rep Co Ltd" }, rep);
    expect(changed.json.map((c: { name: string }) => c.name)).toEqual(["Rep Co Ltd"]);

    await repTab.page.goto(`/apps/${app.slug}/companies`);
    await repTab.page.getByText("Rep Co Ltd").first().waitFor();
    expect(await repTab.page.getByText("Acme Corp").count()).toBe(0);
    await shot(repTab.page, "rep-sees-own-companies");
  }, 180_000);
});

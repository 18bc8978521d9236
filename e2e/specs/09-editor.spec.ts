/**
 * Issue 18: a founder changes an app with the editor — removes a field, changes a
 * choice list, narrows a role — reads the preview in plain words with figures, applies
 * it and sees the runtime follow; then restores the previous version and the removed
 * field comes back with its values (soft-drop), not empty. Last, the founder narrows what
 * sales reps see and change in the matrix, is told how many companies a rep stops seeing,
 * and the rep's app follows.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { browserForFile, shot, type TrackedPage } from "../support/browser.js";
import { dataApi, signInToken } from "../support/data-api.js";
import { CRM_PROMPT, founderWithApp, type GeneratedApp, PASSWORD, uniqueEmail } from "../support/founder.js";
import { inviteMember, joinWithInvitation } from "../support/members.js";

let tab: TrackedPage;
let app: GeneratedApp;
let email: string;

/** Calls the app's data API from the page as `who` (the founder unless told), signed in afresh each time (the version may have changed). */
async function appData(method: string, path: string, body?: unknown, who = email) {
  const token = await signInToken(tab.page, app.slug, who);
  return dataApi<Record<string, unknown>[]>(tab.page, { token, schema: app.db_schema }, method, path, body);
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

const browser = browserForFile();
beforeAll(async () => {
  ({ tab, email, app } = await founderWithApp(browser, CRM_PROMPT));
  const created = await appData("POST", "companies", {
    name: "Acme Corp",
    website: "https://acme.example",
    industry: "software",
  });
  expect(created.status).toBe(201);
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
      .getByText("The Website field of Companies is removed: 1 of 1 companies has a value there", { exact: false })
      .waitFor();
    await review.getByText("This changes who can see or change what").waitFor();
    await review.getByText(/^Sales reps can no longer delete Deals[.:]/i).waitFor();
    await shot(page, "editor-preview");
    await review
      .getByText("The Industry field of Companies gets a stricter allowed values rule", { exact: false })
      .waitFor();
    await review.getByText("Rows that stop it today: 0.", { exact: false }).waitFor();

    await review.getByRole("button", { name: "Apply as version 2" }).click();
    await page.getByText("Version 2 is live", { exact: true }).waitFor({ timeout: 60_000 });

    // The runtime follows: the field is gone from the data and from the companies list.
    const companies = await appData("GET", "companies?select=*");
    expect(companies.status).toBe(200);
    expect(companies.json[0]).not.toHaveProperty("website");
    expect(companies.json[0]?.name).toBe("Acme Corp");
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
    await dialog.getByText(/^Sales reps can now delete Deals \(/i).waitFor();
    await dialog.getByText("New field Website in Companies (text).").waitFor();
    await dialog.getByText("Of these, 1 gets back the Website values kept from an earlier version.").waitFor();
    await shot(page, "restore-dialog");
    await dialog.getByRole("button", { name: "Restore version 1 and accept these changes" }).click();
    await page.getByText("Version 1 is live again as version 3.").waitFor({ timeout: 60_000 });

    const companies = await appData("GET", "companies?select=name,website");
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
    const own = await appData("POST", "companies", { name: "Rep Co", industry: "retail" }, rep);
    expect(own.status).toBe(201);
    const [acme] = (await appData("GET", "companies?select=id,name&name=eq.Acme%20Corp")).json;
    if (!acme) throw new Error("Acme Corp is missing from the founder's companies");

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
        /^What Sales reps may read and change in Companies changes from every row to rows they added: they will stop seeing 1 company \(1 member\); 0 become visible\.$/i,
      )
      .waitFor();
    await shot(page, "editor-narrow-preview");
    await review.getByRole("button", { name: "Apply as version 4 and accept these changes" }).click();
    await page.getByText("Version 4 is live", { exact: true }).waitFor({ timeout: 60_000 });

    // The rep sees and changes only the company they added; Acme Corp is out of reach.
    const seen = await appData("GET", "companies?select=name", undefined, rep);
    expect(seen.json).toEqual([{ name: "Rep Co" }]);
    const refused = await appData("PATCH", `companies?id=eq.${acme.id}`, { name: "Taken over" }, rep);
    expect(refused.json).toEqual([]);
    expect((await appData("GET", `companies?select=name&id=eq.${acme.id}`)).json).toEqual([{ name: "Acme Corp" }]);
    const changed = await appData("PATCH", "companies?name=eq.Rep%20Co", { name: "Rep Co Ltd" }, rep);
    expect(changed.json.map((c) => c.name)).toEqual(["Rep Co Ltd"]);

    await repTab.page.goto(`/apps/${app.slug}/companies`);
    await repTab.page.getByText("Rep Co Ltd").first().waitFor();
    expect(await repTab.page.getByText("Acme Corp").count()).toBe(0);
    await shot(repTab.page, "rep-sees-own-companies");
  }, 180_000);
});

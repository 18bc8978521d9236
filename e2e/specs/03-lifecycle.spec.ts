import { beforeAll, describe, expect, it } from "vitest";
import { browserForFile, shot, type TrackedPage } from "../support/browser.js";
import { dataApi, signInToken } from "../support/data-api.js";
import { catalog, hasDirectDatabase } from "../support/db.js";
import { CRM_PROMPT, expectNoConsoleErrors, founderWithApp } from "../support/founder.js";

let tab: TrackedPage;
let app: { id: string; name: string; slug: string; db_schema: string };
let email: string;

/** Signs in to the app as its owner (an end user of it) and returns the data API token. */
const appToken = () => signInToken(tab.page, app.slug, email);

/** Calls the app's data API from the page, as supabase-js would. */
const appData = (token: string, method: string, path: string, body?: unknown) =>
  dataApi(tab.page, { token, schema: app.db_schema }, method, path, body);

const browser = browserForFile();
beforeAll(async () => {
  ({ tab, email, app } = await founderWithApp(browser, CRM_PROMPT));
});

describe("stop, start and delete", () => {
  it("stops the app: the runtime shows the stopped page without data calls and the data API refuses", async () => {
    const { page } = tab;
    // A token issued while the app ran: after Stop the database itself must refuse it.
    const token = await appToken();
    const created = await appData(token, "POST", "companies", { name: "Acme Corp" });
    expect(created.status).toBe(201);

    await page.goto("/dashboard");
    await page.getByRole("button", { name: `Stop ${app.name}` }).click();
    await page
      .getByRole("alertdialog")
      .getByRole("button", { name: `Stop ${app.name}` })
      .click();
    await page.getByRole("button", { name: `Start ${app.name}` }).waitFor();
    await page.getByRole("list", { name: "Apps" }).getByText("Stopped").waitFor();
    await shot(page, "apps-list-stopped");

    const dataCalls: string[] = [];
    page.on("request", (request) => {
      if (request.url().includes("/rest/v1")) dataCalls.push(request.url());
    });
    await page.goto(`/apps/${app.slug}`);
    await page
      .getByText(/this app is stopped/i)
      .first()
      .waitFor();
    await shot(page, "runtime-stopped");
    expect(dataCalls).toEqual([]);
    page.removeAllListeners("request");

    const refused = await appData(token, "GET", "companies?select=*");
    expect(refused.status).toBe(503);
    expect((refused.json as { message: string }).message).toMatch(/stopped/);
    expectNoConsoleErrors(tab);
  });

  it("starts the app again with its data intact", async () => {
    const { page } = tab;
    await page.goto("/dashboard");
    await page.getByRole("button", { name: `Start ${app.name}` }).click();
    await page.getByRole("button", { name: `Stop ${app.name}` }).waitFor();
    await page.getByRole("list", { name: "Apps" }).getByText("Running").waitFor();
    const rows = await appData(await appToken(), "GET", "companies?select=name");
    expect(rows.status).toBe(200);
    expect(rows.json).toEqual([{ name: "Acme Corp" }]);
    await page.goto(`/apps/${app.slug}`);
    await page.getByRole("navigation", { name: "App" }).waitFor();
    await shot(page, "runtime-open-after-start");
    expectNoConsoleErrors(tab);
  });

  it("deletes the app after a confirmation that names it: the schema and roles are gone", async () => {
    const { page } = tab;
    await page.goto("/dashboard");
    await page.getByRole("button", { name: `Delete ${app.name}` }).click();
    const dialog = page.getByRole("alertdialog");
    await dialog.getByText(`Delete ${app.name}?`).waitFor();
    await dialog.getByLabel(/Type the app's name/).fill(app.name);
    await shot(page, "delete-confirmation");
    await dialog.getByRole("button", { name: `Delete ${app.name}` }).click();
    await page.getByRole("button", { name: `Delete ${app.name}` }).waitFor({ state: "detached" });
    const gone = await page.evaluate(async (id) => (await fetch(`/api/apps/${id}`)).status, app.id);
    expect(gone).toBe(404);
    if (hasDirectDatabase()) {
      expect(await catalog(app.db_schema)).toEqual({ tables: [], roles: [] });
    }
    await page.goto(`/apps/${app.slug}`);
    await page
      .getByText(/no app|not found/i)
      .first()
      .waitFor();
    await shot(page, "runtime-not-found");
    expectNoConsoleErrors(tab);
  });
});

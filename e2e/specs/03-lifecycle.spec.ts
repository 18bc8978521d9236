import { beforeAll, describe, expect, it } from "vitest";
import { browserForFile, shot, type TrackedPage } from "../support/browser.js";
import { catalog, hasDirectDatabase } from "../support/db.js";
import { CRM_PROMPT, expectNoConsoleErrors, founderWithApp, PASSWORD } from "../support/founder.js";

let tab: TrackedPage;
let app: { id: string; name: string; slug: string; db_schema: string };
let email: string;

/** Signs in to the app as its owner (an end user of it) and returns the data API token. */
async function appToken(): Promise<string> {
  return tab.page.evaluate(
    async ({ slug, email, password }) => {
      const response = await fetch(`/api/runtime/${slug}/sign-in`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      return (await response.json()).access_token;
    },
    { slug: app.slug, email, password: PASSWORD },
  );
}

/** Calls the app's data API from the page, as supabase-js would. */
async function dataApi(token: string, method: string, path: string, body?: unknown) {
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

const browser = browserForFile();
beforeAll(async () => {
  ({ tab, email, app } = await founderWithApp(browser, CRM_PROMPT));
});

describe("stop, start and delete", () => {
  it("stops the app: the runtime shows the stopped page without data calls and the data API refuses", async () => {
    const { page } = tab;
    // A token issued while the app ran: after Stop the database itself must refuse it.
    const token = await appToken();
    const created = await dataApi(token, "POST", "companies", { name: "Acme Corp" });
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

    const refused = await dataApi(token, "GET", "companies?select=*");
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
    const rows = await dataApi(await appToken(), "GET", "companies?select=name");
    expect(rows.status).toBe(200);
    expect(rows.json).toEqual([{ name: "Acme Corp" }]);
    await page.goto(`/apps/${app.slug}`);
    await page.getByLabel("Email").waitFor();
    await shot(page, "runtime-sign-in-after-start");
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

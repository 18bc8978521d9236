/**
 * Issue 21, locale and sturdy UI: an app planned from a Spanish request takes money as
 * "3,50" and saves 3.50; on a short phone screen the menu scrolls to its last entry; a
 * kanban card moves a column by keyboard; a data load that fails (the connection
 * drops) shows Retry and recovers once it is back.
 */
import type { Page, Route } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserForFile, openPage, shot, type TrackedPage } from "../support/browser.js";
import { expectNoConsoleErrors, founderWithApp, type GeneratedApp, PASSWORD } from "../support/founder.js";

let founder: TrackedPage;
let email: string;
let app: GeneratedApp;

/** Opens the app as its founder: at once where they are signed in to Plinth, else through its sign-in screen. */
async function signInToApp(page: Page): Promise<void> {
  await page.goto(`/apps/${app.slug}`);
  const signIn = page.getByLabel("Password");
  await page.getByRole("navigation", { name: "App" }).first().or(signIn).waitFor();
  if ((await signIn.count()) === 0) return;
  await page.getByLabel("Email").fill(email);
  await signIn.fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A deal's stage as the data API has it, read with the signed-in member's token. */
async function stageOf(page: Page, title: string): Promise<string | undefined> {
  const rows = await page.evaluate(
    async ({ slug, schema, title }) => {
      const token = JSON.parse(localStorage.getItem(`plinth.runtime.${slug}`) ?? "null")?.access_token;
      const response = await fetch(`/rest/v1/deals?select=stage&title=eq.${encodeURIComponent(title)}`, {
        headers: { authorization: `Bearer ${token}`, "accept-profile": schema },
      });
      return (await response.json()) as { stage: string }[];
    },
    { slug: app.slug, schema: app.db_schema, title },
  );
  return rows[0]?.stage;
}

const browser = browserForFile();
beforeAll(async () => {
  ({ tab: founder, email, app } = await founderWithApp(browser, "Un CRM donde los vendedores ven solo sus ventas"));
});

describe("locale and currency", () => {
  it("saves money typed as 3,50 in a Spanish app as 3.50 and shows it as 3,50 €", async () => {
    const { page } = founder;
    await signInToApp(page);
    // Planned from a Spanish request, the app speaks Spanish: deals are "Ventas".
    await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Ventas", exact: true }).click();
    await page.getByRole("button", { name: "Nuevo: venta" }).click();
    const form = page.getByRole("dialog");
    await form.getByLabel(/^Título/).fill("Café para la oficina");
    await form.getByLabel(/^Importe/).fill("3,50");
    await shot(page, "comma-money");
    await form.getByRole("button", { name: /create|save|crear|guardar/i }).click();
    await form.waitFor({ state: "detached" });
    const row = page.getByRole("row", { name: /Café para la oficina/ });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/3,50\s€/);

    const saved = await page.evaluate(
      async ({ slug, schema }) => {
        const token = JSON.parse(localStorage.getItem(`plinth.runtime.${slug}`) ?? "null")?.access_token;
        const response = await fetch(
          `/rest/v1/deals?select=amount&title=eq.${encodeURIComponent("Café para la oficina")}`,
          {
            headers: { authorization: `Bearer ${token}`, "accept-profile": schema },
          },
        );
        return response.json();
      },
      { slug: app.slug, schema: app.db_schema },
    );
    expect(saved).toEqual([{ amount: 3.5 }]);
    expectNoConsoleErrors(founder);
  });
});

describe("sturdy UI", () => {
  it("scrolls the phone menu to its last entry", async () => {
    // A phone held sideways: shorter than the menu.
    const phone = await openPage(browser, { width: 640, height: 260 });
    await signInToApp(phone.page);
    await phone.page.getByRole("button", { name: "Abrir menú" }).click();
    const menu = phone.page.getByRole("navigation", { name: "App" }).last();
    const last = menu.getByRole("link").last();
    expect(await last.textContent()).toBe("Activities");
    await last.scrollIntoViewIfNeeded();
    await shot(phone.page, "phone-menu-end");
    await last.click();
    await phone.page.getByRole("heading", { name: "Activities" }).first().waitFor();
    await phone.context.close();
  });

  it("moves a kanban card to the next column with the keyboard", async () => {
    const { page } = founder;
    await page
      .getByRole("navigation", { name: "App" })
      .getByRole("link", { name: "Tablero de Ventas", exact: true })
      .click();
    const lead = page.getByRole("region", { name: /^Lead/ });
    const handle = lead.getByRole("button", { name: "Drag Café para la oficina" });
    await handle.focus();
    await page.keyboard.press("Space");
    // As a person would: each key once the board has answered the one before.
    await expect.poll(() => handle.getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.press("ArrowRight");
    await page.getByText("was moved over droppable area qualified.").waitFor({ state: "attached" });
    await page.keyboard.press("Space");
    await page
      .getByRole("region", { name: /^Qualified/ })
      .getByRole("article", { name: "Café para la oficina" })
      .waitFor();
    await shot(page, "kanban-keyboard-move");
    await expect.poll(() => stageOf(page, "Café para la oficina")).toBe("qualified");
    expectNoConsoleErrors(founder);
  });

  it("shows Retry when a load fails and recovers when the connection is back", async () => {
    const { page } = founder;
    let offline = true;
    const dealsList = (url: URL) => url.pathname.endsWith("/rest/v1/deals");
    const dropDeals = (route: Route) => (offline ? route.abort("internetdisconnected") : route.continue());
    await page.route(dealsList, dropDeals);
    // A fresh load of the page, so nothing is shown from an earlier visit's cache.
    await page.goto(`/apps/${app.slug}/deals`);
    const retry = page.getByRole("button", { name: "Reintentar" });
    await retry.waitFor({ timeout: 30_000 });
    expect(await page.getByRole("alert").first().textContent()).toContain("No se pudo contactar con el servidor");
    await shot(page, "retry");
    offline = false;
    await retry.click();
    await page.getByRole("row", { name: /Café para la oficina/ }).waitFor();
    await page.unroute(dealsList, dropDeals);
    // The aborted requests are logged as network errors; those are what this test caused.
    founder.errors.length = 0;
  });
});

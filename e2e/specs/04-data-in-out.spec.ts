/**
 * Data in and out of a running app: a 5,000-row CSV with 20 bad rows imports (the preview
 * names exactly those), a filtered view exports and imports back, a cell edits in place
 * (and a refused edit rolls back), filters survive a reload, and a shared saved view
 * opens in another browser as another member.
 */
import { readFileSync } from "node:fs";
import { createPool } from "@plinth/db";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { browserForFile, launchBrowser, openPage, shot, type TrackedPage } from "../support/browser.js";
import { hasDirectDatabase } from "../support/db.js";
import {
  CRM_PROMPT,
  expectNoConsoleErrors,
  founderWithApp,
  type GeneratedApp,
  PASSWORD,
  uniqueEmail,
} from "../support/founder.js";

const ROWS = 5_000;
/** Every 250th row names an industry the table does not have. */
const BAD = Array.from({ length: 20 }, (_, i) => i * 250 + 7);
const INDUSTRIES = ["software", "retail", "manufacturing", "finance", "healthcare"];

function companiesCsv(): string {
  const lines = ["Name,Website,Industry,Employees"];
  for (let i = 0; i < ROWS; i++) {
    const industry = BAD.includes(i) ? "spaceships" : INDUSTRIES[i % INDUSTRIES.length];
    lines.push(`Company ${String(i).padStart(4, "0")},https://c${i}.example.com,${industry},${i % 500}`);
  }
  return `${lines.join("\n")}\n`;
}

let owner: TrackedPage;
let app: GeneratedApp;

async function openCompanies(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Companies", exact: true }).click();
  await page.getByRole("heading", { name: "Companies", exact: true }).first().waitFor();
}

async function importFile(page: Page, name: string, content: string | Buffer, mode: "all" | "valid") {
  await page.getByRole("button", { name: "Import" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("File").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
  await dialog.getByText(/rows ready to import/).waitFor();
  if (mode === "valid") await dialog.getByRole("radio", { name: /import the valid rows/i }).check();
  return dialog;
}

const browser = browserForFile();
beforeAll(async () => {
  const founder = await founderWithApp(browser, CRM_PROMPT);
  ({ tab: owner, app } = founder);
  const { email } = founder;
  await owner.page.goto(`/apps/${app.slug}`);
  await owner.page.getByLabel("Email").fill(email);
  await owner.page.getByLabel("Password").fill(PASSWORD);
  await owner.page.getByRole("button", { name: "Sign in" }).click();
  await owner.page.getByRole("navigation", { name: "App" }).waitFor();
});

describe("data in and out", () => {
  it("imports a 5,000-row CSV whose preview lists exactly its 20 bad rows", async () => {
    const { page } = owner;
    await openCompanies(page);
    const dialog = await importFile(page, "companies.csv", companiesCsv(), "valid");
    expect(await dialog.getByText(/rows ready to import/).textContent()).toBe(
      `${ROWS - BAD.length} rows ready to import, ${BAD.length} would fail.`,
    );
    const failing = await dialog
      .getByRole("region", { name: "Rows that would fail" })
      .getByRole("listitem")
      .allInnerTexts();
    expect(failing.map((line) => Number(/^Line (\d+):/.exec(line)?.[1]))).toEqual(BAD.map((i) => i + 2));
    expect(failing.every((line) => line.includes("Industry must be one of"))).toBe(true);
    await shot(page, "import-preview");
    await dialog.getByRole("button", { name: `Import ${ROWS - BAD.length} rows` }).click();
    await dialog.getByText(`Imported ${ROWS - BAD.length} rows.`).waitFor({ timeout: 60_000 });
    await page.keyboard.press("Escape");
    await page.getByText(`of ${ROWS - BAD.length}`).waitFor();
    expectNoConsoleErrors(owner);
  });

  it("exports a filtered view and imports it back", async () => {
    const { page } = owner;
    await page.getByRole("combobox", { name: "Filter by Industry" }).selectOption("retail");
    // Every fifth company is in retail, and none of the bad rows was.
    const retail = ROWS / INDUSTRIES.length;
    await page.getByText(`of ${retail}`).waitFor();
    await page.getByRole("button", { name: "Export" }).click();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("menuitem", { name: "CSV (.csv)" }).click(),
    ]);
    const exported = readFileSync(await download.path(), "utf8")
      .trim()
      .split(/\r?\n/);
    expect(exported[0]).toBe("Name,Website,Industry,Employees");
    expect(exported).toHaveLength(retail + 1);
    expect(exported.slice(1).every((line) => line.split(",")[2] === "retail")).toBe(true);

    const dialog = await importFile(page, "retail.csv", exported.join("\n"), "all");
    expect(await dialog.getByText(/rows ready to import/).textContent()).toBe(
      `${retail} rows ready to import, 0 would fail.`,
    );
    await dialog.getByRole("button", { name: `Import ${retail} rows` }).click();
    await dialog.getByText(`Imported ${retail} rows.`).waitFor({ timeout: 60_000 });
    await page.keyboard.press("Escape");
    await page.getByText(`of ${retail * 2}`).waitFor();
    expectNoConsoleErrors(owner);
  });

  it("keeps the filters and search after a reload", async () => {
    const { page } = owner;
    await page.getByRole("searchbox", { name: /search name/i }).fill("Company 000");
    await page.waitForURL((url) => url.searchParams.get("companies_list.q") === "Company 000");
    await page
      .getByText(/of \d+$/)
      .first()
      .waitFor();
    await page.reload();
    await page.getByRole("navigation", { name: "App" }).waitFor();
    expect(await page.getByRole("searchbox", { name: /search name/i }).inputValue()).toBe("Company 000");
    expect(await page.getByRole("combobox", { name: "Filter by Industry" }).inputValue()).toBe("retail");
    await page.getByText("1–4 of 4").waitFor();
    await shot(page, "filters-after-reload");
  });

  it("edits a cell in place, and rolls back an edit the database refuses", async () => {
    const { page } = owner;
    await page.getByRole("cell", { name: "Company 0001" }).first().click();
    const input = page.getByRole("textbox", { name: "Name" });
    await input.fill("Company 0001 Ltd");
    await input.press("Enter");
    await page.getByRole("cell", { name: "Company 0001 Ltd" }).waitFor();
    await page.waitForLoadState("networkidle");

    if (hasDirectDatabase()) {
      // A rule the form does not know: only the database can refuse this edit.
      const pool = createPool(inject("databaseUrl"), { max: 1 });
      await pool.query(`alter table "${app.db_schema}".companies add constraint no_bang check (name not like '%!%')`);
      await pool.end();
      await page.getByRole("cell", { name: "Company 0001 Ltd" }).click();
      await page.getByRole("textbox", { name: "Name" }).fill("Company 0001!");
      await page.getByRole("textbox", { name: "Name" }).press("Enter");
      await page.getByText(/Name of "Company 0001 Ltd" was not saved/).waitFor();
      await page.getByRole("cell", { name: "Company 0001 Ltd" }).waitFor();
      expect(await page.getByRole("cell", { name: "Company 0001!" }).count()).toBe(0);
      await shot(page, "inline-edit-refused");
    }
    await page.reload();
    await page.getByRole("cell", { name: "Company 0001 Ltd" }).waitFor();
  });

  it("saves a shared view that another member opens in another browser", async () => {
    const { page } = owner;
    await page.getByRole("button", { name: "Save view" }).click();
    await page.getByRole("textbox", { name: "View name" }).fill("Retail 000");
    await page.getByRole("checkbox", { name: /share with everyone/i }).check();
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText('Saved the view "Retail 000".').waitFor();

    const memberEmail = uniqueEmail("rita-rep");
    const link = await page.evaluate(
      async ({ appId, email }) => {
        const response = await fetch(`/api/apps/${appId}/members`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, role: "sales_rep" }),
        });
        return (await response.json()).invite_url as string;
      },
      { appId: app.id, email: memberEmail },
    );
    const other = await launchBrowser();
    try {
      const member = await openPage(other);
      const invite = new URL(link).searchParams.get("invite") ?? "";
      await member.page.goto(`/apps/${app.slug}?invite=${encodeURIComponent(invite)}`);
      await member.page.getByLabel("Email").fill(memberEmail);
      await member.page.getByLabel("Password").fill(PASSWORD);
      await member.page.getByRole("button", { name: "Create account and join" }).click();
      await member.page.getByRole("navigation", { name: "App" }).waitFor();
      await openCompanies(member.page);
      await member.page.getByRole("combobox", { name: "Saved views" }).selectOption({ label: "Retail 000 (shared)" });
      await member.page.getByText("1–4 of 4").waitFor();
      expect(await member.page.getByRole("combobox", { name: "Filter by Industry" }).inputValue()).toBe("retail");
      expect(await member.page.getByRole("searchbox", { name: /search name/i }).inputValue()).toBe("Company 000");
      await shot(member.page, "shared-view-as-member");
      expectNoConsoleErrors(member);
    } finally {
      await other.close();
    }
  });
});

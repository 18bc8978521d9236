/**
 * Who sees and changes what (issue 15), in the browser: on the helpdesk example a
 * manager assigns a ticket to an agent by name; that agent finds it under "Assigned to
 * me" and edits it; another agent does not see it at all. On the school example a
 * student opens their own grade and is offered no way to change it, and the data API
 * refuses them when they try anyway.
 *
 * The apps are the examples provisioned straight into the API's database, as the API's
 * own tests do (their members and rows are set up through the API), so this needs
 * DATABASE_URL.
 */
import { type AppUser, addMember, type ExampleApp, provisionExample, supabaseFor } from "@plinth/api/testing/apps";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { browserForFile, shot } from "../support/browser.js";
import { dataApi, sessionToken } from "../support/data-api.js";
import { hasDirectDatabase, suiteApiForFile } from "../support/db.js";
import { expectNoConsoleErrors } from "../support/founder.js";
import { signInToApp } from "../support/members.js";

const TICKET = "Printer on fire";

let helpdesk: ExampleApp;
let ana: AppUser;
let ben: AppUser;

async function openMenu(page: Page, label: string): Promise<void> {
  await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: label, exact: true }).click();
  await page.getByRole("heading", { name: label, exact: true }).first().waitFor();
}

describe.skipIf(!hasDirectDatabase())("who sees and changes what", () => {
  const browser = browserForFile();
  const suite = suiteApiForFile();
  const signIn = (app: ExampleApp, user: AppUser) => signInToApp(browser, app.slug, user);
  beforeAll(async () => {
    helpdesk = await provisionExample(suite.api, "helpdesk");
    ana = await addMember(suite.api, helpdesk, "agent");
    ben = await addMember(suite.api, helpdesk, "agent");
  });

  it("lets a manager assign a ticket to an agent by name", async () => {
    const tab = await signIn(helpdesk, helpdesk.owner);
    const { page } = tab;
    await openMenu(page, "Tickets");
    await page.getByRole("button", { name: "New ticket" }).click();
    const create = page.getByRole("dialog");
    await create.getByLabel(/^Subject/).fill(TICKET);
    await create.getByRole("button", { name: /raise ticket|create/i }).click();
    await create.waitFor({ state: "detached" });

    const row = page.getByRole("row", { name: new RegExp(TICKET) });
    await row.getByRole("button", { name: "Triage" }).click();
    const triage = page.getByRole("dialog");
    const assignee = triage.getByRole("combobox", { name: /^Assignee/ });
    // Members are listed by name (an account without one is named by its address).
    await assignee.getByRole("option", { name: ana.email }).waitFor({ state: "attached" });
    await assignee.selectOption({ label: ana.email });
    await shot(page, "manager-assigns");
    await triage.getByRole("button", { name: "Save" }).click();
    await triage.waitFor({ state: "detached" });

    const stored = await suite.pool.query<{ assignee_id: string }>(
      `select assignee_id from "${helpdesk.schema}".tickets where subject = $1`,
      [TICKET],
    );
    expect(stored.rows.map((r) => r.assignee_id)).toEqual([ana.id]);
    expectNoConsoleErrors(tab);
  });

  it("shows the agent the ticket under 'Assigned to me' and lets them edit it", async () => {
    const tab = await signIn(helpdesk, ana);
    const { page } = tab;
    await openMenu(page, "Tickets");
    await page.getByRole("button", { name: "Assigned to me" }).click();
    await page.waitForURL((url) => url.searchParams.get("tickets_table.f.assignee_id") === "me");
    const row = page.getByRole("row", { name: new RegExp(TICKET) });
    await row.waitFor();
    expect(await page.locator("tbody tr").count()).toBe(1);
    await shot(page, "agent-assigned-to-me");

    await row.getByRole("button", { name: "Triage" }).click();
    const triage = page.getByRole("dialog");
    await triage.getByRole("textbox", { name: /^Subject/ }).fill(`${TICKET} (on it)`);
    await triage.getByRole("button", { name: "Save" }).click();
    await triage.waitFor({ state: "detached" });
    await page.getByRole("row", { name: new RegExp(`${TICKET} \\(on it\\)`) }).waitFor();
    expectNoConsoleErrors(tab);
  });

  it("does not show the ticket to another agent", async () => {
    const tab = await signIn(helpdesk, ben);
    const { page } = tab;
    await openMenu(page, "Tickets");
    await page
      .getByRole("table")
      .or(page.getByText(/^No tickets yet/))
      .first()
      .waitFor();
    await page.waitForLoadState("networkidle");
    expect(await page.getByText(TICKET).count()).toBe(0);
    await shot(page, "other-agent");
    expectNoConsoleErrors(tab);
  });

  it("lets a student open their grade but not change it", async () => {
    const school = await provisionExample(suite.api, "school");
    const student = await addMember(suite.api, school, "student");
    const db = supabaseFor(suite.api, school.schema, school.owner.token);
    const insert = async (table: string, row: Record<string, unknown>) => {
      const { data, error } = await db.from(table).insert(row).select("id").single();
      if (error) throw new Error(`${table}: ${error.message}`);
      return (data as { id: string }).id;
    };
    const classId = await insert("classes", { name: "Algebra", subject: "maths", grade_level: 9 });
    const studentId = await insert("students", { full_name: "Sam Student", grade_level: 9, user_id: student.id });
    const assignmentId = await insert("assignments", { class_id: classId, title: "Quadratics", due_on: "2030-01-10" });
    const gradeId = await insert("grades", {
      assignment_id: assignmentId,
      student_id: studentId,
      student_user_id: student.id,
      score: 62,
    });

    const tab = await signIn(school, student);
    const { page } = tab;
    await openMenu(page, "Gradebook");
    const row = page.getByRole("row", { name: /Quadratics/ });
    await row.waitFor();
    expect(await row.innerText()).toContain("62");
    await page.waitForLoadState("networkidle");
    expect(await row.getByRole("button").count()).toBe(0);
    await row.getByText("62").click();
    expect(await row.getByRole("textbox").count()).toBe(0);
    await shot(page, "student-grade");

    // Asked directly, the data API refuses the change and the grade stays 62.
    const token = (await sessionToken(page, school.slug)) as string;
    const refused = await dataApi(page, { token, schema: school.schema }, "PATCH", `grades?id=eq.${gradeId}`, {
      score: 100,
    });
    expect(refused.status).toBe(403);
    const stored = await suite.pool.query<{ score: number }>(
      `select score from "${school.schema}".grades where id = $1`,
      [gradeId],
    );
    expect(stored.rows.map((r) => Number(r.score))).toEqual([62]);
    expectNoConsoleErrors(tab);
  });
});

/**
 * People working together in one app: a change one member makes appears for another
 * who may see the row within a second, and never reaches a member whose row filter
 * hides it (on the CRM where sales reps see only their own deals); an invitation opened
 * by someone else shows that person in the owner's member list; a member who forgot
 * their password sets a new one from a link the owner makes (the suite's API sends no
 * mail; mailed links are tested over real SMTP in apps/api), which ends their old sessions.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, shot, type TrackedPage } from "../support/browser.js";
import {
  expectNoConsoleErrors,
  type GeneratedApp,
  generateApp,
  PASSWORD,
  signUpFounder,
  uniqueEmail,
} from "../support/founder.js";
import { inviteMember, joinWithInvitation } from "../support/members.js";

let browser: Browser;
let founder: TrackedPage;
let app: GeneratedApp;

/** Opens the Deals page and waits until its table (or its empty state) is there. */
async function openDeals(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "App" }).getByRole("link", { name: "Deals", exact: true }).click();
  await page.getByRole("table").or(page.getByText("No deals yet")).first().waitFor();
  await page.waitForLoadState("networkidle");
}

/** Writes a deal through the data API with the page's own member token, as another tool of theirs would. */
async function createDealElsewhere(page: Page, title: string): Promise<void> {
  await page.evaluate(
    async ({ slug, schema, title }) => {
      const token = JSON.parse(localStorage.getItem(`plinth.runtime.${slug}`) ?? "null")?.access_token;
      const response = await fetch("/rest/v1/deals", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-profile": schema, "content-type": "application/json" },
        body: JSON.stringify({ title }),
      });
      if (!response.ok) throw new Error(`creating ${title} failed: ${response.status} ${await response.text()}`);
    },
    { slug: app.slug, schema: app.db_schema, title },
  );
}

/** Until the page's live channel on `table` has been joined (the server's "ok" to its join). */
async function following(frames: string[], table: string): Promise<void> {
  const joined = new RegExp(`"realtime:resources/${table}[^"]*","phx_reply",\\{"status":"ok"`);
  for (let waited = 0; !frames.some((frame) => joined.test(frame)); waited += 50) {
    if (waited > 10_000) throw new Error(`no live channel on ${table} was joined: ${frames.slice(-5).join(" | ")}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every live-update frame the page receives, as text. */
function recordLiveFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on("websocket", (socket) => socket.on("framereceived", ({ payload }) => frames.push(String(payload))));
  return frames;
}

beforeAll(async () => {
  browser = await launchBrowser();
  founder = await openPage(browser);
  await signUpFounder(founder.page);
  await founder.page.waitForURL(/\/dashboard/);
  app = await generateApp(founder.page, "A CRM where sales reps see only their own deals and managers see all deals");
});
afterAll(async () => {
  await browser?.close();
});

describe("working together", () => {
  it("shows a rep's new deal to the manager within a second, and never to another rep", async () => {
    const [ana, bo, cy] = [uniqueEmail("ana-rep"), uniqueEmail("bo-manager"), uniqueEmail("cy-rep")];
    const a = await joinWithInvitation(browser, app, await inviteMember(founder.page, app.id, ana, "sales_rep"), ana);
    const b = await joinWithInvitation(browser, app, await inviteMember(founder.page, app.id, bo, "manager"), bo);
    const c = await joinWithInvitation(browser, app, await inviteMember(founder.page, app.id, cy, "sales_rep"), cy);
    // The live sockets opened with the app; reloaded (the session stays), their frames are recorded from the start.
    const [bFrames, cFrames] = [recordLiveFrames(b.page), recordLiveFrames(c.page)];
    for (const tab of [b, c]) {
      await tab.page.reload();
      await tab.page.getByRole("navigation", { name: "App" }).waitFor();
    }
    await Promise.all([openDeals(a.page), openDeals(b.page), openDeals(c.page)]);
    await Promise.all([following(bFrames, "deals"), following(cFrames, "deals")]);
    const hidden = "Ana's live deal";
    const seenByManager = b.page.getByRole("cell", { name: hidden }).waitFor({ timeout: 5_000 });
    const started = Date.now();
    await createDealElsewhere(a.page, hidden);
    await seenByManager;
    const latency = Date.now() - started;
    await shot(b.page, "manager-sees-rep-deal-live");
    expect(latency).toBeLessThan(1_000);

    // The other rep's page is live too: their own deal, written after Ana's, appears by itself.
    const own = "Cy's own deal";
    const seenByCy = c.page.getByRole("cell", { name: own }).waitFor({ timeout: 5_000 });
    await createDealElsewhere(c.page, own);
    await seenByCy;
    await shot(c.page, "other-rep-sees-only-own-deal");
    expect(await c.page.getByRole("cell", { name: hidden }).count()).toBe(0);
    // Not hidden by the page: the change never reached Cy's browser at all.
    expect(cFrames.some((frame) => frame.includes(own))).toBe(true);
    expect(cFrames.some((frame) => frame.includes(hidden))).toBe(false);
    for (const tab of [a, b, c]) expectNoConsoleErrors(tab);
  });

  const invitedAddress = uniqueEmail("invited-pat");
  const dana = uniqueEmail("dana-actual");
  let danaTab: TrackedPage;

  /** The founder's Members tab of the app, and the row of the member invited as `email`. */
  async function memberRow(email: string) {
    const { page } = founder;
    await page.goto(`/dashboard/apps/${app.id}`);
    await page.getByRole("tab", { name: "Members" }).click();
    return page.getByRole("list", { name: "Members" }).getByRole("listitem", { name: email });
  }

  it("shows in the member list the person who opened an invitation, not the address it was for", async () => {
    const invite = await inviteMember(founder.page, app.id, invitedAddress, "sales_rep");
    const before = await memberRow(invitedAddress);
    await before.getByText("Has not opened the invitation yet.").waitFor();
    // Pat forwarded the link; Dana opens it and joins with her own new account.
    danaTab = await joinWithInvitation(browser, app, invite, dana);
    const row = await memberRow(invitedAddress);
    await row.getByText(`Joined as ${dana}`).waitFor();
    await row.getByText("(not the invited address)").waitFor();
    await row.getByText(/last signed in/).waitFor();
    await shot(founder.page, "member-list-shows-who-joined");
    expectNoConsoleErrors(founder);
  });

  it("resets a member's password from the owner's link, ending the sessions they had", async () => {
    const row = await memberRow(invitedAddress);
    await row.getByRole("button", { name: /reset link/i }).click();
    const link = await founder.page.getByLabel("Password reset link").inputValue();
    expect(link).toMatch(/\/reset-password\?token=.+&app=/);
    await shot(founder.page, "owner-made-reset-link");

    // Dana, on another computer, opens the link the owner sent her.
    const elsewhere = await openPage(browser);
    await elsewhere.page.goto(new URL(link).pathname + new URL(link).search);
    await elsewhere.page.getByLabel("New password", { exact: true }).fill("a brand new lantern");
    await elsewhere.page.getByLabel("New password again").fill("a brand new lantern");
    await elsewhere.page.getByRole("button", { name: "Set password" }).click();
    // Back in the app, signed in with the new password's session, no second sign-in.
    await elsewhere.page.waitForURL(new RegExp(`/apps/${app.slug}`));
    await elsewhere.page.getByRole("navigation", { name: "App" }).waitFor();
    await elsewhere.page.getByText(dana).first().waitFor();
    await shot(elsewhere.page, "app-after-password-reset");

    // Her first browser's session ended with the reset: it is back at the sign-in screen.
    await danaTab.page.reload();
    await danaTab.page.getByRole("heading", { name: `Sign in to ${app.name}` }).waitFor();
    await danaTab.page.getByLabel("Email").fill(dana);
    await danaTab.page.getByLabel("Password").fill(PASSWORD);
    await danaTab.page.getByRole("button", { name: "Sign in" }).click();
    await danaTab.page
      .getByRole("alert")
      .getByText(/email or password is not right/i)
      .waitFor();
    await danaTab.page.getByLabel("Password").fill("a brand new lantern");
    await danaTab.page.getByRole("button", { name: "Sign in" }).click();
    await danaTab.page.getByRole("navigation", { name: "App" }).waitFor();
    expectNoConsoleErrors(elsewhere);
  });
});

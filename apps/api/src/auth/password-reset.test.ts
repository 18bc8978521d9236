/**
 * Forgotten passwords with mail set up: real SMTP to a server the test runs on
 * 127.0.0.1, the link read from the mail as it arrived. The link works once, for a
 * while, and using it ends every session the account had, in the console and in apps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember, type ExampleApp, provisionExample, signInToApp } from "../testing/example-apps.js";
import { linkIn, type Mailbox, startMailbox } from "../testing/mailbox.js";
import { ApiClient, startTestPlinth, type TestPlinth } from "../testing/test-plinth.js";

let t: TestPlinth;
let mailbox: Mailbox;
let app: ExampleApp;
const WEB = "http://plinth.test";

beforeAll(async () => {
  mailbox = await startMailbox();
  t = await startTestPlinth({ PLINTH_SMTP_URL: mailbox.url, PLINTH_WEB_URL: WEB, PLINTH_WEB_ORIGIN: WEB });
  app = await provisionExample(t, "crm");
}, 120_000);
afterAll(async () => {
  await t?.close();
  await mailbox?.close();
}, 60_000);

const anonymous = () => new ApiClient(t.url);
const deals = (token: string) =>
  fetch(`${t.url}/rest/v1/deals?select=id`, {
    headers: { authorization: `Bearer ${token}`, "accept-profile": app.schema },
  });

describe("password reset by email", () => {
  it("mails a one-time link that sets a new password and ends the old sessions", async () => {
    const rep = await addMember(t, app, "sales_rep");
    expect((await deals(rep.token)).status).toBe(200);
    const asked = await anonymous().call<{ message: string }>("POST", "/api/auth/password-reset", {
      email: rep.email,
      app: app.slug,
    });
    expect(asked.status).toBe(202);
    expect(asked.body.message).toMatch(/on its way/);

    const mail = await mailbox.next(rep.email);
    expect(mail.subject).toBe("Reset your Plinth password");
    expect(mail.from).toMatch(/no-reply/);
    const link = linkIn(mail, `${WEB}/reset-password`);
    expect(link.searchParams.get("app")).toBe(app.slug);
    const token = link.searchParams.get("token");

    const done = await anonymous().call<{ user: { email: string }; token: string }>(
      "POST",
      "/api/auth/password-reset/complete",
      { token, password: "a brand new lantern" },
    );
    expect(done.status).toBe(200);
    expect(done.body.user.email).toBe(rep.email);
    // The new password opens the app; the old one and the old app token do not.
    const old = await anonymous().call("POST", `/api/runtime/${app.slug}/sign-in`, {
      email: rep.email,
      password: rep.password,
    });
    expect(old.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // the data API's access cache
    expect((await deals(rep.token)).status).toBe(401);
    const blueprint = await fetch(`${t.url}/api/runtime/${app.slug}/blueprint`, {
      headers: { authorization: `Bearer ${rep.token}` },
    });
    expect(blueprint.status).toBe(401);
    const fresh = await signInToApp(t, app.slug, rep.email, "a brand new lantern");
    expect((await deals(fresh.token)).status).toBe(200);

    const again = await anonymous().call<{ error: { message: string } }>("POST", "/api/auth/password-reset/complete", {
      token,
      password: "yet another lantern",
    });
    expect(again.status).toBe(410);
    expect(again.body.error.message).toMatch(/not valid any more/);
  });

  it("answers the same for an address without an account, and sends nothing", async () => {
    const nobody = `nobody-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const asked = await anonymous().call<{ message: string }>("POST", "/api/auth/password-reset", { email: nobody });
    expect(asked.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailbox.mails.some((m) => m.to.includes(nobody))).toBe(false);
  });

  it("refuses an expired link", async () => {
    const founder = app.founder;
    const me = await founder.call<{ user: { email: string } }>("GET", "/api/auth/me");
    await anonymous().call("POST", "/api/auth/password-reset", { email: me.body.user.email });
    const token = linkIn(await mailbox.next(me.body.user.email), `${WEB}/reset-password`).searchParams.get("token");
    await t.plinth.database.pool.query(
      "update control_plane.password_resets set expires_at = now() - interval '1 second' where used_at is null",
    );
    const late = await anonymous().call("POST", "/api/auth/password-reset/complete", {
      token,
      password: "too late lantern",
    });
    expect(late.status).toBe(410);
  });

  it("keeps only the link's hash", async () => {
    const { rows } = await t.plinth.database.pool.query<{ token_hash: string }>(
      "select token_hash from control_plane.password_resets",
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives no owner-made reset link while members can reset by email", async () => {
    const rep = await addMember(t, app, "sales_rep");
    const link = await app.founder.call<{ error: { code: string } }>(
      "POST",
      `/api/apps/${app.id}/members/${encodeURIComponent(rep.email)}/reset-link`,
      {},
    );
    expect(link.status).toBe(409);
    expect(link.body.error.code).toBe("reset_by_email");
  });
});

describe("an invitation for the invited address only", () => {
  it("lets in only that address, once a mailed link has verified it", async () => {
    const email = `only-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const invited = await app.founder.call<{ invite_url: string; member: { require_email: boolean } }>(
      "POST",
      `/api/apps/${app.id}/members`,
      { email, role: "sales_rep", require_email: true },
    );
    expect(invited.status).toBe(201);
    expect(invited.body.member.require_email).toBe(true);
    const invite = new URL(invited.body.invite_url).searchParams.get("invite");

    const other = await anonymous().signUp();
    const wrong = await anonymous().call<{ error: { code: string; message: string } }>(
      "POST",
      `/api/runtime/${app.slug}/join`,
      { email: other.email, password: other.password, invite },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.message).toContain(`only for ${email}`);

    const holder = await anonymous().signUp(email);
    const join = () =>
      anonymous().call<{ error: { code: string } }>("POST", `/api/runtime/${app.slug}/join`, {
        email,
        password: holder.password,
        invite,
      });
    const unverified = await join();
    expect(unverified.status).toBe(403);
    expect(unverified.body.error.code).toBe("email_unverified");
    const verify = linkIn(await mailbox.next(email), `${WEB}/verify-email`);
    const verified = await anonymous().call("POST", "/api/auth/verify-email", {
      token: verify.searchParams.get("token"),
    });
    expect(verified.status).toBe(204);
    expect((await join()).status).toBe(200);

    const members = await app.founder.call<{
      members: { email: string; account: { email: string; email_verified: boolean } | null }[];
    }>("GET", `/api/apps/${app.id}/members`);
    expect(members.body.members.find((m) => m.email === email)?.account).toMatchObject({
      email,
      email_verified: true,
    });
  });
});

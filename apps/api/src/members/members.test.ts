/**
 * Who gets into an app: only the account that opens an invitation link, and only for
 * as long as the owner keeps them — whatever tokens they still hold.
 */
import { describe, expect, it } from "vitest";
import { addMember } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";
import { ApiClient } from "../testing/test-plinth.js";

const t = testPlinthForFile();
const app = exampleAppForFile(t, "crm");

const deals = (token: string) =>
  fetch(`${t.url}/rest/v1/deals?select=id`, {
    headers: { authorization: `Bearer ${token}`, "accept-profile": app.schema },
  });

/** `account` opens the invitation link with secret `invite` and joins the app (or is refused). */
const join = <T = Record<string, unknown>>(account: { email: string; password: string }, invite: string | null) =>
  new ApiClient(t.url).call<T>("POST", `/api/runtime/${app.slug}/join`, {
    email: account.email,
    password: account.password,
    invite,
  });

describe("invitations", () => {
  it("gives nothing to someone who signs up with an invitee's email but has no link", async () => {
    const email = `invitee-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const invited = await app.founder.call<{ invite_url: string }>("POST", `/api/apps/${app.id}/members`, {
      email,
      role: "sales_rep",
    });
    expect(invited.status).toBe(201);
    expect(invited.body.invite_url).toMatch(new RegExp(`/apps/${app.slug}\\?invite=`));

    const squatter = await new ApiClient(t.url).signUp(email);
    const signIn = await new ApiClient(t.url).call<{ error: { code: string; message: string } }>(
      "POST",
      `/api/runtime/${app.slug}/sign-in`,
      { email, password: squatter.password },
    );
    expect(signIn.status).toBe(403);
    expect(signIn.body.error.message).toMatch(/invitation link/);

    const members = await app.founder.call<{ members: { email: string; joined: boolean }[] }>(
      "GET",
      `/api/apps/${app.id}/members`,
    );
    expect(members.body.members.find((m) => m.email === email)?.joined).toBe(false);
  });

  it("lets the link be used once", async () => {
    const email = `once-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const invited = await app.founder.call<{ invite_url: string }>("POST", `/api/apps/${app.id}/members`, {
      email,
      role: "sales_rep",
    });
    const invite = new URL(invited.body.invite_url).searchParams.get("invite");
    const first = await new ApiClient(t.url).signUp();
    const joined = await join<{ user: { role: string } }>(first, invite);
    expect(joined.status).toBe(200);
    expect(joined.body.user.role).toBe("sales_rep");
    const second = await new ApiClient(t.url).signUp();
    const again = await join<{ error: { message: string } }>(second, invite);
    expect(again.status).toBe(410);
    expect(again.body.error.message).toMatch(/not valid any more/);
  });
});

describe("changing or removing a member", () => {
  it("refuses their existing token at once", async () => {
    const rep = await addMember(t, app, "sales_rep");
    expect((await deals(rep.token)).status).toBe(200);

    const demoted = await app.founder.call("PATCH", `/api/apps/${app.id}/members/${encodeURIComponent(rep.email)}`, {
      role: "manager",
    });
    expect(demoted.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // the data API's access cache
    const stale = await deals(rep.token);
    expect(stale.status).toBe(401);
    expect(((await stale.json()) as { message: string }).message).toMatch(/access to this app has changed/);

    const removed = await addMember(t, app, "sales_rep");
    expect((await deals(removed.token)).status).toBe(200);
    await app.founder.call("DELETE", `/api/apps/${app.id}/members/${encodeURIComponent(removed.email)}`);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await deals(removed.token)).status).toBe(401);
  });
});

interface ListedMember {
  email: string;
  joined: boolean;
  account: { email: string; name: string | null } | null;
  last_sign_in_at: string | null;
}
const memberList = () =>
  app.founder.call<{ members: ListedMember[]; password_reset: string }>("GET", `/api/apps/${app.id}/members`);

describe("the member list the owner sees", () => {
  it("shows the account that used the link, not the address it was made for, and when it last signed in", async () => {
    const invitedAddress = `invited-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const invited = await app.founder.call<{ invite_url: string }>("POST", `/api/apps/${app.id}/members`, {
      email: invitedAddress,
      role: "sales_rep",
    });
    const before = (await memberList()).body.members.find((m) => m.email === invitedAddress);
    expect(before).toMatchObject({ joined: false, account: null, last_sign_in_at: null });

    const someoneElse = new ApiClient(t.url);
    const account = await someoneElse.call<{ user: { email: string } }>("POST", "/api/auth/sign-up", {
      email: `someone-else-${crypto.randomUUID().slice(0, 8)}@example.com`,
      password: "correct horse battery",
      display_name: "Someone Else",
    });
    const joinedAt = Date.now();
    const joined = await join(
      { email: account.body.user.email, password: "correct horse battery" },
      new URL(invited.body.invite_url).searchParams.get("invite"),
    );
    expect(joined.status).toBe(200);
    const after = (await memberList()).body.members.find((m) => m.email === invitedAddress);
    expect(after).toMatchObject({
      joined: true,
      account: { email: account.body.user.email, name: "Someone Else" },
    });
    expect(Date.parse(after?.last_sign_in_at ?? "")).toBeGreaterThanOrEqual(joinedAt - 1_000);
  });
});

describe("a reset link from the owner (no mail set up)", () => {
  it("sets a member's new password once and ends the sessions they had", async () => {
    expect((await memberList()).body.password_reset).toBe("owner_link");
    const rep = await addMember(t, app, "sales_rep");
    const made = await app.founder.call<{ reset_url: string; expires_at: string }>(
      "POST",
      `/api/apps/${app.id}/members/${encodeURIComponent(rep.email)}/reset-link`,
      {},
    );
    expect(made.status).toBe(201);
    const link = new URL(made.body.reset_url);
    expect(link.pathname).toBe("/reset-password");
    expect(link.searchParams.get("app")).toBe(app.slug);
    expect(Date.parse(made.body.expires_at)).toBeGreaterThan(Date.now());

    const reset = () =>
      new ApiClient(t.url).call("POST", "/api/auth/password-reset/complete", {
        token: link.searchParams.get("token"),
        password: "owner handed lantern",
      });
    expect((await reset()).status).toBe(200);
    expect((await reset()).status).toBe(410);
    await new Promise((resolve) => setTimeout(resolve, 2_100)); // the data API's access cache
    expect((await deals(rep.token)).status).toBe(401);
    const signIn = await new ApiClient(t.url).call("POST", `/api/runtime/${app.slug}/sign-in`, {
      email: rep.email,
      password: "owner handed lantern",
    });
    expect(signIn.status).toBe(200);
  });

  it("is refused for someone who has not joined, or is not a member, and for another owner", async () => {
    const pending = `pending-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await app.founder.call("POST", `/api/apps/${app.id}/members`, { email: pending, role: "sales_rep" });
    const path = (email: string) => `/api/apps/${app.id}/members/${encodeURIComponent(email)}/reset-link`;
    const notJoined = await app.founder.call<{ error: { message: string } }>("POST", path(pending), {});
    expect(notJoined.status).toBe(409);
    expect(notJoined.body.error.message).toMatch(/has not joined yet/);
    expect((await app.founder.call("POST", path("nobody@example.com"), {})).status).toBe(404);
    const stranger = new ApiClient(t.url);
    await stranger.signUp();
    expect((await stranger.call("POST", path(pending), {})).status).toBe(404);
  });

  it("cannot require the invited address without mail to verify it", async () => {
    const refused = await app.founder.call<{ error: { code: string } }>("POST", `/api/apps/${app.id}/members`, {
      email: `strict-${crypto.randomUUID().slice(0, 8)}@example.com`,
      role: "sales_rep",
      require_email: true,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("mail_not_set_up");
  });
});

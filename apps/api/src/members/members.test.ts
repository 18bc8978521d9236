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
    const joined = await new ApiClient(t.url).call<{ user: { role: string } }>(
      "POST",
      `/api/runtime/${app.slug}/join`,
      {
        email: first.email,
        password: first.password,
        invite,
      },
    );
    expect(joined.status).toBe(200);
    expect(joined.body.user.role).toBe("sales_rep");
    const second = await new ApiClient(t.url).signUp();
    const again = await new ApiClient(t.url).call<{ error: { message: string } }>(
      "POST",
      `/api/runtime/${app.slug}/join`,
      {
        email: second.email,
        password: second.password,
        invite,
      },
    );
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

/**
 * GET /api/runtime/:slug/members on a real Plinth: the people a member's chat names,
 * only for the app's own signed-in members.
 */
import { describe, expect, it } from "vitest";
import { addMember, provisionExample, signInToApp } from "../testing/example-apps.js";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";
import { ApiClient } from "../testing/test-plinth.js";
import { initialsOf } from "./people.js";

const t = testPlinthForFile();
const crm = exampleAppForFile(t, "crm");

function members(token: string | undefined, slug = crm.slug) {
  return new ApiClient(t.url, token).call<{
    members: { id: string; name: string; initials: string }[];
    error?: { message: string };
  }>("GET", `/api/runtime/${slug}/members`);
}

describe("the members a chat names", () => {
  it("lists the owner and every member who joined, with names and initials, and no pending invitation", async () => {
    const rep = await addMember(t, crm, "sales_rep");
    // A member with a name: sign up with one, then join through an invitation.
    const invited = await crm.founder.call<{ invite_url: string }>("POST", `/api/apps/${crm.id}/members`, {
      email: "ada@example.com",
      role: "sales_rep",
    });
    const invite = new URL(invited.body.invite_url).searchParams.get("invite");
    await new ApiClient(t.url).call("POST", "/api/auth/sign-up", {
      email: "ada@example.com",
      password: "correct horse battery",
      display_name: "Ada Lovelace",
    });
    const joined = await new ApiClient(t.url).call<{ user: { id: string } }>("POST", `/api/runtime/${crm.slug}/join`, {
      email: "ada@example.com",
      password: "correct horse battery",
      invite,
    });
    expect(joined.status).toBe(200);
    await crm.founder.call("POST", `/api/apps/${crm.id}/members`, { email: "pending@example.com", role: "sales_rep" });

    const res = await members(rep.token);
    expect(res.status).toBe(200);
    expect(res.body.members).toEqual(
      expect.arrayContaining([
        { id: joined.body.user.id, name: "Ada Lovelace", initials: "AL" },
        { id: rep.id, name: rep.email, initials: initialsOf(rep.email) },
        { id: crm.owner.id, name: crm.owner.email, initials: initialsOf(crm.owner.email) },
      ]),
    );
    expect(res.body.members).toHaveLength(3);
    expect(JSON.stringify(res.body)).not.toContain("pending@example.com");
  });

  it("refuses anyone without this app's token", async () => {
    const other = await provisionExample(t, "crm");
    const strangers = await members(other.owner.token);
    expect(strangers.status).toBe(401);
    expect(strangers.body.error?.message).toBe("Sign in to this app to see its members.");
    expect((await members(undefined)).status).toBe(401);
    const removed = await addMember(t, crm, "sales_rep");
    await crm.founder.call("DELETE", `/api/apps/${crm.id}/members/${encodeURIComponent(removed.email)}`);
    const again = await signInToApp(t, crm.slug, removed.email, removed.password).catch((e: Error) => e);
    expect(again).toBeInstanceOf(Error);
    expect((await members(removed.token)).status).toBe(403);
  });
});

describe("initialsOf", () => {
  it("takes the first and last word's first letters, and an address's name part", () => {
    expect(initialsOf("Ada Lovelace")).toBe("AL");
    expect(initialsOf("grace.hopper@example.com")).toBe("GH");
    expect(initialsOf("Jean de la Fontaine")).toBe("JF");
    expect(initialsOf("bob")).toBe("B");
    expect(initialsOf("Émile Zola")).toBe("ÉZ");
  });
});

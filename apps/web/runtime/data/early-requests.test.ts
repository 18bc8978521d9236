/** An app page's first requests, sent from its HTML before the runtime runs, and used by it once. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSessionStore } from "../auth/session-store";
import { earlyRequestsFor, fetchRunningApp, fetchRuntimeInfo } from "./runtime-api";

const RUNNING = { status: "running", app: { id: "a1", name: "CRM" }, version: 3 };
const BLUEPRINT = { app: { id: "a1" }, blueprint: { app: { name: "CRM" } } };

/** The API as the page sees it: what each GET answers, and every request it was sent. */
function fakeApi() {
  const calls: { path: string; authorization: string | null }[] = [];
  const fetch = vi.fn(async (path: string, init: RequestInit) => {
    calls.push({ path, authorization: new Headers(init.headers).get("authorization") });
    return Response.json(path.endsWith("/blueprint") ? BLUEPRINT : RUNNING);
  });
  vi.stubGlobal("fetch", fetch);
  return calls;
}

/** What the browser does with the page's inline script: runs it as it parses the HTML. */
const loadPage = (slug: string) => new Function(earlyRequestsFor(slug))();

const session = (token: string) => ({
  access_token: token,
  user: { id: "u1", email: "lee@acme.com", role: "owner", team_ids: [] },
});

afterEach(() => {
  localStorage.clear();
  delete window.__plinthEarly;
  vi.unstubAllGlobals();
});

describe("an app page's early requests", () => {
  it("asks for a returning member's blueprint with their token before the runtime starts, and the runtime asks no more", async () => {
    createSessionStore("crm", localStorage).set(session("t-lee"));
    const calls = fakeApi();
    loadPage("crm");
    expect(calls).toEqual([
      { path: "/api/runtime/crm", authorization: null },
      { path: "/api/runtime/crm/blueprint", authorization: "Bearer t-lee" },
    ]);
    expect(await fetchRuntimeInfo("crm")).toEqual(RUNNING);
    expect(await fetchRunningApp("crm", "t-lee")).toEqual(BLUEPRINT);
    expect(calls).toHaveLength(2);
  });

  it("uses each answer once: a later check of the app's status is a request of its own", async () => {
    const calls = fakeApi();
    loadPage("crm");
    await fetchRuntimeInfo("crm");
    await fetchRuntimeInfo("crm");
    expect(calls.map((c) => c.path)).toEqual(["/api/runtime/crm", "/api/runtime/crm"]);
  });

  it("asks only for the status of someone without a session, or who signed out", async () => {
    const calls = fakeApi();
    loadPage("crm");
    createSessionStore("crm", localStorage).signOut();
    loadPage("crm");
    expect(calls.map((c) => c.path)).toEqual(["/api/runtime/crm", "/api/runtime/crm"]);
  });

  it("never hands one session's blueprint to another: a different token asks again", async () => {
    createSessionStore("crm", localStorage).set(session("t-lee"));
    const calls = fakeApi();
    loadPage("crm");
    await fetchRunningApp("crm", "t-kim");
    expect(calls.at(-1)).toEqual({ path: "/api/runtime/crm/blueprint", authorization: "Bearer t-kim" });
  });

  it("keeps a slug that looks like markup from ending the script", () => {
    expect(earlyRequestsFor("</script><script>alert(1)</script>")).not.toContain("</script>");
  });
});

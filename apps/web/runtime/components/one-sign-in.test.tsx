/** Opening an app while signed in to Plinth: no second sign-in, unless the user signed out of the app. */
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { apiError, fakeApi } from "@/test/fake-api";
import { memberSession, openEntry, openWithStatusHeld, runningApp } from "../testing/running-app";

const app = runningApp();
const { slug: SLUG, summary, running } = app;
const ownerSession = memberSession("u-founder", "founder@acme.com", "manager");

function open(session: { status?: number; body?: unknown }) {
  const api = fakeApi({
    [`GET /api/runtime/${SLUG}`]: { body: summary },
    [`GET /api/runtime/${SLUG}/blueprint`]: { body: running },
    [`POST /api/runtime/${SLUG}/session`]: session,
  });
  return { api, ...openEntry(SLUG, "/companies") };
}

describe("one sign-in", () => {
  it("opens the app for its founder, signed in to Plinth, without the sign-in screen", async () => {
    const { api } = open({ body: ownerSession });
    expect(await screen.findByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(screen.queryByLabelText("Password")).not.toBeInTheDocument();
    expect(api.callsTo("POST", `/api/runtime/${SLUG}/session`)).toHaveLength(1);
    // Kept for the next tab, which then needs no round trip at all.
    expect(JSON.parse(localStorage.getItem(`plinth.runtime.${SLUG}`) ?? "null")?.user.email).toBe("founder@acme.com");
  });

  it("asks for the session, then the blueprint, while the app's status is still loading", async () => {
    const api = await openWithStatusHeld(app, { [`POST /api/runtime/${SLUG}/session`]: { body: ownerSession } });
    expect(await screen.findByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(api.callsTo("POST", `/api/runtime/${SLUG}/session`)).toHaveLength(1);
    expect(api.callsTo("GET", `/api/runtime/${SLUG}/blueprint`)).toHaveLength(1);
  });

  it("shows the sign-in screen to someone Plinth does not know", async () => {
    open(apiError(401, "unauthenticated", "You are not signed in to Plinth; sign in to this app."));
    expect(await screen.findByRole("heading", { name: "Sign in to Pipeline CRM" })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });

  it("does not sign back in someone who signed out of the app", async () => {
    const { api, user } = open({ body: ownerSession });
    await user.click(await screen.findByRole("button", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Sign in to Pipeline CRM" })).toBeInTheDocument();
    expect(api.callsTo("POST", `/api/runtime/${SLUG}/session`)).toHaveLength(1);
  });
});

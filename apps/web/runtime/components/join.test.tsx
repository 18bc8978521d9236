import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { apiError, fakeApi } from "@/test/fake-api";
import { memberSession, openEntry, runningApp } from "../testing/running-app";

const { slug: SLUG, summary, running } = runningApp();
const INVITE = "s3cret-s3cret-s3cret-s3cret";
const session = memberSession("u-lee", "lee@acme.com", "rep");

function openInvitation(routes: Parameters<typeof fakeApi>[0]) {
  const api = fakeApi({
    [`GET /api/runtime/${SLUG}`]: { body: summary },
    [`GET /api/runtime/${SLUG}/blueprint`]: { body: running },
    ...routes,
  });
  const onInviteUsed = vi.fn();
  const view = openEntry(SLUG, "/", { invite: INVITE, onInviteUsed });
  return { api, onInviteUsed, ...view };
}

describe("joining an app from an invitation link", () => {
  it("creates a Plinth account, joins with it and ends signed in", async () => {
    const { api, onInviteUsed, user } = openInvitation({
      "POST /api/auth/sign-up": { status: 201, body: { user: { id: "u-lee", email: "lee@acme.com" } } },
      [`POST /api/runtime/${SLUG}/join`]: { body: session },
    });

    expect(await screen.findByRole("heading", { name: "Join Pipeline CRM" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Create an account" })).toHaveAttribute("aria-pressed", "true");
    await user.type(screen.getByLabelText("Email"), "lee@acme.com");
    await user.type(screen.getByLabelText("Password"), "correct horse");
    await user.click(screen.getByRole("button", { name: "Create account and join" }));

    expect(await screen.findByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/auth/sign-up")[0]?.body).toEqual({
      email: "lee@acme.com",
      password: "correct horse",
    });
    expect(api.callsTo("POST", `/api/runtime/${SLUG}/join`)[0]?.body).toEqual({
      email: "lee@acme.com",
      password: "correct horse",
      invite: INVITE,
    });
    expect(JSON.parse(localStorage.getItem(`plinth.runtime.${SLUG}`) ?? "null")?.user.email).toBe("lee@acme.com");
    const blueprintRequest = api.fetch.mock.calls.find(([input]) => String(input).endsWith(`${SLUG}/blueprint`));
    expect(new Headers(blueprintRequest?.[1]?.headers).get("authorization")).toBe(`Bearer ${session.access_token}`);
    expect(onInviteUsed).toHaveBeenCalledTimes(1);
  });

  it("joins with an existing account without creating one", async () => {
    const { api, user } = openInvitation({ [`POST /api/runtime/${SLUG}/join`]: { body: session } });

    await user.click(await screen.findByRole("button", { name: "I have a Plinth account" }));
    await user.type(screen.getByLabelText("Email"), "lee@acme.com");
    await user.type(screen.getByLabelText("Password"), "pw");
    await user.click(screen.getByRole("button", { name: "Sign in and join" }));

    expect(await screen.findByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/auth/sign-up")).toHaveLength(0);
  });

  it("says when the link is no longer valid", async () => {
    const message =
      "This invitation link is not valid any more (used, replaced or expired); ask the app's owner for a new one.";
    const { user, onInviteUsed } = openInvitation({
      [`POST /api/runtime/${SLUG}/join`]: apiError(410, "invitation_invalid", message),
    });

    await user.click(await screen.findByRole("button", { name: "I have a Plinth account" }));
    await user.type(screen.getByLabelText("Email"), "lee@acme.com");
    await user.type(screen.getByLabelText("Password"), "pw");
    await user.click(screen.getByRole("button", { name: "Sign in and join" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(message);
    expect(screen.getByRole("heading", { name: "Join Pipeline CRM" })).toBeInTheDocument();
    expect(onInviteUsed).not.toHaveBeenCalled();
  });

  it("refuses a new password of only spaces before creating the account, in the API's words", async () => {
    const { api, user } = openInvitation({});

    await user.type(await screen.findByLabelText("Email"), "lee@acme.com");
    await user.type(screen.getByLabelText("Password"), "          ");
    await user.click(screen.getByRole("button", { name: "Create account and join" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Choose a password that is more than spaces.");
    expect(api.callsTo("POST", "/api/auth/sign-up")).toHaveLength(0);
  });

  it("points someone who already has an account to signing in with it", async () => {
    const { api, user } = openInvitation({
      "POST /api/auth/sign-up": apiError(409, "email_taken", "An account with this email already exists."),
    });

    await user.type(await screen.findByLabelText("Email"), "lee@acme.com");
    await user.type(screen.getByLabelText("Password"), "correct horse");
    await user.click(screen.getByRole("button", { name: "Create account and join" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "There is already a Plinth account for lee@acme.com. Enter its password and choose “Sign in and join”.",
    );
    expect(screen.getByRole("button", { name: "I have a Plinth account" })).toHaveAttribute("aria-pressed", "true");
    expect(screen.getByRole("button", { name: "Sign in and join" })).toBeInTheDocument();
    expect(api.callsTo("POST", `/api/runtime/${SLUG}/join`)).toHaveLength(0);
  });

  it("shows the plain sign-in when opened without an invitation", async () => {
    const api = fakeApi({ [`GET /api/runtime/${SLUG}`]: { body: summary } });
    openEntry(SLUG, "/");

    expect(await screen.findByRole("heading", { name: "Sign in to Pipeline CRM" })).toBeInTheDocument();
    expect(api.callsTo("GET", `/api/runtime/${SLUG}/blueprint`)).toHaveLength(0);
  });
});

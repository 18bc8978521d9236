import type { Members } from "@plinth/contract";
import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, fakeApi } from "@/test/fake-api";
import { renderWithApi } from "@/test/render";
import { MembersPanel } from "./members-panel";
import { member, sentInvitation } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const TEAM = "3f2b8c1e-7d4a-4e55-9c1f-0a1b2c3d4e5f";
const members = (): Members => ({
  roles: [
    { name: "admin", label: "Admin" },
    { name: "manager", label: "Manager" },
    { name: "rep", label: "Sales rep" },
  ],
  default_role: "rep",
  members: [
    member({
      email: "founder@acme.com",
      role: "admin",
      owner: true,
      joined: true,
      account: { email: "founder@acme.com", name: null, email_verified: false },
    }),
    member({
      email: "sam@acme.com",
      role: "rep",
      team_ids: [TEAM],
      joined: true,
      // Sam's invitation was opened by someone signed in with another account.
      account: { email: "samantha@elsewhere.org", name: "Samantha Ortiz", email_verified: false },
      last_sign_in_at: new Date(Date.now() - 3 * 60_000).toISOString(),
    }),
    member({ email: "kim@acme.com", role: "manager" }),
  ],
  password_reset: "owner_link",
});

describe("members", () => {
  it("lists the owner and members with their roles", async () => {
    fakeApi({ "GET /api/apps/a1/members": { body: members() } });
    renderWithApi(<MembersPanel appId="a1" />);

    const owner = await screen.findByRole("listitem", { name: "founder@acme.com" });
    expect(within(owner).getByText("Owner")).toBeInTheDocument();
    expect(within(owner).queryByRole("combobox")).not.toBeInTheDocument();
    const sam = screen.getByRole("listitem", { name: "sam@acme.com" });
    expect(within(sam).getByLabelText("Role of sam@acme.com")).toHaveValue("rep");
    expect(within(sam).getByText(`Teams: ${TEAM}`)).toBeInTheDocument();
    expect(within(sam).queryByText("Invited")).not.toBeInTheDocument();
    expect(within(sam).queryByRole("button", { name: "New link" })).not.toBeInTheDocument();
    const kim = screen.getByRole("listitem", { name: "kim@acme.com" });
    expect(within(kim).getByText("Invited")).toBeInTheDocument();
  });

  it("shows the invitation link once after inviting, and copies it", async () => {
    const url = "http://localhost:3000/apps/crm?invite=s3cret-s3cret-s3cret";
    fakeApi({
      "GET /api/apps/a1/members": { body: members() },
      "POST /api/apps/a1/members": {
        status: 201,
        body: {
          member: member({ email: "lee@acme.com", role: "rep" }),
          invite_url: url,
        },
      },
    });
    const { user } = renderWithApi(<MembersPanel appId="a1" />);

    expect(screen.queryByLabelText("Invitation link")).not.toBeInTheDocument();
    await user.type(await screen.findByLabelText("Email"), "lee@acme.com");
    await user.click(screen.getByRole("button", { name: "Invite" }));

    const link = await screen.findByLabelText("Invitation link");
    expect(link).toHaveValue(url);
    expect(link).toHaveAttribute("readonly");
    expect(link).toHaveAccessibleDescription(/Send this link to lee@acme\.com\. It works once.*shown only now/);
    await user.click(screen.getByRole("button", { name: "Copy link" }));
    expect(await navigator.clipboard.readText()).toBe(url);
  });

  it("makes a new link for someone who has not joined, with the same role and teams", async () => {
    const url = "http://localhost:3000/apps/crm?invite=fresh-fresh-fresh";
    const api = fakeApi({
      "GET /api/apps/a1/members": { body: members() },
      "POST /api/apps/a1/members": {
        body: {
          member: { email: "kim@acme.com", role: "manager", team_ids: [], owner: false, joined: false },
          invite_url: url,
        },
      },
    });
    const { user } = renderWithApi(<MembersPanel appId="a1" />);

    const kim = await screen.findByRole("listitem", { name: "kim@acme.com" });
    await user.click(within(kim).getByRole("button", { name: "New link" }));

    expect(await screen.findByLabelText("Invitation link")).toHaveValue(url);
    expect(api.callsTo("POST", "/api/apps/a1/members")[0]?.body).toEqual({
      email: "kim@acme.com",
      role: "manager",
      team_ids: [],
      require_email: false,
    });
  });

  it("invites by email with the default role preselected and teams", async () => {
    const api = fakeApi({
      "GET /api/apps/a1/members": { body: members() },
      "POST /api/apps/a1/members": { status: 201, body: { member: {}, invite_url: null } },
    });
    const { user } = renderWithApi(<MembersPanel appId="a1" />);

    const email = await screen.findByLabelText("Email");
    expect(screen.getByLabelText("Role")).toHaveValue("rep");
    await user.type(email, "  Lee@Acme.com ");
    await user.selectOptions(screen.getByLabelText("Role"), "Manager");
    await user.type(screen.getByLabelText(/Teams/), `${TEAM}, ${TEAM}`);
    await user.click(screen.getByRole("button", { name: "Invite" }));

    expect(await sentInvitation(api)).toEqual({
      email: "lee@acme.com",
      role: "manager",
      team_ids: [TEAM],
      require_email: false,
    });
    await vi.waitFor(() => expect(screen.getByLabelText("Email")).toHaveValue(""));
    expect(api.callsTo("GET", "/api/apps/a1/members").length).toBeGreaterThanOrEqual(2);
  });

  it("explains a bad email or team id before sending anything", async () => {
    const api = fakeApi({ "GET /api/apps/a1/members": { body: members() } });
    const { user } = renderWithApi(<MembersPanel appId="a1" />);

    await user.type(await screen.findByLabelText("Email"), "lee");
    await user.type(screen.getByLabelText(/Teams/), "sales-team");
    await user.click(screen.getByRole("button", { name: "Invite" }));

    expect(screen.getByText(/Enter a valid email address/)).toBeInTheDocument();
    expect(screen.getByText(/“sales-team” is not a team id/)).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/apps/a1/members")).toHaveLength(0);
  });

  it("shows the API's reason when an invitation is refused", async () => {
    fakeApi({
      "GET /api/apps/a1/members": { body: members() },
      "POST /api/apps/a1/members": apiError(
        400,
        "owner_is_member",
        "You own this app and already have its first role.",
      ),
    });
    const { user } = renderWithApi(<MembersPanel appId="a1" />);

    await user.type(await screen.findByLabelText("Email"), "founder@acme.com");
    await user.click(screen.getByRole("button", { name: "Invite" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("You own this app and already have its first role.");
  });

  it("changes a member's role", async () => {
    const api = fakeApi({
      "GET /api/apps/a1/members": { body: members() },
      "PATCH /api/apps/a1/members/sam%40acme.com": { body: { member: {} } },
    });
    const { user } = renderWithApi(<MembersPanel appId="a1" />);

    await user.selectOptions(await screen.findByLabelText("Role of sam@acme.com"), "Manager");

    await vi.waitFor(() => expect(api.calls.some((c) => c.method === "PATCH")).toBe(true));
    expect(api.calls.find((c) => c.method === "PATCH")?.body).toEqual({ role: "manager" });
  });

  it("removes a member after confirming", async () => {
    let removed = false;
    const api = fakeApi({
      "GET /api/apps/a1/members": () => {
        const data = members();
        const founderAndSam = data.members.filter((m) => m.email !== "kim@acme.com");
        return { body: { ...data, members: removed ? founderAndSam.slice(0, 1) : founderAndSam } };
      },
      "DELETE /api/apps/a1/members/sam%40acme.com": () => {
        removed = true;
        return { status: 204 };
      },
    });
    const { user } = renderWithApi(<MembersPanel appId="a1" />);

    await user.click(await screen.findByRole("button", { name: "Revoke access of sam@acme.com" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Revoke access of sam@acme.com?" });
    expect(dialog).toHaveTextContent("samantha@elsewhere.org can no longer open this app");
    await user.click(within(dialog).getByRole("button", { name: "Revoke access" }));

    await vi.waitFor(() => expect(screen.queryByRole("listitem", { name: "sam@acme.com" })).not.toBeInTheDocument());
    expect(api.calls.filter((c) => c.method === "DELETE")).toHaveLength(1);
    expect(screen.getByText("Only you so far. Invite your team above.")).toBeInTheDocument();
  });

  it("shows who actually joined with a link, and when they last signed in", async () => {
    fakeApi({ "GET /api/apps/a1/members": { body: members() } });
    renderWithApi(<MembersPanel appId="a1" />);

    const sam = await screen.findByRole("listitem", { name: "sam@acme.com" });
    expect(sam).toHaveTextContent("Joined as Samantha Ortiz · samantha@elsewhere.org (not the invited address)");
    expect(sam).toHaveTextContent("last signed in 3 minutes ago");
    const kim = screen.getByRole("listitem", { name: "kim@acme.com" });
    expect(kim).toHaveTextContent("Has not opened the invitation yet.");
    expect(within(kim).queryByRole("button", { name: /reset link/i })).not.toBeInTheDocument();
  });

  it("makes a password reset link for a joined member when the server sends no mail", async () => {
    const url = "http://localhost:3000/reset-password?token=r3set&app=crm";
    const api = fakeApi({
      "GET /api/apps/a1/members": { body: members() },
      "POST /api/apps/a1/members/sam%40acme.com/reset-link": {
        status: 201,
        body: { reset_url: url, expires_at: new Date(Date.now() + 86_400_000).toISOString() },
      },
    });
    const { user } = renderWithApi(<MembersPanel appId="a1" />);

    const sam = await screen.findByRole("listitem", { name: "sam@acme.com" });
    await user.click(within(sam).getByRole("button", { name: "Password Reset link" }));
    expect(await screen.findByLabelText("Password reset link")).toHaveValue(url);
    expect(screen.getByRole("heading", { name: "Password reset for sam@acme.com" })).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/apps/a1/members/sam%40acme.com/reset-link")).toHaveLength(1);
  });

  it("offers no reset link when members reset by email, but the address requirement instead", async () => {
    const api = fakeApi({
      "GET /api/apps/a1/members": { body: { ...members(), password_reset: "email" } },
      "POST /api/apps/a1/members": {
        status: 201,
        body: { member: member({ email: "lee@acme.com", role: "manager", require_email: true }), invite_url: "u" },
      },
    });
    const { user } = renderWithApi(<MembersPanel appId="a1" />);

    const sam = await screen.findByRole("listitem", { name: "sam@acme.com" });
    expect(within(sam).queryByRole("button", { name: /reset link/i })).not.toBeInTheDocument();
    await user.type(screen.getByLabelText("Email"), "lee@acme.com");
    await user.click(screen.getByLabelText("Only this address may join"));
    await user.click(screen.getByRole("button", { name: "Invite" }));
    expect(await sentInvitation(api)).toMatchObject({ require_email: true });
  });

  it("says why members cannot be managed yet", async () => {
    fakeApi({
      "GET /api/apps/a1/members": apiError(409, "no_blueprint", "This app has no blueprint yet; generate it first."),
    });
    renderWithApi(<MembersPanel appId="a1" />);

    expect(await screen.findByRole("alert")).toHaveTextContent("This app has no blueprint yet; generate it first.");
  });
});

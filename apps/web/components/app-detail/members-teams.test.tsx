import type { AppTeams, Member, Members } from "@plinth/contract";
import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, fakeApi } from "@/test/fake-api";
import { renderWithApi } from "@/test/render";
import { MembersPanel } from "./members-panel";
import { member, sentInvitation } from "./testing";

afterEach(() => vi.unstubAllGlobals());

const PLATFORM = "3f2b8c1e-7d4a-4e55-9c1f-0a1b2c3d4e5f";
const DESIGN = "8a7b6c5d-1111-4222-8333-944455556666";
const GONE = "00000000-dead-4000-8000-000000000000";
/** A member who joined with the address they were invited at. */
const joined = (fields: Pick<Member, "email" | "role"> & Partial<Member>) =>
  member({ joined: true, account: { email: fields.email, name: null, email_verified: false }, ...fields });
const members = (): Members => ({
  roles: [
    { name: "admin", label: "Admin" },
    { name: "member", label: "Member" },
  ],
  default_role: "member",
  password_reset: "owner_link",
  members: [
    joined({ email: "founder@acme.com", role: "admin", owner: true }),
    joined({ email: "sam@acme.com", role: "member", team_ids: [PLATFORM, GONE] }),
  ],
});
const teams = (
  list = [
    { id: DESIGN, label: "Design" },
    { id: PLATFORM, label: "Platform" },
  ],
): AppTeams => ({ table: "teams", table_label: "Teams", teams: list });

describe("members' teams", () => {
  it("shows a member's teams by name, and one whose row is gone as removed", async () => {
    fakeApi({ "GET /api/apps/a1/members": { body: members() }, "GET /api/apps/a1/teams": { body: teams() } });
    renderWithApi(<MembersPanel appId="a1" />);
    const sam = await screen.findByRole("listitem", { name: "sam@acme.com" });
    expect(await within(sam).findByText("Teams: Platform, a removed team")).toBeInTheDocument();
  });

  it("invites into teams picked by name from the app's teams table", async () => {
    const api = fakeApi({
      "GET /api/apps/a1/members": { body: members() },
      "GET /api/apps/a1/teams": { body: teams() },
      "POST /api/apps/a1/members": { status: 201, body: { member: {}, invite_url: null } },
    });
    const { user } = renderWithApi(<MembersPanel appId="a1" />);
    await user.type(await screen.findByLabelText("Email"), "lee@acme.com");
    const picker = await screen.findByRole("group", { name: /Teams/ });
    expect(screen.queryByRole("textbox", { name: /Teams/ })).not.toBeInTheDocument();
    await user.click(within(picker).getByRole("checkbox", { name: "Design" }));
    await user.click(within(picker).getByRole("checkbox", { name: "Platform" }));
    await user.click(within(picker).getByRole("checkbox", { name: "Platform" }));
    await user.click(screen.getByRole("button", { name: "Invite" }));
    expect(await sentInvitation(api)).toEqual({
      email: "lee@acme.com",
      role: "member",
      team_ids: [DESIGN],
      require_email: false,
    });
    await vi.waitFor(() => expect(within(picker).getByRole("checkbox", { name: "Design" })).not.toBeChecked());
  });

  it("says where teams come from while the teams table is empty", async () => {
    fakeApi({ "GET /api/apps/a1/members": { body: members() }, "GET /api/apps/a1/teams": { body: teams([]) } });
    renderWithApi(<MembersPanel appId="a1" />);
    expect(await screen.findByText(/No teams yet: add them in the app's Teams table/)).toBeInTheDocument();
  });

  it("takes typed team ids, and says why, when the teams cannot be listed", async () => {
    fakeApi({
      "GET /api/apps/a1/members": { body: members() },
      "GET /api/apps/a1/teams": apiError(409, "app_not_running", "Start the app to choose its teams by name."),
    });
    renderWithApi(<MembersPanel appId="a1" />);
    expect(await screen.findByRole("textbox", { name: /Teams/ })).toHaveAccessibleDescription(
      /Start the app to choose its teams by name\./,
    );
    expect(screen.getByText(`Teams: ${PLATFORM}, ${GONE}`)).toBeInTheDocument();
  });
});

/** What the app page's tests share: members as the API lists them, and what an invitation sent. */
import type { Member } from "@plinth/contract";
import { expect, vi } from "vitest";
import type { fakeApi } from "@/test/fake-api";

/** A member of app a1 as the API lists one: an invitation nobody has opened yet, unless said otherwise. */
export const member = (fields: Pick<Member, "email" | "role"> & Partial<Member>): Member => ({
  team_ids: [],
  owner: false,
  joined: false,
  account: null,
  require_email: false,
  last_sign_in_at: null,
  ...fields,
});

/** The body of the one invitation the members panel sent to app a1, once it has sent it. */
export async function sentInvitation(api: ReturnType<typeof fakeApi>) {
  await vi.waitFor(() => expect(api.callsTo("POST", "/api/apps/a1/members")).toHaveLength(1));
  return api.callsTo("POST", "/api/apps/a1/members")[0]?.body;
}

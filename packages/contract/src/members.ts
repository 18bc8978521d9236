import { z } from "zod";
import { emailAddress, emailAddressOf } from "./auth.js";
import { MAX_MEMBER_TEAMS } from "./limits.js";

export const memberBody = z.object({
  email: emailAddressOf({ missing: "Enter the email address of the person to invite.", example: "sam@company.com" }),
  /** Only an account holding this address, once verified, may join with the link. */
  require_email: z.boolean().default(false),
  role: z.string().min(1, "Choose a role."),
  team_ids: z
    .array(z.string().uuid("Team ids are UUIDs."))
    .max(MAX_MEMBER_TEAMS, `A member belongs to at most ${MAX_MEMBER_TEAMS} teams.`)
    .default([]),
});
export type MemberBody = z.input<typeof memberBody>;

export const memberPatchBody = memberBody.omit({ email: true, require_email: true }).partial();
export type MemberPatchBody = z.input<typeof memberPatchBody>;

export const memberParams = z.object({ id: z.string(), email: emailAddress });

export const member = z.object({
  email: z.string(),
  role: z.string(),
  team_ids: z.array(z.string()),
  owner: z.boolean(),
  /** False until the invitee has opened their invitation link and joined with a Plinth account. */
  joined: z.boolean(),
  /** The account that joined (it may hold another address than the invited one); null until someone joins. */
  account: z.object({ email: z.string(), name: z.string().nullable(), email_verified: z.boolean() }).nullable(),
  /** Whether only the invited address may join. */
  require_email: z.boolean(),
  /** When the member last opened the app (ISO time), null if never. */
  last_sign_in_at: z.string().nullable(),
});
export type Member = z.infer<typeof member>;

export const memberResponse = z.object({ member });

/** An invitation's answer: the link is shown this once (only its hash is stored), null when none was made. */
export const invitedMember = z.object({ member, invite_url: z.string().nullable() });
export type InvitedMember = z.infer<typeof invitedMember>;

export const roleOption = z.object({ name: z.string(), label: z.string() });
export type RoleOption = z.infer<typeof roleOption>;

export const memberList = z.object({
  roles: z.array(roleOption),
  default_role: z.string().optional(),
  members: z.array(member),
  /** How a member who forgot their password gets a new one: by email (SMTP set up) or a link from the owner. */
  password_reset: z.enum(["email", "owner_link"]),
});

/** A founder-issued password reset link for a member, shown this once. */
export const memberResetLink = z.object({ reset_url: z.string(), expires_at: z.string() });
export type MemberResetLink = z.infer<typeof memberResetLink>;
export type Members = z.infer<typeof memberList>;

/** One row of the app's teams table, named as the members panel shows it. */
export const appTeam = z.object({ id: z.string().uuid(), label: z.string() });
export type AppTeam = z.infer<typeof appTeam>;

/**
 * The app's teams for its owner to put members in: `table` is the blueprint's
 * security.teamTable (null when the app has none, and then there are no teams to list).
 */
export const appTeams = z.object({
  table: z.string().nullable(),
  table_label: z.string().nullable(),
  teams: z.array(appTeam),
});
export type AppTeams = z.infer<typeof appTeams>;

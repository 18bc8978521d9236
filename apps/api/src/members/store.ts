import type { Pool } from "pg";
import { hashSecret, newSecret } from "../auth/secret-links.js";

export interface MemberRow {
  email: string;
  role: string;
  team_ids: string[];
  /** The account that accepted the invitation; null until then. */
  user_id: string | null;
  /** Only an account holding `email`, verified, may accept. */
  require_email: boolean;
  last_sign_in_at: Date | null;
  created_at: Date;
}

/** A member as the owner's list shows them: with the account that joined, which may hold another address. */
export interface ListedMember extends MemberRow {
  account_email: string | null;
  account_name: string | null;
  account_verified: boolean;
}

const INVITATION_DAYS = 14;
const MEMBER_COLUMNS = "email, role, team_ids, user_id, require_email, last_sign_in_at, created_at";

export async function listMembers(pool: Pool, appId: string): Promise<ListedMember[]> {
  const { rows } = await pool.query<ListedMember>(
    `select m.email, m.role, m.team_ids, m.user_id, m.require_email, m.last_sign_in_at, m.created_at,
            u.email as account_email, u.display_name as account_name,
            u.email_verified_at is not null as account_verified
     from control_plane.app_members m left join control_plane.users u on u.id = m.user_id
     where m.app_id = $1 order by m.created_at`,
    [appId],
  );
  return rows;
}

/** The invitation a link's secret opens, while it is still open (not used, not expired). */
export async function findInvitation(pool: Pool, appId: string, token: string): Promise<MemberRow | undefined> {
  const { rows } = await pool.query<MemberRow>(
    `select ${MEMBER_COLUMNS} from control_plane.app_members
     where app_id = $1 and invite_token_hash = $2 and invite_expires_at > now()`,
    [appId, hashSecret(token)],
  );
  return rows[0];
}

/** Notes that a member opened the app now (the owner's list shows it). */
export async function recordSignIn(pool: Pool, appId: string, userId: string): Promise<void> {
  await pool.query("update control_plane.app_members set last_sign_in_at = now() where app_id = $1 and user_id = $2", [
    appId,
    userId,
  ]);
}

export async function findMember(pool: Pool, appId: string, email: string): Promise<MemberRow | undefined> {
  const { rows } = await pool.query<MemberRow>(
    `select ${MEMBER_COLUMNS} from control_plane.app_members where app_id = $1 and email = $2`,
    [appId, email],
  );
  return rows[0];
}

/** The membership an account holds in an app (only accepted invitations count). */
export async function findMembership(pool: Pool, appId: string, userId: string): Promise<MemberRow | undefined> {
  const { rows } = await pool.query<MemberRow>(
    `select ${MEMBER_COLUMNS} from control_plane.app_members where app_id = $1 and user_id = $2`,
    [appId, userId],
  );
  return rows[0];
}

/**
 * Adds a member or changes one; a member who has not accepted yet gets a fresh
 * invitation link (the previous one stops working). Returns whether the member is
 * new and the new invitation's secret, if one was made.
 */
export async function upsertMember(
  pool: Pool,
  member: { appId: string; email: string; role: string; teamIds: string[]; invitedBy: string; requireEmail: boolean },
): Promise<{ inserted: boolean; inviteToken: string | null }> {
  const { token, hash } = newSecret();
  const { rows } = await pool.query<{ inserted: boolean; pending: boolean }>(
    `insert into control_plane.app_members
       (app_id, email, role, team_ids, invited_by, invite_token_hash, invite_expires_at, require_email)
     values ($1, $2, $3, $4, $5, $6, now() + make_interval(days => $7), $8)
     on conflict (app_id, email) do update set
       role = excluded.role,
       team_ids = excluded.team_ids,
       require_email = case when app_members.user_id is null then excluded.require_email else app_members.require_email end,
       invite_token_hash = case when app_members.user_id is null then excluded.invite_token_hash end,
       invite_expires_at = case when app_members.user_id is null then excluded.invite_expires_at end
     returning (xmax = 0) as inserted, user_id is null as pending`,
    [
      member.appId,
      member.email,
      member.role,
      member.teamIds,
      member.invitedBy,
      hash,
      INVITATION_DAYS,
      member.requireEmail,
    ],
  );
  const row = rows[0] as { inserted: boolean; pending: boolean };
  return { inserted: row.inserted, inviteToken: row.pending ? token : null };
}

/** Binds an invitation to the account that presents it; undefined when the link is unknown, used or expired. */
export async function acceptInvitation(
  pool: Pool,
  appId: string,
  token: string,
  userId: string,
): Promise<MemberRow | undefined> {
  const { rows } = await pool.query<MemberRow>(
    `update control_plane.app_members
     set user_id = $3, invite_token_hash = null, invite_expires_at = null
     where app_id = $1 and invite_token_hash = $2 and invite_expires_at > now()
       and not exists (select 1 from control_plane.app_members m where m.app_id = $1 and m.user_id = $3)
     returning ${MEMBER_COLUMNS}`,
    [appId, hashSecret(token), userId],
  );
  return rows[0];
}

/** Changes a member's role and teams, keeping their invitation or account as it is. */
export async function updateMember(
  pool: Pool,
  appId: string,
  email: string,
  change: { role: string; teamIds: string[] },
): Promise<void> {
  await pool.query("update control_plane.app_members set role = $3, team_ids = $4 where app_id = $1 and email = $2", [
    appId,
    email,
    change.role,
    change.teamIds,
  ]);
}

export async function deleteMember(pool: Pool, appId: string, email: string): Promise<boolean> {
  const { rowCount } = await pool.query("delete from control_plane.app_members where app_id = $1 and email = $2", [
    appId,
    email,
  ]);
  return rowCount === 1;
}

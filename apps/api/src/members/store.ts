import type { Pool } from "pg";

export interface MemberRow {
  email: string;
  role: string;
  team_ids: string[];
  created_at: Date;
}

export async function listMembers(pool: Pool, appId: string): Promise<MemberRow[]> {
  const { rows } = await pool.query<MemberRow>(
    "select email, role, team_ids, created_at from control_plane.app_members where app_id = $1 order by created_at",
    [appId],
  );
  return rows;
}

export async function findMember(pool: Pool, appId: string, email: string): Promise<MemberRow | undefined> {
  const { rows } = await pool.query<MemberRow>(
    "select email, role, team_ids, created_at from control_plane.app_members where app_id = $1 and email = $2",
    [appId, email],
  );
  return rows[0];
}

/** Adds or replaces a member; returns whether the member is new. */
export async function upsertMember(
  pool: Pool,
  member: { appId: string; email: string; role: string; teamIds: string[]; invitedBy: string },
): Promise<boolean> {
  const { rows } = await pool.query<{ inserted: boolean }>(
    `insert into control_plane.app_members (app_id, email, role, team_ids, invited_by) values ($1, $2, $3, $4, $5)
     on conflict (app_id, email) do update set role = excluded.role, team_ids = excluded.team_ids
     returning (xmax = 0) as inserted`,
    [member.appId, member.email, member.role, member.teamIds, member.invitedBy],
  );
  return rows[0]?.inserted ?? false;
}

export async function deleteMember(pool: Pool, appId: string, email: string): Promise<boolean> {
  const { rowCount } = await pool.query("delete from control_plane.app_members where app_id = $1 and email = $2", [
    appId,
    email,
  ]);
  return rowCount === 1;
}

import type { Pool } from "pg";

export interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  display_name: string | null;
  session_version: number;
  email_verified_at: Date | null;
  created_at: Date;
}

export async function findUserByEmail(pool: Pool, email: string): Promise<UserRow | undefined> {
  const { rows } = await pool.query<UserRow>("select * from control_plane.users where email = $1", [email]);
  return rows[0];
}

export async function findUserById(pool: Pool, id: string): Promise<UserRow | undefined> {
  const { rows } = await pool.query<UserRow>("select * from control_plane.users where id = $1", [id]);
  return rows[0];
}

/** The founder's current session version; undefined when the account no longer exists. */
export async function sessionVersion(pool: Pool, id: string): Promise<number | undefined> {
  const { rows } = await pool.query<{ session_version: number }>(
    "select session_version from control_plane.users where id = $1",
    [id],
  );
  return rows[0]?.session_version;
}

/** Ends every session of the founder: tokens issued before carry an older version. */
export async function endSessions(pool: Pool, id: string): Promise<void> {
  await pool.query("update control_plane.users set session_version = session_version + 1 where id = $1", [id]);
}

/** Returns undefined when the email is already taken. */
export async function insertUser(
  pool: Pool,
  user: { email: string; passwordHash: string; displayName: string | null },
): Promise<UserRow | undefined> {
  const { rows } = await pool.query<UserRow>(
    `insert into control_plane.users (email, password_hash, display_name) values ($1, $2, $3)
     on conflict (email) do nothing returning *`,
    [user.email, user.passwordHash, user.displayName],
  );
  return rows[0];
}

export function publicUser(user: UserRow) {
  return { id: user.id, email: user.email, display_name: user.display_name, created_at: user.created_at.toISOString() };
}

/**
 * Password reset links: each sets a new password for one account, once, before it
 * expires. Using one ends every session the account had (founder and app tokens carry
 * the session version it moves on) and every other reset link still open for it.
 */
import { inTransaction } from "@plinth/db";
import type { Pool } from "pg";
import { hashSecret, newSecret } from "./secret-links.js";

/** Long enough to find the mail; short enough that an old inbox opens nothing. */
export const EMAIL_RESET_MINUTES = 60;
/** An owner passes the link on by hand, which takes longer. */
export const OWNER_RESET_MINUTES = 24 * 60;

export async function createPasswordReset(
  pool: Pool,
  reset: { userId: string; issuedBy: string | null; minutes: number },
): Promise<{ token: string; expiresAt: Date }> {
  const { token, hash } = newSecret();
  const { rows } = await pool.query<{ expires_at: Date }>(
    `insert into control_plane.password_resets (token_hash, user_id, issued_by, expires_at)
     values ($1, $2, $3, now() + make_interval(mins => $4)) returning expires_at`,
    [hash, reset.userId, reset.issuedBy, reset.minutes],
  );
  return { token, expiresAt: (rows[0] as { expires_at: Date }).expires_at };
}

/**
 * Sets the password the link is for; undefined when the link is unknown, used or
 * expired. The link, the password change and the end of the old sessions are one step.
 */
export async function resetPassword(
  pool: Pool,
  token: string,
  passwordHash: string,
): Promise<{ userId: string } | undefined> {
  return inTransaction(pool, {}, async (client) => {
    const { rows } = await client.query<{ user_id: string }>(
      `update control_plane.password_resets set used_at = now()
       where token_hash = $1 and used_at is null and expires_at > now()
       returning user_id`,
      [hashSecret(token)],
    );
    const userId = rows[0]?.user_id;
    if (!userId) return undefined;
    await client.query(
      `update control_plane.users set password_hash = $2, session_version = session_version + 1 where id = $1`,
      [userId, passwordHash],
    );
    await client.query("delete from control_plane.password_resets where user_id = $1 and used_at is null", [userId]);
    return { userId };
  });
}

/**
 * Proof that an account holds its address: a link mailed to it, which marks the
 * address verified when opened. An invitation that requires the invited address asks
 * for this, because anyone could sign up with someone else's address first.
 */
import type { Pool } from "pg";
import type { Mailer } from "../mail/mailer.js";
import { hashSecret, newSecret } from "./secret-links.js";

const VERIFICATION_HOURS = 24;

export const verificationUrl = (webUrl: string, token: string) =>
  `${webUrl}/verify-email?token=${encodeURIComponent(token)}`;

export async function sendVerification(
  deps: { pool: Pool; mailer?: Mailer; webUrl: string },
  user: { id: string; email: string },
): Promise<void> {
  if (!deps.mailer) throw new Error("no mailer to send the verification with");
  const { token, hash } = newSecret();
  await deps.pool.query(
    `insert into control_plane.email_verifications (token_hash, user_id, email, expires_at)
     values ($1, $2, $3, now() + make_interval(hours => $4))`,
    [hash, user.id, user.email, VERIFICATION_HOURS],
  );
  await deps.mailer.send({
    to: user.email,
    subject: "Verify your email address for Plinth",
    text: [
      "Open this link to confirm that this address is yours:",
      verificationUrl(deps.webUrl, token),
      "",
      `It works once, for ${VERIFICATION_HOURS} hours. If you did not ask for it, ignore this mail.`,
    ].join("\n"),
  });
}

/** Marks the address verified; false when the link is unknown, used, expired, or the account's address changed. */
export async function verifyEmail(pool: Pool, token: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `with used as (
       delete from control_plane.email_verifications
       where token_hash = $1 and expires_at > now() returning user_id, email
     )
     update control_plane.users u set email_verified_at = now()
     from used where u.id = used.user_id and u.email = used.email`,
    [hashSecret(token)],
  );
  return rowCount === 1;
}

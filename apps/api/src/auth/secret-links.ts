/**
 * The secrets in links Plinth hands out (invitations, password resets, address
 * verification): random, shown once, and kept only as a SHA-256 hash, so a copy of the
 * database opens nothing. A hash is enough (no slow KDF): the secret has 192 random bits.
 */
import { createHash, randomBytes } from "node:crypto";

export const hashSecret = (token: string): string => createHash("sha256").update(token).digest("hex");

export function newSecret(): { token: string; hash: string } {
  const token = randomBytes(24).toString("base64url");
  return { token, hash: hashSecret(token) };
}

import { hash, verify } from "@node-rs/argon2";
import { newPassword } from "@plinth/contract";
import { dictionary } from "@zxcvbn-ts/language-common";

/** zxcvbn-ts's list of the most common leaked passwords (about 49,000, lower case). */
const COMMON_PASSWORDS = new Set(dictionary["passwords-common"]);

/**
 * Why a new password is refused for being common, in words for the person choosing it. The
 * other rules are the contract's (`newPassword`); this list is too large to ship to a browser.
 */
function commonPasswordProblem(password: string): string | undefined {
  if (COMMON_PASSWORDS.has(password.trim().toLowerCase())) {
    return "This password is one of the most common ones and is guessed first; choose another, e.g. a few unrelated words.";
  }
  return undefined;
}

/** The contract's rules for a new password, and the common-password list that only the server has. */
export const newPasswordOnServer = newPassword.superRefine((password, ctx) => {
  const problem = commonPasswordProblem(password);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a password nobody knows, verified against when an email has no account, so
 * sign-in takes as long for unknown emails as for known ones and does not tell which exist.
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash(crypto.randomUUID());
  return dummyHash;
}

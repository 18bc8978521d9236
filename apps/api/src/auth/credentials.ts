import { dummyPasswordHash, verifyPassword } from "./passwords.js";
import type { UserRow } from "./users.js";

export interface CredentialChecks {
  findUser: (email: string) => Promise<UserRow | undefined>;
  verify?: (passwordHash: string, password: string) => Promise<boolean>;
}

/**
 * The account whose email and password these are, or undefined. An unknown email costs
 * one password verification like a known one, so the answer's timing does not reveal
 * which emails have accounts.
 */
export async function checkCredentials(
  { findUser, verify = verifyPassword }: CredentialChecks,
  email: string,
  password: string,
): Promise<UserRow | undefined> {
  const user = await findUser(email);
  const matches = await verify(user?.password_hash ?? (await dummyPasswordHash()), password);
  return user && matches ? user : undefined;
}

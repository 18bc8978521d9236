/**
 * The one way an email and password become an account, for founders and for apps' end
 * users alike: the per-account throttle is asked first, so guessing one person's password
 * through an app's sign-in screen is as slow as through the console's.
 */
import type { Pool } from "pg";
import { TooManyAttempts, Unauthenticated } from "../domain/errors.js";
import { checkCredentials } from "./credentials.js";
import type { SignInThrottle } from "./sign-in-throttle.js";
import { findUserByEmail, type UserRow } from "./users.js";

export async function signIn(
  deps: { pool: Pool; accountThrottle: SignInThrottle },
  email: string,
  password: string,
): Promise<UserRow> {
  const retryAfter = deps.accountThrottle.retryAfterSeconds(email);
  if (retryAfter !== undefined) {
    throw new TooManyAttempts(
      "rate_limited",
      `Too many failed sign-ins for this account; wait ${Math.ceil(retryAfter / 60)} minute(s) and try again.`,
      retryAfter,
    );
  }
  const user = await checkCredentials({ findUser: (e) => findUserByEmail(deps.pool, e) }, email, password);
  if (!user) {
    deps.accountThrottle.recordFailure(email);
    throw new Unauthenticated("invalid_credentials", "The email or password is not right.");
  }
  deps.accountThrottle.reset(email);
  return user;
}

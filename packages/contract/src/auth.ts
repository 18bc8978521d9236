import { z } from "zod";
import { MAX_DISPLAY_NAME_LENGTH, MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./limits.js";

/**
 * An email address as Plinth keeps it: trimmed and lower case, so one person has one account.
 * Whose address it is changes only the words: yours when signing in, someone else's when inviting.
 */
export const emailAddressOf = ({ missing, example }: { missing: string; example: string }) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .min(1, { error: missing, abort: true })
    .email(`Enter a valid email address, such as ${example}.`)
    .max(MAX_EMAIL_LENGTH, `Use an email address of at most ${MAX_EMAIL_LENGTH} characters.`);

export const emailAddress = emailAddressOf({ missing: "Enter your email address.", example: "you@company.com" });

/** The password of an existing account: anything it was set to. */
export const currentPassword = z
  .string()
  .min(1, "Enter your password.")
  .max(MAX_PASSWORD_LENGTH, `A password has at most ${MAX_PASSWORD_LENGTH} characters.`);

/**
 * A new password. The API also refuses the most common leaked passwords; that list is too
 * large for a browser, so it is checked on the server only (apps/api/src/auth/passwords.ts).
 */
export const newPassword = z
  .string()
  .min(1, { error: "Choose a password.", abort: true })
  .refine((password) => password.trim().length > 0, {
    error: "Choose a password that is more than spaces.",
    abort: true,
  })
  .min(MIN_PASSWORD_LENGTH, { error: `Use at least ${MIN_PASSWORD_LENGTH} characters.`, abort: true })
  .max(MAX_PASSWORD_LENGTH, { error: `Use at most ${MAX_PASSWORD_LENGTH} characters.`, abort: true });

export const signInBody = z.object({ email: emailAddress, password: currentPassword });
export type SignInBody = z.input<typeof signInBody>;

export const signUpBody = z.object({
  email: emailAddress,
  password: newPassword,
  display_name: z
    .string()
    .trim()
    .max(MAX_DISPLAY_NAME_LENGTH, `Keep your name under ${MAX_DISPLAY_NAME_LENGTH} characters.`)
    .optional(),
});
export type SignUpBody = z.input<typeof signUpBody>;

export const user = z.object({
  id: z.string(),
  email: z.string(),
  display_name: z.string().nullable(),
  created_at: z.string(),
});
export type User = z.infer<typeof user>;

/** A new session: also set as an httpOnly cookie; the token is for clients that send a bearer header. */
export const session = z.object({ user, token: z.string() });
export type Session = z.infer<typeof session>;

export const currentUser = z.object({ user });

/** "Forgot your password?": where to send the link, and the app to come back to, if any. */
export const passwordResetRequestBody = z.object({
  email: emailAddress,
  app: z.string().max(100).optional(),
});
export type PasswordResetRequestBody = z.input<typeof passwordResetRequestBody>;

export const passwordResetRequested = z.object({ message: z.string() });

/** A reset link's secret and the password it sets. */
export const passwordResetBody = z.object({
  token: z
    .string()
    .min(1, "This reset link is incomplete; open the whole link from the email or from the app's owner."),
  password: newPassword,
});
export type PasswordResetBody = z.input<typeof passwordResetBody>;

/** A verification link's secret. */
export const emailVerificationBody = z.object({
  token: z.string().min(1, "This verification link is incomplete; open the whole link from the email."),
});

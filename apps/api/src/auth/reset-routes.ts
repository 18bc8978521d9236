/**
 * Forgotten passwords and verified addresses. With mail (PLINTH_SMTP_URL) anyone asks
 * for a reset link by email, and an account asks for a link that proves it holds its
 * address; without mail, an app's owner hands a member a reset link (members/routes.ts)
 * and both ends here, where a link's secret sets the new password.
 */
import {
  ApiError,
  emailVerificationBody,
  passwordResetBody,
  passwordResetRequestBody,
  passwordResetRequested,
  session,
} from "@plinth/contract";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { errorResponses, noContent } from "../http/responses.js";
import type { Mailer } from "../mail/mailer.js";
import { passwordResetUrl } from "../members/routes.js";
import { sendVerification, verifyEmail } from "./email-verification.js";
import { createPasswordReset, EMAIL_RESET_MINUTES, resetPassword } from "./password-resets.js";
import { hashPassword, newPasswordOnServer } from "./passwords.js";
import { founderOf, requireFounder } from "./session.js";
import type { SignInThrottle } from "./sign-in-throttle.js";
import type { TokenService } from "./tokens.js";
import { findUserByEmail, findUserById, publicUser } from "./users.js";

const newPasswordBody = passwordResetBody.extend({ password: newPasswordOnServer });

export interface ResetDeps {
  pool: Pool;
  tokens: TokenService;
  mailer?: Mailer;
  webUrl: string;
  signInRateLimit: number;
  accountThrottle: SignInThrottle;
  /** Starts the account's new Plinth session (the same cookie sign-in sets). */
  startSession: (reply: FastifyReply, userId: string) => Promise<string>;
}

const NO_MAIL =
  "This server sends no mail, so a reset link cannot be emailed. Ask the owner of the app you use for one: they can make it from the app's member list.";

export async function resetRoutes(app: FastifyInstance, deps: ResetDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const rateLimit = { rateLimit: { max: deps.signInRateLimit, timeWindow: "1 minute" } };

  api.post(
    "/api/auth/password-reset",
    {
      schema: {
        tags: ["auth"],
        body: passwordResetRequestBody,
        response: { 202: passwordResetRequested, ...errorResponses(400, 403, 409, 415, 429, 500) },
      },
      config: rateLimit,
    },
    async (request, reply) => {
      // Not a fault of the server's: it was set up without mail, which the caller can work around.
      if (!deps.mailer) throw new ApiError(409, "mail_not_set_up", NO_MAIL);
      const { email, app: slug } = request.body;
      const user = await findUserByEmail(deps.pool, email);
      // The same answer whether or not the account exists: the form must not tell who has one.
      if (user) {
        const { token } = await createPasswordReset(deps.pool, {
          userId: user.id,
          issuedBy: null,
          minutes: EMAIL_RESET_MINUTES,
        });
        await deps.mailer.send({
          to: user.email,
          subject: "Reset your Plinth password",
          text: [
            "Someone (we hope you) asked to reset the password of your Plinth account.",
            "",
            `Choose a new password here within ${EMAIL_RESET_MINUTES} minutes:`,
            passwordResetUrl(deps.webUrl, token, slug),
            "",
            "The link works once. If you did not ask, ignore this mail: your password stays as it is.",
          ].join("\n"),
        });
      }
      return reply.status(202).send({
        message: `If ${email} has a Plinth account, a link to choose a new password is on its way; it works for ${EMAIL_RESET_MINUTES} minutes.`,
      });
    },
  );

  api.post(
    "/api/auth/password-reset/complete",
    {
      schema: {
        tags: ["auth"],
        body: newPasswordBody,
        response: { 200: session, ...errorResponses(400, 403, 410, 415, 429, 500) },
      },
      config: rateLimit,
    },
    async (request, reply) => {
      const done = await resetPassword(deps.pool, request.body.token, await hashPassword(request.body.password));
      if (!done) {
        throw new ApiError(
          410,
          "reset_link_invalid",
          "This reset link is not valid any more (used, replaced or expired); ask for a new one.",
        );
      }
      const user = await findUserById(deps.pool, done.userId);
      if (!user) throw new ApiError(410, "reset_link_invalid", "The account of this link no longer exists.");
      deps.accountThrottle.reset(user.email);
      const token = await deps.startSession(reply, user.id);
      return { user: publicUser(user), token };
    },
  );

  api.post(
    "/api/auth/verify-email/send",
    {
      schema: {
        tags: ["auth"],
        response: { 204: noContent("Sent"), ...errorResponses(400, 401, 403, 409, 415, 429, 500) },
      },
      preHandler: requireFounder(deps.tokens),
      config: rateLimit,
    },
    async (request, reply) => {
      if (!deps.mailer)
        throw new ApiError(
          409,
          "mail_not_set_up",
          "This server sends no mail to verify addresses with; ask the app's owner to invite you without requiring the address.",
        );
      const user = await findUserById(deps.pool, founderOf(request).sub);
      if (!user) throw new ApiError(401, "unauthenticated", "Your account no longer exists; sign up again.");
      await sendVerification(deps, user);
      return reply.status(204).send();
    },
  );

  api.post(
    "/api/auth/verify-email",
    {
      schema: {
        tags: ["auth"],
        body: emailVerificationBody,
        response: { 204: noContent("Verified"), ...errorResponses(400, 403, 410, 415, 429, 500) },
      },
      config: rateLimit,
    },
    async (request, reply) => {
      if (!(await verifyEmail(deps.pool, request.body.token))) {
        throw new ApiError(
          410,
          "verification_link_invalid",
          "This verification link is not valid any more (used or expired); ask for a new one by joining again.",
        );
      }
      return reply.status(204).send();
    },
  );
}

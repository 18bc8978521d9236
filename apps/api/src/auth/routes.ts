import { ApiError, currentUser, session, signInBody, signUpBody } from "@plinth/contract";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { errorResponses, noContent } from "../http/responses.js";
import { hashPassword, newPasswordOnServer } from "./passwords.js";
import { founderOf, requireFounder, SESSION_COOKIE, sessionToken } from "./session.js";
import { signIn } from "./sign-in.js";
import type { SignInThrottle } from "./sign-in-throttle.js";
import type { TokenService } from "./tokens.js";
import { endSessions, findUserById, insertUser, publicUser, type UserRow } from "./users.js";

const newAccount = signUpBody.extend({ password: newPasswordOnServer });

export interface AuthDeps {
  pool: Pool;
  tokens: TokenService;
  signInRateLimit: number;
  /** Failed sign-ins per account, whatever the address. */
  accountThrottle: SignInThrottle;
  secureCookies: boolean;
}

/** Registers sign-up, sign-in, sign-out and me; hands back how a founder session is started, for the reset routes. */
export async function authRoutes(
  app: FastifyInstance,
  deps: AuthDeps,
): Promise<{ startSession: (reply: FastifyReply, userId: string) => Promise<string> }> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = { httpOnly: true, sameSite: "lax" as const, path: "/", secure: deps.secureCookies };
  const rateLimit = { max: deps.signInRateLimit, timeWindow: "1 minute" };

  const startSession = async (reply: FastifyReply, user: UserRow) => {
    const token = await deps.tokens.signFounder({ sub: user.id, email: user.email, sv: user.session_version });
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: 7 * 24 * 3600 });
    return token;
  };

  api.post(
    "/api/auth/sign-up",
    {
      schema: {
        tags: ["auth"],
        body: newAccount,
        response: { 201: session, ...errorResponses(400, 403, 409, 415, 429, 500) },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const { email, password, display_name } = request.body;
      const user = await insertUser(deps.pool, {
        email,
        passwordHash: await hashPassword(password),
        displayName: display_name ?? null,
      });
      if (!user) throw new ApiError(409, "email_taken", "An account with this email already exists; sign in instead.");
      const token = await startSession(reply, user);
      return reply.status(201).send({ user: publicUser(user), token });
    },
  );

  api.post(
    "/api/auth/sign-in",
    {
      schema: {
        tags: ["auth"],
        body: signInBody,
        response: { 200: session, ...errorResponses(400, 401, 403, 415, 429, 500) },
      },
      config: { rateLimit },
    },
    async (request, reply) => {
      const user = await signIn(deps, request.body.email, request.body.password);
      const token = await startSession(reply, user);
      return { user: publicUser(user), token };
    },
  );

  const signedOut = { 204: noContent("Signed out"), ...errorResponses(400, 403, 415, 500) };
  api.post("/api/auth/sign-out", { schema: { tags: ["auth"], response: signedOut } }, async (request, reply) => {
    const token = sessionToken(request);
    // Ending the sessions needs to know whose they are; an invalid or ended token has none left to end.
    const founder = token ? await deps.tokens.verifyFounder(token).catch(() => undefined) : undefined;
    if (founder) await endSessions(deps.pool, founder.sub);
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.status(204).send();
  });

  const me = { tags: ["auth"], response: { 200: currentUser, ...errorResponses(400, 401, 500) } };
  api.get("/api/auth/me", { schema: me, preHandler: requireFounder(deps.tokens) }, async (request) => {
    const user = await findUserById(deps.pool, founderOf(request).sub);
    if (!user) throw new ApiError(401, "unauthenticated", "Your account no longer exists; sign up again.");
    return { user: publicUser(user) };
  });

  return {
    startSession: async (reply, userId) => {
      const user = await findUserById(deps.pool, userId);
      if (!user) throw new ApiError(401, "unauthenticated", "Your account no longer exists; sign up again.");
      return startSession(reply, user);
    },
  };
}

import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { z } from "zod";
import { ApiError } from "../http/errors.js";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./passwords.js";
import { founderOf, requireFounder, SESSION_COOKIE } from "./session.js";
import type { TokenService } from "./tokens.js";
import { findUserByEmail, findUserById, insertUser, publicUser } from "./users.js";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .email("enter a valid email address such as you@company.com")
  .max(254);
const credentials = z.object({
  email: emailSchema,
  password: z.string().min(1, "enter your password").max(200),
});
const signUpBody = credentials.extend({
  password: z.string().min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  display_name: z.string().trim().max(80).optional(),
});

export interface AuthDeps {
  pool: Pool;
  tokens: TokenService;
  signInRateLimit: number;
  secureCookies: boolean;
}

export async function authRoutes(app: FastifyInstance, deps: AuthDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const cookieOptions = { httpOnly: true, sameSite: "lax" as const, path: "/", secure: deps.secureCookies };
  const rateLimit = { max: deps.signInRateLimit, timeWindow: "1 minute" };

  const startSession = async (reply: import("fastify").FastifyReply, user: { id: string; email: string }) => {
    const token = await deps.tokens.signFounder({ sub: user.id, email: user.email });
    reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: 7 * 24 * 3600 });
    return token;
  };

  api.post(
    "/api/auth/sign-up",
    { schema: { tags: ["auth"], body: signUpBody }, config: { rateLimit } },
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
    { schema: { tags: ["auth"], body: credentials }, config: { rateLimit } },
    async (request, reply) => {
      const user = await findUserByEmail(deps.pool, request.body.email);
      if (!user || !(await verifyPassword(user.password_hash, request.body.password))) {
        throw new ApiError(401, "invalid_credentials", "The email or password is not right.");
      }
      const token = await startSession(reply, user);
      return { user: publicUser(user), token };
    },
  );

  api.post("/api/auth/sign-out", { schema: { tags: ["auth"] } }, async (_request, reply) => {
    reply.clearCookie(SESSION_COOKIE, cookieOptions);
    return reply.status(204).send();
  });

  api.get("/api/auth/me", { schema: { tags: ["auth"] }, preHandler: requireFounder(deps.tokens) }, async (request) => {
    const user = await findUserById(deps.pool, founderOf(request).sub);
    if (!user) throw new ApiError(401, "unauthenticated", "Your account no longer exists; sign up again.");
    return { user: publicUser(user) };
  });
}

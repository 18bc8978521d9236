/**
 * What the runtime under /apps/[slug] needs. Anyone may learn what the sign-in screen
 * shows (the app's name, theme and whether it runs); the blueprint, which describes every
 * table, role and rule, and the data-API settings go only to a signed-in member. Sign-in
 * for the app's end users returns a token for their role in that app.
 */
import {
  ApiError,
  runtimeBlueprint,
  runtimeJoinBody,
  runtimeNotFound,
  runtimeParams,
  runtimeSession,
  runtimeSignInBody,
  runtimeStatus,
} from "@plinth/contract";
import { roleName } from "@plinth/provision";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { blueprintAt, liveBlueprint } from "../apps/running-blueprint.js";
import { type AppRow, findAppBySlug, recordEvent } from "../apps/store.js";
import { sendVerification } from "../auth/email-verification.js";
import { sessionToken } from "../auth/session.js";
import { signIn } from "../auth/sign-in.js";
import type { SignInThrottle } from "../auth/sign-in-throttle.js";
import type { TokenService } from "../auth/tokens.js";
import { findUserById, type UserRow } from "../auth/users.js";
import { errorResponses } from "../http/responses.js";
import type { Mailer } from "../mail/mailer.js";
import { acceptInvitation, findInvitation, recordSignIn } from "../members/store.js";
import { appAccess } from "./access.js";

/** supabase-js insists on a key; Plinth's data API authorizes by the user's token alone. */
export const PUBLIC_ANON_KEY = "plinth-public-anon-key";

export async function runtimeRoutes(
  app: FastifyInstance,
  deps: {
    pool: Pool;
    tokens: TokenService;
    signInRateLimit: number;
    /** Shared with the console's sign-in: one account's failures count wherever they happen. */
    accountThrottle: SignInThrottle;
    /** Reads of an app's runtime description per minute per address. */
    readRateLimit: number;
    /** Another PostgREST serving the app schemas (a Supabase project), or Plinth's own /rest/v1. */
    dataApi: { url?: string; anonKey?: string };
    /** Sends the verification an invitation for one address asks for; none without SMTP. */
    mailer?: Mailer;
    webUrl: string;
  },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const readLimit = { rateLimit: { max: deps.readRateLimit, timeWindow: "1 minute" } };

  const summary = async (found: AppRow) => {
    const { version, blueprint } = await liveBlueprint(deps.pool, found.id);
    return { version, app: { id: found.id, name: found.name, slug: found.slug, theme: blueprint.app.theme } };
  };

  api.get(
    "/api/runtime/:slug",
    {
      schema: {
        tags: ["runtime"],
        params: runtimeParams,
        response: { 200: runtimeStatus, 404: runtimeNotFound, ...errorResponses(400, 429, 500) },
      },
      config: readLimit,
    },
    async (request, reply) => {
      const found = await findAppBySlug(deps.pool, request.params.slug);
      if (!found || found.status === "DELETING") {
        return reply
          .status(404)
          .send({ status: "not_found" as const, message: `There is no app at /apps/${request.params.slug}.` });
      }
      if (found.status !== "RUNNING" || !found.db_schema) {
        return {
          status: found.status === "STOPPED" ? ("stopped" as const) : ("unavailable" as const),
          app: { id: found.id, name: found.name, slug: found.slug },
          message:
            found.status === "STOPPED"
              ? "This app is stopped. Its owner can start it again from Plinth."
              : "This app is not running yet.",
        };
      }
      return { status: "running" as const, ...(await summary(found)) };
    },
  );

  /** The Plinth account behind the request: an end user's token for this app, or a founder's session. */
  const signedInUser = async (request: FastifyRequest, found: AppRow): Promise<{ sub: string; sv?: number }> => {
    const token = sessionToken(request);
    if (!token) throw new ApiError(401, "unauthenticated", "Sign in to this app to open it.");
    const appUser = await deps.tokens.verifyAppUser(token).catch(() => undefined);
    if (appUser?.app_id === found.id) return appUser;
    // A founder's session version is checked as the token is verified.
    const founder = await deps.tokens.verifyFounder(token).catch(() => undefined);
    if (founder) return { sub: founder.sub };
    throw new ApiError(401, "session_expired", "Your sign-in has expired or is not for this app; sign in again.");
  };

  api.get(
    "/api/runtime/:slug/blueprint",
    {
      schema: {
        tags: ["runtime"],
        params: runtimeParams,
        response: { 200: runtimeBlueprint, ...errorResponses(400, 401, 403, 404, 429, 500, 503) },
      },
      config: readLimit,
    },
    async (request) => {
      const found = await findAppBySlug(deps.pool, request.params.slug);
      if (!found || found.status === "DELETING") throw new ApiError(404, "not_found", "There is no app here.");
      if (found.status !== "RUNNING" || !found.db_schema) {
        throw new ApiError(503, "app_stopped", "This app is stopped; try again later.");
      }
      const user = await signedInUser(request, found);
      const access = await appAccess(deps.pool, found, user.sub);
      if (access && user.sv !== undefined && user.sv !== access.sessionVersion) {
        throw new ApiError(401, "session_expired", "Your password was changed since you signed in; sign in again.");
      }
      if (!access?.roleExists) {
        throw new ApiError(403, "not_a_member", "You are not a member of this app; ask its owner for an invitation.");
      }
      const { version, app: described } = await summary(found);
      return {
        status: "running" as const,
        app: described,
        version,
        blueprint: await blueprintAt(deps.pool, found.id, version),
        data_api: {
          url: deps.dataApi.url ?? null,
          path: "/rest/v1",
          schema: found.db_schema,
          anon_key: deps.dataApi.anonKey ?? PUBLIC_ANON_KEY,
        },
      };
    },
  );

  const signInLimit = { rateLimit: { max: deps.signInRateLimit, timeWindow: "1 minute" } };

  /** The running app at `slug` and the account behind `email`/`password`, or the reason there is none. */
  const enter = async (slug: string, email: string, password: string) => {
    const found = await findAppBySlug(deps.pool, slug);
    if (!found || found.status === "DELETING") throw new ApiError(404, "not_found", "There is no app here.");
    if (found.status !== "RUNNING") throw new ApiError(503, "app_stopped", "This app is stopped; try again later.");
    const user = await signIn(deps, email, password);
    return { found, user };
  };

  const issueToken = async (found: AppRow, user: { id: string; email: string }) => {
    const access = await appAccess(deps.pool, found, user.id);
    if (!access) {
      throw new ApiError(
        403,
        "not_a_member",
        "You are not a member of this app; open the invitation link its owner sent you, or ask them for one.",
      );
    }
    if (!access.roleExists) {
      throw new ApiError(
        403,
        "role_removed",
        `Your role "${access.role}" no longer exists in this app; ask its owner.`,
      );
    }
    const claims = {
      sub: user.id,
      email: user.email,
      role: roleName(found.id, access.role),
      app_id: found.id,
      app_role: access.role,
      team_ids: access.teamIds,
      sv: access.sessionVersion,
    };
    await recordSignIn(deps.pool, found.id, user.id);
    return {
      access_token: await deps.tokens.signAppUser(claims),
      token_type: "bearer" as const,
      user: { id: user.id, email: user.email, role: access.role, team_ids: access.teamIds },
    };
  };

  api.post(
    "/api/runtime/:slug/sign-in",
    {
      schema: {
        tags: ["runtime"],
        params: runtimeParams,
        body: runtimeSignInBody,
        response: { 200: runtimeSession, ...errorResponses(400, 401, 403, 404, 415, 429, 500, 503) },
      },
      config: signInLimit,
    },
    async (request) => {
      const { found, user } = await enter(request.params.slug, request.body.email, request.body.password);
      return issueToken(found, user);
    },
  );

  /**
   * One sign-in: whoever is signed in to Plinth (the console's session cookie) opens an
   * app they own or joined without typing their password again; the owner acts as the
   * first role. The cookie only rides on same-site requests and the same-origin check
   * guards this write, so another site cannot mint a token with it.
   */
  api.post(
    "/api/runtime/:slug/session",
    {
      schema: {
        tags: ["runtime"],
        params: runtimeParams,
        response: { 200: runtimeSession, ...errorResponses(400, 401, 403, 404, 415, 429, 500, 503) },
      },
      config: signInLimit,
    },
    async (request) => {
      const found = await findAppBySlug(deps.pool, request.params.slug);
      if (!found || found.status === "DELETING") throw new ApiError(404, "not_found", "There is no app here.");
      if (found.status !== "RUNNING") throw new ApiError(503, "app_stopped", "This app is stopped; try again later.");
      const token = sessionToken(request);
      const founder = token ? await deps.tokens.verifyFounder(token).catch(() => undefined) : undefined;
      const user = founder ? await findUserById(deps.pool, founder.sub) : undefined;
      if (!user) throw new ApiError(401, "unauthenticated", "You are not signed in to Plinth; sign in to this app.");
      return issueToken(found, user);
    },
  );

  /** An invitation for one address only: the account must hold it, verified by a mailed link. */
  const holdsInvitedAddress = async (invited: string, user: UserRow) => {
    if (user.email !== invited) {
      throw new ApiError(
        403,
        "invitation_for_another_address",
        `This invitation is only for ${invited}; sign in or create an account with that address, or ask the app's owner to invite ${user.email}.`,
      );
    }
    if (user.email_verified_at) return;
    if (!deps.mailer) {
      throw new ApiError(
        403,
        "email_unverified",
        `This invitation needs ${invited} verified, and this server sends no mail to verify it with; ask the app's owner to invite you without that requirement.`,
      );
    }
    await sendVerification({ pool: deps.pool, mailer: deps.mailer, webUrl: deps.webUrl }, user);
    throw new ApiError(
      403,
      "email_unverified",
      `This invitation needs your address verified: we sent a link to ${invited}. Open it, then join again with this invitation.`,
    );
  };

  api.post(
    "/api/runtime/:slug/join",
    {
      schema: {
        tags: ["runtime"],
        params: runtimeParams,
        body: runtimeJoinBody,
        response: { 200: runtimeSession, ...errorResponses(400, 401, 403, 404, 410, 415, 429, 500, 503) },
      },
      config: signInLimit,
    },
    async (request) => {
      const { found, user } = await enter(request.params.slug, request.body.email, request.body.password);
      const existing = await appAccess(deps.pool, found, user.id);
      if (!existing) {
        const invitation = await findInvitation(deps.pool, found.id, request.body.invite);
        if (invitation?.require_email) await holdsInvitedAddress(invitation.email, user);
        const accepted = await acceptInvitation(deps.pool, found.id, request.body.invite, user.id);
        if (!accepted) {
          throw new ApiError(
            410,
            "invitation_invalid",
            "This invitation link is not valid any more (used, replaced or expired); ask the app's owner for a new one.",
          );
        }
        await recordEvent(deps.pool, found.id, "member_joined", user.id, { email: accepted.email, as: user.email });
      }
      return issueToken(found, user);
    },
  );
}

/**
 * What the runtime under /apps/[slug] needs: the running app's blueprint and data-API
 * settings (nothing of its data when stopped), and sign-in for the app's end users,
 * which returns a token for their role in that app.
 */
import { roleName } from "@plinth/provision";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { z } from "zod";
import { findAppBySlug } from "../apps/store.js";
import { verifyPassword } from "../auth/passwords.js";
import { emailSchema } from "../auth/routes.js";
import type { TokenService } from "../auth/tokens.js";
import { findUserByEmail } from "../auth/users.js";
import { ApiError } from "../http/errors.js";
import { ownerRole, runningBlueprint } from "../members/routes.js";
import { findMember } from "../members/store.js";

/** supabase-js insists on a key; Plinth's data API authorizes by the user's token alone. */
export const PUBLIC_ANON_KEY = "plinth-public-anon-key";

export async function runtimeRoutes(
  app: FastifyInstance,
  deps: {
    pool: Pool;
    tokens: TokenService;
    signInRateLimit: number;
    /** Another PostgREST serving the app schemas (a Supabase project), or Plinth's own /rest/v1. */
    dataApi: { url?: string; anonKey?: string };
  },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const slugParams = z.object({ slug: z.string().min(1).max(60) });

  api.get("/api/runtime/:slug", { schema: { tags: ["runtime"], params: slugParams } }, async (request, reply) => {
    const found = await findAppBySlug(deps.pool, request.params.slug);
    if (!found || found.status === "DELETING") {
      return reply
        .status(404)
        .send({ status: "not_found", message: `There is no app at /apps/${request.params.slug}.` });
    }
    const summary = { id: found.id, name: found.name, slug: found.slug };
    if (found.status !== "RUNNING" || !found.db_schema) {
      return {
        status: found.status === "STOPPED" ? "stopped" : "unavailable",
        app: summary,
        message:
          found.status === "STOPPED"
            ? "This app is stopped. Its owner can start it again from Plinth."
            : "This app is not running yet.",
      };
    }
    const version = await liveVersion(deps.pool, found.id);
    const blueprint = await runningBlueprint(deps.pool, found.id, version);
    return {
      status: "running",
      app: summary,
      version,
      blueprint,
      data_api: {
        url: deps.dataApi.url ?? null,
        path: "/rest/v1",
        schema: found.db_schema,
        anon_key: deps.dataApi.anonKey ?? PUBLIC_ANON_KEY,
      },
    };
  });

  api.post(
    "/api/runtime/:slug/sign-in",
    {
      schema: {
        tags: ["runtime"],
        params: slugParams,
        body: z.object({ email: emailSchema, password: z.string().min(1) }),
      },
      config: { rateLimit: { max: deps.signInRateLimit, timeWindow: "1 minute" } },
    },
    async (request) => {
      const found = await findAppBySlug(deps.pool, request.params.slug);
      if (!found || found.status === "DELETING") throw new ApiError(404, "not_found", "There is no app here.");
      if (found.status !== "RUNNING") throw new ApiError(503, "app_stopped", "This app is stopped; try again later.");
      const user = await findUserByEmail(deps.pool, request.body.email);
      if (!user || !(await verifyPassword(user.password_hash, request.body.password))) {
        throw new ApiError(401, "invalid_credentials", "The email or password is not right.");
      }
      const blueprint = await runningBlueprint(deps.pool, found.id, await liveVersion(deps.pool, found.id));
      const member = user.id === found.owner_user_id ? undefined : await findMember(deps.pool, found.id, user.email);
      if (user.id !== found.owner_user_id && !member) {
        throw new ApiError(
          403,
          "not_a_member",
          "You have not been invited to this app; ask its owner for an invitation.",
        );
      }
      const appRole = member?.role ?? ownerRole(blueprint);
      if (!blueprint.security.roles.some((r) => r.name === appRole)) {
        throw new ApiError(403, "role_removed", `Your role "${appRole}" no longer exists in this app; ask its owner.`);
      }
      const claims = {
        sub: user.id,
        email: user.email,
        role: roleName(found.id, appRole),
        app_id: found.id,
        app_role: appRole,
        team_ids: member?.team_ids ?? [],
      };
      const token = await deps.tokens.signAppUser(claims);
      return {
        access_token: token,
        token_type: "bearer",
        user: { id: user.id, email: user.email, role: appRole, team_ids: claims.team_ids },
      };
    },
  );
}

async function liveVersion(pool: Pool, appId: string): Promise<number | null> {
  const { rows } = await pool.query<{ blueprint_version: number | null }>(
    "select blueprint_version from control_plane.app_runtime_config where app_id = $1",
    [appId],
  );
  return rows[0]?.blueprint_version ?? null;
}

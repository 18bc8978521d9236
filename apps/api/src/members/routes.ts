import { type BlueprintV2, founderRole } from "@plinth/blueprint";
import {
  appParams,
  invitedMember,
  memberBody,
  memberList,
  memberParams,
  memberPatchBody,
  memberResponse,
} from "@plinth/contract";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { liveBlueprint } from "../apps/running-blueprint.js";
import { findOwnedApp, recordEvent } from "../apps/store.js";
import { founderOf, requireFounder } from "../auth/session.js";
import type { TokenService } from "../auth/tokens.js";
import { findUserById } from "../auth/users.js";
import { ApiError, notFound } from "../http/errors.js";
import { errorResponses, noContent } from "../http/responses.js";
import { deleteMember, findMember, listMembers, updateMember, upsertMember } from "./store.js";

const READ_ERRORS = [400, 401, 404, 500] as const;
/** Writes also meet the same-origin check (403) and the JSON-only rule (415). */
const WRITE_ERRORS = [...READ_ERRORS, 403, 415] as const;

/** The link an invited person opens to join the app; it carries the invitation's one-time secret. */
export const invitationUrl = (webUrl: string, slug: string, token: string) =>
  `${webUrl}/apps/${slug}?invite=${encodeURIComponent(token)}`;

export async function memberRoutes(
  app: FastifyInstance,
  deps: { pool: Pool; tokens: TokenService; webUrl: string },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const auth = requireFounder(deps.tokens);

  const load = async (ownerId: string, appId: string) => {
    const found = await findOwnedApp(deps.pool, ownerId, appId);
    if (!found) throw notFound("This app");
    return {
      app: found,
      blueprint: (await liveBlueprint(deps.pool, found.id)).blueprint,
    };
  };
  const checkRole = (blueprint: BlueprintV2, role: string) => {
    const roles = blueprint.security.roles.map((r) => r.name);
    if (!roles.includes(role)) {
      throw new ApiError(
        400,
        "unknown_role",
        `"${role}" is not a role of this app; choose one of: ${roles.join(", ")}.`,
      );
    }
  };

  api.get(
    "/api/apps/:id/members",
    {
      schema: {
        tags: ["members"],
        params: appParams,
        response: { 200: memberList, ...errorResponses(...READ_ERRORS) },
      },
      preHandler: auth,
    },
    async (request) => {
      const founder = founderOf(request);
      const { app: found, blueprint } = await load(founder.sub, request.params.id);
      const owner = await findUserById(deps.pool, found.owner_user_id);
      const members = await listMembers(deps.pool, found.id);
      return {
        roles: blueprint.security.roles.map((r) => ({ name: r.name, label: r.label ?? r.name })),
        default_role: blueprint.security.defaultRole ?? blueprint.security.roles.at(-1)?.name,
        members: [
          {
            email: owner?.email ?? founder.email,
            role: founderRole(blueprint),
            team_ids: [],
            owner: true,
            joined: true,
          },
          ...members.map((m) => ({
            email: m.email,
            role: m.role,
            team_ids: m.team_ids,
            owner: false,
            joined: m.user_id !== null,
          })),
        ],
      };
    },
  );

  api.post(
    "/api/apps/:id/members",
    {
      schema: {
        tags: ["members"],
        params: appParams,
        body: memberBody,
        response: { 200: invitedMember, 201: invitedMember, ...errorResponses(...WRITE_ERRORS) },
      },
      preHandler: auth,
    },
    async (request, reply) => {
      const founder = founderOf(request);
      const { app: found, blueprint } = await load(founder.sub, request.params.id);
      checkRole(blueprint, request.body.role);
      if (request.body.email === founder.email) {
        throw new ApiError(400, "owner_is_member", "You own this app and already have its first role.");
      }
      const { inserted, inviteToken } = await upsertMember(deps.pool, {
        appId: found.id,
        email: request.body.email,
        role: request.body.role,
        teamIds: request.body.team_ids,
        invitedBy: founder.sub,
      });
      await recordEvent(deps.pool, found.id, inserted ? "member_added" : "member_changed", founder.sub, {
        email: request.body.email,
        role: request.body.role,
        team_ids: request.body.team_ids,
      });
      return reply.status(inserted ? 201 : 200).send({
        member: { ...request.body, owner: false, joined: inviteToken === null },
        // Shown once: only its hash is kept. Whoever opens it (signed in to Plinth) becomes this member.
        invite_url: inviteToken ? invitationUrl(deps.webUrl, found.slug, inviteToken) : null,
      });
    },
  );

  api.patch(
    "/api/apps/:id/members/:email",
    {
      schema: {
        tags: ["members"],
        params: memberParams,
        body: memberPatchBody,
        response: { 200: memberResponse, ...errorResponses(...WRITE_ERRORS) },
      },
      preHandler: auth,
    },
    async (request) => {
      const founder = founderOf(request);
      const { app: found, blueprint } = await load(founder.sub, request.params.id);
      const current = await findMember(deps.pool, found.id, request.params.email);
      if (!current) throw notFound("This member");
      const role = request.body.role ?? current.role;
      checkRole(blueprint, role);
      const teamIds = request.body.team_ids ?? current.team_ids;
      await updateMember(deps.pool, found.id, current.email, { role, teamIds });
      await recordEvent(deps.pool, found.id, "member_changed", founder.sub, {
        email: current.email,
        role,
        team_ids: teamIds,
      });
      return {
        member: { email: current.email, role, team_ids: teamIds, owner: false, joined: current.user_id !== null },
      };
    },
  );

  api.delete(
    "/api/apps/:id/members/:email",
    {
      schema: {
        tags: ["members"],
        params: memberParams,
        response: { 204: noContent("Removed"), ...errorResponses(...WRITE_ERRORS) },
      },
      preHandler: auth,
    },
    async (request, reply) => {
      const founder = founderOf(request);
      const found = await findOwnedApp(deps.pool, founder.sub, request.params.id);
      if (!found) throw notFound("This app");
      if (!(await deleteMember(deps.pool, found.id, request.params.email))) throw notFound("This member");
      await recordEvent(deps.pool, found.id, "member_removed", founder.sub, { email: request.params.email });
      return reply.status(204).send();
    },
  );
}

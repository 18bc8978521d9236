import { type BlueprintV2, founderRole } from "@plinth/blueprint";
import {
  ApiError,
  appParams,
  invitedMember,
  type Member,
  memberBody,
  memberList,
  memberParams,
  memberPatchBody,
  memberResetLink,
  memberResponse,
} from "@plinth/contract";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { ownedApp } from "../apps/owned-app.js";
import { liveBlueprint } from "../apps/running-blueprint.js";
import { recordEvent } from "../apps/store.js";
import { createPasswordReset, OWNER_RESET_MINUTES } from "../auth/password-resets.js";
import { founderOf, founderRoutes } from "../auth/session.js";
import type { TokenService } from "../auth/tokens.js";
import { findUserById } from "../auth/users.js";
import { notFound } from "../http/errors.js";
import { errorResponses, noContent } from "../http/responses.js";
import type { Mailer } from "../mail/mailer.js";
import {
  deleteMember,
  findMember,
  type ListedMember,
  listMembers,
  type MemberRow,
  updateMember,
  upsertMember,
} from "./store.js";

const READ_ERRORS = [400, 401, 404, 500] as const;
/** Writes also meet the same-origin check (403) and the JSON-only rule (415). */
const WRITE_ERRORS = [...READ_ERRORS, 403, 415] as const;

/** The link an invited person opens to join the app; it carries the invitation's one-time secret. */
export const invitationUrl = (webUrl: string, slug: string, token: string) =>
  `${webUrl}/apps/${slug}?invite=${encodeURIComponent(token)}`;

/** Where a password reset link leads: the web app's reset page, back to the app afterwards when there is one. */
export const passwordResetUrl = (webUrl: string, token: string, slug?: string) =>
  `${webUrl}/reset-password?token=${encodeURIComponent(token)}${slug ? `&app=${encodeURIComponent(slug)}` : ""}`;

/** A member as the owner sees them: the invited address, and the account that actually joined. */
function memberOf(row: MemberRow & Partial<ListedMember>): Member {
  return {
    email: row.email,
    role: row.role,
    team_ids: row.team_ids,
    owner: false,
    joined: row.user_id !== null,
    account:
      row.user_id !== null && row.account_email
        ? { email: row.account_email, name: row.account_name ?? null, email_verified: row.account_verified ?? false }
        : null,
    require_email: row.require_email,
    last_sign_in_at: row.last_sign_in_at?.toISOString() ?? null,
  };
}

export async function memberRoutes(
  app: FastifyInstance,
  deps: { pool: Pool; tokens: TokenService; webUrl: string; mailer?: Mailer },
): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const founderRoute = founderRoutes(deps.tokens, "members");

  const load = async (ownerId: string, appId: string) => {
    const found = await ownedApp(deps.pool, ownerId, appId);
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
    founderRoute({ params: appParams, response: { 200: memberList, ...errorResponses(...READ_ERRORS) } }),
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
            account: owner
              ? { email: owner.email, name: owner.display_name, email_verified: owner.email_verified_at !== null }
              : null,
            require_email: false,
            last_sign_in_at: null,
          },
          ...members.map(memberOf),
        ],
        password_reset: deps.mailer ? ("email" as const) : ("owner_link" as const),
      };
    },
  );

  api.post(
    "/api/apps/:id/members",
    founderRoute({
      params: appParams,
      body: memberBody,
      response: { 200: invitedMember, 201: invitedMember, ...errorResponses(...WRITE_ERRORS) },
    }),
    async (request, reply) => {
      const founder = founderOf(request);
      const { app: found, blueprint } = await load(founder.sub, request.params.id);
      checkRole(blueprint, request.body.role);
      if (request.body.email === founder.email) {
        throw new ApiError(400, "owner_is_member", "You own this app and already have its first role.");
      }
      if (request.body.require_email && !deps.mailer) {
        throw new ApiError(
          400,
          "mail_not_set_up",
          "Requiring the invited address needs mail, to verify that the person joining holds it, and this server sends none (set PLINTH_SMTP_URL). Invite without the requirement, and check the member list for who joined.",
        );
      }
      const { inserted, inviteToken } = await upsertMember(deps.pool, {
        appId: found.id,
        email: request.body.email,
        role: request.body.role,
        teamIds: request.body.team_ids,
        invitedBy: founder.sub,
        requireEmail: request.body.require_email,
      });
      await recordEvent(deps.pool, found.id, inserted ? "member_added" : "member_changed", founder.sub, {
        email: request.body.email,
        role: request.body.role,
        team_ids: request.body.team_ids,
      });
      const saved = await findMember(deps.pool, found.id, request.body.email);
      if (!saved) throw notFound("This member");
      return reply.status(inserted ? 201 : 200).send({
        member: memberOf(saved),
        // Shown once: only its hash is kept. Whoever opens it (signed in to Plinth) becomes this member.
        invite_url: inviteToken ? invitationUrl(deps.webUrl, found.slug, inviteToken) : null,
      });
    },
  );

  api.patch(
    "/api/apps/:id/members/:email",
    founderRoute({
      params: memberParams,
      body: memberPatchBody,
      response: { 200: memberResponse, ...errorResponses(...WRITE_ERRORS) },
    }),
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
      return { member: memberOf({ ...current, role, team_ids: teamIds }) };
    },
  );

  /**
   * Without mail, a member who forgot their password gets a reset link from the app's
   * owner, who passes it on by hand. With mail they reset it themselves, and the owner
   * (who could otherwise take over the member's account) gets no such link.
   */
  api.post(
    "/api/apps/:id/members/:email/reset-link",
    founderRoute({ params: memberParams, response: { 201: memberResetLink, ...errorResponses(...WRITE_ERRORS, 409) } }),
    async (request, reply) => {
      const founder = founderOf(request);
      const found = await ownedApp(deps.pool, founder.sub, request.params.id);
      const member = await findMember(deps.pool, found.id, request.params.email);
      if (!member) throw notFound("This member");
      if (!member.user_id) {
        throw new ApiError(
          409,
          "not_joined",
          `${member.email} has not joined yet, so there is no password to reset; send them their invitation link.`,
        );
      }
      if (deps.mailer) {
        throw new ApiError(
          409,
          "reset_by_email",
          `This server sends mail: ${member.email} can reset their password with "Forgot your password?" on the app's sign-in screen.`,
        );
      }
      const { token, expiresAt } = await createPasswordReset(deps.pool, {
        userId: member.user_id,
        issuedBy: founder.sub,
        minutes: OWNER_RESET_MINUTES,
      });
      await recordEvent(deps.pool, found.id, "member_reset_link", founder.sub, { email: member.email });
      return reply.status(201).send({
        reset_url: passwordResetUrl(deps.webUrl, token, found.slug),
        expires_at: expiresAt.toISOString(),
      });
    },
  );

  api.delete(
    "/api/apps/:id/members/:email",
    founderRoute({ params: memberParams, response: { 204: noContent("Removed"), ...errorResponses(...WRITE_ERRORS) } }),
    async (request, reply) => {
      const founder = founderOf(request);
      const found = await ownedApp(deps.pool, founder.sub, request.params.id);
      if (!(await deleteMember(deps.pool, found.id, request.params.email))) throw notFound("This member");
      await recordEvent(deps.pool, found.id, "member_removed", founder.sub, { email: request.params.email });
      return reply.status(204).send();
    },
  );
}

import { z } from "zod";
import { currentPassword, emailAddress } from "./auth.js";

export const runtimeParams = z.object({ slug: z.string().min(1).max(60) });

const runtimeApp = z.object({ id: z.string(), name: z.string(), slug: z.string() });

/** What the sign-in screen of /apps/[slug] shows; anyone may read it. */
export const runtimeStatus = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("running"),
    version: z.number().nullable(),
    /** The theme is the blueprint's app.theme. */
    app: runtimeApp.extend({ theme: z.unknown() }),
  }),
  z.object({ status: z.enum(["stopped", "unavailable"]), app: runtimeApp, message: z.string() }),
]);
export type RuntimeStatus = z.infer<typeof runtimeStatus>;

/** GET /api/runtime/:slug answers 404 with this (not the error body), so the screen can say it. */
export const runtimeNotFound = z.object({ status: z.literal("not_found"), message: z.string() });

/** What a signed-in member's runtime needs: the running blueprint and where its data API is. */
export const runtimeBlueprint = z.object({
  status: z.literal("running"),
  app: runtimeApp.extend({ theme: z.unknown() }),
  version: z.number().nullable(),
  /** The running BlueprintV2 document. */
  blueprint: z.unknown(),
  data_api: z.object({
    /** Another PostgREST (a Supabase project), or null for Plinth's own data API at `path`. */
    url: z.string().nullable(),
    path: z.string(),
    schema: z.string(),
    anon_key: z.string(),
  }),
});
export type RuntimeBlueprint = z.infer<typeof runtimeBlueprint>;

export const runtimeSignInBody = z.object({ email: emailAddress, password: currentPassword });
export const runtimeJoinBody = runtimeSignInBody.extend({
  invite: z.string().min(16, "The invitation link is incomplete.").max(200, "The invitation link is too long."),
});

/** A token for the app's data API, for the member's role in this app. */
export const runtimeSession = z.object({
  access_token: z.string(),
  token_type: z.literal("bearer"),
  user: z.object({ id: z.string(), email: z.string(), role: z.string(), team_ids: z.array(z.string()) }),
});
export type RuntimeSession = z.infer<typeof runtimeSession>;

/** Someone in an app, as its chat shows them: the owner and every member who joined. */
export const appMember = z.object({ id: z.string().uuid(), name: z.string(), initials: z.string() });
export const appMembers = z.object({ members: z.array(appMember) });
export type AppMember = z.infer<typeof appMember>;

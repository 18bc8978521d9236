/**
 * Test helpers for the data API: an example blueprint from schemas/examples/ made a
 * running app by the same Lifecycle.provision the generation worker uses
 * (skipping only the planner), its members signed in with app tokens, and the real
 * supabase-js client pointed at the test server.
 */
import { readFileSync } from "node:fs";
import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import { createClient } from "@supabase/supabase-js";
import WebSocket from "ws";
import { Lifecycle } from "../apps/lifecycle.js";
import { insertBlueprintVersion, insertDraftApp, nameApp } from "../apps/store.js";
import { hashBlueprint } from "../jobs/blueprint-hash.js";
import { PUBLIC_ANON_KEY } from "../runtime/routes.js";
import { ApiClient, type TestPlinth } from "./test-plinth.js";

const EXAMPLES = new URL("../../../../schemas/examples/", import.meta.url);

export interface ExampleApp {
  id: string;
  slug: string;
  schema: string;
  blueprint: BlueprintV2;
  owner: AppUser;
  founder: ApiClient;
}

export interface AppUser {
  id: string;
  email: string;
  password: string;
  role: string;
  token: string;
}

export function loadExample(name: string): BlueprintV2 {
  const result = validateBlueprint(JSON.parse(readFileSync(new URL(`${name}.json`, EXAMPLES), "utf8")));
  if (!result.ok) throw new Error(`example ${name} is not valid: ${JSON.stringify(result.problems)}`);
  return result.blueprint;
}

/** A new founder whose app runs the example blueprint; the founder is signed in to it as its owner. */
export async function provisionExample(
  t: TestPlinth,
  name: string,
  change: (blueprint: BlueprintV2) => BlueprintV2 = (blueprint) => blueprint,
): Promise<ExampleApp> {
  const blueprint = change(loadExample(name));
  const founder = new ApiClient(t.url);
  const me = await founder.signUp();
  const { id, slug, schema } = await provisionFor(t, me.id, blueprint);
  const owner = await signInToApp(t, slug, me.email, me.password);
  return { id, slug, schema, blueprint, owner, founder };
}

/** One more running app of an existing founder, without signing anyone in (e.g. a thousand apps of one founder). */
export async function provisionFor(
  t: TestPlinth,
  founderId: string,
  blueprint: BlueprintV2,
): Promise<{ id: string; slug: string; schema: string }> {
  const pool = t.plinth.database.pool;
  const draft = await insertDraftApp(pool, founderId, blueprint.app.name);
  const slug = await nameApp(pool, draft.id, blueprint.app.name, blueprint.app.slug);
  const version = await insertBlueprintVersion(pool, {
    appId: draft.id,
    blueprint,
    hash: hashBlueprint(blueprint),
    source: "generate",
    note: null,
    createdBy: founderId,
  });
  const { manifest } = await new Lifecycle(pool).provision(draft.id, blueprint, version, slug, founderId);
  return { id: draft.id, slug, schema: manifest.schema };
}

export async function signInToApp(t: TestPlinth, slug: string, email: string, password: string): Promise<AppUser> {
  const res = await new ApiClient(t.url).call<{ access_token: string; user: { id: string; role: string } }>(
    "POST",
    `/api/runtime/${slug}/sign-in`,
    { email, password },
  );
  if (res.status !== 200) throw new Error(`sign-in to ${slug} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, email, password, role: res.body.user.role, token: res.body.access_token };
}

/** Invites a new account to the app with `role` (and teams), signs it up and joins through the invitation link. */
export async function addMember(
  t: TestPlinth,
  app: ExampleApp,
  role: string,
  teamIds: string[] = [],
): Promise<AppUser> {
  const email = `${role}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const invited = await app.founder.call<{ invite_url: string }>("POST", `/api/apps/${app.id}/members`, {
    email,
    role,
    team_ids: teamIds,
  });
  if (invited.status !== 201) throw new Error(`invite failed: ${invited.status} ${JSON.stringify(invited.body)}`);
  const invite = new URL(invited.body.invite_url).searchParams.get("invite");
  const account = await new ApiClient(t.url).signUp(email);
  const res = await new ApiClient(t.url).call<{ access_token: string; user: { id: string; role: string } }>(
    "POST",
    `/api/runtime/${app.slug}/join`,
    { email, password: account.password, invite },
  );
  if (res.status !== 200) throw new Error(`joining ${app.slug} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.user.id,
    email,
    password: account.password,
    role: res.body.user.role,
    token: res.body.access_token,
  };
}

/** The real supabase-js client as the runtime builds it: the app's schema and the user's token. */
export function supabaseFor(t: TestPlinth, schema: string, token: string) {
  return createClient(t.url, PUBLIC_ANON_KEY, {
    db: { schema },
    accessToken: async () => token,
    // Node 20 has no global WebSocket; realtime is unused here but the client builds it.
    realtime: { transport: WebSocket as never },
  });
}

/**
 * The control plane's runtime endpoints: what an app is (its name and theme for anyone,
 * its blueprint only for a signed-in member) and how its end users join and sign in.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import type { RuntimeUser } from "../config/filters";

export interface AppSummary {
  id: string;
  name: string;
  slug: string;
  /** Only of a running app. */
  theme?: BlueprintV2["app"]["theme"];
}

/** What anyone may know of the app at /apps/<slug>, before signing in. */
export type RuntimeInfo =
  | { status: "not_found"; message: string }
  | { status: "stopped" | "unavailable"; app: AppSummary; message: string }
  | { status: "running"; app: AppSummary; version: number | null };

/** A running app as its signed-in member sees it: the blueprint and where its data is. */
export interface RunningInfo {
  status: "running";
  app: AppSummary;
  version: number | null;
  blueprint: BlueprintV2;
  data_api: { url?: string | null; path: string; schema: string; anon_key: string };
}

export interface RuntimeSession {
  access_token: string;
  user: RuntimeUser;
}

export class RuntimeApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "RuntimeApiError";
  }
}

const UNREACHABLE = "The server could not be reached. Check your connection and try again.";

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

export async function fetchRuntimeInfo(slug: string): Promise<RuntimeInfo> {
  let response: Response;
  try {
    response = await fetch(`/api/runtime/${encodeURIComponent(slug)}`, { headers: { accept: "application/json" } });
  } catch {
    throw new RuntimeApiError(0, UNREACHABLE);
  }
  const body = (await readJson(response)) as RuntimeInfo | undefined;
  if (response.status === 404) {
    return {
      status: "not_found",
      message: (body as { message?: string })?.message ?? `There is no app at /apps/${slug}.`,
    };
  }
  if (!response.ok || !body)
    throw new RuntimeApiError(response.status, "This app could not be loaded; try again in a moment.");
  return body;
}

/** The running app for the signed-in member whose app token this is; a RuntimeApiError in the API's words otherwise. */
export async function fetchRunningApp(slug: string, accessToken: string): Promise<RunningInfo> {
  let response: Response;
  try {
    response = await fetch(`/api/runtime/${encodeURIComponent(slug)}/blueprint`, {
      headers: { accept: "application/json", authorization: `Bearer ${accessToken}` },
    });
  } catch {
    throw new RuntimeApiError(0, UNREACHABLE);
  }
  const body = (await readJson(response)) as (RunningInfo & { error?: { message?: string } }) | undefined;
  if (!response.ok || !body) {
    throw new RuntimeApiError(
      response.status,
      body?.error?.message ?? "This app could not be loaded; try again in a moment.",
    );
  }
  return body;
}

/** Someone in the app, as its chat shows them. */
export interface AppMember {
  id: string;
  name: string;
  initials: string;
}

/** The app's owner and the members who joined, for a signed-in member. */
export async function fetchAppMembers(slug: string, accessToken: string | undefined): Promise<AppMember[]> {
  let response: Response;
  try {
    response = await fetch(`/api/runtime/${encodeURIComponent(slug)}/members`, {
      headers: { accept: "application/json", ...(accessToken && { authorization: `Bearer ${accessToken}` }) },
    });
  } catch {
    throw new RuntimeApiError(0, UNREACHABLE);
  }
  const body = (await readJson(response)) as { members?: AppMember[]; error?: { message?: string } } | undefined;
  if (!response.ok || !body?.members) {
    throw new RuntimeApiError(response.status, body?.error?.message ?? "The app's members could not be loaded.");
  }
  return body.members;
}

/** POSTs JSON; the answer's body, or a RuntimeApiError carrying the API's own words. */
async function postJson<T>(path: string, body: unknown, fallback: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    throw new RuntimeApiError(0, UNREACHABLE);
  }
  const answer = (await readJson(response)) as (T & { error?: { message?: string } }) | undefined;
  if (!response.ok || !answer) throw new RuntimeApiError(response.status, answer?.error?.message ?? fallback);
  return answer;
}

const sessionFrom = (body: { access_token?: string; user: RuntimeUser }, fallback: string): RuntimeSession => {
  if (!body.access_token) throw new RuntimeApiError(500, fallback);
  return { access_token: body.access_token, user: body.user };
};

export async function signInToApp(slug: string, email: string, password: string): Promise<RuntimeSession> {
  const failed = "Signing in failed; try again.";
  const body = await postJson<{ access_token: string; user: RuntimeUser }>(
    `/api/runtime/${encodeURIComponent(slug)}/sign-in`,
    { email, password },
    failed,
  );
  return sessionFrom(body, failed);
}

/** Creates a Plinth account; an app is joined with it afterwards (joinApp). */
export async function signUpToPlinth(email: string, password: string): Promise<void> {
  await postJson("/api/auth/sign-up", { email, password }, "Creating your account failed; try again.");
}

/** Accepts an invitation with a Plinth account, binding it to that account, and signs in. */
export async function joinApp(slug: string, email: string, password: string, invite: string): Promise<RuntimeSession> {
  const failed = "Joining the app failed; try again.";
  const body = await postJson<{ access_token: string; user: RuntimeUser }>(
    `/api/runtime/${encodeURIComponent(slug)}/join`,
    { email, password, invite },
    failed,
  );
  return sessionFrom(body, failed);
}

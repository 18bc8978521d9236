/**
 * The control plane's runtime endpoints: what an app is (its name and theme for anyone,
 * its blueprint only for a signed-in member) and how its end users join and sign in.
 * Shapes are the API's own (@plinth/contract); calls go through the one API client.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import type { AppMember, RuntimeBlueprint, RuntimeStatus } from "@plinth/contract";
import { ApiError, apiFetch, apiResponse } from "@/lib/api/client";
import { sessionKey } from "../auth/session-store";
import type { RuntimeUser } from "../config/filters";
import { earlyRequestsScript, takeEarlyResponse } from "./early-requests";

type Theme = BlueprintV2["app"]["theme"];

/** What anyone may know of the app at /apps/<slug>, before signing in. */
export type RuntimeInfo =
  | { status: "not_found"; message: string }
  | Extract<RuntimeStatus, { status: "stopped" | "unavailable" }>
  | (Omit<Extract<RuntimeStatus, { status: "running" }>, "app"> & {
      app: Extract<RuntimeStatus, { status: "running" }>["app"] & { theme: Theme };
    });

/** A running app as its signed-in member sees it: the blueprint and where its data is. */
export type RunningInfo = Omit<RuntimeBlueprint, "app" | "blueprint"> & {
  app: RuntimeBlueprint["app"] & { theme: Theme };
  /** Verified by the API before it was stored. */
  blueprint: BlueprintV2;
};

export interface RuntimeSession {
  access_token: string;
  user: RuntimeUser;
}

const runtimePath = (slug: string, rest = "") => `/api/runtime/${encodeURIComponent(slug)}${rest}`;

/** The script an app page's HTML starts its status and blueprint requests with (early-requests.ts). */
export const earlyRequestsFor = (slug: string) =>
  earlyRequestsScript({
    status: runtimePath(slug),
    blueprint: runtimePath(slug, "/blueprint"),
    sessionKey: sessionKey(slug),
  });

/** A GET of the runtime API, answered by the page's early request for it when there is one (early-requests.ts). */
function runtimeGet<T>(path: string, bearer?: string): Promise<T> {
  const early = takeEarlyResponse(path, bearer);
  return early ? apiResponse<T>(early) : apiFetch<T>(path, { bearer });
}

export async function fetchRuntimeInfo(slug: string): Promise<RuntimeInfo> {
  try {
    return await runtimeGet<RuntimeInfo>(runtimePath(slug));
  } catch (error) {
    // Not an error for this screen: it says so in place of the sign-in form.
    if (error instanceof ApiError && error.status === 404) {
      return { status: "not_found", message: `There is no app at /apps/${slug}.` };
    }
    throw error;
  }
}

/** The running app for the signed-in member whose app token this is; an ApiError in the API's words otherwise. */
export function fetchRunningApp(slug: string, accessToken: string): Promise<RunningInfo> {
  return runtimeGet<RunningInfo>(runtimePath(slug, "/blueprint"), accessToken);
}

const sessionOf = ({ access_token, user }: RuntimeSession): RuntimeSession => ({ access_token, user });

/** The app's owner and the members who joined, for a signed-in member. */
export type { AppMember };

export async function fetchAppMembers(slug: string, accessToken: string | undefined): Promise<AppMember[]> {
  const body = await apiFetch<{ members: AppMember[] }>(runtimePath(slug, "/members"), { bearer: accessToken });
  return body.members;
}

export async function signInToApp(slug: string, email: string, password: string): Promise<RuntimeSession> {
  return sessionOf(
    await apiFetch<RuntimeSession>(runtimePath(slug, "/sign-in"), { method: "POST", body: { email, password } }),
  );
}

/**
 * The app opened with the browser's Plinth sign-in (the console's session cookie): its
 * owner as the first role, a member as theirs. Refused (401/403) when nobody, or
 * somebody who is not in the app, is signed in to Plinth.
 */
export async function openWithPlinthSignIn(slug: string): Promise<RuntimeSession> {
  return sessionOf(await apiFetch<RuntimeSession>(runtimePath(slug, "/session"), { method: "POST" }));
}

/** Creates a Plinth account; an app is joined with it afterwards (joinApp). */
export async function signUpToPlinth(email: string, password: string): Promise<void> {
  await apiFetch("/api/auth/sign-up", { method: "POST", body: { email, password } });
}

/** Accepts an invitation with a Plinth account, binding it to that account, and signs in. */
export async function joinApp(slug: string, email: string, password: string, invite: string): Promise<RuntimeSession> {
  return sessionOf(
    await apiFetch<RuntimeSession>(runtimePath(slug, "/join"), {
      method: "POST",
      body: { email, password, invite },
    }),
  );
}

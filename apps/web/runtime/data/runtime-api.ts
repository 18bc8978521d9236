/** The control plane's runtime endpoints: what an app is and how its end users sign in. */
import type { BlueprintV2 } from "@plinth/blueprint";
import type { RuntimeUser } from "../config/filters";

export interface AppSummary {
  id: string;
  name: string;
  slug: string;
}

export type RuntimeInfo =
  | { status: "not_found"; message: string }
  | { status: "stopped" | "unavailable"; app: AppSummary; message: string }
  | {
      status: "running";
      app: AppSummary;
      version: number | null;
      blueprint: BlueprintV2;
      data_api: { url?: string | null; path: string; schema: string; anon_key: string };
    };

export type RunningInfo = Extract<RuntimeInfo, { status: "running" }>;

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

export async function signInToApp(slug: string, email: string, password: string): Promise<RuntimeSession> {
  let response: Response;
  try {
    response = await fetch(`/api/runtime/${encodeURIComponent(slug)}/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw new RuntimeApiError(0, UNREACHABLE);
  }
  const body = (await readJson(response)) as
    | { access_token: string; user: RuntimeUser; error?: { message?: string } }
    | undefined;
  if (!response.ok || !body?.access_token) {
    throw new RuntimeApiError(response.status, body?.error?.message ?? "Signing in failed; try again.");
  }
  return { access_token: body.access_token, user: body.user };
}

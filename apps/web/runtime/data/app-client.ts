/**
 * How the runtime reaches an app's data API: PostgREST at /rest/v1, Realtime at
 * /realtime/v1 and Storage at /storage/v1 (Plinth's, or a hosted Supabase project's),
 * with the signed-in user's token, as supabase-js's client sends them. Built from its
 * parts rather than with createClient, which brings the auth, storage and functions
 * clients (about 130 KB of script) to every app page: the runtime's users sign in
 * through Plinth, and realtime and storage load when first used, after the first page.
 */
import { PostgrestClient } from "@supabase/postgrest-js";
import type { RealtimeClient } from "@supabase/realtime-js";
import type { StorageClient } from "@supabase/storage-js";
import type { RunningInfo } from "./runtime-api";

/** The signed-in user's app token, read on every request (it changes on sign-in and sign-out). */
export type Token = () => string | undefined;

function dataApiUrl(info: RunningInfo, origin: string, path: string): URL {
  return new URL(path, `${(info.data_api.url ?? origin).replace(/\/+$/, "")}/`);
}

/** fetch with the data API's key and the user's token (the key itself when signed out), unless a request sets its own. */
export function fetchWithToken(anonKey: string, token: Token): typeof fetch {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    if (!headers.has("apikey")) headers.set("apikey", anonKey);
    if (!headers.has("authorization")) headers.set("authorization", `Bearer ${token() ?? anonKey}`);
    return fetch(input, { ...init, headers });
  };
}

export function restClient(info: RunningInfo, token: Token, origin: string) {
  return new PostgrestClient(dataApiUrl(info, origin, "rest/v1").href, {
    schema: info.data_api.schema,
    fetch: fetchWithToken(info.data_api.anon_key, token),
  });
}

export async function realtimeClient(info: RunningInfo, token: Token, origin: string): Promise<RealtimeClient> {
  const { RealtimeClient } = await import("@supabase/realtime-js");
  const url = dataApiUrl(info, origin, "realtime/v1");
  url.protocol = url.protocol.replace("http", "ws");
  const client = new RealtimeClient(url.href, {
    accessToken: async () => token() ?? null,
    params: { apikey: info.data_api.anon_key },
  });
  // A channel joined before the client has asked for the token joins without it and is
  // refused; asked first, the token is there before any block follows a table.
  await client.setAuth().catch(() => undefined);
  return client;
}

export async function storageClient(info: RunningInfo, token: Token, origin: string): Promise<StorageClient> {
  const { StorageClient } = await import("@supabase/storage-js");
  return new StorageClient(
    dataApiUrl(info, origin, "storage/v1").href,
    {},
    fetchWithToken(info.data_api.anon_key, token),
  );
}

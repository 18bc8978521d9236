/**
 * The data and live providers of one app: unmodified @refinedev/supabase over one
 * supabase-js client, pointed at the app's schema on Plinth's /rest/v1 and
 * /realtime/v1 (or a hosted Supabase when the API says so), sending the signed-in
 * user's token on every request and channel.
 */
import type { DataProvider, LiveProvider } from "@refinedev/core";
import { dataProvider, liveProvider } from "@refinedev/supabase";
import { createClient } from "@supabase/supabase-js";
import type { RunningInfo } from "./runtime-api";

export function createAppProviders(
  info: RunningInfo,
  token: () => string | undefined,
  origin: string = window.location.origin,
): { dataProvider: DataProvider; liveProvider: LiveProvider } {
  const client = createClient(info.data_api.url ?? origin, info.data_api.anon_key, {
    db: { schema: info.data_api.schema },
    accessToken: async () => token() ?? null,
  });
  return { dataProvider: dataProvider(client), liveProvider: liveProvider(client) };
}

/**
 * The data provider of one app: unmodified @refinedev/supabase over supabase-js,
 * pointed at the app's schema on Plinth's /rest/v1 (or a hosted Supabase when the API
 * says so), sending the signed-in user's token on every request.
 */
import type { DataProvider } from "@refinedev/core";
import { dataProvider } from "@refinedev/supabase";
import { createClient } from "@supabase/supabase-js";
import type { RunningInfo } from "./runtime-api";

export function createAppDataProvider(
  info: RunningInfo,
  token: () => string | undefined,
  origin: string = window.location.origin,
): DataProvider {
  const client = createClient(info.data_api.url ?? origin, info.data_api.anon_key, {
    db: { schema: info.data_api.schema },
    accessToken: async () => token() ?? null,
  });
  return dataProvider(client);
}

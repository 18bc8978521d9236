/**
 * The data and live providers of one app: unmodified @refinedev/supabase over the
 * PostgREST and Realtime clients of supabase-js (app-client.ts), pointed at the app's
 * schema on Plinth's /rest/v1 and /realtime/v1 (or a hosted Supabase when the API says
 * so), sending the signed-in user's token on every request and channel.
 */
import type {
  BaseRecord,
  CrudFilter,
  DataProvider,
  HttpError,
  LiveEvent,
  LiveProvider,
  UpdateParams,
} from "@refinedev/core";
import { dataProvider, liveProvider } from "@refinedev/supabase";
import type { SupabaseClient } from "@supabase/supabase-js";
import { realtimeClient, restClient, type Token } from "./app-client";
import type { RunningInfo } from "./runtime-api";

export function createAppProviders(
  info: RunningInfo,
  token: Token,
  origin: string = window.location.origin,
): { dataProvider: DataProvider; liveProvider: LiveProvider } {
  // The providers use only these parts of a supabase-js client: the PostgREST client's
  // from() and schema(), a realtime client's channel() and removeChannel(), and the schema's name.
  const rest = restClient(info, token, origin);
  return {
    dataProvider: refusedWhenUnchanged(dataProvider(rest as unknown as SupabaseClient)),
    liveProvider: loadedOnFirstUse(async () => {
      const realtime = await realtimeClient(info, token, origin);
      const client = {
        channel: realtime.channel.bind(realtime),
        removeChannel: realtime.removeChannel.bind(realtime),
        rest: { schemaName: info.data_api.schema },
      } as unknown as SupabaseClient;
      return coalesceBursts(onRealtimeFilters(liveProvider(withOwnChannels(client))));
    }),
  };
}

/**
 * A live provider made when the first block follows a table, not with the page: its
 * realtime client is loaded then, while the block's first rows are on their way, and
 * live updates start once it is there. A subscription ended before that never starts;
 * a provider that failed to load is tried again by the next subscription.
 */
export function loadedOnFirstUse(load: () => Promise<LiveProvider>): LiveProvider {
  let loading: Promise<LiveProvider> | undefined;
  type Subscription = { live?: LiveProvider; inner?: unknown; ended: boolean };
  return {
    subscribe: (params) => {
      const subscription: Subscription = { ended: false };
      const current = loading ?? load();
      loading = current;
      current.then(
        (live) => {
          if (subscription.ended) return;
          subscription.live = live;
          subscription.inner = live.subscribe(params);
        },
        () => {
          if (loading === current) loading = undefined;
        },
      );
      return subscription;
    },
    unsubscribe: (subscription: Subscription) => {
      subscription.ended = true;
      subscription.live?.unsubscribe(subscription.inner);
    },
  };
}

/**
 * An update whose row is outside the role's update scope changes nothing and the data API
 * answers with no row rather than an error (row-level security filters, it does not
 * refuse); the Supabase provider would then report success. It is a refusal, with the
 * database's code for one, so the screen explains it instead of saying "Saved."
 */
export function refusedWhenUnchanged(provider: DataProvider): DataProvider {
  return {
    ...provider,
    update: async <TData extends BaseRecord = BaseRecord, TVariables = unknown>(params: UpdateParams<TVariables>) => {
      const result = await provider.update<TData, TVariables>(params);
      if (result.data !== undefined && result.data !== null) return result;
      const refusal: HttpError = {
        statusCode: 403,
        code: "42501",
        message: "Nothing was changed: this record is not one your role may change, or it was deleted.",
      };
      throw refusal;
    },
  };
}

/**
 * supabase-js hands back the channel it already has for a topic, and refine names the
 * topic after the resource and filters, so two blocks following the same table would
 * share one channel and the second one's listeners would throw (and take the page down).
 * A topic of its own per channel keeps each block's channel, and its removal, apart. The
 * topic is numbered at the client, not in refine's channel name, from which refine reads
 * the table to follow.
 */
export function withOwnChannels<C extends Pick<SupabaseClient, "channel">>(client: C): C {
  let opened = 0;
  return new Proxy(client, {
    get(target, property) {
      if (property === "channel") {
        return (name: string, options?: Parameters<C["channel"]>[1]) => target.channel(`${name}#${++opened}`, options);
      }
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** Filters Supabase Realtime can apply to a change; refine writes these as "field=op.value". */
const REALTIME_OPERATORS = new Set(["eq", "ne", "lt", "lte", "gt", "gte"]);

/**
 * Realtime refuses a channel whose filter it cannot apply (a table's search is `ilike`),
 * and the list would then never refresh. Following the table under only the filters it
 * can apply hears every change the list could care about; refine re-reads the list with
 * all of its filters anyway.
 */
export function onRealtimeFilters(live: LiveProvider): LiveProvider {
  const applicable = (filter: CrudFilter) => "field" in filter && REALTIME_OPERATORS.has(filter.operator);
  return {
    ...live,
    subscribe: ({ params, ...rest }) =>
      live.subscribe({ ...rest, params: params && { ...params, filters: params.filters?.filter(applicable) } }),
  };
}

/**
 * A bulk write (an import of thousands of rows) arrives as thousands of changes, and
 * refine re-reads the list for each: thousands of requests that starve the page and the
 * importer's own rate limit. The first change of a burst is passed on at once (a single
 * change still shows within a second), the rest of the burst as one more change at most
 * every `windowMs`.
 */
export function coalesceBursts(live: LiveProvider, windowMs = 500): LiveProvider {
  return {
    ...live,
    subscribe: ({ callback, ...rest }) => {
      let held: LiveEvent | undefined;
      let quiet: ReturnType<typeof setTimeout> | undefined;
      const release = () => {
        quiet = undefined;
        if (!held) return;
        const event = held;
        held = undefined;
        callback(event);
        quiet = setTimeout(release, windowMs);
      };
      return live.subscribe({
        ...rest,
        callback: (event) => {
          if (quiet) {
            held = event;
            return;
          }
          callback(event);
          quiet = setTimeout(release, windowMs);
        },
      });
    },
  };
}

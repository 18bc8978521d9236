import type { DataProvider, LiveEvent, LiveProvider } from "@refinedev/core";
import { liveProvider } from "@refinedev/supabase";
import type { SupabaseClient } from "@supabase/supabase-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import { coalesceBursts, onRealtimeFilters, refusedWhenUnchanged, withOwnChannels } from "./data-provider";

describe("onRealtimeFilters", () => {
  it("follows a searched table under only the filters realtime can apply", () => {
    const seen: unknown[] = [];
    const live = onRealtimeFilters({
      subscribe: ({ params }) => seen.push(params?.filters),
      unsubscribe: () => undefined,
    } as LiveProvider);
    live.subscribe({
      channel: "resources/deals",
      types: ["*"],
      callback: () => undefined,
      params: {
        filters: [
          { field: "title", operator: "contains", value: "acme" },
          { field: "stage", operator: "eq", value: "won" },
          { field: "id", operator: "in", value: ["a", "b"] },
          { operator: "or", value: [{ field: "title", operator: "eq", value: "x" }] },
        ],
      },
    });
    expect(seen).toEqual([[{ field: "stage", operator: "eq", value: "won" }]]);
  });
});

describe("withOwnChannels", () => {
  it("gives two blocks following the same table channels of their own, both on that table", () => {
    const topics: string[] = [];
    const tables: unknown[] = [];
    const fakeClient = {
      channel: (topic: string) => {
        topics.push(topic);
        const channel = {
          on: (_type: string, filter: { table: string }) => {
            tables.push(filter.table);
            return channel;
          },
          subscribe: () => channel,
        };
        return channel;
      },
    } as unknown as SupabaseClient;
    // refine's own live provider, unmodified, over the numbered client.
    const live = liveProvider(withOwnChannels(fakeClient));
    for (let i = 0; i < 2; i++) live.subscribe({ channel: "resources/deals", types: ["*"], callback: () => undefined });
    expect(new Set(topics).size).toBe(2);
    expect(tables).toEqual(["deals", "deals"]);
  });
});

describe("coalesceBursts", () => {
  afterEach(() => vi.useRealTimers());

  it("passes a lone change on at once, and a burst of thousands as two", () => {
    vi.useFakeTimers();
    let send: (event: LiveEvent) => void = () => undefined;
    const live = coalesceBursts(
      {
        subscribe: ({ callback }) => {
          send = callback;
        },
        unsubscribe: () => undefined,
      } as LiveProvider,
      500,
    );
    const heard: LiveEvent[] = [];
    live.subscribe({ channel: "resources/deals", types: ["*"], callback: (event) => heard.push(event) });
    const change = (n: number): LiveEvent => ({
      channel: "resources/deals",
      type: "created",
      date: new Date(),
      payload: { n },
    });

    send(change(0));
    expect(heard).toHaveLength(1);
    vi.advanceTimersByTime(600);
    for (let n = 1; n <= 5_000; n++) send(change(n));
    expect(heard).toHaveLength(2);
    vi.advanceTimersByTime(500);
    expect(heard.map((event) => event.payload.n)).toEqual([0, 1, 5_000]);
    vi.advanceTimersByTime(5_000);
    expect(heard).toHaveLength(3);
  });
});

describe("refusedWhenUnchanged", () => {
  const answering = (data: unknown) =>
    refusedWhenUnchanged({ update: async () => ({ data }) } as unknown as DataProvider);

  it("turns an update that changed no row (outside the role's scope) into a permission refusal", async () => {
    await expect(answering(undefined).update({ resource: "tickets", id: "t1", variables: {} })).rejects.toMatchObject({
      code: "42501",
      statusCode: 403,
    });
  });

  it("passes an update that changed its row through", async () => {
    await expect(answering({ id: "t1" }).update({ resource: "tickets", id: "t1", variables: {} })).resolves.toEqual({
      data: { id: "t1" },
    });
  });
});

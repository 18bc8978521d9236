import type { LiveProvider } from "@refinedev/core";
import { describe, expect, it } from "vitest";
import { onePerSubscription, onRealtimeFilters } from "./data-provider";

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

describe("onePerSubscription", () => {
  it("gives two blocks following the same table channels of their own", () => {
    const channels: string[] = [];
    const live = onePerSubscription({
      subscribe: ({ channel }) => channels.push(channel),
      unsubscribe: () => undefined,
    } as LiveProvider);
    for (let i = 0; i < 2; i++) live.subscribe({ channel: "resources/deals", types: ["*"], callback: () => undefined });
    expect(new Set(channels).size).toBe(2);
    expect(channels.every((channel) => channel.startsWith("resources/deals"))).toBe(true);
  });
});

import type { DataProvider, LiveProvider } from "@refinedev/core";
import { describe, expect, it } from "vitest";
import { onePerSubscription, onRealtimeFilters, refusedWhenUnchanged } from "./data-provider";

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

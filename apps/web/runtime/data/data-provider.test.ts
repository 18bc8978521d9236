import type { LiveProvider } from "@refinedev/core";
import { describe, expect, it } from "vitest";
import { onRealtimeFilters } from "./data-provider";

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

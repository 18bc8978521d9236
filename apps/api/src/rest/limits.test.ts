/**
 * The gate and the request budget on their own: what the route relies on when it
 * admits, queues or refuses a data-API request.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConcurrencyGate, RateWindow, RestLimiter } from "./limits.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("ConcurrencyGate", () => {
  it("hands a freed slot to the longest-waiting request of the same key, and keeps other keys apart", async () => {
    const gate = new ConcurrencyGate({ limit: 1, queueSize: 2, waitMs: 60_000 });
    const first = await gate.enter("a");
    const order: string[] = [];
    const admitted = (name: string) => (leave: (() => void) | null) => {
      order.push(name);
      return leave;
    };
    const second = gate.enter("a").then(admitted("second"));
    const third = gate.enter("a").then(admitted("third"));
    expect(await gate.enter("a")).toBeNull();
    expect(await gate.enter("b")).not.toBeNull();
    first?.();
    (await second)?.();
    (await third)?.();
    expect(order).toEqual(["second", "third"]);
    expect(await gate.enter("a")).not.toBeNull();
  });

  it("refuses a request that waited longer than allowed, and frees its place in the queue", async () => {
    vi.useFakeTimers();
    const gate = new ConcurrencyGate({ limit: 1, queueSize: 1, waitMs: 1_000 });
    const held = await gate.enter("a");
    const waiting = gate.enter("a");
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await waiting).toBeNull();
    const next = gate.enter("a");
    held?.();
    expect(await next).not.toBeNull();
  });
});

describe("RateWindow", () => {
  it("counts a minute per key and says when it reopens", () => {
    let now = 0;
    const window = new RateWindow(2, () => now);
    expect([window.take("u"), window.take("u"), window.take("v")]).toEqual([null, null, null]);
    now = 45_000;
    expect(window.take("u")).toBe(15);
    now = 60_000;
    expect(window.take("u")).toBeNull();
  });
});

describe("RestLimiter", () => {
  it("gives the user's slot back when the app has no room, so the user's next request is not stuck", async () => {
    const limiter = new RestLimiter({
      userRatePerMinute: 100,
      appRatePerMinute: 100,
      userConcurrency: 1,
      appConcurrency: 1,
      queueSize: 0,
      queueWaitMs: 1_000,
    });
    const held = await limiter.admit("app", "alice");
    expect(await limiter.admit("app", "bob")).toEqual({ refused: { reason: "app-busy", retryAfterSeconds: 1 } });
    if ("release" in held) held.release();
    expect(await limiter.admit("app", "bob")).toHaveProperty("release");
  });
});

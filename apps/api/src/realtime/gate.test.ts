import { describe, expect, it } from "vitest";
import { Gate } from "./gate.js";

describe("Gate", () => {
  it("runs at most `limit` tasks at once, in arrival order, and passes on failures", async () => {
    const gate = new Gate(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const task = (n: number) =>
      gate.run(async () => {
        running++;
        most = Math.max(most, running);
        order.push(n);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        if (n === 1) throw new Error("task 1 failed");
        return n;
      });
    const results = [1, 2, 3, 4].map((n) => task(n).catch((e: Error) => e.message));
    while (order.length < 4) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      releases.shift()?.();
    }
    for (const release of releases) release();
    expect(await Promise.all(results)).toEqual(["task 1 failed", 2, 3, 4]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});

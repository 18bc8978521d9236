/**
 * One-shot reads of an app share the connection an admission holds. A one-shot read is
 * one transaction written whole: the caller's role and claims set, then its one
 * statement, up to one Sync (singleReadInRequestContext on a pipelining pool). Several written
 * back to back on one connection run one after another in one backend, each under its
 * own role and claims, so the app still holds only the connections its admissions allow
 * (the noisy-neighbour bound), but its reads no longer wait a round trip each for the
 * one before. `work` must be such a whole transaction: anything that writes a statement
 * after waiting could land inside another request's transaction.
 */
import { poolPipelines } from "@plinth/db";
import type { Pool, PoolClient } from "pg";
import type { Refusal, RestLimiter } from "./limits.js";

/** Reads one connection carries before new ones must be admitted again: a waiting write gets its turn. */
export const READS_PER_CONNECTION = 16;

interface Lane {
  /** The connection, once the admission that opened the lane has its slots; a refusal fails every read of it. */
  client: Promise<PoolClient>;
  /** Reads that joined, and of those the ones not finished. */
  joined: number;
  running: number;
  /** The connection failed under a read: it goes back to the pool to be closed. */
  broken: boolean;
  /** Gives the admission's slots back; set once it has them. */
  release: () => void;
}

/** The lane's admission was refused: every read of it is. */
class LaneRefused extends Error {
  constructor(readonly refusal: Refusal) {
    super("refused");
  }
}

export class SharedReads {
  /** The lane new reads of an app join, while it has room (also while it still waits for its admission). */
  readonly #open = new Map<string, Lane>();

  constructor(private readonly limiter: RestLimiter) {}

  /** Whether reads on `pool` may share connections: only where statements are pipelined, never queued (they would interleave). */
  static possibleOn(pool: Pool): boolean {
    return poolPipelines(pool);
  }

  /**
   * Runs `work` on a shared connection of `appId` from `pool` (the app's server; see
   * possibleOn): one already open with room, else one opened under a fresh admission
   * (which may refuse, as for any request). Every read counts against the per-minute
   * budgets.
   */
  async run<T>(
    pool: Pool,
    appId: string,
    userId: string,
    work: (client: PoolClient) => Promise<T>,
  ): Promise<{ value: T } | { refused: Refusal }> {
    const overBudget = this.limiter.count(appId, userId);
    if (overBudget) return { refused: overBudget };
    const lane = this.#roomIn(appId) ?? this.#openLane(pool, appId, userId);
    lane.joined++;
    lane.running++;
    try {
      const client = await lane.client;
      return { value: await work(client) };
    } catch (error) {
      if (error instanceof LaneRefused) return { refused: error.refusal };
      if (!isDatabaseAnswer(error)) lane.broken = true;
      throw error;
    } finally {
      lane.running--;
      if (lane.running === 0) this.#close(appId, lane);
    }
  }

  #roomIn(appId: string): Lane | undefined {
    const lane = this.#open.get(appId);
    return lane && lane.joined < READS_PER_CONNECTION ? lane : undefined;
  }

  /** Registered at once, so reads arriving while its admission waits join it instead of queueing their own. */
  #openLane(pool: Pool, appId: string, userId: string): Lane {
    const client = this.limiter.enter(appId, userId).then((admission) => {
      if ("refused" in admission) {
        if (this.#open.get(appId) === lane) this.#open.delete(appId);
        throw new LaneRefused(admission.refused);
      }
      lane.release = admission.release;
      return pool.connect();
    });
    const lane: Lane = { client, joined: 0, running: 0, broken: false, release: () => undefined };
    // Every read of the lane awaits it and sees a failure; this keeps it from counting as unhandled.
    lane.client.catch(() => undefined);
    this.#open.set(appId, lane);
    return lane;
  }

  #close(appId: string, lane: Lane): void {
    if (this.#open.get(appId) === lane) this.#open.delete(appId);
    lane.client.then(
      (client) => client.release(lane.broken ? new Error("the connection failed under a shared read") : undefined),
      () => undefined,
    );
    lane.release();
  }
}

/** An error Postgres answered with (it has a SQLSTATE); the connection itself is fine. */
function isDatabaseAnswer(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  return typeof severity === "string" && typeof code === "string";
}

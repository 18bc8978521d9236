/**
 * What keeps one app, or one of its users, from stalling every other tenant of the
 * data API: a request budget per minute and a cap on how many requests may hold a
 * database connection at once, each per user and per app. Requests over a cap wait
 * in a short queue of their own key, so a noisy app waits behind itself, not others.
 */
import { LRUCache } from "lru-cache";
import type { Config } from "../config.js";

/** Why a request was turned away, and when trying again makes sense. */
export interface Refusal {
  reason: "user-rate" | "app-rate" | "user-busy" | "app-busy";
  retryAfterSeconds: number;
}

export type Admission = { release: () => void } | { refused: Refusal };

export interface RestLimitOptions {
  /** Requests per minute per app user, and per app across its users. */
  userRatePerMinute: number;
  appRatePerMinute: number;
  /** Requests holding a database connection at once per app user, and per app. */
  userConcurrency: number;
  appConcurrency: number;
  /** Requests that may wait for a slot per user and per app, and how long each may wait. */
  queueSize: number;
  queueWaitMs: number;
}

const WINDOW_MS = 60_000;
/** Counters kept at most; past this the least recently seen keys start a fresh window. */
const TRACKED_KEYS = 100_000;

/** A fixed one-minute window of requests per key. */
export class RateWindow {
  private readonly windows = new LRUCache<string, { count: number; endsAt: number }>({
    max: TRACKED_KEYS,
    ttl: WINDOW_MS,
  });

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request for `key`; the seconds until its window reopens when it is over budget. */
  take(key: string): number | null {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      window = { count: 0, endsAt: now + WINDOW_MS };
      this.windows.set(key, window);
    }
    if (window.count >= this.perMinute) return Math.max(1, Math.ceil((window.endsAt - now) / 1000));
    window.count++;
    return null;
  }
}

interface Waiter {
  admit(): void;
}

/** At most `limit` holders per key; later arrivals wait in a bounded queue for a bounded time. */
export class ConcurrencyGate {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(private readonly options: { limit: number; queueSize: number; waitMs: number }) {}

  /** A function that gives the slot back, or null when the key's queue is full or the wait ran out. */
  async enter(key: string): Promise<(() => void) | null> {
    const running = this.running.get(key) ?? 0;
    if (running < this.options.limit) {
      this.running.set(key, running + 1);
      return this.releaser(key);
    }
    const queue = this.waiting.get(key) ?? [];
    if (queue.length >= this.options.queueSize) return null;
    this.waiting.set(key, queue);
    const admitted = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        queue.splice(queue.indexOf(waiter), 1);
        if (queue.length === 0) this.waiting.delete(key);
        resolve(false);
      }, this.options.waitMs);
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      queue.push(waiter);
    });
    return admitted ? this.releaser(key) : null;
  }

  private releaser(key: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.leave(key);
    };
  }

  private leave(key: string): void {
    const queue = this.waiting.get(key);
    const next = queue?.shift();
    if (queue?.length === 0) this.waiting.delete(key);
    // The slot passes straight to the next waiter, so the running count stays as it is.
    if (next) {
      next.admit();
      return;
    }
    const running = (this.running.get(key) ?? 1) - 1;
    if (running === 0) this.running.delete(key);
    else this.running.set(key, running);
  }
}

export class RestLimiter {
  private readonly userRate: RateWindow;
  private readonly appRate: RateWindow;
  private readonly userGate: ConcurrencyGate;
  private readonly appGate: ConcurrencyGate;
  private readonly busyRetrySeconds: number;

  constructor(options: RestLimitOptions, now: () => number = Date.now) {
    this.userRate = new RateWindow(options.userRatePerMinute, now);
    this.appRate = new RateWindow(options.appRatePerMinute, now);
    const queue = { queueSize: options.queueSize, waitMs: options.queueWaitMs };
    this.userGate = new ConcurrencyGate({ limit: options.userConcurrency, ...queue });
    this.appGate = new ConcurrencyGate({ limit: options.appConcurrency, ...queue });
    this.busyRetrySeconds = Math.max(1, Math.ceil(options.queueWaitMs / 1000));
  }

  /**
   * Counts one request of `userId` in `appId` against both per-minute budgets; the refusal
   * when either is spent. admit() counts too: this is for a request that needs no slot
   * of its own (a read riding a connection another admission holds, see SharedReads).
   */
  count(appId: string, userId: string): Refusal | null {
    const userWait = this.userRate.take(`${appId}/${userId}`);
    if (userWait !== null) return { reason: "user-rate", retryAfterSeconds: userWait };
    const appWait = this.appRate.take(appId);
    if (appWait !== null) return { reason: "app-rate", retryAfterSeconds: appWait };
    return null;
  }

  /**
   * Admits a request of `userId` in `appId` once both hold a free slot. The user's slot
   * is always taken before the app's, so two requests never wait on each other's.
   */
  async admit(appId: string, userId: string): Promise<Admission> {
    const overBudget = this.count(appId, userId);
    if (overBudget) return { refused: overBudget };
    return this.enter(appId, userId);
  }

  /** The slots of admit() without counting against the budgets (the caller has, with count()). */
  async enter(appId: string, userId: string): Promise<Admission> {
    const userKey = `${appId}/${userId}`;
    const leaveUser = await this.userGate.enter(userKey);
    if (!leaveUser) return { refused: { reason: "user-busy", retryAfterSeconds: this.busyRetrySeconds } };
    const leaveApp = await this.appGate.enter(appId);
    if (!leaveApp) {
      leaveUser();
      return { refused: { reason: "app-busy", retryAfterSeconds: this.busyRetrySeconds } };
    }
    return {
      release: () => {
        leaveApp();
        leaveUser();
      },
    };
  }
}

export function restLimitOptionsOf(config: Config): RestLimitOptions {
  return {
    userRatePerMinute: config.PLINTH_REST_USER_RATE_LIMIT,
    appRatePerMinute: config.PLINTH_REST_APP_RATE_LIMIT,
    userConcurrency: config.PLINTH_REST_USER_CONCURRENCY,
    appConcurrency: config.PLINTH_REST_APP_CONCURRENCY,
    queueSize: config.PLINTH_REST_QUEUE_SIZE,
    queueWaitMs: config.PLINTH_REST_QUEUE_WAIT_MS,
  };
}

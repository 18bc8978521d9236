/**
 * The durable queue that carries generation jobs to a worker: pg-boss on the same
 * Postgres (SKIP LOCKED underneath), sharing the API's pool so it works on the
 * embedded database too.
 */

import type { Pool } from "pg";
import PgBoss from "pg-boss";

export const GENERATION_QUEUE = "generation";

export interface JobQueue {
  enqueue(jobId: string): Promise<void>;
}

export class PgBossQueue implements JobQueue {
  readonly #boss: PgBoss;

  /** `onError` hears pg-boss's own failures (e.g. a lost connection while polling); give it the server's logger. */
  constructor(pool: Pool, onError: (error: Error) => void) {
    this.#boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema: "plinth_jobs",
      // The job row records failures; a failed generation is retried by the founder, not the queue.
      retryLimit: 0,
      expireInSeconds: 15 * 60,
    });
    this.#boss.on("error", onError);
  }

  async start(handler: (jobId: string) => Promise<void>, pollingIntervalSeconds = 0.5): Promise<void> {
    await this.#boss.start();
    await this.#boss.createQueue(GENERATION_QUEUE);
    await this.#boss.work<{ jobId: string }>(
      GENERATION_QUEUE,
      { pollingIntervalSeconds, batchSize: 1 },
      async (jobs) => {
        for (const job of jobs) await handler(job.data.jobId);
      },
    );
  }

  async enqueue(jobId: string): Promise<void> {
    await this.#boss.send(GENERATION_QUEUE, { jobId });
  }

  async stop(): Promise<void> {
    await this.#boss.stop({ graceful: true, timeout: 5_000 });
  }
}

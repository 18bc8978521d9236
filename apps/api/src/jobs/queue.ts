/**
 * The durable queue that carries generation jobs to workers: pg-boss on the same
 * Postgres (SKIP LOCKED underneath), sharing the API's pool so it works on the
 * embedded database too. Several jobs run at once; a job its founder has no free turn
 * for goes back in the queue for a moment, so other founders' jobs take the free slots.
 */

import type { Pool } from "pg";
import PgBoss from "pg-boss";

export const GENERATION_QUEUE = "generation";

/** "later": the job could not start yet (its founder's turns are taken); try it again soon. */
export type JobOutcome = "done" | "later";

/** How long a job that could not start yet waits before a worker looks at it again. */
const RETRY_LATER_SECONDS = 1;

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

  /** Starts `concurrency` workers, each working one job at a time. */
  async start(
    handler: (jobId: string) => Promise<JobOutcome>,
    options: { concurrency: number; pollingIntervalSeconds?: number },
  ): Promise<void> {
    await this.#boss.start();
    await this.#boss.createQueue(GENERATION_QUEUE);
    for (let worker = 0; worker < options.concurrency; worker++) {
      await this.#boss.work<{ jobId: string }>(
        GENERATION_QUEUE,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5, batchSize: 1 },
        async (jobs) => {
          for (const job of jobs) {
            if ((await handler(job.data.jobId)) === "later") {
              await this.#boss.send(GENERATION_QUEUE, job.data, { startAfter: RETRY_LATER_SECONDS });
            }
          }
        },
      );
    }
  }

  async enqueue(jobId: string): Promise<void> {
    await this.#boss.send(GENERATION_QUEUE, { jobId });
  }

  async stop(): Promise<void> {
    await this.#boss.stop({ graceful: true, timeout: 5_000 });
  }
}

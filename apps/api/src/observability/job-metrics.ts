/**
 * Generation-job series, read from the job table at scrape time so the worker's code
 * stays as it is: how long each stage took (from the times its stages were recorded)
 * and how many jobs wait or run. The table is shared, so every API server reports the
 * same jobs: scrape these from one server, or aggregate them with max, not sum.
 */

import type { Pool } from "pg";
import { Gauge, Histogram, type Registry } from "prom-client";
import type { JobStage } from "../jobs/store.js";
import type { Logger } from "./logger.js";

/** How long each stage lasted: until the next stage was recorded, the last one until the job finished. */
export function stageDurations(
  stages: Pick<JobStage, "stage" | "at">[],
  finishedAt: Date,
): { stage: string; seconds: number }[] {
  return stages.map((current, index) => {
    const next = stages[index + 1];
    const end = next ? Date.parse(next.at) : finishedAt.getTime();
    return { stage: current.stage, seconds: Math.max(0, (end - Date.parse(current.at)) / 1000) };
  });
}

export function registerJobMetrics(registry: Registry, pool: Pool, log: Logger): void {
  // Jobs that finished before this server started were counted by its predecessor (if by anyone).
  let countedUntil = new Date().toISOString();
  new Histogram({
    name: "plinth_job_stage_duration_seconds",
    help: "How long a generation job's stage took, observed when the job finishes.",
    labelNames: ["stage"],
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [registry],
    async collect() {
      try {
        // The watermark stays text: a JS Date would drop the microseconds and count the last job again.
        const { rows } = await pool.query<{ stages: JobStage[]; finished_at: Date; finished: string }>(
          `select stages, finished_at, finished_at::text as finished from control_plane.generation_jobs
           where finished_at > $1::timestamptz order by finished_at`,
          [countedUntil],
        );
        for (const row of rows) {
          for (const { stage, seconds } of stageDurations(row.stages, row.finished_at)) {
            this.observe({ stage }, seconds);
          }
          countedUntil = row.finished;
        }
      } catch (err) {
        log.warn({ err }, "reading job stage durations for /metrics failed");
      }
    },
  });
  new Gauge({
    name: "plinth_job_queue_depth",
    help: "Generation jobs waiting for a worker (queued) or being worked on (running).",
    labelNames: ["status"],
    registers: [registry],
    async collect() {
      try {
        // Only unfinished jobs, which the partial index on status covers.
        const { rows } = await pool.query<{ status: string; jobs: string }>(
          `select status, count(*) as jobs from control_plane.generation_jobs
           where status in ('QUEUED', 'RUNNING') group by status`,
        );
        for (const status of ["QUEUED", "RUNNING"]) {
          const jobs = rows.find((row) => row.status === status)?.jobs ?? "0";
          this.set({ status: status.toLowerCase() }, Number(jobs));
        }
      } catch (err) {
        log.warn({ err }, "reading the job queue depth for /metrics failed");
      }
    },
  });
}

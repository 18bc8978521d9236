/**
 * Ends jobs whose worker died (crash, SIGKILL, deploy): a RUNNING job whose heartbeat
 * stopped is failed, and a generate job's half-built app is removed from the database
 * and left in ERROR, so nothing stays RUNNING forever and no schema or role is orphaned.
 */

import type { Pool } from "pg";
import type { Lifecycle } from "../apps/lifecycle.js";
import { findAppById, recordEvent, setAppStatus } from "../apps/store.js";
import type { Logger } from "../observability/logger.js";
import { appendStage, findStaleRunningJobs, finishJob } from "./store.js";

const INTERRUPTED = "The server restarted while this job was running, so it was stopped; please try again.";

export async function recoverInterruptedJobs(
  pool: Pool,
  lifecycle: Lifecycle,
  log: Logger,
  staleAfterSeconds: number,
): Promise<number> {
  const stale = await findStaleRunningJobs(pool, staleAfterSeconds);
  for (const job of stale) {
    const app = await findAppById(pool, job.app_id);
    if (job.kind === "generate" && app && app.status !== "RUNNING") {
      await lifecycle.cleanup(job.app_id);
      await setAppStatus(pool, job.app_id, "ERROR", INTERRUPTED);
    }
    await appendStage(pool, job.id, { stage: "failed", message: INTERRUPTED, at: new Date().toISOString() });
    await finishJob(pool, job.id, { status: "FAILED", errorMessage: INTERRUPTED });
    if (app) await recordEvent(pool, job.app_id, "failed", null, { job_id: job.id, reason: INTERRUPTED });
    log.warn({ job_id: job.id, app_id: job.app_id }, "failed a job interrupted by a restart");
  }
  return stale.length;
}

/**
 * Generation jobs as the control plane records them. The row is the truth a founder
 * sees; the queue only carries the work to a worker.
 */
import { inTransaction } from "@plinth/db";
import type { Pool, PoolClient } from "pg";

type Db = Pool | PoolClient;
export type JobStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";
export type JobKind = "generate" | "refine";

export interface JobStage {
  stage: string;
  message: string;
  at: string;
  detail?: unknown;
}

export interface JobRow {
  id: string;
  app_id: string;
  kind: JobKind;
  status: JobStatus;
  model: string;
  prompt: string;
  stages: JobStage[];
  llm_request: unknown;
  llm_response: unknown;
  usage: unknown;
  problems: unknown;
  error_message: string | null;
  created_by: string | null;
  /** A previewed refinement to apply as it was shown, instead of asking the model again. */
  proposal_id: string | null;
  confirm_destructive: boolean;
  created_at: Date;
  updated_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export async function insertJob(
  db: Db,
  job: {
    appId: string;
    kind: JobKind;
    model: string;
    prompt: string;
    createdBy: string;
    proposalId?: string | null;
    confirmDestructive?: boolean;
  },
): Promise<JobRow> {
  const { rows } = await db.query<JobRow>(
    `insert into control_plane.generation_jobs (app_id, kind, model, prompt, created_by, proposal_id, confirm_destructive)
     values ($1, $2, $3, $4, $5, $6, $7) returning *`,
    [
      job.appId,
      job.kind,
      job.model,
      job.prompt,
      job.createdBy,
      job.proposalId ?? null,
      job.confirmDestructive ?? false,
    ],
  );
  return rows[0] as JobRow;
}

export async function findJob(db: Db, jobId: string): Promise<JobRow | undefined> {
  const { rows } = await db.query<JobRow>("select * from control_plane.generation_jobs where id = $1", [jobId]);
  return rows[0];
}

/** A job of an app the founder owns, or undefined. */
export async function findOwnedJob(db: Db, ownerId: string, jobId: string): Promise<JobRow | undefined> {
  const { rows } = await db.query<JobRow>(
    `select j.* from control_plane.generation_jobs j join control_plane.apps a on a.id = j.app_id
     where j.id = $1 and a.owner_user_id = $2`,
    [jobId, ownerId],
  );
  return rows[0];
}

export async function latestJob(db: Db, appId: string): Promise<JobRow | undefined> {
  const { rows } = await db.query<JobRow>(
    "select * from control_plane.generation_jobs where app_id = $1 order by created_at desc limit 1",
    [appId],
  );
  return rows[0];
}

/**
 * Claims a queued job for a worker. "busy" when its founder already has
 * `perFounder` jobs running, so one founder's burst cannot hold every worker slot;
 * "gone" when the job was taken, finished or deleted. The founder's advisory lock makes
 * the count and the claim one step across workers and replicas.
 */
export async function claimJob(pool: Pool, jobId: string, perFounder: number): Promise<"claimed" | "busy" | "gone"> {
  return inTransaction(pool, {}, async (client) => {
    const { rows } = await client.query<{ owner: string }>(
      `select a.owner_user_id as owner from control_plane.generation_jobs j
       join control_plane.apps a on a.id = j.app_id where j.id = $1 and j.status = 'QUEUED'`,
      [jobId],
    );
    const owner = rows[0]?.owner;
    if (!owner) return "gone";
    await client.query("select pg_advisory_xact_lock(hashtextextended('plinth.founder-jobs:' || $1, 0))", [owner]);
    const running = await client.query<{ count: number }>(
      `select count(*)::int as count from control_plane.generation_jobs j
       join control_plane.apps a on a.id = j.app_id where a.owner_user_id = $1 and j.status = 'RUNNING'`,
      [owner],
    );
    if ((running.rows[0]?.count ?? 0) >= perFounder) return "busy";
    const { rowCount } = await client.query(
      `update control_plane.generation_jobs set status = 'RUNNING', started_at = now(), updated_at = now()
       where id = $1 and status = 'QUEUED'`,
      [jobId],
    );
    return rowCount === 1 ? "claimed" : "gone";
  });
}

/** Ends an app's queued and running jobs, e.g. because the app is being deleted; their workers stop at their next step. */
export async function cancelUnfinishedJobs(db: Db, appId: string, reason: string): Promise<void> {
  await db.query(
    `update control_plane.generation_jobs
     set status = 'FAILED', error_message = $2, finished_at = now(), updated_at = now()
     where app_id = $1 and status in ('QUEUED', 'RUNNING')`,
    [appId, reason],
  );
}

/** False when the job is no longer running (cancelled, or its app deleted): its worker must stop. */
export async function appendStage(db: Db, jobId: string, stage: JobStage): Promise<boolean> {
  const { rowCount } = await db.query(
    `update control_plane.generation_jobs set stages = stages || $2::jsonb, updated_at = now()
     where id = $1 and status = 'RUNNING'`,
    [jobId, JSON.stringify([stage])],
  );
  return rowCount === 1;
}

export async function finishJob(
  db: Db,
  jobId: string,
  result: {
    status: "SUCCEEDED" | "FAILED";
    llmRequest?: unknown;
    llmResponse?: unknown;
    usage?: unknown;
    problems?: unknown;
    errorMessage?: string | null;
  },
): Promise<void> {
  await db.query(
    `update control_plane.generation_jobs
     set status = $2, llm_request = $3, llm_response = $4, usage = $5, problems = $6, error_message = $7,
         finished_at = now(), updated_at = now()
     where id = $1 and status = 'RUNNING'`,
    [
      jobId,
      result.status,
      JSON.stringify(result.llmRequest ?? null),
      JSON.stringify(result.llmResponse ?? null),
      JSON.stringify(result.usage ?? null),
      JSON.stringify(result.problems ?? null),
      result.errorMessage ?? null,
    ],
  );
}

/**
 * Jobs a worker was running when it died: RUNNING with no progress for longer than
 * `staleSeconds`. Returned so the caller can fail them and clean up their apps.
 */
export async function findStaleRunningJobs(db: Db, staleSeconds: number): Promise<JobRow[]> {
  const { rows } = await db.query<JobRow>(
    `select * from control_plane.generation_jobs
     where status = 'RUNNING' and updated_at < now() - make_interval(secs => $1)`,
    [staleSeconds],
  );
  return rows;
}

/**
 * Keeps a running job from looking stale while a long model call is under way; false
 * when the job is no longer running, so the worker can abandon the call.
 */
export async function touchJob(db: Db, jobId: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "update control_plane.generation_jobs set updated_at = now() where id = $1 and status = 'RUNNING'",
    [jobId],
  );
  return rowCount === 1;
}

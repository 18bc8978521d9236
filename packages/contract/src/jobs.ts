import { z } from "zod";

export const jobStatus = z.enum(["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"]);
export type JobStatus = z.infer<typeof jobStatus>;

/** One step of a job's progress, as the stream and the job record show it. */
export const jobStage = z.object({
  stage: z.string(),
  message: z.string(),
  at: z.string(),
  detail: z.unknown().optional(),
});
export type JobStage = z.infer<typeof jobStage>;

/** Tokens (and cost) of the model calls a job made; the model may report more. */
export const jobUsage = z.looseObject({
  prompt_tokens: z.number().optional(),
  completion_tokens: z.number().optional(),
  total_tokens: z.number().optional(),
});
export type JobUsage = z.infer<typeof jobUsage>;

export const job = z.object({
  id: z.string(),
  app_id: z.string(),
  kind: z.enum(["generate", "refine"]),
  status: jobStatus,
  model: z.string(),
  prompt: z.string(),
  stages: z.array(jobStage),
  usage: jobUsage.nullable(),
  problems: z.unknown(),
  error_message: z.string().nullable(),
  llm_request: z.unknown(),
  llm_response: z.unknown(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});
export type Job = z.infer<typeof job>;

export const jobParams = z.object({ id: z.string().uuid("The job id is a UUID.") });

export const jobResponse = z.object({ job });

/** The last event of a job's progress stream (GET /api/jobs/:id/events, event "done"). */
export const jobDone = z.object({ status: jobStatus, error_message: z.string().nullable(), app_id: z.string() });
export type JobDone = z.infer<typeof jobDone>;

/** A job accepted for work (202): follow it at /api/jobs/:job_id/events. */
export const startedJob = z.object({ job_id: z.string(), app_id: z.string() });
export type StartedJob = z.infer<typeof startedJob>;

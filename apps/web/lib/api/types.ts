/** The control-plane API JSON shapes as the web app reads them (see the routes.ts files under apps/api/src). */

export interface User {
  id: string;
  email: string;
  display_name?: string | null;
}

export interface Model {
  id: string;
  label: string;
  available: boolean;
}

export type AppStatus = "DRAFT" | "RUNNING" | "STOPPED" | "ERROR" | "DELETING";

export interface AppSummary {
  id: string;
  name: string;
  slug: string;
  status: AppStatus;
  status_reason: string | null;
  created_at: string;
  updated_at: string;
  latest_version: number | null;
  db_schema: string | null;
  runtime_url: string;
}

export type JobStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED";

export interface JobStage {
  stage: string;
  message: string;
  at: string;
  detail?: unknown;
}

export interface JobUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  [key: string]: unknown;
}

export interface Job {
  id: string;
  app_id: string;
  kind: "generate" | "refine";
  status: JobStatus;
  model: string;
  prompt: string;
  stages: JobStage[];
  usage: JobUsage | null;
  problems: unknown;
  error_message: string | null;
  llm_request: unknown;
  llm_response: unknown;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** The last event of a job's progress stream. */
export interface JobDone {
  status: JobStatus;
  error_message: string | null;
  app_id: string;
}

export interface BlueprintMeta {
  version: number;
  hash: string;
  source: string;
  created_at: string;
}

export interface AppDetail {
  app: AppSummary;
  blueprint: BlueprintMeta | null;
  latest_job: Job | null;
}

export interface BlueprintVersion extends BlueprintMeta {
  /** The BlueprintV2 document as stored (already validated by the API). */
  blueprint: unknown;
}

export interface HistoryVersion {
  version: number;
  blueprint_hash: string;
  source: string;
  note: string | null;
  created_at: string;
}

export interface HistoryEvent {
  id: string | number;
  event: string;
  actor_email: string | null;
  detail: unknown;
  created_at: string;
}

export interface History {
  versions: HistoryVersion[];
  events: HistoryEvent[];
}

export interface RoleOption {
  name: string;
  label: string;
}

export interface Member {
  email: string;
  role: string;
  team_ids: string[];
  owner: boolean;
  /** False until the invitee has opened their invitation link and joined with a Plinth account. */
  joined: boolean;
}

/** An invitation's answer: the link is shown this once (only its hash is stored), null when none was made. */
export interface InvitedMember {
  member: Member;
  invite_url: string | null;
}

export interface Members {
  roles: RoleOption[];
  default_role: string | undefined;
  members: Member[];
}

export interface StartedJob {
  job_id: string;
  app_id: string;
}

/** What a refinement would change, shown before the founder applies it. */
/** A previewed refinement; applying it by proposal_id migrates to exactly this. */
export interface RefinePreview {
  proposal_id: string;
  from_version: number;
  /** True when the app already matches: nothing would change. */
  empty: boolean;
  summary: string[];
  /** What would be deleted; applying then needs an explicit confirmation. */
  data_loss: string[];
  /** Changes to roles, permissions and row filters; applying them needs the same confirmation. */
  access_changes: string[];
  /** Applying needs confirm_destructive: data loss or access changes. */
  destructive: boolean;
  sql: string;
  assumptions: string[];
  not_applied: string[];
}

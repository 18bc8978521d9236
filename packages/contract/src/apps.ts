import { z } from "zod";
import { job } from "./jobs.js";
import { MAX_PROMPT_CHARS, MAX_VERSION, MIN_PROMPT_CHARS } from "./limits.js";

export const appStatus = z.enum(["DRAFT", "RUNNING", "STOPPED", "ERROR", "DELETING"]);
export type AppStatus = z.infer<typeof appStatus>;

export const appSummary = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  status: appStatus,
  status_reason: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  latest_version: z.number().nullable(),
  db_schema: z.string().nullable(),
  /** Where the app's users open it. */
  runtime_url: z.string(),
});
export type AppSummary = z.infer<typeof appSummary>;

export const appList = z.object({ apps: z.array(appSummary) });
export const appResponse = z.object({ app: appSummary });

export const blueprintSource = z.enum(["generate", "refine", "restore"]);

export const blueprintMeta = z.object({
  version: z.number(),
  hash: z.string(),
  source: blueprintSource,
  created_at: z.string(),
});
export type BlueprintMeta = z.infer<typeof blueprintMeta>;

export const appDetail = z.object({ app: appSummary, blueprint: blueprintMeta.nullable(), latest_job: job.nullable() });
export type AppDetail = z.infer<typeof appDetail>;

export const blueprintVersion = blueprintMeta.extend({
  /** The BlueprintV2 document as stored (validated when it was stored; see schemas/blueprint-v2.json). */
  blueprint: z.unknown(),
});
export type BlueprintVersion = z.infer<typeof blueprintVersion>;

export const historyVersion = z.object({
  version: z.number(),
  blueprint_hash: z.string(),
  validation_status: z.enum(["VALID", "INVALID"]),
  source: blueprintSource,
  note: z.string().nullable(),
  created_at: z.string(),
});
export const historyEvent = z.object({
  id: z.union([z.string(), z.number()]),
  event: z.string(),
  actor_email: z.string().nullable(),
  detail: z.unknown(),
  created_at: z.string(),
});
export const history = z.object({ versions: z.array(historyVersion), events: z.array(historyEvent) });
export type History = z.infer<typeof history>;
export type HistoryEvent = z.infer<typeof historyEvent>;
export type HistoryVersion = z.infer<typeof historyVersion>;

export const appParams = z.object({ id: z.string().min(1) });

export const versionNumber = z.coerce
  .number({ error: "The version is a whole number." })
  .int("The version is a whole number.")
  .positive("The version is 1 or more.")
  .max(MAX_VERSION, `The version is at most ${MAX_VERSION}.`);

export const blueprintParams = z.object({
  id: z.string(),
  version: z.union([z.literal("latest"), versionNumber], {
    error: `The version is "latest" or a number from 1 to ${MAX_VERSION}.`,
  }),
});
export const restoreParams = z.object({ id: z.string(), version: versionNumber });

/** What a founder writes for the model: a new app ("app") or a change to one ("change"). */
export const promptText = (what: "app" | "change") =>
  z
    .string()
    .trim()
    .min(
      MIN_PROMPT_CHARS,
      what === "app"
        ? "Describe your app in a few words first."
        : "Describe the change in a few words, such as “add a due date to tasks”.",
    )
    .max(
      MAX_PROMPT_CHARS,
      `Keep the ${what === "app" ? "description" : "change"} under ${MAX_PROMPT_CHARS.toLocaleString("en")} characters.`,
    );

/** A model id from GET /api/models; the API also checks that it is one of them. */
export const modelId = z.string().default("offline");

export const generateBody = z.object({ prompt: promptText("app"), model: modelId });
export type GenerateBody = z.input<typeof generateBody>;

export const refinePreviewBody = z.object({ instruction: promptText("change"), model: modelId });
export type RefinePreviewBody = z.input<typeof refinePreviewBody>;

export const refineBody = refinePreviewBody.extend({
  /** Apply a previewed change as it was shown (from /refine/preview). */
  proposal_id: z.string().uuid("proposal_id is the id a preview returned.").optional(),
  /** Needed when the change loses data or changes who can see or change what. */
  confirm_destructive: z.boolean().default(false),
});
export type RefineBody = z.input<typeof refineBody>;

/** A previewed refinement; applying it by proposal_id migrates to exactly this. */
export const refinePreview = z.object({
  proposal_id: z.string(),
  from_version: z.number(),
  /** True when the app already matches: nothing would change. */
  empty: z.boolean(),
  summary: z.array(z.string()),
  /** What would be deleted; applying then needs an explicit confirmation. */
  data_loss: z.array(z.string()),
  /** Changes to roles, permissions and row filters; applying them needs the same confirmation. */
  access_changes: z.array(z.string()),
  /** Rules existing rows must already meet; a violating row stops the migration. */
  checks: z.array(z.string()),
  /** Applying needs confirm_destructive: data loss or access changes. */
  destructive: z.boolean(),
  sql: z.string(),
  assumptions: z.array(z.string()),
  not_applied: z.array(z.string()),
});
export type RefinePreview = z.infer<typeof refinePreview>;

/** A blueprint the founder edited directly (the app page's editor): previewed like a refinement. */
export const blueprintPreviewBody = z.object({
  blueprint: z.record(z.string(), z.unknown()),
  /** What the founder changed, in a line, for the version's history. */
  note: z.string().trim().min(1).max(500).default("Edited in the editor"),
});
export type BlueprintPreviewBody = z.input<typeof blueprintPreviewBody>;

/** What restoring a version would do, shown before the founder confirms it. */
export const restorePreview = refinePreview
  .pick({
    from_version: true,
    empty: true,
    summary: true,
    data_loss: true,
    access_changes: true,
    checks: true,
    destructive: true,
    sql: true,
  })
  .extend({ to_version: z.number() });
export type RestorePreview = z.infer<typeof restorePreview>;

export const restoreBody = z
  .object({ confirm_destructive: z.boolean().default(false) })
  .default({ confirm_destructive: false });

export const restored = z.object({ app: appSummary, version: z.number() });

export const model = z.object({ id: z.string(), label: z.string(), available: z.boolean() });
export type Model = z.infer<typeof model>;
export const modelList = z.object({ models: z.array(model) });

export const serverHealth = z.object({
  /** The server's name in the control plane ("default" is the control plane's own database). */
  name: z.string(),
  state: z.enum(["open", "draining", "closed"]),
  /** Whether the server answered a query just now. */
  reachable: z.boolean(),
  /** Apps placed on the server (their data API requests answer 503 while it is unreachable). */
  apps: z.number().int(),
  /** Why the server did not answer, for the operator. */
  error: z.string().optional(),
});

export const health = z.object({
  /** "degraded" when a database server holding apps does not answer; the control plane itself still works. */
  status: z.enum(["ok", "degraded"]),
  /** e.g. "PostgreSQL 15.20 at 127.0.0.1:5432" or "embedded PGlite". */
  database: z.string(),
  /** Every database server apps are placed on. */
  servers: z.array(serverHealth),
});

/** The sample rows an app holds (GET/POST/DELETE /api/apps/:id/sample-data): how many, in how many tables. */
export const sampleDataState = z.object({ rows: z.number().int(), tables: z.number().int() });
export type SampleDataState = z.infer<typeof sampleDataState>;

/**
 * The API's configuration, read once from the environment. Every variable is
 * documented in the README's configuration reference.
 */
import { availableParallelism } from "node:os";
import { z } from "zod";
import { jwtSecretProblem } from "./secret.js";
import { DEFAULT_FILE_TYPES, DEFAULT_MAX_FILE_BYTES } from "./storage/file-limits.js";

/** A comma-separated list, e.g. "127.0.0.1, 10.0.0.0/8". */
const list = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().default("127.0.0.1"),
    /** A Postgres server; when unset Plinth runs on the embedded PGlite database. */
    DATABASE_URL: z.string().url().optional(),
    /** The data API's login role's password, set on the role at start-up (password-authenticated servers, PostgREST). */
    PLINTH_AUTHENTICATOR_PASSWORD: z.string().optional(),
    /** The data API's own connection string, when not DATABASE_URL as plinth_authenticator. */
    PLINTH_REST_DATABASE_URL: z.string().url().optional(),
    /**
     * More Postgres servers to place apps on, registered at start-up when not yet known:
     * "name=postgres://…,name2=postgres://…" (the control plane's own database is "default").
     */
    PLINTH_DATABASE_SERVERS: list
      .pipe(
        z.array(
          z
            .string()
            .regex(/^[a-z][a-z0-9-]{0,39}=postgres(ql)?:\/\/.+/, {
              message:
                'each server is "name=postgres://user:password@host:port/database", its name lowercase letters, digits and hyphens',
            })
            .transform((entry) => ({
              name: entry.slice(0, entry.indexOf("=")),
              ddlUrl: entry.slice(entry.indexOf("=") + 1),
            })),
        ),
      )
      .default([]),
    /** Where the embedded database and the generated JWT secret are kept. */
    PLINTH_DATA_DIR: z.string().default(".plinth-data"),
    /** HS256 secret for every token; generated and kept in the data folder when unset. */
    PLINTH_JWT_SECRET: z
      .string()
      .superRefine((secret, ctx) => {
        const problem = jwtSecretProblem(secret);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional(),
    /** An SMTP server for password reset and address verification mail (smtp://user:pass@host:port); none when unset. */
    PLINTH_SMTP_URL: z.string().url().optional(),
    /** Who Plinth's mail comes from. */
    PLINTH_MAIL_FROM: z.string().default("Plinth <no-reply@plinth.localhost>"),
    /** Where the web app is reachable, used to build each app's runtime URL. */
    PLINTH_WEB_URL: z.string().url().default("http://localhost:3000"),
    /** The data API the runtime talks to, when not Plinth's own /rest/v1 (e.g. a Supabase project URL). */
    PLINTH_DATA_API_URL: z.string().url().optional(),
    PLINTH_DATA_API_ANON_KEY: z.string().optional(),
    /** Longest a data-API statement may run before Postgres cancels it. */
    PLINTH_REST_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    /** Most rows one data-API read returns, and each embed per row, whatever limit it asks for (PostgREST's db-max-rows). */
    PLINTH_DB_MAX_ROWS: z.coerce.number().int().positive().default(1_000),
    /**
     * Whether data-API reads may aggregate (`select=amount.sum()`); PostgREST's
     * db-aggregates-enabled, off there by default, on for Plinth apps: the runtime's
     * STAT-CARD and CHART total every row in the database this way.
     */
    PLINTH_DB_AGGREGATES_ENABLED: z
      .enum(["true", "false"])
      .default("true")
      .transform((value) => value === "true"),
    /** Whether the data API honours `Prefer: tx=rollback` (PostgREST's db-tx-end=commit-allow-override; off as there). */
    PLINTH_DB_TX_ALLOW_OVERRIDE: z
      .enum(["true", "false"])
      .default("false")
      .transform((value) => value === "true"),
    /** Most rows one data-API insert or upsert may carry. */
    PLINTH_MAX_WRITE_ROWS: z.coerce.number().int().positive().default(1_000),
    /** Largest request body the data API accepts (a write's rows), in bytes. */
    PLINTH_REST_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
    /** Data-API requests per minute per app user, and per app across all its users. */
    PLINTH_REST_USER_RATE_LIMIT: z.coerce.number().int().positive().default(3_000),
    PLINTH_REST_APP_RATE_LIMIT: z.coerce.number().int().positive().default(12_000),
    /**
     * Data-API requests holding a database connection at once per app user, and per app
     * (the pool has 20). An app's statements may keep half the cores busy and no more,
     * so another app is served at once: 1 on 2 cores (measured by `npm run bench -- rest`).
     */
    PLINTH_REST_USER_CONCURRENCY: z.coerce.number().int().positive().default(1),
    PLINTH_REST_APP_CONCURRENCY: z.coerce
      .number()
      .int()
      .positive()
      .default(() => Math.max(1, Math.floor(availableParallelism() / 2))),
    /** Data-API requests that may wait for a connection slot per user and per app, and how long each may wait. */
    PLINTH_REST_QUEUE_SIZE: z.coerce.number().int().min(0).default(100),
    PLINTH_REST_QUEUE_WAIT_MS: z.coerce.number().int().positive().default(5_000),
    /** How often live-update channels are checked against their app's state and their member's access. */
    PLINTH_REALTIME_CHECK_MS: z.coerce.number().int().positive().default(2_000),
    /** Live-update re-reads (one per viewer per change) holding a data-API connection at once. */
    PLINTH_REALTIME_READ_CONCURRENCY: z.coerce.number().int().positive().default(4),
    /** Sign-in attempts per minute per address. */
    PLINTH_SIGNIN_RATE_LIMIT: z.coerce.number().int().positive().default(10),
    /** Failed sign-ins per account in 15 minutes, from any address, before it is held. */
    PLINTH_SIGNIN_ACCOUNT_LIMIT: z.coerce.number().int().positive().default(10),
    /** Proxies whose X-Forwarded-For is believed (addresses, CIDRs or "loopback"); the web app proxies over loopback. */
    PLINTH_TRUSTED_PROXIES: list.default(["loopback"]),
    /** Origins whose pages may make cookie-authenticated writes; the origin of PLINTH_WEB_URL when unset. */
    PLINTH_WEB_ORIGIN: list.pipe(z.array(z.string().url())).optional(),
    /** Reads of an app's runtime description (GET /api/runtime/...) per minute per address. */
    PLINTH_RUNTIME_RATE_LIMIT: z.coerce.number().int().positive().default(120),
    /** Generation and refine requests per hour per founder. */
    PLINTH_GENERATE_RATE_LIMIT: z.coerce.number().int().positive().default(30),
    /** A RUNNING job whose worker has not reported for this long is failed as interrupted. */
    PLINTH_JOB_STALE_SECONDS: z.coerce.number().int().min(2).default(20),
    /** When set, /metrics answers only requests bearing it; when unset, only direct connections from this machine. */
    PLINTH_METRICS_TOKEN: z.string().min(16, "PLINTH_METRICS_TOKEN must be at least 16 characters").optional(),
    /** Generation and refine jobs worked at once, and how many of them one founder may hold. */
    PLINTH_JOB_CONCURRENCY: z.coerce.number().int().positive().default(4),
    PLINTH_JOB_CONCURRENCY_PER_FOUNDER: z.coerce.number().int().positive().default(2),
    /** Largest file one upload may carry, and the content types file columns accept (image columns: the image/* ones). */
    PLINTH_STORAGE_MAX_FILE_BYTES: z.coerce.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
    PLINTH_STORAGE_FILE_TYPES: list.default(DEFAULT_FILE_TYPES),
    /** S3-compatible object storage for uploaded files (e.g. MinIO); when unset, files live in the data folder. */
    PLINTH_S3_ENDPOINT: z.string().url().optional(),
    PLINTH_S3_BUCKET: z.string().min(1).optional(),
    PLINTH_S3_REGION: z.string().min(1).default("us-east-1"),
    PLINTH_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    PLINTH_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    OPENROUTER_API_KEY: z.string().optional(),
  })
  .superRefine((config, ctx) => {
    if (config.PLINTH_DATABASE_SERVERS.length > 0 && !config.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["PLINTH_DATABASE_SERVERS"],
        message: "more database servers need the control plane on Postgres too: set DATABASE_URL",
      });
    }
    if (!config.PLINTH_S3_ENDPOINT) return;
    for (const name of ["PLINTH_S3_BUCKET", "PLINTH_S3_ACCESS_KEY_ID", "PLINTH_S3_SECRET_ACCESS_KEY"] as const) {
      if (!config[name]) {
        ctx.addIssue({ code: "custom", path: [name], message: `${name} is needed when PLINTH_S3_ENDPOINT is set` });
      }
    }
  });

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Plinth's configuration is invalid:\n${lines.join("\n")}\nFix the environment variables above.`);
  }
  return parsed.data;
}

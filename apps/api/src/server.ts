/**
 * Builds the Fastify server from its dependencies. No I/O happens here beyond what
 * the routes do per request, so tests build a server around their own database.
 */
import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import sse from "@fastify/sse";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { health, modelList } from "@plinth/contract";
import type { PlanOptions } from "@plinth/rest";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Pool } from "pg";
import type { DestinationStream } from "pino";
import type { AppMigrator } from "./apps/app-migrator.js";
import { exportRoute } from "./apps/export-route.js";
import type { Lifecycle } from "./apps/lifecycle.js";
import { appRoutes } from "./apps/routes.js";
import { sampleDataRoutes } from "./apps/sample-data-routes.js";
import { resetRoutes } from "./auth/reset-routes.js";
import { authRoutes } from "./auth/routes.js";
import { SignInThrottle } from "./auth/sign-in-throttle.js";
import type { TokenService } from "./auth/tokens.js";
import type { Config } from "./config.js";
import { requireSameOriginWrites } from "./http/csrf.js";
import { registerErrorHandler } from "./http/errors.js";
import { refuseNulCharacters } from "./http/nul-characters.js";
import { errorResponses } from "./http/responses.js";
import { addSecurityHeaders } from "./http/security-headers.js";
import { allowedWebOrigins } from "./http/web-origins.js";
import { importRoutes } from "./import/routes.js";
import { jobEventsRoute } from "./jobs/events-route.js";
import type { JobQueue } from "./jobs/queue.js";
import { smtpMailer } from "./mail/mailer.js";
import { memberRoutes } from "./members/routes.js";
import { teamsRoute } from "./members/teams-route.js";
import { registerMetrics } from "./observability/metrics.js";
import { echoRequestId, requestIdFor } from "./observability/request-id.js";
import { serverStatuses } from "./placements/health.js";
import type { ServerRegistry } from "./placements/registry.js";
import type { Listen } from "./realtime/change-feed.js";
import { RealtimeServer } from "./realtime/realtime-server.js";
import { AppDirectory } from "./rest/app-directory.js";
import { RestLimiter, restLimitOptionsOf } from "./rest/limits.js";
import { restRoutes } from "./rest/route.js";
import { peopleRoute } from "./runtime/people-route.js";
import { runtimeRoutes } from "./runtime/routes.js";
import { appPrefix } from "./storage/object-path.js";
import type { ObjectStore } from "./storage/object-store.js";
import { storageRoutes } from "./storage/routes.js";
import { viewRoutes } from "./views/routes.js";

export interface ServerDeps {
  config: Config;
  pool: Pool;
  /** The data API's connections (as the authenticator role) on the control plane's own server, for metrics. */
  restPool: Pool;
  /** Every database server's pools: each app's data is reached on the server it is placed on. */
  servers: ServerRegistry;
  tokens: TokenService;
  lifecycle: Lifecycle;
  migrator: AppMigrator;
  /** Where the model settings (OPENROUTER_*) come from. */
  env: Record<string, string | undefined>;
  queue: JobQueue;
  /** Where uploaded files are kept (storage/store-from-config.ts). */
  storage: ObjectStore;
  models: () => { id: string; label: string; available: boolean }[];
  /** Said in /api/health, e.g. "PostgreSQL 15.20 at 127.0.0.1:5432" or "embedded PGlite". */
  databaseDescription: string;
  /** How live updates hear committed changes on a database server; without it, /realtime/v1 refuses to follow tables. */
  listenForChanges?: (server: string) => Promise<Listen>;
  /** Where the log goes instead of stdout (tests read it). */
  logStream?: DestinationStream;
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: deps.config.LOG_LEVEL,
      redact: ["req.headers.authorization", "req.headers.cookie", "req.headers.apikey", "*.password"],
      ...(deps.logStream && { stream: deps.logStream }),
    },
    // Two log lines per data-API request would cost more than the request; its errors are still logged.
    // A signed file URL carries its token: logging it would hand the file to whoever reads the log.
    logController: new LogController({
      disableRequestLogging: (request) =>
        request.url.startsWith("/rest/") || request.url.startsWith("/storage/v1/object/sign/"),
    }),
    genReqId: requestIdFor,
    bodyLimit: 1024 * 1024,
    // Only these may say who the client is (X-Forwarded-For); anyone else could rotate it past the rate limits.
    trustProxy: deps.config.PLINTH_TRUSTED_PROXIES,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  echoRequestId(app);
  registerMetrics(app, {
    controlPool: deps.pool,
    restPool: deps.restPool,
    externalDatabase: Boolean(deps.config.DATABASE_URL),
    token: deps.config.PLINTH_METRICS_TOKEN,
  });
  app.addHook("preValidation", refuseNulCharacters);

  await app.register(cookie);
  addSecurityHeaders(app);
  requireSameOriginWrites(app, allowedWebOrigins(deps.config.PLINTH_WEB_URL, deps.config.PLINTH_WEB_ORIGIN));
  await app.register(rateLimit, { global: false });
  await app.register(sse);
  await app.register(swagger, {
    openapi: {
      info: { title: "Plinth control plane API", version: "1.0.0" },
      components: {
        securitySchemes: { session: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  app.get(
    "/api/health",
    { schema: { tags: ["health"], response: { 200: health, ...errorResponses(500) } } },
    async () => {
      await deps.pool.query("select 1");
      const servers = (await serverStatuses(deps.pool, deps.servers)).map(
        ({ name, state, reachable, apps, error }) => ({ name, state, reachable, apps, ...(error && { error }) }),
      );
      // A server that does not answer takes down only its own apps: the control plane itself is fine.
      const status = servers.every((s) => s.reachable || s.apps === 0) ? ("ok" as const) : ("degraded" as const);
      return { status, database: deps.databaseDescription, servers };
    },
  );
  app.get(
    "/api/models",
    { schema: { tags: ["apps"], response: { 200: modelList, ...errorResponses(500) } } },
    async () => ({
      models: deps.models(),
    }),
  );

  const accountThrottle = new SignInThrottle({
    maxFailures: deps.config.PLINTH_SIGNIN_ACCOUNT_LIMIT,
    windowMs: 15 * 60_000,
  });
  const mailer = deps.config.PLINTH_SMTP_URL
    ? smtpMailer(deps.config.PLINTH_SMTP_URL, deps.config.PLINTH_MAIL_FROM)
    : undefined;
  if (mailer) app.addHook("onClose", async () => mailer.close());
  // What every route that signs a person in (founder or app user) works with.
  const signingIn = {
    pool: deps.pool,
    tokens: deps.tokens,
    mailer,
    webUrl: deps.config.PLINTH_WEB_URL,
    signInRateLimit: deps.config.PLINTH_SIGNIN_RATE_LIMIT,
    accountThrottle,
  };
  const { startSession } = await authRoutes(app, {
    ...signingIn,
    secureCookies: deps.config.PLINTH_WEB_URL.startsWith("https://"),
  });
  await resetRoutes(app, { ...signingIn, startSession });
  await appRoutes(app, {
    pool: deps.pool,
    tokens: deps.tokens,
    lifecycle: deps.lifecycle,
    queue: deps.queue,
    webUrl: deps.config.PLINTH_WEB_URL,
    generateRateLimit: deps.config.PLINTH_GENERATE_RATE_LIMIT,
    modelIds: () => deps.models().map((m) => m.id),
    migrator: deps.migrator,
    env: deps.env,
    removeFiles: (appId) => deps.storage.removeAll(appPrefix(appId)),
  });
  await exportRoute(app, { pool: deps.pool, servers: deps.servers, tokens: deps.tokens });
  await jobEventsRoute(app, { pool: deps.pool, tokens: deps.tokens });
  await memberRoutes(app, { pool: deps.pool, tokens: deps.tokens, webUrl: deps.config.PLINTH_WEB_URL, mailer });
  await teamsRoute(app, {
    pool: deps.pool,
    servers: deps.servers,
    tokens: deps.tokens,
    statementTimeoutMs: deps.config.PLINTH_REST_STATEMENT_TIMEOUT_MS,
  });
  await runtimeRoutes(app, {
    ...signingIn,
    readRateLimit: deps.config.PLINTH_RUNTIME_RATE_LIMIT,
    dataApi: { url: deps.config.PLINTH_DATA_API_URL, anonKey: deps.config.PLINTH_DATA_API_ANON_KEY },
  });
  const planOptions = {
    maxRows: deps.config.PLINTH_DB_MAX_ROWS,
    maxWriteRows: deps.config.PLINTH_MAX_WRITE_ROWS,
    aggregatesEnabled: deps.config.PLINTH_DB_AGGREGATES_ENABLED,
    transactionOverride: deps.config.PLINTH_DB_TX_ALLOW_OVERRIDE,
  } satisfies Omit<PlanOptions, "estimatesAllowed">;
  await peopleRoute(app, {
    pool: deps.pool,
    tokens: deps.tokens,
    readRateLimit: deps.config.PLINTH_RUNTIME_RATE_LIMIT,
  });
  const directory = new AppDirectory(deps.pool);
  const limiter = new RestLimiter(restLimitOptionsOf(deps.config));
  await viewRoutes(app, { pool: deps.pool, tokens: deps.tokens, directory });
  // What every route that acts on an app's rows as one of its users works with.
  const asAppUser = {
    servers: deps.servers,
    tokens: deps.tokens,
    directory,
    statementTimeoutMs: deps.config.PLINTH_REST_STATEMENT_TIMEOUT_MS,
  };
  await importRoutes(app, { ...asAppUser, pool: deps.pool, planOptions });
  await sampleDataRoutes(app, { ...asAppUser, pool: deps.pool, planOptions });
  await restRoutes(app, {
    ...asAppUser,
    planOptions,
    limiter,
    bodyLimitBytes: deps.config.PLINTH_REST_BODY_LIMIT_BYTES,
  });
  await storageRoutes(app, {
    ...asAppUser,
    store: deps.storage,
    limits: { maxBytes: deps.config.PLINTH_STORAGE_MAX_FILE_BYTES, types: deps.config.PLINTH_STORAGE_FILE_TYPES },
    limiter,
  });
  const realtime = new RealtimeServer({
    ...asAppUser,
    listen: deps.listenForChanges,
    revalidateMs: deps.config.PLINTH_REALTIME_CHECK_MS,
    readConcurrency: deps.config.PLINTH_REALTIME_READ_CONCURRENCY,
    log: app.log,
  });
  await realtime.start();
  app.server.on("upgrade", (request, socket, head) => {
    if (!realtime.handleUpgrade(request, socket, head)) socket.destroy();
  });
  // Open sockets would hold server.close() up; they go first.
  app.addHook("preClose", () => realtime.close());
  return app;
}

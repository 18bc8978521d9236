/**
 * Assembles a running Plinth API: database, migrations, token service, lifecycle,
 * durable job queue and worker, interrupted-job recovery and the HTTP server.
 */
import { listModels } from "@plinth/generate";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import type { DestinationStream } from "pino";
import { AppMigrator } from "./apps/app-migrator.js";
import { Lifecycle } from "./apps/lifecycle.js";
import { TokenService } from "./auth/tokens.js";
import { sessionVersion } from "./auth/users.js";
import type { Config } from "./config.js";
import { type ApiDatabase, openDatabase } from "./database.js";
import { GenerationWorker } from "./jobs/generation-worker.js";
import { PgBossQueue } from "./jobs/queue.js";
import { recoverInterruptedJobs } from "./jobs/recovery.js";
import { AppMover } from "./placements/mover.js";
import { registerConfiguredServers } from "./placements/operator.js";
import { ServerRegistry } from "./placements/registry.js";
import { dedicatedConnection, type Listen, sharedBackend } from "./realtime/change-feed.js";
import { loadOrCreateSecret } from "./secret.js";
import { buildServer } from "./server.js";
import type { ObjectStore } from "./storage/object-store.js";
import { objectStoreFor } from "./storage/store-from-config.js";

export interface RunningPlinth {
  server: FastifyInstance;
  database: ApiDatabase;
  /** Every database server's pools; apps live on the server the control plane places them on. */
  servers: ServerRegistry;
  lifecycle: Lifecycle;
  storage: ObjectStore;
  url: string;
  close(): Promise<void>;
}

export async function startPlinth(
  config: Config,
  env: Record<string, string | undefined> = process.env,
  options: { logStream?: DestinationStream } = {},
) {
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.PLINTH_DATA_DIR,
    authenticatorPassword: config.PLINTH_AUTHENTICATOR_PASSWORD,
    restDatabaseUrl: config.PLINTH_REST_DATABASE_URL,
  });
  const tokens = new TokenService(config.PLINTH_JWT_SECRET ?? loadOrCreateSecret(config.PLINTH_DATA_DIR), {
    founderSessionVersion: (userId) => sessionVersion(database.pool, userId),
  });
  await registerConfiguredServers(database.pool, config.PLINTH_DATABASE_SERVERS, config.PLINTH_AUTHENTICATOR_PASSWORD);
  const servers = new ServerRegistry({
    control: database.pool,
    controlRest: database.restPool,
    authenticatorPassword: config.PLINTH_AUTHENTICATOR_PASSWORD,
  });
  // A move cut short when this process (or another) last stopped leaves a half-made copy; the app never left.
  await new AppMover(database.pool, servers).recoverUnfinished();
  const migrator = new AppMigrator(database.pool, servers);
  const lifecycle = new Lifecycle(database.pool, servers);
  // Its errors come only once it has started, after the server (and its logger) exists.
  const queue = new PgBossQueue(database.pool, (err) => server.log.error({ err }, "job queue error"));
  const storage = objectStoreFor(config);
  const models = () => listModels(env).map((m) => ({ id: m.id, label: m.label, available: m.available }));
  const server = await buildServer({
    config,
    pool: database.pool,
    restPool: database.restPool,
    servers,
    tokens,
    lifecycle,
    migrator,
    env,
    queue,
    storage,
    models,
    databaseDescription: database.description,
    listenForChanges: async (name): Promise<Listen> => {
      if (!servers.isControlPlane(name)) return dedicatedConnection(connectTo(await ddlUrlOf(servers, name)));
      return config.DATABASE_URL ? dedicatedConnection(connectTo(config.DATABASE_URL)) : sharedBackend(database.pool);
    },
    logStream: options.logStream,
  });
  server.log.info(`database: ${database.description}`);
  server.log.info(`file storage: ${storage.description}`);
  const staleSeconds = config.PLINTH_JOB_STALE_SECONDS;
  const worker = new GenerationWorker({
    pool: database.pool,
    lifecycle,
    migrator,
    env,
    log: server.log,
    heartbeatMs: (staleSeconds * 1000) / 4,
    perFounder: config.PLINTH_JOB_CONCURRENCY_PER_FOUNDER,
  });
  const recover = () => recoverInterruptedJobs(database.pool, lifecycle, server.log, staleSeconds);
  await recover();
  const recovery = setInterval(
    () => void recover().catch((err) => server.log.error({ err }, "recovering interrupted jobs failed")),
    (staleSeconds * 1000) / 4,
  );
  await queue.start((jobId) => worker.run(jobId), { concurrency: config.PLINTH_JOB_CONCURRENCY });
  const url = await server.listen({ port: config.PORT, host: config.HOST });
  return {
    server,
    database,
    servers,
    lifecycle,
    storage,
    url,
    async close() {
      clearInterval(recovery);
      await queue.stop();
      await server.close();
      await servers.close();
      await database.close();
    },
  } satisfies RunningPlinth;
}

async function ddlUrlOf(servers: ServerRegistry, name: string): Promise<string> {
  const { ddlUrl } = await servers.describe(name);
  if (!ddlUrl) throw new Error(`database server "${name}" has no connection`);
  return ddlUrl;
}

/** Live updates LISTEN on a connection of their own, outside the pools, for as long as Plinth runs. */
function connectTo(databaseUrl: string): () => Promise<pg.Client> {
  return async () => {
    const client = new pg.Client({ connectionString: databaseUrl, application_name: "plinth-realtime" });
    await client.connect();
    return client;
  };
}

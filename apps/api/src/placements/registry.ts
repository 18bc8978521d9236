/**
 * The connections to every database server, one pair of pools per server (privileged
 * for DDL, plinth_authenticator for the data API): created the first time an app on
 * the server is used, closed after a while unused, at most `maxServers` open at once.
 * Finding a server's pool is a map lookup, so a request costs the same with thousands
 * of apps on tens of servers. The control plane's own server ("default") is served by
 * the API's own pools, which are never closed here.
 */
import { createPool, type Database, inTransaction, type Pool } from "@plinth/db";
import { AUTHENTICATOR_ROLE } from "@plinth/provision";
import type { PoolClient } from "pg";
import { CONTROL_PLANE_SERVER, listServers, type ServerRecord } from "./store.js";

export interface RegistryOptions {
  /** The control plane's pool: server records, and DDL on the "default" server. */
  control: Pool;
  /** The data API's pool on the "default" server. */
  controlRest: Pool;
  /** plinth_authenticator's password, for servers without a rest_url of their own. */
  authenticatorPassword?: string;
  /** Most servers with open pools at once; the least recently used is closed past it. */
  maxServers?: number;
  /** A server's pools unused this long are closed (they reopen on the next request). */
  idleMs?: number;
  /** Connections per server: the data API's pool, and provisioning's. */
  restConnections?: number;
  ddlConnections?: number;
}

interface OpenServer {
  ddl: Pool;
  rest: Pool;
  lastUsed: number;
}

/** A server that does not answer must fail a request quickly, not hold it for the OS's TCP timeout. */
const CONNECT_TIMEOUT_MS = 3_000;

export class UnknownServerError extends Error {
  override name = "UnknownServerError";
}

export class ServerRegistry {
  readonly #open = new Map<string, OpenServer>();
  #records = new Map<string, ServerRecord>();
  readonly #sweep: NodeJS.Timeout;
  readonly #maxServers: number;
  readonly #idleMs: number;

  constructor(private readonly options: RegistryOptions) {
    this.#maxServers = options.maxServers ?? 32;
    this.#idleMs = options.idleMs ?? 5 * 60_000;
    this.#sweep = setInterval(() => void this.#closeIdle(), Math.max(1_000, this.#idleMs / 2));
    this.#sweep.unref();
  }

  get controlPool(): Pool {
    return this.options.control;
  }

  isControlPlane(server: string): boolean {
    return server === CONTROL_PLANE_SERVER;
  }

  /** A privileged pool on the server: provisioning, migrations, start, stop, delete, moves. */
  async ddl(server: string): Promise<Pool> {
    if (this.isControlPlane(server)) return this.options.control;
    return (await this.#server(server)).ddl;
  }

  /** The data API's pool on the server (as plinth_authenticator). */
  async rest(server: string): Promise<Pool> {
    if (this.isControlPlane(server)) return this.options.controlRest;
    return (await this.#server(server)).rest;
  }

  /**
   * Where DDL for an app on `server` runs while the caller holds `controlClient`: the
   * very same connection on the control plane's server (the embedded database has only
   * one, and a second would wait for it forever), the server's own pool elsewhere.
   */
  async on(server: string, controlClient: PoolClient): Promise<Database> {
    return this.isControlPlane(server) ? controlClient : this.ddl(server);
  }

  /**
   * Records in the control plane what a transaction on `server` did, as it commits.
   * On the control plane's server it is the same transaction, so both commit or
   * neither. On another server the control plane's transaction commits inside the
   * server's, just before it: a record that fails rolls the server's work back; only
   * the server failing in the instant between the two commits leaves a record of work
   * that is not there (the cleanup paths remove by name, so they finish the job).
   */
  async record(server: string, serverClient: PoolClient, fn: (controlClient: PoolClient) => Promise<void>) {
    if (this.isControlPlane(server)) return fn(serverClient);
    await inTransaction(this.options.control, {}, fn);
  }

  /** The server's record as the control plane keeps it. */
  async describe(server: string): Promise<ServerRecord> {
    const known = this.#records.get(server);
    if (known) return known;
    this.#records = new Map((await listServers(this.options.control)).map((r) => [r.name, r]));
    const record = this.#records.get(server);
    if (!record) throw new UnknownServerError(`no database server named "${server}" is registered`);
    return record;
  }

  /** Server names with pools open now (for tests and the operator listing). */
  openServers(): string[] {
    return [...this.#open.keys()];
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    const open = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(open.map((s) => Promise.all([s.ddl.end(), s.rest.end()])));
  }

  async #server(name: string): Promise<OpenServer> {
    const open = this.#open.get(name);
    if (open) {
      open.lastUsed = Date.now();
      // The map keeps servers in the order they were last used: the first is the one to close.
      this.#open.delete(name);
      this.#open.set(name, open);
      return open;
    }
    const record = await this.describe(name);
    // Another request may have opened it while the record was read.
    const raced = this.#open.get(name);
    if (raced) return raced;
    if (!record.ddlUrl) throw new UnknownServerError(`database server "${name}" has no connection`);
    if (this.#open.size >= this.#maxServers) this.#closeLeastRecentlyUsed();
    const created: OpenServer = {
      ddl: createPool(record.ddlUrl, {
        max: this.options.ddlConnections ?? 4,
        applicationName: "plinth",
        connectionTimeoutMs: CONNECT_TIMEOUT_MS,
      }),
      rest: createPool(record.restUrl ?? authenticatorUrl(record.ddlUrl, this.options.authenticatorPassword), {
        max: this.options.restConnections ?? 20,
        applicationName: "plinth-rest",
        connectionTimeoutMs: CONNECT_TIMEOUT_MS,
        // Registered servers are real Postgres: a read's BEGIN, settings, statement and COMMIT go in one round trip.
        pipeline: true,
      }),
      lastUsed: Date.now(),
    };
    this.#open.set(name, created);
    return created;
  }

  #closeLeastRecentlyUsed(): void {
    const oldest = this.#open.keys().next();
    if (!oldest.done) this.#end(oldest.value);
  }

  #closeIdle(): void {
    const cutoff = Date.now() - this.#idleMs;
    for (const [name, server] of this.#open) if (server.lastUsed < cutoff) this.#end(name);
  }

  /** Requests already holding a connection finish first: end() waits for them. */
  #end(name: string): void {
    const server = this.#open.get(name);
    this.#open.delete(name);
    this.#records.delete(name);
    if (server) void Promise.all([server.ddl.end(), server.rest.end()]).catch(() => undefined);
  }
}

/** The data API logs in as plinth_authenticator wherever the server's own URL points. */
export function authenticatorUrl(ddlUrl: string, password = ""): string {
  const url = new URL(ddlUrl);
  url.username = AUTHENTICATOR_ROLE;
  url.password = password;
  return url.toString();
}

/**
 * How every database server is doing, for /api/health and the operator's listing: each
 * is asked one query, with a short timeout, all at once, so one server that hangs
 * neither hides the others nor holds the answer up.
 */
import type { Pool } from "@plinth/db";
import type { ServerRegistry } from "./registry.js";
import { listServers, type ServerState, serverLoads } from "./store.js";

export interface ServerStatus {
  name: string;
  state: ServerState;
  capacity: number;
  reachable: boolean;
  apps: number;
  error?: string;
  /** Bytes of app data on the server (schemas app_*), when asked for. */
  appBytes?: number;
}

const PROBE_TIMEOUT_MS = 2_000;

export async function serverStatuses(
  control: Pool,
  servers: ServerRegistry,
  options: { sizes?: boolean; timeoutMs?: number } = {},
): Promise<ServerStatus[]> {
  const [records, loads] = await Promise.all([listServers(control), serverLoads(control)]);
  return Promise.all(
    records.map(async (record): Promise<ServerStatus> => {
      const base = {
        name: record.name,
        state: record.state,
        capacity: record.capacity,
        apps: loads.find((l) => l.name === record.name)?.apps ?? 0,
      };
      try {
        const pool = await servers.ddl(record.name);
        const appBytes = await withTimeout(
          options.sizes ? appDataBytes(pool) : pool.query("select 1").then(() => undefined),
          options.timeoutMs ?? PROBE_TIMEOUT_MS,
        );
        return { ...base, reachable: true, ...(appBytes !== undefined && { appBytes }) };
      } catch (error) {
        return { ...base, reachable: false, error: (error as Error).message };
      }
    }),
  );
}

async function appDataBytes(pool: Pool): Promise<number> {
  const { rows } = await pool.query<{ bytes: string | null }>(
    `select sum(pg_total_relation_size(c.oid))::bigint as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname like 'app\\_%' and c.relkind in ('r', 'p', 'm')`,
  );
  return Number(rows[0]?.bytes ?? 0);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

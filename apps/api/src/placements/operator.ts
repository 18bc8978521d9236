/**
 * What an operator does with servers, as plain functions over the control plane (the
 * CLI in cli.ts prints them): list servers with their apps and sizes, add one, change
 * its capacity or state, move an app, and drain a server by moving every app off it.
 */
import { createPool, type Pool } from "@plinth/db";
import { findAppById, findAppBySlug } from "../apps/store.js";
import { NotFound } from "../domain/errors.js";
import { type ServerStatus, serverStatuses } from "./health.js";
import { AppMover, type MoveReport } from "./mover.js";
import { chooseServer } from "./policy.js";
import { prepareServer } from "./prepare.js";
import type { ServerRegistry } from "./registry.js";
import { addServer, appsOn, findServer, serverLoads, setServerState } from "./store.js";

export function listServerStatuses(control: Pool, servers: ServerRegistry): Promise<ServerStatus[]> {
  return serverStatuses(control, servers, { sizes: true, timeoutMs: 5_000 });
}

/** Checks the server can hold apps (and gives it the data API's login role) before recording it. */
export async function registerServer(
  control: Pool,
  input: { name: string; ddlUrl: string; restUrl?: string; dataApiUrl?: string; capacity?: number },
  authenticatorPassword?: string,
): Promise<{ version: string }> {
  const pool = createPool(input.ddlUrl, { max: 1, connectionTimeoutMs: 5_000 });
  try {
    const prepared = await prepareServer(pool, authenticatorPassword).catch((error: Error) => {
      const { host, pathname } = new URL(input.ddlUrl);
      throw new Error(`the server at ${host}${pathname} cannot hold apps: ${error.message}`, { cause: error });
    });
    await addServer(control, input);
    return prepared;
  } finally {
    await pool.end();
  }
}

/**
 * The servers PLINTH_DATABASE_SERVERS names, registered the first time the API starts
 * with them and made ready again each start (the data API's login role and password).
 */
export async function registerConfiguredServers(
  control: Pool,
  configured: { name: string; ddlUrl: string }[],
  authenticatorPassword?: string,
): Promise<void> {
  for (const server of configured) {
    const known = await findServer(control, server.name);
    if (!known) {
      await registerServer(control, server, authenticatorPassword);
      continue;
    }
    if (known.ddlUrl !== server.ddlUrl) {
      throw new Error(
        `PLINTH_DATABASE_SERVERS gives server "${server.name}" another connection than the control plane has; a server's connection cannot change while it holds apps (drain it, or leave its entry as it was)`,
      );
    }
    const pool = createPool(server.ddlUrl, { max: 1, connectionTimeoutMs: 5_000 });
    // A server that is down at start-up takes only its own apps down, not the API.
    await prepareServer(pool, authenticatorPassword).catch(() => undefined);
    await pool.end();
  }
}

/** An app named by its id or its slug. */
export async function appNamed(control: Pool, idOrSlug: string): Promise<string> {
  const app = (await findAppById(control, idOrSlug)) ?? (await findAppBySlug(control, idOrSlug));
  if (!app) throw new NotFound("not_found", `No app has the id or address "${idOrSlug}".`);
  return app.id;
}

/**
 * Stops new apps going to `server`, then moves each of its apps to the open server
 * with the most room; once it is empty it is closed. An app whose move fails stays
 * where it was (and running): the server stays draining and the failures are returned.
 */
export async function drainServer(
  control: Pool,
  servers: ServerRegistry,
  server: string,
  onMoved: (outcome: MoveReport | { appId: string; error: string }) => void = () => undefined,
): Promise<{ moved: number; failed: number; closed: boolean }> {
  await setServerState(control, server, "draining");
  const mover = new AppMover(control, servers);
  let moved = 0;
  let failed = 0;
  for (const appId of await appsOn(control, server)) {
    const target = chooseServer(await serverLoads(control));
    if (!target) {
      onMoved({ appId, error: "no open server has room left: add a server or raise a capacity" });
      failed++;
      continue;
    }
    try {
      onMoved(await mover.move(appId, target));
      moved++;
    } catch (error) {
      onMoved({ appId, error: (error as Error).message });
      failed++;
    }
  }
  const closed = failed === 0;
  if (closed) await setServerState(control, server, "closed");
  return { moved, failed, closed };
}

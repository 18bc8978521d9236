/**
 * Moves an app from its database server to another without losing a write:
 *
 * 1. The move is recorded (moving_to), so a migration of the app refuses meanwhile and a
 *    move that dies part-way is known; start, stop and delete wait (the app's lock).
 * 2. The target gets the app's schema, roles, grants and policies, provisioned afresh
 *    from the live blueprint and passed by the self-check.
 * 3. Every row is copied across with COPY from one snapshot of the source, while writes
 *    go on; each table's count and checksum must match the snapshot's.
 * 4. Writes are held: the source's tables are locked IN SHARE MODE (reads go on, a write
 *    waits); each table catches up with the rows written since the snapshot (by xmin)
 *    and loses those deleted since; counts, and the checksums of the rows taken again,
 *    must then match on both sides.
 * 5. The switch: the source's write grants are revoked, the placement changes in one
 *    control-plane transaction, then the source commits. Writes that were held are
 *    released into the revoked grants, refused, and the data API runs them again on the
 *    target (rest/route.ts): none lands where nobody will read it, none runs twice.
 * 6. The source copy is dropped.
 *
 * Anything failing before the switch rolls back both sides, removes the target's copy
 * and leaves the app where it was, running as before.
 */
import { inTransaction, type Pool, quoteIdent } from "@plinth/db";
import { applyPlan, deleteApp, manifestOf, planProvision, selfCheck } from "@plinth/provision";
import type { PoolClient } from "pg";
import { holdingAppLock, manifestForApp } from "../apps/lifecycle.js";
import { liveBlueprint } from "../apps/running-blueprint.js";
import { findAppById, lockAppForChange, recordEvent } from "../apps/store.js";
import { Conflict, NotFound } from "../domain/errors.js";
import { COPY_SETTINGS, catchUp, checksumOf, copyTable, snapshotOf, type TableCopy, tablesOf } from "./copy-rows.js";
import type { ServerRegistry } from "./registry.js";
import { abandonMove, beginMove, findServer, placementOf, switchPlacement, unfinishedMoves } from "./store.js";

export interface MoveReport {
  appId: string;
  from: string;
  to: string;
  tables: TableCopy[];
  rows: number;
  /** Rows added, changed or removed while the bulk copy ran, taken again while writes were held. */
  caughtUp: number;
  /** How long writes to the app were held (the catch-up, the checks and the switch). */
  heldMs: number;
  totalMs: number;
  /** False when the source copy could not be dropped (it is unreachable to requests either way). */
  sourceDropped: boolean;
}

export interface MoverOptions {
  /** Longest the move waits for the source's write locks before giving up (long transactions hold them). */
  lockTimeoutMs?: number;
  /** Longest the copy of one table may take. */
  statementTimeoutMs?: number;
}

export class AppMover {
  constructor(
    private readonly control: Pool,
    private readonly servers: ServerRegistry,
    private readonly options: MoverOptions = {},
  ) {}

  async move(appId: string, target: string, actorId: string | null = null): Promise<MoveReport> {
    const began = performance.now();
    return holdingAppLock(this.control, appId, async (lockClient) => {
      const app = await findAppById(lockClient, appId);
      if (!app) throw new NotFound("not_found", "This app was not found.");
      if (app.status !== "RUNNING" && app.status !== "STOPPED") {
        throw new Conflict("not_movable", `This app is ${app.status.toLowerCase()}; only a built app can be moved.`);
      }
      const placement = await placementOf(lockClient, appId);
      if (placement.movingTo) await this.#forgetUnfinished(lockClient, appId, placement.movingTo);
      const source = placement.server;
      if (source === target) throw new Conflict("already_there", `This app is on server "${target}" already.`);
      const destination = await findServer(lockClient, target);
      if (!destination) throw new NotFound("not_found", `There is no server named "${target}".`);
      if (destination.state !== "open") {
        throw new Conflict(
          "server_not_open",
          `Server "${target}" is ${destination.state}, so it takes no apps; open it first.`,
        );
      }
      await inTransaction(lockClient, {}, async (tx) => {
        await lockAppForChange(tx, appId);
        await beginMove(tx, appId, source, target);
      });

      const { blueprint } = await liveBlueprint(lockClient, appId);
      const plan = planProvision(blueprint, appId);
      const manifest = manifestOf(plan);
      const targetPool = await this.servers.ddl(target);
      let switched = false;
      let heldMs = 0;
      const tables: TableCopy[] = [];
      let caughtUp = 0;
      // On the control plane's own server the lock's connection is the source's, so the switch
      // and the source's revocation commit as one transaction there.
      const sourceClient = this.servers.isControlPlane(source)
        ? lockClient
        : await (await this.servers.ddl(source)).connect();
      let targetClient: PoolClient | undefined;
      // The bulk copy's snapshot stays open until the switch: while it is, no row written
      // after it can be frozen by VACUUM, so every such row still shows its xmin to the catch-up.
      const snapshotClient = await (await this.servers.ddl(source)).connect();
      try {
        // Whatever an earlier failed move left on the target goes first.
        await deleteApp(targetPool, manifest);
        await applyPlan(targetPool, plan);
        targetClient = await targetPool.connect();
        // Every row as of one snapshot of the source, while the app's writes go on.
        await begin(snapshotClient, this.options, "repeatable read");
        await begin(targetClient, this.options);
        await targetClient.query("set local session_replication_role = replica");
        const snapshot = await snapshotOf(snapshotClient);
        const targetTables = await tablesOf(targetClient, manifest.schema);
        for (const table of targetTables) await copyTable(snapshotClient, targetClient, manifest.schema, table);
        const copies = await verifyCopies(snapshotClient, targetClient, manifest.schema, targetTables);
        await targetClient.query("commit");
        // Writes held from here: what changed since the snapshot, then the proof.
        await begin(sourceClient, this.options);
        await sourceClient.query(
          `lock table ${targetTables.map((t) => `${quoteIdent(manifest.schema)}.${quoteIdent(t.table)}`).join(", ")} in share mode`,
        );
        const heldFrom = performance.now();
        await begin(targetClient, this.options);
        await targetClient.query("set local session_replication_role = replica");
        for (const [i, table] of targetTables.entries()) {
          const outcome = await catchUp(sourceClient, targetClient, manifest.schema, table, snapshot);
          caughtUp += outcome.changed + outcome.removed;
          tables.push({ ...(copies[i] as TableCopy), rows: outcome.rows });
        }
        const findings = await selfCheck(targetClient, plan);
        if (findings.length > 0)
          throw new Error(`the copy failed the self-check: ${findings.map((f) => f.message).join("; ")}`);
        if (app.status === "STOPPED") {
          await targetClient.query(
            `revoke usage on schema ${quoteIdent(manifest.schema)} from ${manifest.roles.map(quoteIdent).join(", ")}`,
          );
        }
        await targetClient.query("commit");
        await sourceClient.query(
          `revoke insert, update, delete, truncate on all tables in schema ${quoteIdent(manifest.schema)} from ${manifest.roles.map(quoteIdent).join(", ")}`,
        );
        await this.servers.record(source, sourceClient, async (control) => {
          await lockAppForChange(control, appId);
          await switchPlacement(control, appId, target);
          await recordEvent(control, appId, "moved", actorId, {
            from: source,
            to: target,
            rows: tables.reduce((sum, t) => sum + t.rows, 0),
          });
        });
        switched = true;
        await sourceClient.query("commit");
        heldMs = performance.now() - heldFrom;
      } catch (error) {
        if (switched) throw error;
        await sourceClient.query("rollback").catch(() => undefined);
        await snapshotClient.query("rollback").catch(() => undefined);
        await targetClient?.query("rollback").catch(() => undefined);
        targetClient?.release();
        targetClient = undefined;
        await deleteApp(targetPool, manifest).catch(() => undefined);
        await abandonMove(lockClient, appId);
        throw new Conflict(
          "move_failed",
          `Moving this app to server "${target}" failed (${(error as Error).message}); it stays on "${source}", running as before.`,
        );
      } finally {
        targetClient?.release();
        if (sourceClient !== lockClient) sourceClient.release();
        // Read only: ending it changes nothing (after a failure it was rolled back already).
        await snapshotClient.query("rollback").catch(() => undefined);
        snapshotClient.release();
      }

      const sourceDropped = await deleteApp(await this.servers.on(source, lockClient), manifest).then(
        () => true,
        () => false,
      );
      return {
        appId,
        from: source,
        to: target,
        tables,
        rows: tables.reduce((sum, t) => sum + t.rows, 0),
        caughtUp,
        heldMs,
        totalMs: performance.now() - began,
        sourceDropped,
      };
    });
  }

  /**
   * Removes the copies of moves that died part-way (the process stopped mid-move), at
   * start-up; a move still running in another process holds the app's lock and is left be.
   */
  async recoverUnfinished(): Promise<number> {
    let recovered = 0;
    for (const move of await unfinishedMoves(this.control)) {
      try {
        await holdingAppLock(this.control, move.appId, async (lockClient) => {
          const now = await placementOf(lockClient, move.appId);
          if (now.movingTo) await this.#forgetUnfinished(lockClient, move.appId, now.movingTo);
        });
        recovered++;
      } catch {
        // Busy (another process is moving it) or the target is down: the app's next move or deletion finishes it.
      }
    }
    return recovered;
  }

  /** A move that died part-way left a copy on its target; the app never left its server. */
  async #forgetUnfinished(lockClient: PoolClient, appId: string, movingTo: string): Promise<void> {
    await deleteApp(await this.servers.ddl(movingTo), manifestForApp(appId));
    await abandonMove(lockClient, appId);
  }
}

async function begin(
  client: PoolClient,
  options: MoverOptions,
  isolation: "read committed" | "repeatable read" = "read committed",
): Promise<void> {
  await client.query(`begin isolation level ${isolation}`);
  await client.query(COPY_SETTINGS);
  await client.query(
    `set local lock_timeout = ${Number(options.lockTimeoutMs ?? 5_000)}; set local statement_timeout = ${Number(options.statementTimeoutMs ?? 600_000)}`,
  );
}

/** Every table of the bulk copy must hold the same rows as the snapshot it was copied from. */
async function verifyCopies(
  source: PoolClient,
  target: PoolClient,
  schema: string,
  tables: { table: string; columns: string[] }[],
): Promise<TableCopy[]> {
  const copies: TableCopy[] = [];
  for (const table of tables) {
    const [before, after] = await Promise.all([checksumOf(source, schema, table), checksumOf(target, schema, table)]);
    if (before.rows !== after.rows || before.checksum !== after.checksum) {
      throw new Error(
        `table ${table.table} differs after the copy (${before.rows} rows on the source, ${after.rows} on the target)`,
      );
    }
    copies.push(after);
  }
  return copies;
}

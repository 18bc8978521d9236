/**
 * The isolation matrix: for every table × {each blueprint role as user A, the same
 * role as user B, the same role of another app, no role} × {select, insert, update,
 * update that moves the row to another owner, delete}, the database must do exactly
 * what the blueprint allows. Expectations come from the blueprint (@plinth/blueprint/testing's evaluator), not from
 * the planner. Shared by the provisioning tests and the migration tests, which run it
 * against an app migrated to a new blueprint.
 */
import { randomUUID } from "node:crypto";
import type { BlueprintV2 } from "@plinth/blueprint";
import {
  filterOf,
  permissionsOf,
  type Row,
  referenceOf,
  satisfying,
  tableOf,
  valueFor,
  visibleTo,
} from "@plinth/blueprint/testing";
import type { Pool, PoolClient } from "pg";
import { AUTHENTICATOR_ROLE, roleName } from "../names.js";
import { claimsOf, jsonParam, newUser, Seeder, type User } from "./rows.js";

const OPERATIONS = ["select", "insert", "update", "move", "delete"] as const;
type Operation = (typeof OPERATIONS)[number];
type Actor = { kind: "member"; user: "A" | "B" } | { kind: "other app" } | { kind: "no role" };
const ACTORS: Actor[] = [
  { kind: "member", user: "A" },
  { kind: "member", user: "B" },
  { kind: "other app" },
  { kind: "no role" },
];
/** What a case does: how many rows it touched, or which permission check refused it. */
type Outcome = "0 rows" | "1 row" | "denied" | "denied: schema";

interface Case {
  table: string;
  role: string;
  actor: Actor;
  operation: Operation;
}

const SYSTEM = new Set(["id", "created_at", "updated_at", "created_by"]);

/** The column that says whose a row is: the first one a filter on the table ties to the user or their teams. */
function ownerColumn(blueprint: BlueprintV2, table: string): { column: string; kind: "user" | "team" } {
  const visit = (f: unknown): { column: string; kind: "user" | "team" } | null => {
    const filter = f as Record<string, unknown>;
    if (Array.isArray(filter.and) || Array.isArray(filter.or)) {
      for (const inner of (filter.and ?? filter.or) as unknown[]) {
        const found = visit(inner);
        if (found) return found;
      }
      return null;
    }
    const [column, value] = (filter.equals ?? filter.in) as [string, unknown];
    if (value === "$user.id") return { column, kind: "user" };
    if (value === "$user.team_ids") return { column, kind: "team" };
    return null;
  };
  for (const rowFilter of blueprint.security.rowFilters) {
    const found = rowFilter.resource === table ? visit(rowFilter.filter) : null;
    if (found) return found;
  }
  return { column: "created_by", kind: "user" };
}

/** A column an ordinary edit changes: one no filter, reference or uniqueness depends on. */
function editableColumn(blueprint: BlueprintV2, table: string): string {
  const filtered = JSON.stringify(
    blueprint.security.rowFilters.filter((f) => f.resource === table).map((f) => f.filter),
  );
  const columns = tableOf(blueprint, table).columns;
  const plain = columns.find(
    (c) => !filtered.includes(`"${c.name}"`) && !referenceOf(blueprint, table, c.name) && !c.unique,
  );
  return (plain ?? columns[0])?.name as string;
}

function expected(
  blueprint: BlueprintV2,
  c: Case,
  seed: Row,
  insertRow: Row,
  users: Record<"A" | "B" | "C", User>,
  seeder: Seeder,
): Outcome {
  if (c.actor.kind !== "member") return "denied: schema";
  const user = users[c.actor.user];
  const may = permissionsOf(blueprint, c.role, c.table);
  // A row is visible, and may be written, only while its own filters hold and every parent it is scoped through is visible.
  const allowed = (row: Row) => visibleTo(blueprint, c.role, c.table, row, user, (t, col, v) => seeder.find(t, col, v));
  const visible = allowed(seed);
  switch (c.operation) {
    case "select":
      return may.select ? (visible ? "1 row" : "0 rows") : "denied";
    case "insert":
      // created_by is always the inserting user, whatever the client sends.
      return may.insert ? (allowed({ ...insertRow, created_by: user.id }) ? "1 row" : "denied") : "denied";
    case "update":
    case "move": {
      // WHERE id = … reads the row, so an update needs SELECT as well as UPDATE.
      if (!may.update || !may.select) return "denied";
      const owner = ownerColumn(blueprint, c.table);
      if (c.operation === "move" && SYSTEM.has(owner.column)) return "denied"; // nobody may write system columns
      if (!visible) return "0 rows";
      const changed =
        c.operation === "move"
          ? { ...seed, [owner.column]: owner.kind === "user" ? users.C.id : users.C.teams[0] }
          : seed;
      return allowed(changed) ? "1 row" : "denied";
    }
    case "delete":
      return may.delete && may.select ? (visible ? "1 row" : "0 rows") : "denied";
  }
}

async function run(client: PoolClient, sql: string, params: unknown[], role: string, claims: object): Promise<Outcome> {
  await client.query("savepoint matrix_case");
  try {
    await client.query("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)", [
      role,
      JSON.stringify(claims),
    ]);
    const result = await client.query(sql, params);
    return result.rowCount === 1 ? "1 row" : result.rowCount === 0 ? "0 rows" : (`${result.rowCount} rows` as Outcome);
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code !== "42501") throw new Error(`${sql} failed with ${code}: ${message}`);
    return /permission denied for schema/.test(message) ? "denied: schema" : "denied";
  } finally {
    await client.query("rollback to savepoint matrix_case");
  }
}

export interface MatrixResult {
  cases: number;
  /** Every case where the database did something other than what the blueprint allows. */
  mismatches: string[];
}

/**
 * Runs the matrix for app `appId` (provisioned or migrated to `blueprint`) inside one
 * transaction that is rolled back; `otherAppId` is another app with the same roles.
 */
export async function isolationMatrix(
  pool: Pool,
  blueprint: BlueprintV2,
  schema: string,
  appId: string,
  otherAppId: string,
): Promise<MatrixResult> {
  const users = { A: newUser(), B: newUser(), C: newUser() };

  const mismatches: string[] = [];
  let cases = 0;
  const client = await pool.connect();
  try {
    await client.query("begin");
    for (const table of blueprint.data.tables) {
      const target = `"${schema}"."${table.name}"`;
      const owner = ownerColumn(blueprint, table.name);
      const editable = editableColumn(blueprint, table.name);
      const editColumn = table.columns.find((c) => c.name === editable);
      for (const role of blueprint.security.roles.map((r) => r.name)) {
        await client.query("savepoint seed");
        const seeder = new Seeder(client, blueprint, schema, role);
        const seed = await seeder.insert(
          table.name,
          satisfying(filterOf(blueprint, role, table.name), users.A),
          users.A,
        );
        const moveTo = owner.kind === "user" ? users.C.id : users.C.teams[0];
        const ownerRef = referenceOf(blueprint, table.name, owner.column);
        if (ownerRef) await seeder.ensure(ownerRef.table, ownerRef.column, moveTo, users.A);
        // A copy of the seed under a new id, with fresh values where they must be unique.
        const insertRow: Row = { id: randomUUID() };
        for (const column of table.columns) {
          if (seed[column.name] !== undefined)
            insertRow[column.name] = column.unique ? valueFor(column) : seed[column.name];
        }
        const inserted = Object.keys(insertRow);
        const statements: Record<Operation, [string, unknown[]]> = {
          select: [`select id from ${target} where id = $1`, [seed.id]],
          insert: [
            `insert into ${target} (${inserted.map((c) => `"${c}"`).join(", ")}) values (${inserted.map((_, i) => `$${i + 1}`).join(", ")})`,
            inserted.map((c) => jsonParam(insertRow[c])),
          ],
          update: [
            `update ${target} set "${editable}" = $2 where id = $1`,
            [seed.id, jsonParam(editColumn ? valueFor(editColumn) : null)],
          ],
          move: [`update ${target} set "${owner.column}" = $2 where id = $1`, [seed.id, moveTo]],
          delete: [`delete from ${target} where id = $1`, [seed.id]],
        };
        for (const actor of ACTORS) {
          const [dbRole, user] =
            actor.kind === "member"
              ? [roleName(appId, role), users[actor.user]]
              : actor.kind === "other app"
                ? [roleName(otherAppId, role), users.A]
                : [AUTHENTICATOR_ROLE, users.A];
          for (const operation of OPERATIONS) {
            const c: Case = { table: table.name, role, actor, operation };
            const want = expected(blueprint, c, seed, insertRow, users, seeder);
            const [sql, params] = statements[operation];
            const got = await run(client, sql, params, dbRole, claimsOf(user));
            cases++;
            if (got !== want) {
              const who = actor.kind === "member" ? `${role} as user ${actor.user}` : `${role} (${actor.kind})`;
              mismatches.push(`${table.name}: ${who} ${operation}: expected ${want}, got ${got}`);
            }
          }
        }
        await client.query("rollback to savepoint seed");
      }
    }
  } finally {
    await client.query("rollback");
    client.release();
  }
  return { cases, mismatches };
}

/** How many cases the matrix runs for a blueprint. */
export function matrixSize(blueprint: BlueprintV2): number {
  return blueprint.data.tables.length * blueprint.security.roles.length * ACTORS.length * OPERATIONS.length;
}

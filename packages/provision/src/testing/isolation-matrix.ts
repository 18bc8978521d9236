/**
 * The isolation matrix: for every table × {each blueprint role as user A, the same
 * role as user B, the same role of another app, no role} × {select, insert, update,
 * update that moves the row to another owner, update of a column the role may not set,
 * delete, and insert, update and delete of a row the user may see but not change}, the
 * database must do exactly what the blueprint allows: each command reaches
 * the rows its scope and the row filters allow, and no role sets a read-only column.
 * Expectations come from the blueprint (@plinth/blueprint/testing's evaluator), not from
 * the planner. Shared by the provisioning tests and the migration tests, which run it
 * against an app migrated to a new blueprint.
 */
import { randomUUID } from "node:crypto";
import { type BlueprintV2, type Filter, NOW, type Scope, USER_ID } from "@plinth/blueprint";
import {
  allowed,
  type Command,
  permissionsOf,
  type Row,
  referenceOf,
  scopeOf,
  tableOf,
  valueFor,
} from "@plinth/blueprint/testing";
import type { Pool, PoolClient } from "pg";
import { AUTHENTICATOR_ROLE, roleName } from "../names.js";
import { claimsOf, jsonParam, newUser, reachableValues, Seeder, type User } from "./rows.js";

/**
 * "outside": the same command on a row the user sees but whose write scopes point at
 * someone else (its assignee, its parent's owner…), so a write scope narrower than the
 * read scope shows.
 */
const OPERATIONS = [
  "select",
  "insert",
  "update",
  "move",
  "read-only",
  "delete",
  "insert outside",
  "update outside",
  "delete outside",
] as const;
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
const COMMANDS: Command[] = ["select", "update", "insert", "delete"];
type Owner = { column: string; kind: "user" | "team" };

function ownerInFilter(filter: Filter): Owner | null {
  if ("and" in filter || "or" in filter) {
    for (const inner of "and" in filter ? filter.and : filter.or) {
      const found = ownerInFilter(inner);
      if (found) return found;
    }
    return null;
  }
  const [column, value] = "equals" in filter ? filter.equals : filter.in;
  if (value === USER_ID || (Array.isArray(value) && value.includes(USER_ID))) return { column, kind: "user" };
  if (value === "$user.team_ids") return { column, kind: "team" };
  return null;
}

function ownerInScope(scope: Scope): Owner | null {
  if (scope === "all" || "parent" in scope) return null;
  if ("person" in scope) return { column: scope.person, kind: "user" };
  if ("team" in scope) return { column: scope.team, kind: "team" };
  if ("where" in scope) return ownerInFilter(scope.where);
  for (const inner of "and" in scope ? scope.and : scope.or) {
    const found = ownerInScope(inner);
    if (found) return found;
  }
  return null;
}

/**
 * The column that says whose a row is for `role`: the first one its scopes (read scope
 * first) or a filter on the table tie to the user or their teams; else created_by.
 */
function ownerColumn(blueprint: BlueprintV2, table: string, role: string): Owner {
  for (const command of COMMANDS) {
    const scope = scopeOf(blueprint, role, table, command);
    const found = scope ? ownerInScope(scope) : null;
    if (found) return found;
  }
  for (const rowFilter of blueprint.security.rowFilters) {
    const found = rowFilter.resource === table ? ownerInFilter(rowFilter.filter) : null;
    if (found) return found;
  }
  return { column: "created_by", kind: "user" };
}

/** The columns `role` may not set on `table`. */
function readOnlyColumns(blueprint: BlueprintV2, role: string, table: string): string[] {
  return blueprint.security.permissions
    .filter((p) => p.role === role && p.resource === table)
    .flatMap((p) => p.readOnlyColumns ?? []);
}

/** A column an ordinary edit by `role` changes: one no filter, scope, reference or uniqueness depends on. */
function editableColumn(blueprint: BlueprintV2, table: string, role: string): string {
  const tied = JSON.stringify([
    ...blueprint.security.rowFilters.filter((f) => f.resource === table).map((f) => f.filter),
    ...blueprint.security.permissions.filter((p) => p.resource === table).map((p) => p.scopes ?? {}),
  ]);
  const readOnly = readOnlyColumns(blueprint, role, table);
  const columns = tableOf(blueprint, table).columns;
  const plain = columns.find(
    (c) =>
      !tied.includes(`"${c.name}"`) &&
      !referenceOf(blueprint, table, c.name) &&
      !c.unique &&
      !readOnly.includes(c.name),
  );
  return (plain ?? columns[0])?.name as string;
}

/** The row an insert stores: what it names, the defaults of what it leaves out, and its creator. */
function storedRow(blueprint: BlueprintV2, table: string, named: Row, user: User): Row {
  const row: Row = { ...named, created_by: user.id };
  for (const column of tableOf(blueprint, table).columns) {
    if (column.name in row || column.default === undefined || column.default === NOW) continue;
    row[column.name] = column.default === USER_ID ? user.id : column.default;
  }
  return row;
}

/** One statement of the matrix: what it does, to which row, and for an update the row it would leave. */
interface Statement {
  kind: "select" | "insert" | "update" | "read-only" | "delete";
  sql: string;
  params: unknown[];
  /** The row it reads (or, for an insert, stores). */
  row: Row;
  /** For an update: the column it sets and the row it would leave. */
  column?: string;
  changed?: Row;
}

function expected(blueprint: BlueprintV2, c: Case, statement: Statement, user: User, seeder: Seeder): Outcome {
  if (c.actor.kind !== "member") return "denied: schema";
  const may = permissionsOf(blueprint, c.role, c.table);
  const readOnly = readOnlyColumns(blueprint, c.role, c.table);
  const { row } = statement;
  // Whether `command` reaches `row`: the row filters, the command's scope and every parent the row is scoped through.
  const reach = (command: Command, r: Row) =>
    allowed(blueprint, c.role, c.table, command, r, user, (t, col, v) => seeder.find(t, col, v));
  switch (statement.kind) {
    case "select":
      return may.select ? (reach("select", row) ? "1 row" : "0 rows") : "denied";
    case "insert":
      return may.insert && reach("insert", storedRow(blueprint, c.table, row, user)) ? "1 row" : "denied";
    case "read-only":
      // Nobody may set a column that is read-only for them or a system column: refused before any row is read.
      return "denied";
    case "update": {
      // WHERE id = … reads the row, so an update needs SELECT as well as UPDATE.
      if (!may.update || !may.select) return "denied";
      const column = statement.column as string;
      if (SYSTEM.has(column) || readOnly.includes(column)) return "denied"; // not granted, whatever the row
      if (!reach("select", row) || !reach("update", row)) return "0 rows";
      const changed = statement.changed as Row;
      // The new row must stay inside the update scope, and (because the WHERE reads it) visible.
      return reach("update", changed) && reach("select", changed) ? "1 row" : "denied";
    }
    case "delete":
      if (!may.delete || !may.select) return "denied";
      return reach("select", row) && reach("delete", row) ? "1 row" : "0 rows";
  }
}

/** The row `insert` seeds, or null when a unique column already holds its value. */
async function seedOnce(client: PoolClient, insert: () => Promise<Row>): Promise<Row | null> {
  await client.query("savepoint seed_once");
  try {
    return await insert();
  } catch (error) {
    if ((error as { code?: string }).code !== "23505") throw error;
    await client.query("rollback to savepoint seed_once");
    return null;
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
      for (const role of blueprint.security.roles.map((r) => r.name)) {
        await client.query("savepoint seed");
        const owner = ownerColumn(blueprint, table.name, role);
        const editable = editableColumn(blueprint, table.name, role);
        const editColumn = table.columns.find((c) => c.name === editable);
        const readOnly = readOnlyColumns(blueprint, role, table.name)[0] ?? "created_by";
        const seeder = new Seeder(client, blueprint, schema, role);
        const seed = await seeder.insert(table.name, reachableValues(blueprint, role, table.name, users.A), users.A);
        // A row user A sees, whose write scopes (and parents' write scopes) point at user C;
        // the seed itself where a unique column allows user A only one row.
        const readable = await seedOnce(client, () =>
          seeder.insert(table.name, reachableValues(blueprint, role, table.name, users.A, users.C), users.A, users.C),
        ).then((row) => row ?? seed);
        const moveTo = owner.kind === "user" ? users.C.id : users.C.teams[0];
        const ownerRef = referenceOf(blueprint, table.name, owner.column);
        if (ownerRef) await seeder.ensure(ownerRef.table, ownerRef.column, moveTo, users.A);
        const notSet = readOnlyColumns(blueprint, role, table.name);
        // A copy of a row under a new id, with fresh values where they must be unique, without what the role may not set.
        const copy = (of: Row): Row => {
          const row: Row = { id: randomUUID() };
          for (const column of table.columns)
            if (of[column.name] !== undefined && !notSet.includes(column.name))
              row[column.name] = column.unique ? valueFor(column) : of[column.name];
          return row;
        };
        const insert = (row: Row): Statement => {
          const columns = Object.keys(row);
          return {
            kind: "insert",
            sql: `insert into ${target} (${columns.map((c) => `"${c}"`).join(", ")}) values (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
            params: columns.map((c) => jsonParam(row[c])),
            row,
          };
        };
        const update = (row: Row, column: string, value: unknown): Statement => ({
          kind: "update",
          sql: `update ${target} set "${column}" = $2 where id = $1`,
          params: [row.id, jsonParam(value)],
          row,
          column,
          changed: { ...row, [column]: value },
        });
        const remove = (row: Row): Statement => ({
          kind: "delete",
          sql: `delete from ${target} where id = $1`,
          params: [row.id],
          row,
        });
        const edit = () => (editColumn ? valueFor(editColumn) : null);
        const readOnlyColumn = table.columns.find((c) => c.name === readOnly);
        const statements: Record<Operation, Statement> = {
          select: { kind: "select", sql: `select id from ${target} where id = $1`, params: [seed.id], row: seed },
          insert: insert(copy(seed)),
          update: update(seed, editable, edit()),
          move: update(seed, owner.column, moveTo),
          "read-only": {
            ...update(seed, readOnly, readOnlyColumn ? valueFor(readOnlyColumn) : users.C.id),
            kind: "read-only",
          },
          delete: remove(seed),
          "insert outside": insert(copy(readable)),
          "update outside": update(readable, editable, edit()),
          "delete outside": remove(readable),
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
            const statement = statements[operation];
            const want = expected(blueprint, c, statement, user, seeder);
            const got = await run(client, statement.sql, statement.params, dbRole, claimsOf(user));
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

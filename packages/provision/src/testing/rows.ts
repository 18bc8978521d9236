/**
 * Test data for provisioned apps, derived from the blueprint alone (never from the
 * planner's output) with @plinth/blueprint/testing's reference evaluator, so tests
 * compare what the database does with what the blueprint says and can catch the
 * planner getting it wrong.
 */
import { randomUUID } from "node:crypto";
import { type BlueprintV2, type Scope, scopeParents } from "@plinth/blueprint";
import {
  type Command,
  filterOf,
  permissionsOf,
  type Row,
  referenceOf,
  satisfying,
  scopeOf,
  tableOf,
  type Viewer,
  valueFor,
} from "@plinth/blueprint/testing";
import type { Pool, PoolClient } from "pg";

export type { Row };

/** A test user: the id `$user.id` reads and the teams `$user.team_ids` reads. */
export type User = Viewer;

export function newUser(): User {
  return { id: randomUUID(), teams: [randomUUID()] };
}

export function claimsOf(user: User, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { sub: user.id, team_ids: user.teams, ...extra };
}

const COMMANDS: Command[] = ["select", "insert", "update", "delete"];

/**
 * Column values that put a row inside `scope` for `viewer` (the first branch of an
 * `or`). A parent scope needs a parent row the viewer can see or edit: the Seeder
 * attaches one (`scopedLinks`).
 */
export function scopeValues(scope: Scope | null, viewer: Viewer): Row {
  if (!scope || scope === "all" || "parent" in scope) return {};
  if ("and" in scope) return Object.assign({}, ...scope.and.map((s) => scopeValues(s, viewer)));
  if ("or" in scope) return scopeValues(scope.or[0] as Scope, viewer);
  if ("person" in scope) return { [scope.person]: viewer.id };
  if ("team" in scope) return { [scope.team]: viewer.teams[0] };
  return satisfying(scope.where, viewer);
}

/**
 * Values that put a row of `table` where `role` reaches it for `viewer`: its row filters
 * and the read scope hold for `viewer`, the write scopes for `writer` (by default the
 * viewer too; another user gives a row the viewer sees but may not change).
 */
export function reachableValues(
  blueprint: BlueprintV2,
  role: string,
  table: string,
  viewer: Viewer,
  writer: Viewer = viewer,
): Row {
  const may = permissionsOf(blueprint, role, table);
  const row = satisfying(filterOf(blueprint, role, table), viewer);
  // The filters must hold for every command, so their values win; then the read scope's, and so on.
  for (const command of COMMANDS) {
    if (!may[command]) continue;
    const scope = scopeOf(blueprint, role, table, command);
    for (const [column, value] of Object.entries(scopeValues(scope, command === "select" ? viewer : writer)))
      if (!(column in row)) row[column] = value;
  }
  return row;
}

/** The link columns `role`'s scopes on `table` go through to a parent. */
export function scopedLinks(blueprint: BlueprintV2, role: string, table: string): string[] {
  const may = permissionsOf(blueprint, role, table);
  return COMMANDS.flatMap((command) => {
    const scope = may[command] ? scopeOf(blueprint, role, table, command) : null;
    return scope ? scopeParents(scope).map((p) => p.column) : [];
  });
}

/**
 * Inserts rows as the (superuser) test connection, which row-level security does not
 * apply to. `created_by` comes from the claims set on the connection, as in production.
 * Required references get a parent row; references given a value get that parent too.
 * With a `role`, the parents it makes satisfy that role's filters and scopes for the
 * inserting user, so a child seeded for the user is attached to a parent the user can
 * see (and edit), and the links the role's scopes go through always get a parent.
 */
export class Seeder {
  private readonly existing = new Map<string, Set<string>>();
  /** Every row inserted, as stored (defaults included), by table. */
  private readonly stored = new Map<string, Row[]>();

  constructor(
    private readonly client: PoolClient,
    private readonly blueprint: BlueprintV2,
    private readonly schema: string,
    private readonly role?: string,
  ) {}

  /** The stored row of `table` whose `column` is `value`. */
  find(table: string, column: string, value: unknown): Row | undefined {
    return this.stored.get(table)?.find((row) => row[column] !== null && String(row[column]) === String(value));
  }

  private parentValues(table: string, as: User, writer: User): Row {
    return this.role ? reachableValues(this.blueprint, this.role, table, as, writer) : {};
  }

  /** `writer`: the user the parents it makes are writable by (see `reachableValues`). */
  async insert(tableName: string, values: Row, as: User, writer: User = as): Promise<Row> {
    const table = tableOf(this.blueprint, tableName);
    const row: Row = { id: randomUUID(), ...values };
    const scoped = this.role ? scopedLinks(this.blueprint, this.role, tableName) : [];
    for (const column of table.columns) {
      const reference = referenceOf(this.blueprint, tableName, column.name);
      if (reference && reference.table === tableName && !(column.name in row)) continue;
      if (reference && row[column.name] === undefined && (column.required || scoped.includes(column.name))) {
        const values = this.parentValues(reference.table, as, writer);
        // A parent whose id the filters fix (a team the user belongs to) is seeded once.
        const existing = values.id === undefined ? undefined : this.find(reference.table, "id", values.id);
        const parent = existing ?? (await this.insert(reference.table, values, as, writer));
        row[column.name] = parent[reference.column];
      } else if (reference && row[column.name] !== undefined) {
        await this.ensure(reference.table, reference.column, row[column.name], as, writer);
      } else if (!(column.name in row) && (column.required || column.unique)) {
        row[column.name] = valueFor(column);
      }
    }
    const own = Object.keys(row).filter((c) => c === "id" || table.columns.some((col) => col.name === c));
    await this.client.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claimsOf(as))]);
    const { rows } = await this.client.query<{ row: Row }>(
      `insert into "${this.schema}"."${tableName}" as t (${own.map((c) => `"${c}"`).join(", ")}) values (${own.map((_, i) => `$${i + 1}`).join(", ")}) returning to_jsonb(t) as row`,
      own.map((c) => jsonParam(row[c])),
    );
    if (!this.stored.has(tableName)) this.stored.set(tableName, []);
    this.stored.get(tableName)?.push(rows[0]?.row as Row);
    row.created_by = as.id;
    if (!this.existing.has(tableName)) this.existing.set(tableName, new Set());
    this.existing.get(tableName)?.add(String(row.id));
    return row;
  }

  /** Makes sure the parent a reference points at exists (only references to id are seeded). */
  async ensure(tableName: string, column: string, value: unknown, as: User, writer: User = as): Promise<void> {
    if (column !== "id" || this.existing.get(tableName)?.has(String(value))) return;
    await this.insert(tableName, { ...this.parentValues(tableName, as, writer), id: value }, as, writer);
  }
}

export function jsonParam(value: unknown): unknown {
  return value !== null && typeof value === "object" ? JSON.stringify(value) : value;
}

/** One row in every table of the app, each added by a new user, committed together: an app with data in it. */
export async function seedOneRowEach(pool: Pool, blueprint: BlueprintV2, schema: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("begin");
    const seeder = new Seeder(client, blueprint, schema);
    for (const table of blueprint.data.tables) await seeder.insert(table.name, {}, newUser());
    await client.query("commit");
  } finally {
    client.release();
  }
}

/**
 * The statement for each kind of app object, shared by provisioning and migration so
 * that a table, column, rule, grant or policy added by a migration is exactly the one
 * a fresh provision would have created. Pure text builders, like the planner.
 */
import {
  type Access,
  COMMANDS,
  type Column,
  FORMAT_PATTERNS,
  type ForeignKey,
  NOW,
  type Table,
  USER_ID,
} from "@plinth/blueprint";
import { qualified, quoteIdent, quoteLiteral } from "@plinth/db";
import { AUTHENTICATOR_ROLE, objectName } from "./names.js";
import type { IndexedColumn, PhysicalTable } from "./physical.js";
import { commandCondition, rowsWords, type Model as ScopeModel } from "./scope-sql.js";
import { SQL_TYPES, typedLiteral } from "./sql.js";

export type { ScopeModel };

export interface PlanStep {
  /** One statement, complete and ready to run. */
  sql: string;
  /** What it does, in words a founder understands. */
  description: string;
}

export const ROLE_ATTRIBUTES = "nologin noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls";

export function createRoleStep(dbRole: string, blueprintRole: string): PlanStep {
  return {
    sql: `create role ${quoteIdent(dbRole)} ${ROLE_ATTRIBUTES}`,
    description: `Create the database role for app role "${blueprintRole}".`,
  };
}

export function grantRolesToAuthenticatorStep(dbRoles: readonly string[]): PlanStep {
  return {
    sql: `grant ${dbRoles.map(quoteIdent).join(", ")} to ${quoteIdent(AUTHENTICATOR_ROLE)}`,
    description: "Let the API switch into the app's roles, one request at a time.",
  };
}

export function schemaUsageStep(schema: string, dbRoles: readonly string[]): PlanStep {
  return {
    sql: `grant usage on schema ${quoteIdent(schema)} to ${dbRoles.map(quoteIdent).join(", ")}`,
    description: "Let the app's roles (and only them) use the schema; stopping the app revokes this.",
  };
}

export function userIdExecuteStep(schema: string, dbRoles: readonly string[]): PlanStep {
  return {
    sql: `grant execute on function ${qualified(schema, "plinth_user_id")}() to ${dbRoles.map(quoteIdent).join(", ")}`,
    description: "Let the app's roles use the user-id helper in column defaults.",
  };
}

export const primaryKeyName = (table: string) => objectName("pk", table);
export const uniqueName = (table: string, columns: readonly string[]) => objectName("key", table, ...columns);
export const indexName = (index: { table: string; column: string; within?: string }) =>
  index.within
    ? objectName("idx", index.table, index.within, index.column)
    : objectName("idx", index.table, index.column);

/** The columns of the index, in order. */
export const indexColumns = (index: IndexedColumn) => (index.within ? [index.within, index.column] : [index.column]);

/** Postgres' NAMEDATALEN - 1: the longest identifier it keeps. */
const MAX_NAME_BYTES = 63;

/**
 * The name Postgres itself gives a constraint on one column (makeObjectName):
 * `<table>_<column>_<label>`, the longer of table and column shortened a character at a
 * time until it fits. Identifiers are ASCII here, so characters are bytes.
 */
function postgresConstraintName(table: string, column: string, label: string): string {
  const available = MAX_NAME_BYTES - label.length - 2;
  let [t, c] = [table.length, column.length];
  while (t + c > available) {
    if (t > c) t--;
    else c--;
  }
  return `${table.slice(0, t)}_${column.slice(0, c)}_${label}`;
}

/** As Postgres names a foreign key, so clients embed by it as on PostgREST (`deals_company_id_fkey`). */
export const foreignKeyName = (fk: { table: string; column: string }) =>
  postgresConstraintName(fk.table, fk.column, "fkey");

/**
 * Apps provisioned before foreign keys took Postgres' names have them as `<column>_fkey`;
 * their next migration renames them (where one exists) before anything else, so the
 * migration finds every key by the name it expects.
 */
export function legacyForeignKeyRenameStep(
  schema: string,
  fks: readonly { table: string; column: string }[],
): PlanStep | null {
  const renames = fks
    .map((fk) => ({ fk, legacy: `${fk.column}_fkey`, name: foreignKeyName(fk) }))
    .filter(({ legacy, name }) => legacy !== name);
  if (renames.length === 0) return null;
  const body = renames.map(
    ({ fk, legacy, name }) =>
      `  if exists (select from pg_catalog.pg_constraint where contype = 'f' and conname = ${quoteLiteral(legacy)} and conrelid = to_regclass(${quoteLiteral(qualified(schema, fk.table))})) then
    alter table ${qualified(schema, fk.table)} rename constraint ${quoteIdent(legacy)} to ${quoteIdent(name)};
  end if;`,
  );
  return {
    sql: `do $plinth$\nbegin\n${body.join("\n")}\nend\n$plinth$`,
    description:
      "Give links made before Postgres' own naming (<table>_<column>_fkey) that name, where they still have the old one.",
  };
}

export function createTableStep(schema: string, table: PhysicalTable): PlanStep {
  const name = table.name;
  const lines = [
    `id uuid not null default gen_random_uuid()`,
    `created_at timestamptz not null default now()`,
    `updated_at timestamptz not null default now()`,
    `created_by uuid default ${qualified(schema, "plinth_user_id")}()`,
    ...table.table.columns.map((column) => columnSql(schema, column)),
    `constraint ${quoteIdent(primaryKeyName(name))} primary key (id)`,
    ...uniqueKeysOf(table.table).map((columns) => uniqueConstraintSql(name, columns)),
    ...table.table.columns.flatMap((column) => columnChecks(column).map(checkConstraintSql)),
  ];
  return {
    sql: `create table ${qualified(schema, name)} (\n  ${lines.join(",\n  ")}\n)`,
    description: describeTable(table),
  };
}

export function stampTriggerStep(schema: string, table: string): PlanStep {
  return {
    sql: `create trigger plinth_stamp_row before insert or update on ${qualified(schema, table)} for each row execute function ${qualified(schema, "plinth_stamp_row")}()`,
    description: `Stamp ${table} rows with who created them and when they changed.`,
  };
}

export function foreignKeyStep(schema: string, fk: ForeignKey): PlanStep {
  const onDelete = { restrict: "restrict", cascade: "cascade", set_null: "set null" }[fk.onDelete];
  return {
    sql: `alter table ${qualified(schema, fk.table)} add constraint ${quoteIdent(foreignKeyName(fk))} foreign key (${quoteIdent(fk.column)}) references ${qualified(schema, fk.refTable)} (${quoteIdent(fk.refColumn)}) on delete ${onDelete}`,
    description: `Link ${fk.table}.${fk.column} to ${fk.refTable}; deleting a ${fk.refTable} row ${{ restrict: "is refused while it is referenced", cascade: "deletes these rows too", set_null: "clears this link" }[fk.onDelete]}.`,
  };
}

export function indexStep(schema: string, index: IndexedColumn): PlanStep {
  return {
    sql: `create index ${quoteIdent(indexName(index))} on ${qualified(schema, index.table)} (${indexColumns(index).map(quoteIdent).join(", ")})`,
    description: index.within
      ? `Index ${index.table}.${index.column} within each ${index.within} (${index.reasons.join(", ")}).`
      : `Index ${index.table}.${index.column} (${index.reasons.join(", ")}).`,
  };
}

export function rowSecurityStep(schema: string, table: string): PlanStep {
  return {
    sql: `alter table ${qualified(schema, table)} enable row level security, force row level security`,
    description: `Turn on row-level security for ${table}: no row is visible unless a policy allows it.`,
  };
}

export function columnSql(schema: string, column: Column): string {
  const parts = [quoteIdent(column.name), SQL_TYPES[column.type]];
  if (column.required) parts.push("not null");
  if (column.default !== undefined) parts.push(`default ${defaultSql(schema, column)}`);
  return parts.join(" ");
}

export function defaultSql(schema: string, column: Column): string {
  if (column.default === NOW) return column.type === "date" ? "current_date" : "now()";
  if (column.default === USER_ID) {
    return SQL_TYPES[column.type] === "uuid"
      ? `${qualified(schema, "plinth_user_id")}()`
      : `${qualified(schema, "plinth_user_id")}()::text`;
  }
  return typedLiteral(column.default, column.type);
}

/** A table's unique keys: each unique column, then a junction's pair (what makes it a junction to the data API). */
function uniqueKeysOf(table: Table): string[][] {
  return [
    ...table.columns.filter((column) => column.unique).map((column) => [column.name]),
    ...(table.junction ? [[...table.junction.columns]] : []),
  ];
}

export function uniqueConstraintSql(table: string, columns: readonly string[]): string {
  return `constraint ${quoteIdent(uniqueName(table, columns))} unique (${columns.map(quoteIdent).join(", ")})`;
}

export type CheckRule = "enum" | "min" | "max" | "max_length" | "format";

export interface ColumnCheck {
  rule: CheckRule;
  /** The constraint's name, unique within its table. */
  name: string;
  /** A boolean SQL expression over the column; NULL passes, as in any CHECK. */
  expression: string;
}

/** The CHECK constraints a column's rules become. */
export function columnChecks(column: Column): ColumnCheck[] {
  const col = quoteIdent(column.name);
  const check = (rule: CheckRule, expression: string): ColumnCheck => ({
    rule,
    name: `${column.name}_${rule}`,
    expression,
  });
  const checks: ColumnCheck[] = [];
  if (column.enum)
    checks.push(check("enum", `${col} in (${column.enum.map((v) => typedLiteral(v, column.type)).join(", ")})`));
  if (column.min !== undefined) checks.push(check("min", `${col} >= ${typedLiteral(column.min, column.type)}`));
  if (column.max !== undefined) checks.push(check("max", `${col} <= ${typedLiteral(column.max, column.type)}`));
  if (column.maxLength !== undefined)
    checks.push(check("max_length", `char_length(${col}) <= ${typedLiteral(column.maxLength, "int")}`));
  const pattern = column.format && column.type === "text" ? FORMAT_PATTERNS[column.format] : undefined;
  if (pattern) checks.push(check("format", `${col} ~ ${typedLiteral(pattern, "text")}`));
  return checks;
}

export function checkConstraintSql(check: ColumnCheck): string {
  return `constraint ${quoteIdent(check.name)} check (${check.expression})`;
}

function describeTable(table: PhysicalTable): string {
  const rules = table.table.columns.filter(
    (c) => c.required || c.unique || c.enum || c.min !== undefined || c.max !== undefined || c.maxLength !== undefined,
  );
  return `Create table ${table.name} with ${table.table.columns.length} columns plus id, created_at, updated_at and created_by${rules.length > 0 ? `; rules on ${rules.map((c) => c.name).join(", ")}` : ""}.`;
}

/**
 * Clients may write their own columns (and choose an id on insert), never the system
 * columns, nor the columns the role's permission makes read-only: those are left out of
 * the column grants, so Postgres refuses a write that sets one (42501) whatever the
 * client sends. One statement for all of a role's privileges on the table: the largest
 * app has 1,200 role-table pairs, and each statement is a round trip and a catalog update.
 */
export function grantSteps(schema: string, table: PhysicalTable, access: Access, role: string): PlanStep[] {
  const grant = grantOf(table, access);
  const privileges: string[] = [];
  const words: string[] = [];
  if (grant.select) {
    privileges.push("select");
    words.push("read");
  }
  if (grant.insert.length > 0) {
    privileges.push(`insert (${grant.insert.map(quoteIdent).join(", ")})`);
    words.push("add");
  }
  if (grant.update.length > 0) {
    privileges.push(`update (${grant.update.map(quoteIdent).join(", ")})`);
    words.push("change (not their system columns)");
  }
  if (grant.delete) {
    privileges.push("delete");
    words.push("delete");
  }
  if (privileges.length === 0) return [];
  const readOnly = access.readOnlyColumns.length > 0 ? `; they may not set ${access.readOnlyColumns.join(", ")}` : "";
  return [
    {
      sql: `grant ${privileges.join(", ")} on ${qualified(schema, table.name)} to ${role}`,
      description: `Let ${access.role} ${words.join(", ")} ${table.name} rows${readOnly}.`,
    },
  ];
}

/** What a database role is granted on a table: whole-table SELECT and DELETE, and the columns it may insert and update. */
export interface TableGrant {
  table: string;
  dbRole: string;
  select: boolean;
  delete: boolean;
  insert: string[];
  update: string[];
}

export function grantOf(table: PhysicalTable, access: Access): Omit<TableGrant, "dbRole"> {
  const writable = table.table.columns.map((c) => c.name).filter((c) => !access.readOnlyColumns.includes(c));
  return {
    table: table.name,
    select: access.select,
    delete: access.delete,
    insert: access.insert ? ["id", ...writable] : [],
    update: access.update ? writable : [],
  };
}

export interface PolicyStep extends PlanStep {
  /** The policy's name, unique within its table. */
  name: string;
  /** The table's columns it reads: changing one of them means rebuilding the policy. */
  columns: string[];
  /** Columns of other tables it reads (an editable parent's scope), as "table.column". */
  elsewhere: string[];
}

/** What a policy is for, as pg_policy.polcmd spells it, and whether it is permissive. */
export interface ExpectedPolicy {
  table: string;
  name: string;
  command: "r" | "a" | "w" | "d" | "*";
  permissive: boolean;
}

const POLCMD = { select: "r", insert: "a", update: "w", delete: "d" } as const;

/**
 * One permissive policy per granted command, each with the rows that command reaches
 * (row filters and the command's scope, scope-sql.ts): SELECT and DELETE judge the
 * existing row (USING), INSERT the new one (WITH CHECK), UPDATE both, so a row can
 * neither be edited from outside the scope nor moved out of it.
 */
export function policySteps(model: ScopeModel, access: Access, role: string): PolicyStep[] {
  const table = model.tables.find((t) => t.name === access.table) as PhysicalTable;
  const target = qualified(model.schema, table.name);
  const steps: PolicyStep[] = [];
  for (const command of COMMANDS) {
    if (!access[command]) continue;
    const condition = commandCondition(model, access, command);
    const name = `${access.role}_${command}`;
    const which = rowsWords(access, command);
    const clause = {
      select: `using (${condition.sql})`,
      insert: `with check (${condition.sql})`,
      update: `using (${condition.sql}) with check (${condition.sql})`,
      delete: `using (${condition.sql})`,
    }[command];
    const description = {
      select: `${access.role} sees ${which} of ${table.name}.`,
      insert: `${access.role} may add ${which === "every row" ? "any row" : which.replace(/^rows /, "rows only ")} to ${table.name}.`,
      update: `${access.role} may change ${which} of ${table.name}, and only so that they still match.`,
      delete: `${access.role} may delete ${which} of ${table.name}.`,
    }[command];
    steps.push({
      name,
      columns: unique(condition.reads.filter((r) => r.table === table.name).map((r) => r.column)),
      elsewhere: unique(condition.reads.filter((r) => r.table !== table.name).map((r) => `${r.table}.${r.column}`)),
      sql: `create policy ${quoteIdent(name)} on ${target} for ${command} to ${role} ${clause}`,
      description,
    });
  }
  return [...steps, ...parentScopeSteps(model.schema, table, access, role)];
}

/** Every policy a model's access calls for, so the self-check can insist each one exists. */
export function expectedPolicies(access: readonly Access[]): ExpectedPolicy[] {
  return access.flatMap((a) => [
    ...COMMANDS.filter((c) => a[c]).map((c) => ({
      table: a.table,
      name: `${a.role}_${c}`,
      command: POLCMD[c],
      permissive: true,
    })),
    ...(a.parents.length > 0 && COMMANDS.some((c) => a[c])
      ? [{ table: a.table, name: parentScopePolicyName(a.role), command: "*" as const, permissive: false }]
      : []),
  ]);
}

const unique = (values: string[]) => [...new Set(values)];

/** The name of the policy that scopes a role's rows of a table through their parents. */
export const parentScopePolicyName = (role: string) => `${role}_parents`;

/**
 * One RESTRICTIVE policy for every command, so it holds on top of the role's own row
 * filter (AND) rather than widening it (permissive policies are OR-ed): a row is
 * visible and writable only while the role can see its parent (USING for reads,
 * updates and deletes; WITH CHECK for inserts and updates). The role's grants still
 * decide which commands it may run at all. The subquery runs with the caller's
 * privileges, so the parent's own policies decide what "can see" means. A link left
 * empty attaches the row to no parent at all, so it does not hide the row: the row's
 * own rules decide. Inserting a row that points at a hidden parent and one that points
 * at no row at all fail the same way (42501, before the foreign key is checked), so
 * the answer does not reveal whether the hidden parent exists.
 */
function parentScopeSteps(schema: string, table: PhysicalTable, access: Access, role: string): PolicyStep[] {
  if (access.parents.length === 0 || !COMMANDS.some((command) => access[command])) return [];
  const condition = access.parents.map((fk) => parentVisibleSql(schema, fk)).join(" and ");
  const parents = access.parents.map((fk) => `its ${fk.refTable} (${fk.column})`).join(" and ");
  const name = parentScopePolicyName(access.role);
  return [
    {
      name,
      columns: access.parents.map((fk) => fk.column),
      elsewhere: [],
      sql: `create policy ${quoteIdent(name)} on ${qualified(schema, table.name)} as restrictive for all to ${role} using (${condition}) with check (${condition})`,
      description: `${access.role} may see and change a ${table.name} row only while they can see ${parents}.`,
    },
  ];
}

function parentVisibleSql(schema: string, fk: ForeignKey): string {
  // Qualified with the table's name: a bare column could resolve to the parent's column of the same name.
  const link = `${quoteIdent(fk.table)}.${quoteIdent(fk.column)}`;
  return `(${link} is null or exists (select from ${qualified(schema, fk.refTable)} as plinth_parent where plinth_parent.${quoteIdent(fk.refColumn)} = ${link}))`;
}

/**
 * Compiles the rows a command reaches — a role's row filters and the command's scope —
 * into one policy expression. Person and team scopes compare a column with the token's
 * claims; a parent scope is an `exists` over the parent table, which runs under the
 * caller's own policies on the parent, so "the parent is visible" means whatever the
 * parent's read scope says, to any depth; an editable parent also has to pass the
 * parent's update condition, compiled inline against the parent row.
 */
import { type Access, type Command, columnsOf, type Filter, type ForeignKey, type Scope } from "@plinth/blueprint";
import { qualified, quoteIdent } from "@plinth/db";
import { compileFilter, describeFilter, teamIds, userId } from "./filter-sql.js";
import type { PhysicalApp, PhysicalTable } from "./physical.js";

/** What compiling a scope needs to know: the app's tables, links and access, and its schema. */
export interface Model extends Pick<PhysicalApp, "tables" | "foreignKeys" | "access"> {
  schema: string;
}

/** One column a condition reads. */
export interface ReadColumn {
  table: string;
  column: string;
}

/** A compiled condition: its SQL and every column it reads, of its own table or of a parent. */
export interface Condition {
  sql: string;
  reads: ReadColumn[];
}

/**
 * The condition under which `access.role` may run `command` on a row of `access.table`:
 * every row filter and the command's scope hold. "true" when nothing narrows it; "false"
 * when the command is not granted (only reachable through an editable parent scope,
 * which the verifier refuses without an update grant).
 *
 * `row` names the row being judged: omitted in a policy on the table itself, where the
 * columns stand bare, and an alias inside a parent scope's subquery.
 */
export function commandCondition(model: Model, access: Access, command: Command, row?: string, depth = 1): Condition {
  if (!access[command]) return { sql: "false", reads: [] };
  const table = tableOf(model, access.table);
  const parts: Condition[] = [];
  if (access.filter) parts.push(filterCondition(table, access.filter, row));
  const scope = access.scopes[command];
  if (scope) parts.push(scopeCondition(model, access, scope, row, depth));
  if (parts.length === 0) return { sql: "true", reads: [] };
  return {
    sql: parts.map((p) => p.sql).join(" and "),
    reads: parts.flatMap((p) => p.reads),
  };
}

function filterCondition(table: PhysicalTable, filter: Filter, row: string | undefined): Condition {
  return {
    sql: compileFilter(filter, (c) => table.types.get(c) ?? "text", row),
    reads: columnsOf(filter).map((column) => ({ table: table.name, column })),
  };
}

function scopeCondition(model: Model, access: Access, scope: Scope, row: string | undefined, depth: number): Condition {
  const table = tableOf(model, access.table);
  const col = (name: string) => (row ? `${row}.${quoteIdent(name)}` : quoteIdent(name));
  const own = (column: string): ReadColumn[] => [{ table: table.name, column }];
  const typeOf = (column: string) => table.types.get(column) ?? "uuid";
  if (scope === "all") return { sql: "true", reads: [] };
  if ("and" in scope || "or" in scope) {
    const [parts, joiner] = "and" in scope ? [scope.and, " and "] : [scope.or, " or "];
    const compiled = parts.map((part) => scopeCondition(model, access, part, row, depth));
    return { sql: `(${compiled.map((c) => c.sql).join(joiner)})`, reads: compiled.flatMap((c) => c.reads) };
  }
  if ("where" in scope) return filterCondition(table, scope.where, row);
  if ("person" in scope)
    return { sql: `${col(scope.person)} = ${userId(typeOf(scope.person))}`, reads: own(scope.person) };
  if ("team" in scope) return { sql: `${col(scope.team)} in ${teamIds(typeOf(scope.team))}`, reads: own(scope.team) };

  const fk = linkOf(model, table.name, scope.parent);
  const alias = `plinth_parent_${depth}`;
  // In a policy on the table itself the link is qualified with the table's name: a bare
  // column inside the subquery would resolve to the parent's column of the same name.
  const link = `${row ?? quoteIdent(table.name)}.${quoteIdent(fk.column)}`;
  const conditions = [`${alias}.${quoteIdent(fk.refColumn)} = ${link}`];
  const reads: ReadColumn[] = [...own(fk.column), { table: fk.refTable, column: fk.refColumn }];
  if (scope.editable) {
    const parentAccess = model.access.find((a) => a.role === access.role && a.table === fk.refTable);
    const editable = parentAccess
      ? commandCondition(model, parentAccess, "update", alias, depth + 1)
      : { sql: "false", reads: [] };
    conditions.push(editable.sql);
    reads.push(...editable.reads);
  }
  return {
    sql: `exists (select from ${qualified(model.schema, fk.refTable)} as ${alias} where ${conditions.join(" and ")})`,
    reads,
  };
}

function tableOf(model: Model, name: string): PhysicalTable {
  const table = model.tables.find((t) => t.name === name);
  if (!table) throw new Error(`no table ${name}`);
  return table;
}

function linkOf(model: Model, table: string, column: string): ForeignKey {
  const fk = model.foreignKeys.find((k) => k.table === table && k.column === column);
  // physical.ts refuses a parent scope without a link before any SQL is built.
  if (!fk) throw new Error(`no link from ${table}.${column}`);
  return fk;
}

/** The rows a command reaches, in words for the plan: "rows where assignee_id is the signed-in user". */
export function rowsWords(access: Access, command: Command): string {
  const parts = [
    ...(access.filter ? [`where ${describeFilter(access.filter)}`] : []),
    ...(access.scopes[command] ? [describeScopeWords(access.scopes[command] as Scope)] : []),
  ];
  return parts.length === 0 ? "every row" : `rows ${parts.join(" and ")}`;
}

/** A scope as a phrase after "rows", with column names as the plan shows them. */
export function describeScopeWords(scope: Scope): string {
  if (scope === "all") return "of any kind";
  if ("and" in scope || "or" in scope) {
    const parts = ("and" in scope ? scope.and : scope.or).map(describeScopeWords);
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join("and" in scope ? " and " : " or ")})`;
  }
  if ("where" in scope) return `where ${describeFilter(scope.where)}`;
  if ("person" in scope) return `where ${scope.person} is the signed-in user`;
  if ("team" in scope) return `where ${scope.team} is one of the user's teams`;
  return `whose ${scope.parent} they can ${scope.editable ? "edit" : "see"}`;
}

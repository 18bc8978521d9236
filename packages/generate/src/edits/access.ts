/**
 * Who can do what, edited by hand: the app page's access matrix grants and revokes
 * actions per role and table, picks the scope of each granted action among the ones
 * the verifier accepts for that table (whose rows, and one condition on their values,
 * both holding), and chooses the columns a role may not set.
 * Pure: every function changes the blueprint it is given.
 */
import {
  type BlueprintV2,
  describeFilter,
  describeScope,
  foreignKeyOf,
  isSystemColumn,
  type Permission,
  type Scope,
  type ScopedAction,
  verifyBlueprint,
} from "@plinth/blueprint";
import { replaceScopePart, scopeKind, scopeParts } from "../offline/access-shape.js";

/** The matrix's columns: listing and reading a table go together as seeing it. */
export type MatrixAction = "see" | "create" | "update" | "delete";
export const MATRIX_ACTIONS: readonly MatrixAction[] = ["see", "create", "update", "delete"];

const SCOPED: Record<MatrixAction, ScopedAction> = {
  see: "read",
  create: "create",
  update: "update",
  delete: "delete",
};
const NONE = { list: false, read: false, create: false, update: false, delete: false };

export function findPermission(bp: BlueprintV2, role: string, table: string): Permission | undefined {
  return bp.security.permissions.find((p) => p.role === role && p.resource === table);
}

/** The role's permission on the table, added with nothing granted when it has none. */
export function permissionOf(bp: BlueprintV2, role: string, table: string): Permission {
  let p = findPermission(bp, role, table);
  if (!p) {
    p = { role, resource: table, actions: { ...NONE } };
    bp.security.permissions.push(p);
  }
  return p;
}

/** Whether the role may do `action` on the table. */
export function grants(bp: BlueprintV2, role: string, table: string, action: MatrixAction): boolean {
  const actions = findPermission(bp, role, table)?.actions;
  return Boolean(action === "see" ? actions?.read || actions?.list : actions?.[action]);
}

/**
 * Grants or revokes one action. Adding, changing or deleting rows needs seeing them (the
 * verifier refuses a write without read), and not seeing a table means nothing else on
 * it; the scope or column rule of an action no longer granted would never apply, so it
 * goes too (the verifier refuses it as well).
 */
export function setAction(bp: BlueprintV2, role: string, table: string, action: MatrixAction, on: boolean): void {
  const p = permissionOf(bp, role, table);
  if (action === "see" && !on) p.actions = { ...NONE };
  else {
    if (action !== "see") p.actions[action] = on;
    if (on) p.actions = { ...p.actions, list: true, read: true };
  }
  if (p.scopes) {
    for (const a of MATRIX_ACTIONS) if (!grants(bp, role, table, a)) delete p.scopes[SCOPED[a]];
    if (Object.keys(p.scopes).length === 0) delete p.scopes;
  }
  if (!p.actions.create && !p.actions.update) delete p.readOnlyColumns;
}

/** A scope a founder can pick, in their words ("rows where Assignee is the user"). */
export interface ScopeChoice {
  /** Stable across renders: the scope as JSON, "all" for every row. */
  key: string;
  words: string;
  scope: Scope;
}

const scopeKey = (scope: Scope | undefined): string =>
  scope === undefined || scope === "all" ? "all" : JSON.stringify(scope);

function choice(bp: BlueprintV2, table: string, scope: Scope): ScopeChoice {
  return {
    key: scopeKey(scope),
    words: scope === "all" ? "All rows" : `Rows ${describeScope(bp, table, scope)}`,
    scope,
  };
}

/** Whether a chain of links leads from `from` to `to` (a parent scope over it would never end). */
function reaches(bp: BlueprintV2, from: string, to: string, seen = new Set<string>()): boolean {
  if (from === to) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return bp.data.relationships.map(foreignKeyOf).some((fk) => fk.table === from && reaches(bp, fk.refTable, to, seen));
}

/**
 * The scopes the verifier accepts for a role's action on a table: every row; rows a
 * people column (or "who added it") names them in; rows of their team, through a link
 * to the teams table; rows whose parent, through a link column, they can see (or edit,
 * when they may edit that parent).
 */
export function scopeChoices(bp: BlueprintV2, role: string, table: string): ScopeChoice[] {
  const columns = bp.data.tables.find((t) => t.name === table)?.columns ?? [];
  const links = bp.data.relationships.map(foreignKeyOf).filter((fk) => fk.table === table);
  const teams = bp.security.teamTable;
  const scopes: Scope[] = [
    "all",
    ...columns.filter((c) => c.type === "user").map((c) => ({ person: c.name })),
    { person: "created_by" },
    ...(teams ? links.filter((fk) => fk.refTable === teams).map((fk) => ({ team: fk.column })) : []),
  ];
  for (const fk of links) {
    if (reaches(bp, fk.refTable, table)) continue;
    if (grants(bp, role, fk.refTable, "see")) scopes.push({ parent: fk.column });
    if (grants(bp, role, fk.refTable, "update")) scopes.push({ parent: fk.column, editable: true });
  }
  return scopes.map((s) => choice(bp, table, s));
}

/** A condition on the row's own values ("where Status is open"), chosen apart from whose rows they are. */
const isCondition = (scope: Scope) => scopeKind(scope) === "where";

/**
 * The conditions a founder can add to any scope: one per choice of each choice field
 * ("Only where Status is “open”") and each yes/no field being yes ("Only where Published
 * is true"), the filters the verifier accepts on those columns. The first, "Any row", is none.
 */
export function conditionChoices(bp: BlueprintV2, table: string): ScopeChoice[] {
  const columns = (bp.data.tables.find((t) => t.name === table)?.columns ?? []).filter((c) => !isSystemColumn(c.name));
  const conditions: Scope[] = columns.flatMap((c) =>
    c.type === "bool"
      ? [{ where: { equals: [c.name, true] } }]
      : c.type === "text"
        ? (c.enum ?? []).map((value): Scope => ({ where: { equals: [c.name, value] } }))
        : [],
  );
  return [anyRow, ...conditions.map((s) => conditionChoice(bp, table, s))];
}

const anyRow: ScopeChoice = { key: "all", words: "Any row", scope: "all" };
const conditionChoice = (bp: BlueprintV2, table: string, scope: Scope): ScopeChoice => ({
  key: scopeKey(scope),
  words: `Only ${describeScope(bp, table, scope)}`,
  scope,
});

function scopeOf(bp: BlueprintV2, role: string, table: string, action: MatrixAction): Scope | undefined {
  return findPermission(bp, role, table)?.scopes?.[SCOPED[action]];
}

/** A scope as whose rows they are and one condition on them; undefined when it says more than that (an "or", two people columns). */
function split(scope: Scope | undefined): { rows: Scope; condition: Scope } | undefined {
  const parts = scopeParts(scope);
  const conditions = parts.filter(isCondition);
  const rows = parts.filter((p) => !isCondition(p));
  if (conditions.length > 1 || rows.length > 1) return undefined;
  return { rows: rows[0] ?? "all", condition: conditions[0] ?? "all" };
}

/** Whose rows an action reaches now, among the choices or as a rule of its own ("Rows where Assignee is the user or they added"). */
export function currentScope(bp: BlueprintV2, role: string, table: string, action: MatrixAction): ScopeChoice {
  const scope = scopeOf(bp, role, table, action);
  return choice(bp, table, split(scope)?.rows ?? scope ?? "all");
}

/** The condition on the rows of an action ("Any row" for none); null when the scope is a rule of its own the matrix cannot take apart. */
export function currentCondition(
  bp: BlueprintV2,
  role: string,
  table: string,
  action: MatrixAction,
): ScopeChoice | null {
  const parts = split(scopeOf(bp, role, table, action));
  if (!parts) return null;
  return parts.condition === "all" ? anyRow : conditionChoice(bp, table, parts.condition);
}

/** The whole rule of an action in words: "Rows where Assignee is the user and where Status is “open”". */
export function scopeWords(bp: BlueprintV2, role: string, table: string, action: MatrixAction): string {
  return choice(bp, table, scopeOf(bp, role, table, action) ?? "all").words;
}

/**
 * Narrows or widens the rows an action reaches; refuses an action the role is not granted.
 * A condition ("where") replaces the action's condition and keeps whose rows they are;
 * whose rows ("all" for anyone's) replaces that and keeps the condition: both hold.
 */
export function setScope(
  bp: BlueprintV2,
  role: string,
  table: string,
  action: MatrixAction,
  scope: Scope,
): string | null {
  return setPart(bp, role, table, action, scope, isCondition(scope));
}

/** Sets the condition on the rows of an action ("all": none), keeping whose rows they are. */
export function setCondition(
  bp: BlueprintV2,
  role: string,
  table: string,
  action: MatrixAction,
  condition: Scope,
): string | null {
  return setPart(bp, role, table, action, condition, true);
}

function setPart(
  bp: BlueprintV2,
  role: string,
  table: string,
  action: MatrixAction,
  part: Scope,
  condition: boolean,
): string | null {
  const p = findPermission(bp, role, table);
  if (!p || !grants(bp, role, table, action))
    return `${role} may not ${action} ${table} at all; allow it first, then choose which rows.`;
  const before = p.scopes?.[SCOPED[action]];
  // A rule the matrix cannot take apart is replaced whole by whose rows they are.
  const replaces = split(before) || condition ? (s: Scope) => isCondition(s) === condition : () => true;
  const scope = replaceScopePart(before, part, replaces);
  const scopes = { ...p.scopes };
  if (scope === undefined) delete scopes[SCOPED[action]];
  else scopes[SCOPED[action]] = scope;
  if (Object.keys(scopes).length) p.scopes = scopes;
  else delete p.scopes;
  return null;
}

/** The row rules that hold for every action of the role on the table besides the scopes, in words. */
export function rowRules(bp: BlueprintV2, role: string, table: string): string[] {
  return bp.security.rowFilters
    .filter((f) => f.role === role && f.resource === table)
    .map((f) => f.description ?? `Rows where ${describeFilter(bp, table, f.filter)}`);
}

/** The fields a role could be kept from setting: the table's own columns (system columns nobody sets). */
export function settableColumns(bp: BlueprintV2, table: string): string[] {
  return (bp.data.tables.find((t) => t.name === table)?.columns ?? [])
    .map((c) => c.name)
    .filter((name) => !isSystemColumn(name));
}

/** Lets the role set a column when it adds or changes rows, or keeps it from doing so. */
export function setColumnWritable(bp: BlueprintV2, role: string, table: string, column: string, may: boolean): void {
  const p = findPermission(bp, role, table);
  if (!p) return;
  const locked = (p.readOnlyColumns ?? []).filter((c) => c !== column);
  if (!may) locked.push(column);
  if (locked.length) p.readOnlyColumns = settableColumns(bp, table).filter((c) => locked.includes(c));
  else delete p.readOnlyColumns;
}

/** A verifier problem with a role's permission on a table, in words. */
export interface AccessProblem {
  role: string;
  table: string;
  code: string;
  words: string;
}

/** What the verifier refuses in the permissions (scopes, column write rules), said per role and table. */
export function accessProblems(bp: BlueprintV2): AccessProblem[] {
  return verifyBlueprint(bp).flatMap((problem) => {
    const index = problem.path.match(/^\/security\/permissions\/(\d+)(?:\/|$)/)?.[1];
    const p = index === undefined ? undefined : bp.security.permissions[Number(index)];
    return p
      ? [{ role: p.role, table: p.resource, code: problem.code, words: `${problem.message} ${problem.hint}` }]
      : [];
  });
}

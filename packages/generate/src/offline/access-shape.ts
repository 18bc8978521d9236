/**
 * The one place the offline planner knows how the blueprint spells access (the access
 * model of issue 15): people columns (`user`), per-action scopes and read-only columns.
 * The planner decides access as `Grant`s; this module writes them as permissions.
 */
import type { BlueprintV2Input, Scope, ScopedAction } from "@plinth/blueprint";
import type { ColumnDef } from "./columns.js";

export type { Scope };

export type Action = "list" | "read" | "create" | "update" | "delete";
export type Scopes = Partial<Record<ScopedAction, Scope>>;
export const SCOPED: ScopedAction[] = ["read", "create", "update", "delete"];

export interface Grant {
  role: string;
  table: string;
  actions: Record<Action, boolean>;
  /** Per action (list shares read's); absent = every row. */
  scopes: Scopes;
  readOnlyColumns: string[];
  /** Plain words for the app's description ("Walker sees only the walks assigned to them"). */
  description?: string;
}

type Permission = BlueprintV2Input["security"]["permissions"][number];

/** A column holding an app member ("Walker"): chosen from the members, defaults to whoever adds the row. */
export function personColumn(name: string, label: string): ColumnDef {
  return { name, label, type: "user", default: "$user.id", indexed: true };
}

/** Grants → the blueprint's permissions, with scopes and read-only columns where they restrict. */
export function writeGrants(grants: Grant[]): Permission[] {
  return grants.map((grant) => ({
    role: grant.role,
    resource: grant.table,
    actions: { ...grant.actions },
    ...(Object.keys(grant.scopes).length ? { scopes: grant.scopes } : {}),
    ...(grant.readOnlyColumns.length ? { readOnlyColumns: grant.readOnlyColumns } : {}),
  }));
}

const granted = (actions: Record<Action, boolean>, action: ScopedAction) =>
  action === "read" ? actions.list || actions.read : actions[action];

/** What a scope asks of a row: its person, team, parent or condition ("and"/"or" stand for themselves). */
export function scopeKind(scope: Scope): string {
  return scope === "all" ? "all" : (Object.keys(scope).find((k) => k !== "editable") ?? "all");
}

/** The rules that all hold in a scope: the parts of an `and`, else the scope itself (none for every row). */
export function scopeParts(scope: Scope | undefined): Scope[] {
  if (scope === undefined || scope === "all") return [];
  return "and" in scope ? scope.and : [scope];
}

/**
 * `before` with its parts that `replaces` picks giving way to `part` (at the first one's
 * place, else after the others); the other parts still hold too. No `part` drops them.
 * Undefined when no rule is left: every row.
 */
export function replaceScopePart(
  before: Scope | undefined,
  part: Scope | undefined,
  replaces: (existing: Scope) => boolean,
): Scope | undefined {
  const out: Scope[] = [];
  let placed = part === undefined || part === "all";
  for (const existing of scopeParts(before)) {
    if (!replaces(existing)) out.push(existing);
    else if (!placed && part) {
      out.push(part);
      placed = true;
    }
  }
  if (!placed && part) out.push(part);
  return out.length > 1 ? { and: out } : out[0];
}

/**
 * `before` narrowed further by `scope`, as "X see only Y" means it: a rule of another kind
 * still holds ("assigned to them" and "open"), one of the same kind gives way (a second
 * people column, another condition).
 */
export function combineScopes(before: Scope | undefined, scope: Scope): Scope | undefined {
  return replaceScopePart(before, scope, (existing) => scopeKind(existing) === scopeKind(scope));
}

/**
 * `scopes` with `scope` on each of `which` the actions grant (and no scope on an action
 * they do not grant, which the verifier refuses). `combine` keeps an existing scope of
 * another kind too: two rules on one table ("each team sees its tasks", "only tasks
 * assigned to them") both hold.
 */
export function narrow(
  actions: Record<Action, boolean>,
  scopes: Scopes,
  which: ScopedAction[],
  scope: Scope,
  combine = false,
): Scopes {
  const out: Scopes = { ...scopes };
  for (const action of which) {
    const now = combine ? combineScopes(out[action], scope) : scope;
    if (!granted(actions, action) || now === undefined) delete out[action];
    else out[action] = now;
  }
  return out;
}

/**
 * Rows that follow their parent through `column`: read the ones whose parent the role
 * sees; write the ones whose parent it may change when `editable` (else the ones it sees).
 * `combine` keeps the rules of another kind already in `scopes`.
 */
export function throughParent(
  actions: Record<Action, boolean>,
  column: string,
  editable: boolean,
  scopes: Scopes = {},
  combine = false,
): Scopes {
  const through: Scope = editable ? { parent: column, editable: true } : { parent: column };
  const read = narrow(actions, scopes, ["read"], { parent: column }, combine);
  return narrow(actions, read, ["create", "update", "delete"], through, combine);
}

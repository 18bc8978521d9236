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

/**
 * `scopes` with `scope` on each of `which` the actions grant (and no scope on an action
 * they do not grant, which the verifier refuses). `combine` keeps an existing scope too:
 * two rules on one table ("each team sees its tasks", "only tasks assigned to them") both hold.
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
    const before = out[action];
    if (!granted(actions, action)) delete out[action];
    else out[action] = combine && before ? { and: [before, scope] } : scope;
  }
  return out;
}

/**
 * Rows that follow their parent through `column`: read the ones whose parent the role
 * sees; write the ones whose parent it may change when `editable` (else the ones it sees).
 */
export function throughParent(actions: Record<Action, boolean>, column: string, editable: boolean): Scopes {
  const through: Scope = editable ? { parent: column, editable: true } : { parent: column };
  return narrow(actions, narrow(actions, {}, ["read"], { parent: column }), ["create", "update", "delete"], through);
}

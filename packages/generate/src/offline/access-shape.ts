/**
 * The one place the offline planner knows how the blueprint spells access (the access
 * model of issue 15): people columns (`user`), per-action scopes and read-only columns.
 * The planner decides access as `Grant`s; this module writes them as permissions.
 */
import type { BlueprintV2Input, Scope } from "@plinth/blueprint";
import type { ColumnDef } from "./columns.js";

export type { Scope };

export type Action = "list" | "read" | "create" | "update" | "delete";

export interface Grant {
  role: string;
  table: string;
  actions: Record<Action, boolean>;
  /** Per action (list shares read's); absent = every row. */
  scopes: Partial<Record<"read" | "create" | "update" | "delete", Scope>>;
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

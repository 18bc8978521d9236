/**
 * The one place the offline planner knows how the blueprint spells access: person and
 * team columns, per-action scopes and read-only columns (the access model of issue 15).
 *
 * The planner decides access in the access model's terms (`Scope`, `Grant`); this
 * module writes them into the blueprint. Until `@plinth/blueprint` accepts `scopes`,
 * `readOnlyColumns` and the `user`/`team` column types, it writes what the current
 * schema can say: person columns as uuids defaulting to the signed-in user, team
 * columns as uuids (the team ids members carry), person/team read scopes as row filters. Parent scopes and
 * read-only columns have no spelling there yet and are left out (the grants still
 * carry them, and the tests read the grants). Switching to the access model is this
 * file alone: set ACCESS_MODEL to true.
 */
import type { BlueprintV2Input, Filter } from "@plinth/blueprint";
import type { ColumnDef } from "./columns.js";

/** Whether the blueprint schema has the access model (scopes, readOnlyColumns, user/team columns). */
export const ACCESS_MODEL = false;

export type Scope =
  | "all"
  | { person: string }
  | { team: string }
  | { parent: string; editable?: true }
  | { and: Scope[] }
  | { or: Scope[] };

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

type Security = BlueprintV2Input["security"];
type Permission = Security["permissions"][number];
type RowFilter = NonNullable<Security["rowFilters"]>[number];

/** A column holding an app member ("Walker"): chosen from the members, defaults to whoever adds the row. */
export function personColumn(name: string, label: string): ColumnDef {
  return ACCESS_MODEL
    ? ({ name, label, type: "user", default: "$user.id", indexed: true } as unknown as ColumnDef)
    : { name, label, type: "uuid", default: "$user.id", indexed: true };
}

/** A column holding one of the team names members carry ("Department"). */
export function teamColumn(name: string, label: string): ColumnDef {
  return ACCESS_MODEL
    ? ({ name, label, type: "team", indexed: true } as unknown as ColumnDef)
    : { name, label, type: "uuid", indexed: true };
}

/** Whether a column is a person column (what sample data fills with members' ids). */
export function isPersonColumn(column: Pick<ColumnDef, "type" | "default">): boolean {
  return (column.type as string) === "user" || (column.type === "uuid" && column.default === "$user.id");
}

/** Whether a column is a team column, given the columns the planner made team columns. */
export function isTeamColumn(column: Pick<ColumnDef, "type">, planned: boolean): boolean {
  return (column.type as string) === "team" || planned;
}

/** Grants → the blueprint's permissions (and, before the access model, row filters). */
export function writeGrants(grants: Grant[]): Pick<Security, "permissions" | "rowFilters"> {
  const permissions: Permission[] = [];
  const rowFilters: RowFilter[] = [];
  for (const grant of grants) {
    const permission: Permission = { role: grant.role, resource: grant.table, actions: { ...grant.actions } };
    if (ACCESS_MODEL) {
      const withScopes = permission as Permission & { scopes?: Grant["scopes"]; readOnlyColumns?: string[] };
      if (Object.keys(grant.scopes).length) withScopes.scopes = grant.scopes;
      if (grant.readOnlyColumns.length) withScopes.readOnlyColumns = grant.readOnlyColumns;
    } else {
      const filter = grant.scopes.read ? asFilter(grant.scopes.read) : null;
      if (filter) {
        rowFilters.push({
          role: grant.role,
          resource: grant.table,
          filter,
          ...(grant.description ? { description: grant.description.slice(0, 300) } : {}),
        });
      }
    }
    permissions.push(permission);
  }
  return { permissions, rowFilters };
}

/** A scope as a row filter, when the current schema can say it (person, team, and/or of those). */
function asFilter(scope: Scope): Filter | null {
  if (scope === "all") return null;
  if ("person" in scope) return { equals: [scope.person, "$user.id"] };
  if ("team" in scope) return { in: [scope.team, "$user.team_ids"] };
  if ("and" in scope || "or" in scope) {
    const parts = ("and" in scope ? scope.and : scope.or).map(asFilter);
    if (parts.some((p) => p === null)) return null;
    return "and" in scope ? { and: parts as Filter[] } : { or: parts as Filter[] };
  }
  return null;
}

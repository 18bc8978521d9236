/**
 * What the signed-in role may do to one row and one column, decided in the browser from
 * the blueprint's resolved access and the user's id and teams. It only keeps the screen
 * from offering what the database would refuse: the database's policies and column
 * grants still decide every write. A parent scope needs the parent row, which a block
 * does not hold, so it is "unknown": the action stays, and a refusal is explained.
 */
import {
  type Access,
  accessOf,
  type BlueprintV2,
  describeFilter,
  describeScope,
  matchesFilter,
  type Scope,
  whoMay,
} from "@plinth/blueprint";
import type { RuntimeUser } from "./filters";
import { columnLabel, findTable, resolved, tableLabel } from "./model";

/** true: allowed; false: refused; "unknown": only the database can tell (a parent scope). */
export type Decision = boolean | "unknown";

type Row = Record<string, unknown>;
type Command = "select" | "insert" | "update" | "delete";
type Who = Pick<RuntimeUser, "id" | "team_ids">;

/** Refine's action names → the database commands they need. */
export const COMMAND_OF: Record<string, Command> = {
  list: "select",
  show: "select",
  read: "select",
  create: "insert",
  edit: "update",
  update: "update",
  delete: "delete",
};

export function accessFor(blueprint: BlueprintV2, role: string, table: string): Access | undefined {
  return accessOf(resolved(blueprint), role, table);
}

const same = (value: unknown, wanted: unknown) =>
  value !== null && value !== undefined && String(value) === String(wanted);

/** Whether `row` is inside `scope` for `user` (null: every row). */
export function rowInScope(scope: Scope | null, row: Row, user: Who): Decision {
  if (scope === null || scope === "all") return true;
  if ("person" in scope) return same(row[scope.person], user.id);
  if ("team" in scope) return user.team_ids.some((team) => same(row[scope.team], team));
  if ("where" in scope) return matchesFilter(scope.where, row, { id: user.id, teams: user.team_ids });
  // The parent row decides, under the role's own policies; an empty link reaches nothing.
  if ("parent" in scope) return row[scope.parent] === null || row[scope.parent] === undefined ? false : "unknown";
  const parts = ("and" in scope ? scope.and : scope.or).map((s) => rowInScope(s, row, user));
  // One false settles an "and", one true an "or"; otherwise an unknown part leaves it unknown.
  const decisive = !("and" in scope);
  if (parts.includes(decisive)) return decisive;
  return parts.includes("unknown") ? "unknown" : !decisive;
}

/**
 * Whether the role may do `command` to this existing row: granted and inside the
 * command's scope. The row filters are not asked: they bound what the role sees, so a
 * row it holds already passes them.
 */
export function rowAllowed(
  blueprint: BlueprintV2,
  role: string,
  table: string,
  command: Command,
  row: Row,
  user: Who,
): Decision {
  const access = accessFor(blueprint, role, table);
  if (!access?.[command]) return false;
  return rowInScope(access.scopes[command], row, user);
}

/** Columns the role may not set on create or update (the database grants it no write on them). */
export function readOnlyColumns(blueprint: BlueprintV2, role: string, table: string): string[] {
  return accessFor(blueprint, role, table)?.readOnlyColumns ?? [];
}

const roleLabel = (blueprint: BlueprintV2, role: string) =>
  blueprint.security.roles.find((r) => r.name === role)?.label ?? role;

const VERBS: Record<Command, string> = { select: "see", insert: "add", update: "change", delete: "delete" };

/** Why a column is read-only for a role, naming who may set it: "Only Managers can change Status." */
export function readOnlyReason(
  blueprint: BlueprintV2,
  table: string,
  column: string,
  command: "insert" | "update" = "update",
): string {
  return whoMay(resolved(blueprint), table, command, {
    column,
    label: columnLabel(findTable(blueprint, table), column),
  });
}

/**
 * A refused write in words, from the blueprint rather than the database's SQL: a
 * read-only column it carried names who may set it; otherwise the rows the role's scope
 * reaches, or that the role may not do this at all.
 */
export function describeRefusal(
  blueprint: BlueprintV2,
  role: string,
  table: string,
  command: Command,
  columns: string[] = [],
): string {
  const access = accessFor(blueprint, role, table);
  const who = roleLabel(blueprint, role);
  const what = tableLabel(blueprint, table).toLowerCase();
  if (!access?.[command]) return `As ${who}, you cannot ${VERBS[command]} ${what}.`;
  const readOnly = columns.find((c) => access.readOnlyColumns.includes(c));
  if (readOnly && command !== "select" && command !== "delete")
    return readOnlyReason(blueprint, table, readOnly, command);
  const scope = access.scopes[command];
  if (scope) return `As ${who}, you can ${VERBS[command]} only ${what} ${describeScope(blueprint, table, scope)}.`;
  if (access.filter)
    return `As ${who}, you can ${VERBS[command]} only ${what} where ${describeFilter(blueprint, table, access.filter)}.`;
  const parent = access.parents[0];
  if (parent)
    return `As ${who}, you can ${VERBS[command]} only ${what} whose ${columnLabel(findTable(blueprint, table), parent.column)} you can see.`;
  // Every row is the role's to change: the record went away, or changed out of reach meanwhile.
  return `This record could not be changed: it may have been deleted or changed by someone else. Reload and try again.`;
}

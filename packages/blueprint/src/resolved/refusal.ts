/**
 * Who may do something, in the founder's words: the one sentence the data API puts in a
 * refused write's hint and the runtime shows beside a locked field or a refused action.
 * It reads the resolved access, so it names exactly the roles the database grants.
 */

import { pluralLabel as plural } from "../summary.js";
import type { Command } from "./access.js";
import { accessOf, type ResolvedBlueprint } from "./resolve.js";

/** A write: the commands a refusal speaks of. */
export type Write = Exclude<Command, "select">;

const TABLE_VERBS: Record<Write, string> = { insert: "add", update: "change", delete: "delete" };
const COLUMN_VERBS: Record<Exclude<Write, "delete">, string> = { insert: "set", update: "change" };

/** The roles granted `command` on `table` and, given a column, allowed to set it; in the blueprint's order. */
export function rolesThatMay(resolved: ResolvedBlueprint, table: string, command: Write, column?: string): string[] {
  return resolved.blueprint.security.roles
    .map((r) => r.name)
    .filter((role) => {
      const access = accessOf(resolved, role, table);
      return access?.[command] === true && (column === undefined || !access.readOnlyColumns.includes(column));
    });
}

/** Roles as their members: "Teachers", "Principals and Teachers". */
export function roleMembers(resolved: ResolvedBlueprint, roles: readonly string[]): string {
  const labels = roles.map((name) =>
    plural(resolved.blueprint.security.roles.find((r) => r.name === name)?.label ?? name),
  );
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
}

/**
 * Who may `command` rows of `table` ("Only Principals can add Lessons.") or, given a
 * column, set it ("Only Admins and Team leads can change Priority."); "Nobody can …"
 * when no role may. `label` names the table or column as the caller shows it; by
 * default the blueprint's label, else its name.
 */
export function whoMay(
  resolved: ResolvedBlueprint,
  table: string,
  command: Write,
  { column, label }: { column?: string; label?: string } = {},
): string {
  const found = resolved.tables.get(table);
  const verb = column === undefined || command === "delete" ? TABLE_VERBS[command] : COLUMN_VERBS[command];
  const what =
    label ??
    (column === undefined ? (found?.table.label ?? table) : (found?.columns.get(column)?.column?.label ?? column));
  const may = rolesThatMay(resolved, table, command, column);
  return `${may.length > 0 ? `Only ${roleMembers(resolved, may)}` : "Nobody"} can ${verb} ${what}.`;
}

/**
 * What a migration means for the people using the app, in plain words: what is
 * added, what existing rows get, what data is lost, and who gains or loses access to
 * what. Access is compared per role and table from the blueprints' permissions and
 * row filters, not from SQL, so the words say what the founder decided.
 */

import type { Access } from "@plinth/blueprint";
import { type Column, NOW, USER_ID } from "@plinth/blueprint";
import { describeFilter } from "../filter-sql.js";
import type { PhysicalApp } from "../physical.js";

export interface Consequence {
  kind: "added" | "renamed" | "changed" | "existing rows" | "check" | "data loss" | "access";
  message: string;
}

/** What existing rows get in a column that is added: its default, or nothing. */
export function defaultWords(column: Column): string {
  if (column.default === undefined) return "no value";
  if (column.default === NOW) return column.type === "date" ? "the migration's date" : "the migration's time";
  if (column.default === USER_ID) return "no value (nobody is signed in during a migration)";
  return JSON.stringify(column.default);
}

const VERBS = { select: "read", insert: "add", update: "change", delete: "delete" } as const;
type Command = keyof typeof VERBS;
const COMMANDS = Object.keys(VERBS) as Command[];

function rowsWords(access: Access | undefined): string {
  return access?.filter ? `rows where ${describeFilter(access.filter)}` : "every row";
}

/** The parents a role's rows of a table are scoped through, in words. */
function parentWords(access: Access | undefined): string {
  return (access?.parents ?? []).map((fk) => `their ${fk.refTable} (${fk.table}.${fk.column})`).join(" and ");
}

/** `old` is the running blueprint with its declared renames applied, so tables compare by their new names. */
export function accessConsequences(old: PhysicalApp, next: PhysicalApp, droppedTables: string[]): Consequence[] {
  const out: Consequence[] = [];
  const say = (message: string) => out.push({ kind: "access", message });
  const find = (model: PhysicalApp, role: string, table: string) =>
    model.access.find((a) => a.role === role && a.table === table);
  const oldRoles = old.blueprint.security.roles.map((r) => r.name);
  const newRoles = next.blueprint.security.roles.map((r) => r.name);

  for (const role of oldRoles.filter((r) => !newRoles.includes(r)))
    say(`Role ${role} is removed: members with this role lose all access to the app.`);
  for (const role of newRoles) {
    const isNew = !oldRoles.includes(role);
    if (isNew) say(`New role ${role}.`);
    for (const table of next.tables.map((t) => t.name)) {
      const before = isNew ? undefined : find(old, role, table);
      const after = find(next, role, table);
      const gained = COMMANDS.filter((c) => after?.[c] && !before?.[c]);
      const lost = COMMANDS.filter((c) => before?.[c] && !after?.[c]);
      const kept = COMMANDS.filter((c) => before?.[c] && after?.[c]);
      if (gained.length > 0)
        say(`${role} can now ${gained.map((c) => VERBS[c]).join(", ")} ${table} (${rowsWords(after)}).`);
      if (lost.length > 0) say(`${role} can no longer ${lost.map((c) => VERBS[c]).join(", ")} ${table}.`);
      const filterBefore = JSON.stringify(before?.filter ?? null);
      const filterAfter = JSON.stringify(after?.filter ?? null);
      if (kept.length > 0 && filterBefore !== filterAfter) {
        say(
          `What ${role} may ${kept.map((c) => VERBS[c]).join(", ")} in ${table} changes from ${rowsWords(before)} to ${rowsWords(after)}.`,
        );
      }
    }
    for (const table of next.tables.map((t) => t.name)) {
      const before = isNew ? undefined : find(old, role, table);
      const after = find(next, role, table);
      const kept = COMMANDS.filter((c) => before?.[c] && after?.[c]);
      if (kept.length > 0 && parentWords(before) !== parentWords(after)) {
        say(
          after?.parents.length
            ? `${role} now sees and changes ${table} rows only while they can see ${parentWords(after)}.`
            : `${role} now sees and changes ${table} rows whether or not they can see ${parentWords(before)}.`,
        );
      }
    }
    if (!isNew) {
      for (const table of droppedTables) {
        const before = find(old, role, table);
        if (before && COMMANDS.some((c) => before[c])) say(`${role} loses access to ${table}, which is removed.`);
      }
    }
  }
  return out;
}

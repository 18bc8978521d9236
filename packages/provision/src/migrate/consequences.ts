/**
 * What a migration means for the people using the app, in plain words: what is
 * added, what existing rows get, what data is lost, and who gains or loses access to
 * what. Access is compared per role, table and command from the blueprints'
 * permissions, scopes, read-only columns and row filters, not from SQL, so the words
 * say what the founder decided.
 */

import type { Access } from "@plinth/blueprint";
import { type Column, NOW, USER_ID } from "@plinth/blueprint";
import { qualified } from "@plinth/db";
import type { PhysicalApp } from "../physical.js";
import { commandCondition, rowsWords } from "../scope-sql.js";

export interface Consequence {
  kind: "added" | "renamed" | "changed" | "existing rows" | "check" | "data loss" | "access";
  /** The consequence without figures (when the rows cannot be counted). */
  message: string;
  /** How to count the rows it concerns before the migration runs, and the words with the figures. */
  count?: ConsequenceCount;
}

export interface ConsequenceCount {
  /** Returns ints (`count`, `total`), or arrays of row ids counted once across members (`lost`, `gained`). */
  sql: string;
  /** Counted per member of this role, with that member's claims set, and summed. */
  perMemberOf?: string;
  /** The message with `{count}`, `{total}` and `{members}` filled in. */
  words: string;
  /** Said only when counted and `count` is above 0 (the message is then empty). */
  onlyWhenCounted?: boolean;
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

/** The rows a command reaches, in words; nothing granted reaches no row. */
function reach(access: Access | undefined, command: Command): string {
  return access ? rowsWords(access, command) : "every row";
}

/** Commands grouped by what `key` says about each, in order: "read, add" when both reach every row. */
function grouped(commands: Command[], key: (c: Command) => string): { verbs: string; first: Command }[] {
  const groups = new Map<string, Command[]>();
  for (const c of commands) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  return [...groups.values()].map((cs) => ({ verbs: cs.map((c) => VERBS[c]).join(", "), first: cs[0] as Command }));
}

/** The parents a role's rows of a table are scoped through, in words. */
function parentWords(access: Access | undefined): string {
  return (access?.parents ?? []).map((fk) => `their ${fk.refTable} (${fk.table}.${fk.column})`).join(" and ");
}

/** The rows a role may read of a table, as the condition its select policy uses (the user from the claims). */
function readable(model: PhysicalApp, schema: string, access: Access | undefined): string {
  return access ? commandCondition({ ...model, schema }, access, "select").sql : "false";
}

/**
 * Counts, for each member of `role`, the rows of `table` they stop and start seeing.
 * Run on the live app before the migration; a new rule over a column the migration
 * adds cannot be counted yet, and the words then go without figures.
 */
function visibilityCount(
  schema: string,
  old: PhysicalApp,
  next: PhysicalApp,
  role: string,
  table: string,
  words: string,
): ConsequenceCount {
  const before = readable(
    old,
    schema,
    old.access.find((a) => a.role === role && a.table === table),
  );
  const after = readable(
    next,
    schema,
    next.access.find((a) => a.role === role && a.table === table),
  );
  return {
    sql: `select coalesce(array_agg(id) filter (where (${before}) and not coalesce((${after}), false)), '{}') as lost, coalesce(array_agg(id) filter (where (${after}) and not coalesce((${before}), false)), '{}') as gained from ${qualified(schema, table)}`,
    perMemberOf: role,
    words,
  };
}

/** `old` is the running blueprint with its declared renames applied, so tables compare by their new names. */
export function accessConsequences(
  old: PhysicalApp,
  next: PhysicalApp,
  droppedTables: string[],
  schema: string,
): Consequence[] {
  const out: Consequence[] = [];
  const say = (message: string, count?: ConsequenceCount) =>
    out.push(count ? { kind: "access", message, count } : { kind: "access", message });
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
      // Figures for the message that concerns reading: which rows each member stops or starts seeing.
      const rows = (message: string, figures: string) =>
        isNew ? undefined : visibilityCount(schema, old, next, role, table, `${message.slice(0, -1)}: ${figures}`);
      for (const { verbs, first } of grouped(gained, (c) => reach(after, c))) {
        const message = `${role} can now ${verbs} ${table} (${reach(after, first)}).`;
        const reads = grouped(gained, (c) => reach(after, c)).find(
          (g) => g.first === first && gained.includes("select"),
        );
        say(
          message,
          reads && reach(after, first) === reach(after, "select")
            ? rows(message, `{gained} ${table} rows become visible to its {members}.`)
            : undefined,
        );
      }
      if (lost.length > 0) {
        const message = `${role} can no longer ${lost.map((c) => VERBS[c]).join(", ")} ${table}.`;
        say(
          message,
          lost.includes("select") ? rows(message, `{lost} ${table} rows become hidden from its {members}.`) : undefined,
        );
      }
      const changed = kept.filter((c) => reach(before, c) !== reach(after, c));
      for (const { verbs, first } of grouped(changed, (c) => `${reach(before, c)}\0${reach(after, c)}`)) {
        const message = `What ${role} may ${verbs} in ${table} changes from ${reach(before, first)} to ${reach(after, first)}.`;
        const aboutReading =
          changed.includes("select") &&
          reach(before, first) === reach(before, "select") &&
          reach(after, first) === reach(after, "select");
        say(
          message,
          aboutReading
            ? rows(message, `{lost} ${table} rows become hidden from its {members} and {gained} become visible.`)
            : undefined,
        );
      }
      const writes = after && (after.insert || after.update) && before && (before.insert || before.update);
      if (writes) {
        const closed = after.readOnlyColumns.filter((col) => !before.readOnlyColumns.includes(col));
        const opened = before.readOnlyColumns.filter((col) => !after.readOnlyColumns.includes(col));
        if (closed.length > 0) say(`${role} can no longer set ${closed.join(", ")} in ${table}.`);
        if (opened.length > 0) say(`${role} can now set ${opened.join(", ")} in ${table}.`);
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

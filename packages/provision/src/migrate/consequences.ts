/**
 * What a migration means for the people using the app, in plain words: what is
 * added, what existing rows get, what data is lost, and who gains or loses access to
 * what. Access is compared per role, table and command from the blueprints'
 * permissions, scopes, read-only columns and row filters, not from SQL, so the words
 * say what the founder decided.
 */

import {
  type Access,
  type BlueprintV2,
  type Column,
  describeFilter,
  describeScope,
  joinWords,
  Labels,
  NOW,
  USER_ID,
} from "@plinth/blueprint";
import { qualified } from "@plinth/db";
import type { PhysicalApp } from "../physical.js";
import { commandCondition } from "../scope-sql.js";

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
  /** That role's label ("Sales rep"), for when nobody has it yet. */
  roleLabel?: string;
  /**
   * The message with its figures: `{total}` is the number, `{total:one|many}` the form
   * for that number with `#` standing for it ("{count:# company has|# companies have}"),
   * and `{members}` the members counted ("1 member").
   */
  words: string;
  /** Said only when counted and `count` is above 0 (the message is then empty). */
  onlyWhenCounted?: boolean;
}

/** A phrase as the start of a sentence: "the Website field …" → "The Website field …". */
export function sentence(phrase: string): string {
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

/** `{key:# company|# companies}`: a figure's words for one and for many rows of `table`. */
export function rowsFigure(labels: Labels, table: string, key: string, one = "", many = one): string {
  const [s, p] = [labels.rowNoun(table, 1), labels.rowNoun(table, 2)];
  return `{${key}:# ${s}${one}|# ${p}${many}}`;
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
const verbsOf = (commands: Command[]) => joinWords(commands.map((c) => VERBS[c]));

/** The rows a command reaches, in the blueprint's labels: "every row", "rows where Owner is the user". */
function reach(bp: BlueprintV2, access: Access | undefined, command: Command): string {
  if (!access) return "every row";
  const scope = access.scopes[command];
  const parts = [
    ...(access.filter ? [`where ${describeFilter(bp, access.table, access.filter)}`] : []),
    ...(scope ? [describeScope(bp, access.table, scope)] : []),
  ];
  // "from rows (where Assignee is the user or whose Project they can edit) to …": the grouping stays visible.
  const grouped = scope !== null && scope !== "all" && ("and" in scope || "or" in scope);
  if (grouped && !access.filter) parts[0] = `(${parts[0]})`;
  return parts.length === 0 ? "every row" : `rows ${parts.join(" and ")}`;
}

/** Commands grouped by what `key` says about each, in order: "read, add" when both reach every row. */
function grouped(commands: Command[], key: (c: Command) => string): { verbs: string; commands: Command[] }[] {
  const groups = new Map<string, Command[]>();
  for (const c of commands) groups.set(key(c), [...(groups.get(key(c)) ?? []), c]);
  return [...groups.values()].map((cs) => ({ verbs: verbsOf(cs), commands: cs }));
}

/** The parents a role's rows of a table are scoped through, in words: "the linked Deal". */
function parentWords(labels: Labels, access: Access | undefined): string {
  return joinWords((access?.parents ?? []).map((fk) => `the linked ${labels.column(fk.table, fk.column)}`));
}

/**
 * The rows of a table a role reaches with any of `commands`, as the conditions its
 * policies use (the user from the claims). Changing or deleting a row also needs the
 * row to be readable: the API finds it by id and returns it, so Postgres applies the
 * select policy as well.
 */
function reachable(model: PhysicalApp, schema: string, access: Access | undefined, commands: Command[]): string {
  if (!access) return "false";
  const condition = (command: Command) => commandCondition({ ...model, schema }, access, command).sql;
  const read = condition("select");
  const each = commands.map((c) => (c === "select" ? read : `(${read}) and (${condition(c)})`));
  return [...new Set(each)].map((sql) => `(${sql})`).join(" or ");
}

/** How the rows a change concerns are said: those a member stops reaching, starts reaching, or both. */
type Reached = "lost" | "gained" | "both";

/** Passive verbs for the rows a write reaches: "can no longer be changed or deleted". */
const DONE: Partial<Record<Command, string>> = { update: "changed", delete: "deleted" };

/**
 * The figures for a message about `commands` on `table`: the rows each member stops or
 * starts seeing when reading changes (which covers changing them too), else the rows
 * they stop or start being able to change or delete. Adding concerns no existing row.
 */
function figureWords(labels: Labels, table: string, commands: Command[], reached: Reached): string | undefined {
  const lost = rowsFigure(labels, table, "lost");
  const gained = rowsFigure(labels, table, "gained");
  if (commands.includes("select"))
    return {
      lost: `they will stop seeing ${lost} ({members}).`,
      gained: `they will start seeing ${gained} ({members}).`,
      both: `they will stop seeing ${lost} ({members}); {gained:# becomes|# become} visible.`,
    }[reached];
  const done = commands.flatMap((c) => DONE[c] ?? []).join(" or ");
  if (!done) return undefined;
  return {
    lost: `${lost} can no longer be ${done} by them ({members}).`,
    gained: `${gained} can now be ${done} by them ({members}).`,
    both: `${lost} can no longer be ${done} by them ({members}); {gained} now can be.`,
  }[reached];
}

/**
 * Counts, for each member of `role`, the rows of `table` they stop and start reaching
 * with `commands`: reading when that is among them, else changing or deleting. Run on
 * the live app before the migration; a new rule over a column the migration adds
 * cannot be counted yet, and the words then go without figures.
 */
function reachCount(
  schema: string,
  old: PhysicalApp,
  next: PhysicalApp,
  role: string,
  table: string,
  commands: Command[],
  words: string,
): ConsequenceCount {
  const counted: Command[] = commands.includes("select") ? ["select"] : commands;
  const find = (model: PhysicalApp) => model.access.find((a) => a.role === role && a.table === table);
  const before = reachable(old, schema, find(old), counted);
  const after = reachable(next, schema, find(next), counted);
  return {
    sql: `select coalesce(array_agg(id) filter (where (${before}) and not coalesce((${after}), false)), '{}') as lost, coalesce(array_agg(id) filter (where (${after}) and not coalesce((${before}), false)), '{}') as gained from ${qualified(schema, table)}`,
    perMemberOf: role,
    roleLabel: new Labels(next.blueprint).role(role),
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
  const was = new Labels(old.blueprint);
  const is = new Labels(next.blueprint);
  const oldRoles = old.blueprint.security.roles.map((r) => r.name);
  const newRoles = next.blueprint.security.roles.map((r) => r.name);

  for (const role of oldRoles.filter((r) => !newRoles.includes(r)))
    say(`The ${was.role(role)} role is removed: ${was.members(role)} lose all access to the app.`);
  for (const role of newRoles) {
    const isNew = !oldRoles.includes(role);
    const who = is.members(role);
    if (isNew) say(`New role ${is.role(role)}.`);
    for (const table of next.tables.map((t) => t.name)) {
      const before = isNew ? undefined : find(old, role, table);
      const after = find(next, role, table);
      const gained = COMMANDS.filter((c) => after?.[c] && !before?.[c]);
      const lost = COMMANDS.filter((c) => before?.[c] && !after?.[c]);
      const kept = COMMANDS.filter((c) => before?.[c] && after?.[c]);
      const rowsBefore = (c: Command) => reach(old.blueprint, before, c);
      const rowsAfter = (c: Command) => reach(next.blueprint, after, c);
      const label = is.table(table);
      // Figures for a message: which rows each member stops or starts reading, else changing or deleting.
      const said = (message: string, commands: Command[], reached: Reached) => {
        const figures = isNew ? undefined : figureWords(is, table, commands, reached);
        say(
          message,
          figures
            ? reachCount(schema, old, next, role, table, commands, `${message.slice(0, -1)}: ${figures}`)
            : undefined,
        );
      };
      for (const { verbs, commands } of grouped(gained, rowsAfter))
        said(`${who} can now ${verbs} ${label} (${rowsAfter(commands[0] as Command)}).`, commands, "gained");
      if (lost.length > 0) said(`${who} can no longer ${verbsOf(lost)} ${label}.`, lost, "lost");
      const changed = kept.filter((c) => rowsBefore(c) !== rowsAfter(c));
      for (const { verbs, commands } of grouped(changed, (c) => `${rowsBefore(c)}\0${rowsAfter(c)}`)) {
        const first = commands[0] as Command;
        said(
          `What ${who} may ${verbs} in ${label} changes from ${rowsBefore(first)} to ${rowsAfter(first)}.`,
          commands,
          "both",
        );
      }
      const writes = after && (after.insert || after.update) && before && (before.insert || before.update);
      if (writes) {
        // A read-only column the new version drops is not one the role can now set.
        const columns = new Set(next.tables.find((t) => t.name === table)?.table.columns.map((c) => c.name));
        const closed = after.readOnlyColumns.filter((col) => !before.readOnlyColumns.includes(col));
        const opened = before.readOnlyColumns.filter((col) => !after.readOnlyColumns.includes(col) && columns.has(col));
        if (closed.length > 0) say(`${who} can no longer set ${is.columns(table, closed)} in ${label}.`);
        if (opened.length > 0) say(`${who} can now set ${is.columns(table, opened)} in ${label}.`);
      }
    }
    for (const table of next.tables.map((t) => t.name)) {
      const before = isNew ? undefined : find(old, role, table);
      const after = find(next, role, table);
      const kept = COMMANDS.filter((c) => before?.[c] && after?.[c]);
      const links = (access: Access | undefined) =>
        (access?.parents ?? []).map((fk) => `${fk.table}.${fk.column}`).join();
      if (kept.length > 0 && links(before) !== links(after)) {
        say(
          after?.parents.length
            ? `${who} now see and change ${is.table(table)} only while they can see ${parentWords(is, after)}.`
            : `${who} now see and change ${is.table(table)} whether or not they can see ${parentWords(was, before)}.`,
        );
      }
    }
    if (!isNew) {
      for (const table of droppedTables) {
        const before = find(old, role, table);
        if (before && COMMANDS.some((c) => before[c]))
          say(`${who} lose access to ${was.table(table)}, which is removed.`);
      }
    }
  }
  return out;
}

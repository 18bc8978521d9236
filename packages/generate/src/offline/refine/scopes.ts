/**
 * Which rows a role may see or change, written as the blueprint's per-action scopes:
 * "agents see only tickets assigned to them" (person), "members see only their team's
 * projects" (team), "agents see only comments on their tickets" (parent), "volunteers
 * see only confirmed events" (where), "members edit only their own tasks" (update and
 * delete only), "managers see all deals" (no scope); and column write rules: "agents
 * cannot change the priority" (readOnlyColumns). `access-shape.ts` is where the
 * planner and refine share how a scope lands on a permission's actions.
 */
import { type Filter, isSystemColumn, type Scope, type ScopedAction, USER_ID, USER_TEAM_IDS } from "@plinth/blueprint";
import { narrow, personColumn, SCOPED, type Scopes, scopeKind, throughParent } from "../access-shape.js";
import { type TableDef, titleColumn } from "../data.js";
import { englishValue } from "../localize.js";
import { addTable } from "./additions.js";
import { bare, findColumn, findField, findRole, findTable, splitList } from "./find.js";
import { applied, type Blueprint, type Column, type Outcome, type Permission, refused, type Table } from "./types.js";

type Role = Blueprint["security"]["roles"][number];
type Rows =
  | { kind: "person"; table: Table; how: "assigned" | "own" | "created" }
  | { kind: "team"; table: Table }
  | { kind: "parent"; table: Table; parent: Table; column: string }
  | { kind: "where"; table: Table; filter: Filter; words: string };

const VERB =
  /^(?:please\s+)?(?:make\s+)?(?:(?:the|all|each|every)\s+)?(.+?)\s+(?:(?:can|may|should|will|must)\s+)?(only\s+)?(see|sees|view|views|access|read|edit|edits|change|changes|update|updates|modify|delete|deletes|remove|removes)\s+(only\s+)?(.+)$/;
const EACH_TEAM =
  /^(?:each|every)\s+team\s+(?:only\s+)?(?:sees|views|can see)\s+(?:only\s+)?(?:its|their)\s+(?:own\s+)?(.+)$/;
const SEE = /^(?:see|sees|view|views|access|read)$/;
const DELETE = /^(?:delete|deletes|remove|removes)$/;

/** "agents see only tickets assigned to them", "members edit only their own tasks", "managers see all deals". */
export function changeScope(bp: Blueprint, given: string): Outcome {
  // "contacts: sales reps see only their own contacts"
  const clause = given.replace(/^[a-z_ ]+:\s*/, "");
  const each = EACH_TEAM.exec(clause);
  if (each?.[1]) return eachTeam(bp, each[1]);
  const m = clause.match(VERB);
  if (!m?.[1] || !m[3] || !m[5]) return null;
  const roles = rolesNamed(bp, m[1]);
  if (!roles) return null;
  const owner = bp.security.roles[0];
  if (roles.some((r) => r === owner))
    return refused(
      `${owner?.name} is the app owner's role and always sees and changes everything; narrow another role, or add one ("add a manager role").`,
    );
  const verb = m[3];
  const rowWords = m[5].trim();
  if (!m[2] && !m[4]) {
    const all = /^(?:all|every|everything|any)\b\s*(?:the\s+)?(.*)$/.exec(rowWords);
    return all && SEE.test(verb) ? widen(bp, roles, all[1] ?? "") : null;
  }
  const rows = readRows(bp, rowWords);
  if (!rows) return null;
  if ("problem" in rows) return refused(`${rows.problem}.`);
  // A condition they only see by keeps their writes free of it: on a write it would hold for the new
  // values too, so an agent who sees only open tickets could never close one.
  const which: ScopedAction[] = SEE.test(verb)
    ? rows.kind === "where"
      ? ["read"]
      : SCOPED
    : DELETE.test(verb)
      ? ["delete"]
      : ["update", "delete"];
  const done: string[] = [];
  for (const role of roles) {
    const p = permissionOf(bp, role.name, rows.table.name, verb);
    const scope = scopeFor(bp, role, rows);
    if (rows.kind === "parent") {
      const parent = bp.security.permissions.find((x) => x.role === role.name && x.resource === rows.parent.name);
      if (!parent?.actions.read && !parent?.actions.list)
        return refused(
          `${role.name} may not see ${rows.parent.name}, so no ${rows.table.name} row would qualify; let them see ${rows.parent.name} first ("${role.name} can see ${rows.parent.name}").`,
        );
      // Writing a child needs a parent the role may change; one it may only see still lets it see the child.
      const editable = parent.actions.update;
      // "Only" narrows what they reach: a rule of another kind they already have still holds.
      setScopes(
        p,
        which.includes("read")
          ? throughParent(p.actions, rows.column, editable, p.scopes ?? {}, true)
          : narrow(
              p.actions,
              p.scopes ?? {},
              which,
              editable ? { parent: rows.column, editable } : { parent: rows.column },
              true,
            ),
      );
    } else setScopes(p, narrow(p.actions, p.scopes ?? {}, which, scope.scope, true));
    if (which.includes("read"))
      // The scope now says this kind of rule: an older row filter of the same kind gives way; one of another kind still holds.
      bp.security.rowFilters = bp.security.rowFilters.filter(
        (f) => !(f.role === role.name && f.resource === p.resource && filterKind(f.filter) === scopeKind(scope.scope)),
      );
    done.push(role.label ?? role.name);
  }
  const doing = SEE.test(verb) ? "see" : DELETE.test(verb) ? "delete" : "change";
  return applied(
    `${done.join(", ")} now ${doing}${done.length > 1 || doing !== "see" ? "" : "s"} only ${describe(rows)}.`,
  );
}

/** What a row filter asks, as a scope's kind: whether the user is named in a column, one of their teams, or a condition on the row. */
function filterKind(filter: Filter): string {
  if ("and" in filter || "or" in filter) {
    const kinds = new Set(("and" in filter ? filter.and : filter.or).map(filterKind));
    return kinds.size === 1 ? ([...kinds][0] ?? "where") : "mixed";
  }
  const operand = "equals" in filter ? filter.equals[1] : filter.in[1];
  if (operand === USER_ID) return "person";
  if (operand === USER_TEAM_IDS) return "team";
  return "where";
}

/** "each team sees its deals": every role but the owner's sees the table's rows of its teams. */
function eachTeam(bp: Blueprint, tableWords: string): Outcome {
  const table = findTable(bp, tableWords);
  if (!table) return null;
  const owner = bp.security.roles[0]?.name;
  const roles = bp.security.permissions.filter(
    (p) => p.resource === table.name && p.role !== owner && (p.actions.list || p.actions.read),
  );
  if (!roles.length) return refused(`only ${owner} sees ${table.name}, and that role always sees every row.`);
  const column = teamColumn(bp, table);
  for (const p of roles) {
    setScopes(p, narrow(p.actions, p.scopes ?? {}, SCOPED, { team: column }));
    bp.security.rowFilters = bp.security.rowFilters.filter((f) => !(f.role === p.role && f.resource === table.name));
  }
  return applied(`${roles.map((p) => p.role).join(", ")} now see only the ${table.name} of their teams.`);
}

function rolesNamed(bp: Blueprint, words: string): Role[] | undefined {
  const roles: Role[] = [];
  for (const part of splitList(bare(words))) {
    const role = findRole(bp, part);
    if (!role) return undefined;
    roles.push(role);
  }
  return roles.length ? roles : undefined;
}

/** The role's permission on the table, granting what the sentence says it may do (only on some rows). */
function permissionOf(bp: Blueprint, role: string, table: string, verb: string): Permission {
  let p = bp.security.permissions.find((x) => x.role === role && x.resource === table);
  if (!p) {
    p = { role, resource: table, actions: { list: true, read: true, create: false, update: false, delete: false } };
    bp.security.permissions.push(p);
  }
  p.actions.list = p.actions.read = true;
  if (DELETE.test(verb)) p.actions.delete = true;
  else if (!SEE.test(verb)) p.actions.update = true;
  return p;
}

function setScopes(p: Permission, scopes: Scopes) {
  if (Object.keys(scopes).length) p.scopes = scopes;
  else delete p.scopes;
}

/** "managers see all deals", "agents see everything": no scope and no row filter narrows what they read. */
function widen(bp: Blueprint, roles: Role[], tableWords: string): Outcome {
  const table = tableWords ? findTable(bp, tableWords) : undefined;
  if (tableWords && !table) return null;
  const names = table ? [table.name] : bp.data.tables.map((t) => t.name);
  for (const role of roles) {
    bp.security.rowFilters = bp.security.rowFilters.filter(
      (f) => !(f.role === role.name && names.includes(f.resource)),
    );
    for (const name of names) {
      const p = permissionOf(bp, role.name, name, "see");
      delete p.scopes;
    }
  }
  return applied(
    `${roles.map((r) => r.label ?? r.name).join(", ")} now see every record of ${table ? table.name : "every table"}.`,
  );
}

const ASSIGNED =
  /^(?:the\s+)?(.+?)\s+(?:(?:that|which)\s+(?:are|is)\s+)?(?:assigned|allocated|given)\s+to\s+(?:them|him|her|themselves)$|^(?:the\s+)?(.+?)\s+(?:they(?:'re| are)|he is|she is)\s+assigned(?:\s+to)?$/;
const CREATED =
  /^(?:the\s+)?(.+?)\s+(?:(?:that|which)\s+)?(?:they|he|she)\s+(?:created|added|submitted|logged|entered|wrote|made|filed|booked)$/;
const OWN = /^(?:their|his|her)\s+(?:own\s+)?(.+)$/;
const OF = /^(?:the\s+)?(.+?)\s+(?:of|on|for|in|from|under)\s+(?:(?:their|his|her)\s+(?:own\s+)?)?(.+)$/;
const WHERE = /^(?:the\s+)?(.+?)\s+(?:whose|where|with)\s+(?:the\s+)?(.+?)\s+(?:is|are|=|of)\s+(.+)$/;

/** Which rows the words after "only" name. */
function readRows(bp: Blueprint, words: string): Rows | { problem: string } | null {
  const assigned = ASSIGNED.exec(words);
  const assignedTable = assigned ? findTable(bp, assigned[1] ?? assigned[2] ?? "") : undefined;
  if (assignedTable) return { kind: "person", table: assignedTable, how: "assigned" };
  const created = CREATED.exec(words);
  const createdTable = created?.[1] ? findTable(bp, created[1]) : undefined;
  if (createdTable) return { kind: "person", table: createdTable, how: "created" };
  const teamTable = bp.security.teamTable;
  const team = /^(?:their|his|her)\s+(?:own\s+)?(?:teams?|[a-z_ ]+?)(?:'s|s'|')\s+(.+)$/.exec(words);
  const teamOf = OF.exec(words);
  for (const [tableWords, teamWords] of [
    [team?.[1], words.replace(/(?:'s|s'|')\s+.+$/, "").replace(/^(?:their|his|her)\s+(?:own\s+)?/, "")],
    [teamOf?.[1], teamOf?.[2]],
  ]) {
    if (!tableWords || !teamWords) continue;
    const table = findTable(bp, tableWords);
    if (!table) continue;
    const isTeam = /^teams?$/.test(bare(teamWords)) || (teamTable && findTable(bp, teamWords)?.name === teamTable);
    if (isTeam) return { kind: "team", table };
    const parent = findTable(bp, teamWords);
    if (parent && parent !== table) {
      const column = linkColumn(bp, table.name, parent.name);
      if (!column) return { problem: `${table.name} has no link to ${parent.name}, so its rows cannot follow one` };
      return { kind: "parent", table, parent, column };
    }
  }
  const own = OWN.exec(words);
  const ownTable = own?.[1] ? findTable(bp, own[1]) : undefined;
  if (ownTable) return { kind: "person", table: ownTable, how: "own" };
  return whereRows(bp, words);
}

/** "confirmed events", "open or pending tickets", "published articles", "tickets whose status is open". */
function whereRows(bp: Blueprint, words: string): Rows | { problem: string } | null {
  const stated = WHERE.exec(words);
  if (stated?.[1] && stated[2] && stated[3]) {
    const table = findTable(bp, stated[1]);
    if (!table) return null;
    const column = findColumn(table, stated[2]);
    if (!column) return { problem: `${table.name} has no field called "${bare(stated[2])}"` };
    return valuesFilter(table, splitList(stated[3]), column);
  }
  const parts = words.replace(/^the\s+/, "").split(" ");
  for (let i = 1; i < parts.length; i++) {
    const table = findTable(bp, parts.slice(i).join(" "));
    if (table) return valuesFilter(table, splitList(parts.slice(0, i).join(" ")));
  }
  // Other languages put the value after the noun: "tickets abiertos".
  for (let i = parts.length - 1; i > 0; i--) {
    const table = findTable(bp, parts.slice(0, i).join(" "));
    if (table) return valuesFilter(table, splitList(parts.slice(i).join(" ")));
  }
  return null;
}

function valuesFilter(table: Table, values: string[], given?: Column): Rows | { problem: string } | null {
  const words = values.map((v) => v.replace(/^["']|["']$/g, "").trim());
  const flags = table.columns.filter((c) => c.type === "bool");
  if (!given && words.length === 1) {
    const flag = flags.find((c) => findColumn({ ...table, columns: [c] }, words[0] ?? ""));
    if (flag) return { kind: "where", table, filter: { equals: [flag.name, true] }, words: `${flag.name} is yes` };
  }
  const value = (c: Column, w: string) =>
    c.enum?.find((v) => v.toLowerCase() === w.replaceAll(" ", "_") || v.toLowerCase() === w || v === englishValue(w));
  const candidates = given ? [given] : table.columns.filter((c) => words.every((w) => value(c, w)));
  const column = candidates[0];
  if (!column || candidates.length > 1) {
    if (given)
      return {
        problem: `${given.name} of ${table.name} has no choice ${words.join(" or ")}; its choices are ${(given.enum ?? []).join(", ")}`,
      };
    return candidates.length > 1
      ? {
          problem: `"${words.join(" or ")}" is a choice of ${candidates.map((c) => c.name).join(" and ")}; say which, e.g. "${table.name} whose ${candidates[0]?.name} is ${words[0]}"`,
        }
      : null;
  }
  const chosen = words.map((w) => value(column, w));
  if (chosen.some((v) => v === undefined))
    return {
      problem: `${column.name} of ${table.name} has no choice ${words.join(" or ")}; its choices are ${(column.enum ?? []).join(", ")}`,
    };
  const filter: Filter =
    chosen.length === 1 ? { equals: [column.name, chosen[0] as string] } : { in: [column.name, chosen as string[]] };
  return { kind: "where", table, filter, words: `${column.name} is ${chosen.join(" or ")}` };
}

/** The column through which `child` rows belong to one `parent` row. */
function linkColumn(bp: Blueprint, child: string, parent: string): string | undefined {
  for (const r of bp.data.relationships) {
    if (r.type === "many_to_one" && r.fromTable === child && r.toTable === parent) return r.fromColumn;
    if (r.type === "one_to_many" && r.fromTable === parent && r.toTable === child) return r.toColumn;
  }
  return undefined;
}

const isLink = (bp: Blueprint, table: string, column: string) =>
  bp.data.relationships.some(
    (r) =>
      (r.type === "many_to_one" && r.fromTable === table && r.fromColumn === column) ||
      (r.type === "one_to_many" && r.toTable === table && r.toColumn === column),
  );

/** The scope for the rows, adding or retyping the people column it needs. */
function scopeFor(bp: Blueprint, role: Role, rows: Rows): { scope: Scope } {
  if (rows.kind === "where") return { scope: { where: rows.filter } };
  if (rows.kind === "parent") return { scope: { parent: rows.column } };
  if (rows.kind === "team") return { scope: { team: teamColumn(bp, rows.table) } };
  return { scope: { person: personColumnFor(bp, role, rows.table, rows.how) } };
}

/**
 * The column linking the table's rows to the app's teams. An app without teams gets a
 * Teams table (a member's teams are set when they are invited), and a table without
 * a team gets a Team link.
 */
function teamColumn(bp: Blueprint, table: Table): string {
  if (!bp.security.teamTable) {
    if (!bp.data.tables.some((t) => t.name === "teams")) addTable(bp, "add teams");
    bp.security.teamTable = "teams";
  }
  const teams = bp.security.teamTable;
  const linked = linkColumn(bp, table.name, teams);
  if (linked) return linked;
  const name = table.columns.some((c) => c.name === "team_id") ? "team_id_link" : "team_id";
  table.columns.push({ name, label: "Team", type: "uuid", indexed: true } as Column);
  const teamTable = bp.data.tables.find((t) => t.name === teams);
  bp.data.relationships.push({
    type: "many_to_one",
    fromTable: table.name,
    fromColumn: name,
    toTable: teams,
    toColumn: "id",
    onDelete: "set_null",
    ...(teamTable ? { ui: { lookupLabelColumn: titleColumn(teamTable as TableDef) } } : {}),
  });
  return name;
}

/**
 * The people column that says whose a row is: the role's own column ("interviewer_id"),
 * else an assignee or owner column, else who added it (`created_by`). An id column that
 * links nowhere becomes a people column (its values are kept); "assigned to them" with
 * no such column gets one.
 */
function personColumnFor(bp: Blueprint, role: Role, table: Table, how: "assigned" | "own" | "created"): string {
  if (how === "created") return "created_by";
  const names =
    how === "assigned"
      ? [`${role.name}_id`, "assignee_id", "assigned_to_id", "assigned_to", "assignee"]
      : [`${role.name}_id`, "owner_id", "user_id"];
  for (const name of names) {
    const column = table.columns.find((c) => c.name === name);
    if (!column || isSystemColumn(name)) continue;
    if (column.type === "user") return name;
    if (column.type === "uuid" && !isLink(bp, table.name, name)) {
      column.type = "user";
      return name;
    }
  }
  if (how === "own") return "created_by";
  const added = personColumn(`${role.name}_id`, role.label ?? role.name) as Column;
  table.columns.push(added);
  return added.name;
}

function describe(rows: Rows): string {
  const t = rows.table.name;
  if (rows.kind === "person")
    return rows.how === "assigned"
      ? `the ${t} assigned to them`
      : rows.how === "created"
        ? `the ${t} they added`
        : `their own ${t}`;
  if (rows.kind === "team") return `the ${t} of their teams`;
  if (rows.kind === "parent") return `the ${t} of ${rows.parent.name} they can see`;
  return `the ${t} whose ${rows.words}`;
}

/**
 * "agents cannot change the priority", "only managers can change the stage of deals",
 * "agents can change the status again": who may set one field of the rows they may write.
 */
export function columnWriteRule(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(
    /^(?:please\s+)?(only\s+)?(.+?)\s+(cannot|can't|can not|may not|must not|should not|shouldn't|are not allowed to|is not allowed to|can no longer|can|may)\s+(?:change|edit|set|modify|update)\s+(?:the\s+)?(.+?)(?:\s+(?:of|on|in)\s+(?:the\s+)?(.+?))?(?:\s+again)?$/,
  );
  if (!m?.[2] || !m[3] || !m[4]) return null;
  const roles = rolesNamed(bp, m[2]);
  if (!roles || (!m[5] && findTable(bp, m[4]))) return null;
  const field = findField(bp, m[4], m[5]);
  if ("problem" in field) return m[5] || m[1] || /not|n't|no longer/.test(m[3]) ? refused(`${field.problem}.`) : null;
  const { table, column } = field;
  if (isSystemColumn(column.name)) return refused(`${column.name} is set by Plinth itself; nobody can change it.`);
  const only = Boolean(m[1]);
  const negative = /not|n't|no longer/.test(m[3]);
  const named = (p: Permission) => roles.some((r) => r.name === p.role);
  // The owner's role writes every field; a role that writes no row has nothing to lock.
  const writers = bp.security.permissions.filter(
    (p) => p.resource === table.name && p.role !== bp.security.roles[0]?.name && (p.actions.create || p.actions.update),
  );
  if (!only && !negative) {
    // "agents can change the priority again": only when it was locked for them, else it is a grant.
    const locked = writers.filter((p) => named(p) && p.readOnlyColumns?.includes(column.name));
    for (const p of locked) unlock(p, column.name);
    if (locked.length)
      return applied(`${locked.map((p) => p.role).join(", ")} can change ${column.name} of ${table.name} again.`);
    // Already free for roles that write the table; a role that does not is a grant ("agents can change tickets").
    const free = writers.filter(named);
    return free.length === roles.length
      ? applied(`${free.map((p) => p.role).join(", ")} can already change ${column.name} of ${table.name}.`)
      : null;
  }
  const locking = writers.filter((p) => (only ? !named(p) : named(p)));
  if (!only && locking.length === 0)
    return refused(
      `${roles.map((r) => r.name).join(", ")} may not add or change ${table.name} at all, so they cannot change ${column.name} already.`,
    );
  for (const p of locking) p.readOnlyColumns = [...new Set([...(p.readOnlyColumns ?? []), column.name])];
  if (only) for (const p of writers.filter(named)) unlock(p, column.name);
  const who = locking.map((p) => p.role).join(", ") || "Nobody else";
  return applied(
    `${who} can no longer change ${column.name} of ${table.name}${only ? `; only ${roles.map((r) => r.name).join(", ")} can` : ""}.`,
  );
}

function unlock(p: Permission, column: string) {
  p.readOnlyColumns = (p.readOnlyColumns ?? []).filter((c) => c !== column);
  if (!p.readOnlyColumns.length) delete p.readOnlyColumns;
}

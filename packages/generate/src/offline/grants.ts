/**
 * Access from the rules a prompt states: the final roles, the person/team/approval
 * columns the rules need (before the tables are built), and one grant per role and
 * table with its actions, scopes and read-only columns — in the access model's terms
 * (`access-shape.ts` writes them into the blueprint).
 */
import { type Grant, personColumn, type Scope } from "./access-shape.js";
import { type ColumnDef, choice } from "./columns.js";
import type { DataModel } from "./data.js";
import { pluralOf, singularOf } from "./inflect.js";
import type { AccessColumns } from "./model.js";
import { type Reading, type Role, type RoleLexicon, type Rule, readPrompt } from "./read.js";
import { safeIdentifier } from "./words.js";

const LEADERS = new Set(["admin", "owner", "manager", "director", "supervisor"]);
export const APPROVAL_VALUES = ["pending", "approved", "rejected"];

/** The roles of the app: the ones named, an owner's role when none leads, a member role when nobody else is named. */
export function finalRoles(reading: Reading, assumptions: string[]): Role[] {
  const roles = reading.roles.map((r) => ({ ...r }));
  const ruled = new Set(reading.rules.filter((r) => r.kind === "person" || r.kind === "team").flatMap((r) => r.roles));
  for (const role of roles) if (LEADERS.has(role.name) && !ruled.has(role.name)) role.privileged = true;
  if (!roles.some((r) => r.privileged)) {
    roles.unshift({ name: "admin", label: "Admin", privileged: true, readOnly: false, position: -1 });
    assumptions.push("I added an Admin role for you, the app's owner: it sees and edits everything.");
  }
  if (!roles.some((r) => !r.privileged)) {
    roles.push({
      name: "member",
      label: "Member",
      privileged: false,
      readOnly: false,
      position: Number.MAX_SAFE_INTEGER,
    });
    assumptions.push(
      reading.rules.length
        ? "Your access rules name no role, so I added a Member role and applied them to it."
        : "I added a Member role for everyone else you invite: they can view, add and edit records but not delete them.",
    );
  }
  return roles.sort((a, b) => Number(b.privileged) - Number(a.privileged) || a.position - b.position);
}

/** The roles a rule is about: the ones it names, else every role that is not privileged. */
function targets(rule: Rule, roles: Role[]): Role[] {
  const named = roles.filter((r) => rule.roles.includes(r.name));
  return (named.length ? named : roles).filter((r) => !r.privileged);
}

export interface AccessDecisions {
  columns: AccessColumns;
  /** role → table → the column its person/team scope uses. */
  person: Map<string, Map<string, string>>;
  team: Map<string, Map<string, string>>;
  /** table → approval column. */
  approval: Map<string, string>;
  /** The table whose rows are the app's teams (members carry their ids), when access follows teams. */
  teamTable?: string;
}

/** Which columns the rules need, decided before the tables exist (so a person column can take a link's place). */
export function accessColumns(
  reading: Reading,
  roles: Role[],
  lexicon: RoleLexicon,
  assumptions: string[],
): AccessDecisions {
  const add = new Map<string, ColumnDef[]>();
  const replacesLink = new Map<string, Set<string>>();
  const person = new Map<string, Map<string, string>>();
  const team = new Map<string, Map<string, string>>();
  const approval = new Map<string, string>();
  let teamTable: string | undefined;
  const push = (table: string, column: ColumnDef) => {
    const list = add.get(table) ?? [];
    if (!list.some((c) => c.name === column.name)) list.push(column);
    add.set(table, list);
  };
  const set = (map: Map<string, Map<string, string>>, role: string, table: string, column: string) => {
    const inner = map.get(role) ?? new Map<string, string>();
    inner.set(table, column);
    map.set(role, inner);
  };
  for (const rule of reading.rules) {
    if (rule.kind === "person") {
      for (const t of rule.through ? [rule.through] : rule.tables) {
        for (const role of targets(rule, roles)) {
          const column = rule.word === "created" ? "created_by" : `${role.name}_id`;
          if (column !== "created_by") {
            push(t, personColumn(column, role.label));
            // "walkers see their own walks" where Walkers is also a table: the walk's walker is the member.
            const links = replacesLink.get(t) ?? new Set<string>();
            links.add(column);
            replacesLink.set(t, links);
          }
          set(person, role.name, t, column);
        }
      }
    } else if (rule.kind === "team") {
      // "each department sees its own budgets": Departments are the app's teams, each budget links to one.
      const teams = teamThing(reading, rule.word ?? "team", lexicon, assumptions);
      if (!teams || (teamTable && teamTable !== teams.table)) continue;
      teamTable = teams.table;
      const column = `${teams.singular}_id`;
      for (const t of rule.tables.filter((x) => x !== teams.table)) {
        if (!reading.links.some((l) => l.child === t && l.parent === teams.table)) {
          reading.links.push({ child: t, parent: teams.table });
        }
        for (const role of targets(rule, roles)) set(team, role.name, t, column);
      }
    } else if (rule.kind === "approve") {
      for (const t of rule.tables) {
        const thing = reading.things.find((x) => x.table === t);
        const status = thing?.knowledge?.columns.find((c) => c.enum?.includes("approved"));
        const column = status?.name ?? "approval";
        if (!status) push(t, choice(column, "Approval", APPROVAL_VALUES));
        approval.set(t, column);
      }
    }
  }
  return { columns: { add, replacesLink }, person, team, approval, ...(teamTable ? { teamTable } : {}) };
}

/** The table of the teams a rule names ("department" → departments), added when the prompt did not list it. */
function teamThing(reading: Reading, word: string, lexicon: RoleLexicon, assumptions: string[]) {
  const one = singularOf(word);
  const named = reading.things.find((t) => t.phrase === one || t.phrase.endsWith(` ${one}`));
  if (named) return named;
  const [made] = readPrompt(`track ${pluralOf(one)}`, lexicon).things;
  if (!made) return undefined;
  made.position = Number.MAX_SAFE_INTEGER;
  reading.things.push(made);
  assumptions.push(
    `Access follows ${pluralOf(one)}, so I added a ${made.label} table; a member's ${pluralOf(one)} are set when you invite them.`,
  );
  return made;
}

/** One grant per role and table. */
export function planGrants(reading: Reading, roles: Role[], decisions: AccessDecisions, model: DataModel): Grant[] {
  const grants: Grant[] = [];
  const grant = (role: string, table: string) => grants.find((g) => g.role === role && g.table === table);
  for (const role of roles) {
    for (const table of model.tables) {
      // The teams themselves are the owner's to arrange.
      const write = role.privileged || (!role.readOnly && table.name !== decisions.teamTable);
      grants.push({
        role: role.name,
        table: table.name,
        actions: {
          list: true,
          read: true,
          create: write,
          update: write,
          delete: role.privileged,
        },
        scopes: {},
        readOnlyColumns: [],
      });
    }
  }
  const scope = (g: Grant, given: Scope, description: string) => {
    // Two rules on one table ("each team sees its tasks", "workers see only tasks assigned to them") both hold.
    const s: Scope = g.scopes.read ? { and: [g.scopes.read, given] } : given;
    g.scopes = { read: s, create: s, update: s, delete: s };
    if (!g.actions.create) delete g.scopes.create;
    if (!g.actions.update) delete g.scopes.update;
    // Their own rows they may also remove.
    g.actions.delete = g.actions.update;
    if (!g.actions.delete) delete g.scopes.delete;
    g.description = g.description ? `${g.description}; ${description}` : description;
  };
  // Each row rule says in words whose rows the role sees.
  const sees = {
    person: (column: string, things: string) =>
      column === "created_by" ? `sees only the ${things} they created` : `sees only the ${things} assigned to them`,
    team: (column: string, things: string) =>
      `sees only the ${things} of their ${column.replace(/_id$/, "").replaceAll("_", " ")}`,
  };
  for (const kind of ["person", "team"] as const) {
    for (const [role, tables] of decisions[kind]) {
      const label = roles.find((r) => r.name === role)?.label ?? role;
      for (const [table, column] of tables) {
        const g = grant(role, table);
        const things = (model.tables.find((t) => t.name === table)?.label ?? table).toLowerCase();
        const given: Scope = kind === "person" ? { person: column } : { team: column };
        if (g) scope(g, given, `${label} ${sees[kind](column, things)}`);
      }
    }
  }
  // Possessive chains ("their own pupils' lessons") and dependents of scoped tables follow their parent.
  for (const role of roles.filter((r) => !r.privileged)) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const rel of model.relationships) {
        if (rel.type !== "many_to_one" || rel.fromTable === rel.toTable) continue;
        const parent = grant(role.name, rel.toTable);
        const child = grant(role.name, rel.fromTable);
        if (!parent?.scopes.read || !child || child.scopes.read) continue;
        // Only tables that hang off one scoped parent: a lookup table (rooms for bookings) stays open.
        if (!isDependent(rel.fromTable, rel.toTable, reading, model)) continue;
        // Writing a child needs a parent the role may change; a parent it may only read still lets it read.
        const through: Scope = parent.actions.update
          ? { parent: rel.fromColumn, editable: true }
          : { parent: rel.fromColumn };
        child.scopes = { read: { parent: rel.fromColumn } };
        if (child.actions.create) child.scopes.create = through;
        if (child.actions.update) child.scopes.update = through;
        child.actions.delete = child.actions.update;
        if (child.actions.delete) child.scopes.delete = through;
        changed = true;
      }
    }
  }
  for (const rule of reading.rules) {
    for (const role of targets(rule, roles)) {
      for (const table of rule.tables) {
        const g = grant(role.name, table);
        if (!g) continue;
        if (rule.kind === "readOnly") {
          g.actions = { ...g.actions, create: false, update: false, delete: false };
          g.scopes = g.scopes.read ? { read: g.scopes.read } : {};
        } else if (rule.kind === "noAccess") {
          g.actions = { list: false, read: false, create: false, update: false, delete: false };
          g.scopes = {};
        } else if (rule.kind === "readOnlyColumn" && rule.word) {
          const column = columnFor(model, table, rule.word);
          if (column && !g.readOnlyColumns.includes(column)) g.readOnlyColumns.push(column);
        }
      }
    }
    if (rule.kind === "approve") {
      // Only the approvers set the approval: everyone else who writes these rows may not.
      for (const table of rule.tables) {
        const column = decisions.approval.get(table);
        if (!column) continue;
        for (const other of roles.filter((r) => !r.privileged && !rule.roles.includes(r.name))) {
          const g = grant(other.name, table);
          if (g && (g.actions.create || g.actions.update) && !g.readOnlyColumns.includes(column))
            g.readOnlyColumns.push(column);
        }
        for (const name of rule.roles) {
          const g = grant(name, table);
          if (g) g.actions.update = true;
        }
      }
    }
    if (rule.kind === "delete") {
      for (const table of rule.tables) {
        for (const role of roles.filter((r) => !r.privileged)) {
          const g = grant(role.name, table);
          if (!g) continue;
          g.actions.delete = rule.roles.includes(role.name);
          if (!g.actions.delete) delete g.scopes.delete;
          else if (g.scopes.read && !g.scopes.delete) g.scopes.delete = g.scopes.read;
        }
      }
    }
  }
  return grants;
}

function isDependent(child: string, parent: string, reading: Reading, model: DataModel): boolean {
  // A child that is its own named thing with other parents may be shared; a child whose only link is this parent depends on it.
  const parents = model.relationships.filter((r) => r.fromTable === child && r.toTable !== child);
  if (parents.length === 1) return true;
  return reading.links.some((l) => l.child === child && l.parent === parent);
}

/** The column a phrase names on a table ("price" → price, "the status" → status). */
function columnFor(model: DataModel, table: string, phrase: string): string | null {
  const def = model.tables.find((t) => t.name === table);
  if (!def) return null;
  const id = safeIdentifier(phrase, 40);
  const head = safeIdentifier(phrase.split(" ").at(-1) ?? phrase, 40);
  const found =
    def.columns.find((c) => c.name === id || c.label?.toLowerCase() === phrase) ??
    def.columns.find((c) => c.name === head || c.name.startsWith(`${head}_`) || c.name.endsWith(`_${head}`));
  return found?.name ?? null;
}

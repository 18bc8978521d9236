/**
 * Roles and what each may do: add a read-only role, remove or rename a role, and grant
 * or revoke list/read/create/update/delete per role and table ("only admins can delete
 * tickets", "agents can see customers but not edit them").
 */

import { permissionOf } from "../../edits/access.js";
import { safeIdentifier, titleCase } from "../words.js";
import { bare, findRole, findTable, noTable, splitList } from "./find.js";
import { dropRoleReferences } from "./references.js";
import { applied, type Blueprint, type Outcome, type Permission, refused } from "./types.js";

type Action = keyof Permission["actions"];
const ALL: Action[] = ["list", "read", "create", "update", "delete"];

const VERBS: [RegExp, Action[]][] = [
  [/^(?:see|view|read|list|look at|access|browse)$/, ["list", "read"]],
  [/^(?:add|create|make|submit|raise|log|record)$/, ["create"]],
  [/^(?:edit|change|update|modify|correct)$/, ["update"]],
  [/^(?:delete|remove|erase|destroy)$/, ["delete"]],
  [/^(?:manage|do everything with|do anything with|fully manage)$/, ALL],
];
/** Verbs that sound like an action but are a change to a field; the nearest action is update. */
const FIELD_VERBS = /^(?:close|approve|reject|assign|resolve|publish|archive|complete|cancel|reopen|confirm|pay)$/;

function actionsOf(words: string): Action[] | { fieldVerb: string } | undefined {
  const found = new Set<Action>();
  for (const verb of splitList(words)) {
    if (FIELD_VERBS.test(verb)) return { fieldVerb: verb };
    const hit = VERBS.find(([p]) => p.test(verb));
    if (!hit) return undefined;
    for (const a of hit[1]) found.add(a);
  }
  return found.size ? ALL.filter((a) => found.has(a)) : undefined;
}

function rolesOf(bp: Blueprint, words: string): string[] | { problem: string } {
  const w = bare(words);
  if (/^(?:everyone|everybody|all roles|all users|anyone|anybody)$/.test(w))
    return bp.security.roles.map((r) => r.name);
  const names: string[] = [];
  for (const part of splitList(w)) {
    const role = findRole(bp, part);
    if (!role)
      return {
        problem: `there is no role called "${part}"; the roles are ${bp.security.roles.map((r) => r.name).join(", ")}`,
      };
    names.push(role.name);
  }
  return names;
}

/** Changing or deleting a row needs seeing it; not seeing a table means nothing else on it either. */
function grant(p: Permission, actions: Action[]) {
  for (const a of actions) p.actions[a] = true;
  if (p.actions.update || p.actions.delete) p.actions.read = p.actions.list = true;
}
function revoke(p: Permission, actions: Action[]) {
  for (const a of actions) p.actions[a] = false;
  if (!p.actions.read) p.actions = { list: false, read: false, create: false, update: false, delete: false };
  // A scope or a column rule for an action no longer granted means nothing (and the verifier refuses it).
  for (const a of ["read", "create", "update", "delete"] as const) if (p.scopes && !p.actions[a]) delete p.scopes[a];
  if (p.scopes && Object.keys(p.scopes).length === 0) delete p.scopes;
  if (!p.actions.create && !p.actions.update) delete p.readOnlyColumns;
}

const words = (actions: Action[]) =>
  actions
    .filter((a) => a !== "list")
    .map((a) => (a === "read" ? "see" : a === "update" ? "change" : a === "create" ? "add" : a))
    .join(", ");

/**
 * "only admins can delete tickets", "agents can see customers but not edit them",
 * "interviewers cannot see candidates", "let teachers edit classes".
 */
export function changeGrants(bp: Blueprint, clause: string): Outcome {
  const m =
    clause.match(
      /^(?:please\s+)?(only\s+)?(.+?)\s+(can no longer|no longer can|can't|cannot|can not|may not|must not|should not|shouldn't|are not allowed to|is not allowed to|should be able to|are allowed to|is allowed to|can|may)\s+(.+?)\s+(?:the\s+|all\s+|any\s+)?([a-z_ ]+?)(?:\s+but\s+not\s+(.+?)(?:\s+(?:them|it))?)?$/,
    ) ??
    clause.match(
      /^(?:please\s+)?(?:let|allow)\s+()(.+?)\s+(?:to\s+)?()(.+?)\s+(?:the\s+|all\s+|any\s+)?([a-z_ ]+?)(?:\s+but\s+not\s+(.+?)(?:\s+(?:them|it))?)?$/,
    );
  if (!m?.[2] || !m[4] || !m[5]) return null;
  const only = Boolean(m[1]);
  const negative = /not|n't|cannot|no longer/.test(m[3] ?? "");
  let tableWords = m[5];
  let verbWords = m[4];
  // "can see and edit tickets": the table is the last word(s) that name a table.
  if (!findTable(bp, tableWords) && /^(?:everything|anything|all)$/.test(bare(tableWords))) tableWords = "";
  const actions = actionsOf(verbWords);
  if (!actions) return null;
  const roles = rolesOf(bp, m[2]);
  if ("problem" in roles) return findRole(bp, bare(m[2]).split(" ")[0] ?? "") ? refused(`${roles.problem}.`) : null;
  const tables = tableWords ? [findTable(bp, tableWords)] : bp.data.tables;
  if (tables.some((t) => !t)) return refused(`${noTable(bp, tableWords)}.`);
  if ("fieldVerb" in actions) {
    return refused(
      `"${actions.fieldVerb}" is a change to a field, not an action of its own: a role that may change ${tableWords || "a record"} may ${actions.fieldVerb} it. Nearest: "${only ? "only " : ""}${m[2]} can change ${tableWords || "everything"}".`,
    );
  }
  const butNot = m[6] ? actionsOf(m[6]) : undefined;
  if (m[6] && (!butNot || "fieldVerb" in butNot)) return null;
  // "edit" in "but not edit them" means any change: adding, changing or deleting.
  const denied =
    butNot && !("fieldVerb" in butNot)
      ? butNot.includes("update")
        ? [...new Set<Action>([...butNot, "create", "update", "delete"])]
        : butNot
      : [];
  const done: string[] = [];
  for (const table of tables as NonNullable<(typeof tables)[number]>[]) {
    for (const role of bp.security.roles.map((r) => r.name)) {
      const named = roles.includes(role);
      if (named) {
        const p = permissionOf(bp, role, table.name);
        if (negative) revoke(p, actions);
        else grant(p, actions);
        if (denied.length) revoke(p, denied);
      } else if (only && !negative) {
        const p = bp.security.permissions.find((x) => x.role === role && x.resource === table.name);
        if (p) revoke(p, actions);
      }
    }
    verbWords = words(actions);
    done.push(table.name);
  }
  const who = roles.join(", ");
  const tablesWords = done.length === bp.data.tables.length && !tableWords ? "every table" : done.join(", ");
  const main = negative
    ? `${who} can no longer ${verbWords} ${tablesWords}.`
    : `${only ? "Only " : ""}${who} can ${verbWords} ${tablesWords}${denied.length ? ` but not ${words(denied)} them` : ""}.`;
  return applied(main);
}

/** "make interviewers read-only", "make agents read-only on customers". */
export function readOnlyRole(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(
    /^(?:please\s+)?(?:make\s+)?(?:the\s+)?(.+?)(?:\s+role)?\s+(?:are\s+|is\s+)?(?:read[- ]only|view[- ]only)(?:\s+(?:on|for|in)\s+(?:the\s+)?(.+))?$/,
  );
  if (!m?.[1]) return null;
  const roles = rolesOf(bp, m[1]);
  if ("problem" in roles) return refused(`${roles.problem}.`);
  const tables = m[2] ? [findTable(bp, m[2])] : bp.data.tables;
  if (tables.some((t) => !t)) return refused(`${noTable(bp, m[2] ?? "")}.`);
  if (roles.includes(bp.security.roles[0]?.name ?? "")) {
    return refused(
      `${roles[0]} is the app owner's role and keeps full access; add a separate read-only role instead ("add a read-only viewer role").`,
    );
  }
  for (const role of roles)
    for (const t of tables) {
      const p = bp.security.permissions.find((x) => x.role === role && x.resource === t?.name);
      if (p) p.actions = { ...p.actions, create: false, update: false, delete: false };
    }
  return applied(
    `${roles.join(", ")} can now only see ${m[2] ? tables.map((t) => t?.name).join(", ") : "every table"}, not change it.`,
  );
}

/** "add a read-only viewer role", "add an auditor role that can only see". */
export function addReadOnlyRole(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(
    /^(?:please\s+)?(?:add|create)\s+(?:a\s+|an\s+)?(?:(read[- ]only|view[- ]only)\s+)?(.+?)\s+role(?:\s+(?:that|who)\s+can\s+only\s+(?:see|view|read).*)?$/,
  );
  if (!m?.[2]) return null;
  const readOnly = Boolean(m[1]) || /can only (?:see|view|read)/.test(clause);
  if (!readOnly) return null;
  const name = safeIdentifier(bare(m[2]), 40);
  if (!name) return refused(`"${m[2]}" cannot be a role name; use letters and digits.`);
  if (bp.security.roles.some((r) => r.name === name))
    return refused(`there is already a ${name} role; make it read-only instead ("make ${name} read-only").`);
  if (bp.security.roles.length >= 20) return refused("an app has at most 20 roles; remove one first.");
  bp.security.roles.push({ name, label: titleCase(bare(m[2])).slice(0, 80), description: "Can view, not change" });
  for (const t of bp.data.tables)
    bp.security.permissions.push({
      role: name,
      resource: t.name,
      actions: { list: true, read: true, create: false, update: false, delete: false },
    });
  return applied(`Added the read-only ${name} role: it sees every table and changes nothing.`);
}

/** "remove the volunteer role". Members with it lose their access, which the preview says. */
export function removeRole(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(/^(?:please\s+)?(?:remove|delete|drop|get rid of)\s+(?:the\s+)?(.+?)\s+role$/);
  if (!m?.[1]) return null;
  const role = findRole(bp, m[1]);
  if (!role)
    return refused(
      `there is no role called "${bare(m[1])}"; the roles are ${bp.security.roles.map((r) => r.name).join(", ")}.`,
    );
  if (bp.security.roles[0] === role)
    return refused(
      `${role.name} is the app owner's role and cannot be removed; rename it instead ("rename the ${role.name} role to ...").`,
    );
  bp.security.roles = bp.security.roles.filter((r) => r !== role);
  dropRoleReferences(bp, role.name);
  return applied(`Removed the ${role.name} role; its members lose their access to the app.`);
}

/**
 * "rename the agent role to technician". Only the label changes: the role's name is
 * what members hold, so renaming it would take their access away.
 */
export function renameRole(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(
    /^(?:please\s+)?(?:rename|call)\s+(?:the\s+)?(.+?)\s+role\s+(?:to|as|into)\s+["']?(.+?)["']?$/,
  );
  if (!m?.[1] || !m[2]) return null;
  const role = findRole(bp, m[1]);
  if (!role)
    return refused(
      `there is no role called "${bare(m[1])}"; the roles are ${bp.security.roles.map((r) => r.name).join(", ")}.`,
    );
  role.label = titleCase(bare(m[2])).slice(0, 80);
  return applied(`The ${role.name} role is now shown as ${role.label}; its members keep it.`);
}

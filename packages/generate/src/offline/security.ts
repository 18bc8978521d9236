/**
 * Security inference: the roles the founder names and the access rules they state
 * ("sales reps see only their own deals", "each team sees its projects", "managers
 * see everything"), read clause by clause.
 */
import type { Entity } from "./entities.js";
import { plural } from "./words.js";

export interface RoleSpec {
  name: string;
  label: string;
  /** Sees and edits everything, no row filters. */
  privileged: boolean;
  readOnly: boolean;
  position: number;
}

export type RuleKind = "own" | "assigned" | "created" | "team";

export interface AccessRule {
  kind: RuleKind;
  /** Role names; empty means every role that is not privileged. */
  roles: string[];
  /** Table names; empty means the app's main table. */
  tables: string[];
  clause: string;
}

export interface RoleWord {
  words: string[];
  name: string;
  label: string;
  /** Names a role only when it is the subject of an access verb ("customers submit tickets"). */
  contextual?: boolean;
  privileged?: boolean;
  readOnly?: boolean;
}

export const ROLE_WORDS: RoleWord[] = [
  { words: ["admin", "administrator", "superuser"], name: "admin", label: "Admin", privileged: true },
  { words: ["owner", "business owner"], name: "owner", label: "Owner", privileged: true },
  { words: ["manager", "director"], name: "manager", label: "Manager" },
  { words: ["supervisor", "team lead", "team leader"], name: "supervisor", label: "Supervisor" },
  {
    words: ["sales rep", "sales representative", "salesperson", "sales person", "rep", "account executive"],
    name: "sales_rep",
    label: "Sales Rep",
  },
  { words: ["support agent", "agent"], name: "agent", label: "Support Agent" },
  { words: ["technician", "mechanic", "field technician"], name: "technician", label: "Technician" },
  { words: ["teacher", "instructor", "tutor", "professor"], name: "teacher", label: "Teacher" },
  { words: ["recruiter"], name: "recruiter", label: "Recruiter" },
  { words: ["hiring manager"], name: "hiring_manager", label: "Hiring Manager" },
  { words: ["interviewer"], name: "interviewer", label: "Interviewer" },
  { words: ["approver"], name: "approver", label: "Approver" },
  { words: ["accountant", "bookkeeper"], name: "accountant", label: "Accountant" },
  { words: ["doctor", "physician", "therapist", "dentist", "vet"], name: "doctor", label: "Doctor" },
  { words: ["nurse"], name: "nurse", label: "Nurse" },
  { words: ["receptionist", "front desk"], name: "receptionist", label: "Receptionist" },
  { words: ["driver", "courier"], name: "driver", label: "Driver" },
  { words: ["dispatcher"], name: "dispatcher", label: "Dispatcher" },
  { words: ["organizer", "organiser", "coordinator", "planner"], name: "organizer", label: "Organizer" },
  { words: ["editor", "writer", "author"], name: "editor", label: "Editor" },
  { words: ["viewer", "auditor", "read-only user", "guest viewer"], name: "viewer", label: "Viewer", readOnly: true },
  { words: ["developer", "engineer"], name: "developer", label: "Developer" },
  { words: ["consultant", "freelancer", "contractor"], name: "consultant", label: "Consultant" },
  { words: ["coach", "trainer"], name: "coach", label: "Coach" },
  { words: ["landlord", "property manager"], name: "property_manager", label: "Property Manager" },
  {
    words: ["employee", "staff", "staff member", "team member", "worker"],
    name: "employee",
    label: "Employee",
    contextual: true,
  },
  { words: ["member"], name: "member", label: "Member", contextual: true },
  { words: ["volunteer"], name: "volunteer", label: "Volunteer", contextual: true },
  { words: ["student", "pupil"], name: "student", label: "Student", contextual: true },
  { words: ["parent"], name: "parent", label: "Parent", contextual: true },
  { words: ["customer"], name: "customer", label: "Customer", contextual: true },
  { words: ["client"], name: "client", label: "Client", contextual: true },
  { words: ["tenant", "resident"], name: "tenant", label: "Tenant", contextual: true },
  { words: ["patient"], name: "patient", label: "Patient", contextual: true },
  { words: ["guest"], name: "guest", label: "Guest", contextual: true },
];

const PHRASES = ROLE_WORDS.flatMap((r) =>
  r.words
    .flatMap((w) => [w, plural(w)])
    .map((phrase) => ({ phrase, pattern: new RegExp(`\\b${phrase.replace(/-/g, "\\-")}\\b`, "g"), role: r })),
).sort((a, b) => b.phrase.length - a.phrase.length);
const ROLE_ALTERNATION = PHRASES.map((p) => p.phrase.replace(/[-]/g, "\\-")).join("|");
const ACCESS_VERB =
  /^(?:\s+(?:can|could|may|should|must|will|only|also|just|then|do|does|need to|are allowed to|get to))*\s+(?:see|sees|view|views|access|accesses|edit|edits|manage|manages|create|creates|submit|submits|approve|approves|log|logs|sign|signs|read|reads|update|updates|work|works|handle|handles|book|books|track|tracks|have|has|get|gets|are|is|own|owns|enter|enters|add|adds|request|requests|review|reviews|record|records|file|files|assign|assigns|answer|answers|respond|responds|register|registers|apply|applies|upload|uploads)\b/;

interface RoleMention {
  role: RoleWord;
  start: number;
  end: number;
}

function roleMentions(text: string): RoleMention[] {
  const mentions: RoleMention[] = [];
  for (const { phrase, pattern, role } of PHRASES) {
    if (!text.includes(phrase)) continue;
    for (const match of text.matchAll(pattern)) {
      const start = match.index ?? 0;
      const end = start + phrase.length;
      if (mentions.some((m) => start < m.end && end > m.start)) continue;
      const after = text.slice(end, end + 60);
      const subject = ACCESS_VERB.test(after) || /^'s? own\b/.test(after);
      const forWhom = /\bfor (?:the |our |all )?$/.test(text.slice(Math.max(0, start - 12), start));
      if (role.contextual && !subject) continue;
      if (!role.contextual || subject || forWhom) mentions.push({ role, start, end });
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}

/** The words of every role named in the text (so entity extraction can tell roles from things). */
export function roleWordsIn(text: string): Set<string> {
  const words = new Set<string>();
  for (const m of roleMentions(text)) for (const w of m.role.words) words.add(w).add(plural(w));
  return words;
}

export function extractRoles(text: string): RoleSpec[] {
  const roles = new Map<string, RoleSpec>();
  for (const { role, start } of roleMentions(text)) {
    if (roles.has(role.name)) continue;
    roles.set(role.name, {
      name: role.name,
      label: role.label,
      privileged: Boolean(role.privileged),
      readOnly: Boolean(role.readOnly),
      position: start,
    });
  }
  return [...roles.values()];
}

const CLAUSE_SPLIT = new RegExp(
  `[.;!?\\n]|\\bbut\\b|\\bwhile\\b|\\bwhereas\\b|\\bexcept\\b|,\\s*(?=(?:and |but |while )?(?:the |all |each |every |our )?(?:${ROLE_ALTERNATION})\\b)|\\band (?=(?:the |all |each |every |our )?(?:${ROLE_ALTERNATION}|each team|every team|teams)\\b)`,
);

const OWN =
  /\b(?:their|his|her|his or her|its) own\b|\bonly (?:theirs|their|his|hers)\b|\bthey (?:own|created|create|submitted|submit|logged|log|entered|wrote|made|added|filed|booked|are assigned)\b|\b(?:assigned to|owned by|created by|submitted by) (?:them|him|her|themselves)\b|\bthey(?:'re| are) assigned\b|\bassigned to (?:that|the) (?:\w+ )?(?:rep|agent|technician|driver|teacher|employee|member)\b/;
const TEAM = /\b(?:team|teams|team's|teams')\b/;
const TEAM_ACCESS = /\b(?:sees?|views?|access|share[sd]?|visible|only|its|their|belong|within)\b/;
const EVERYTHING = /\b(?:everything|all (?:the )?[a-z]+|every [a-z]+|anything|full access|all records|all data)\b/;
const SEE = /\b(?:see|sees|view|views|access|manage|manages|edit|edits|has|have|read|reads|control|controls)\b/;
const READ_ONLY =
  /\b(?:read[- ]only|only (?:view|read)\b(?! their)|view but not edit|can(?:not|'t) (?:edit|change|modify)|just view)\b/;

export interface SecurityReading {
  roles: RoleSpec[];
  rules: AccessRule[];
}

/** Roles and rules from the text; `entities` tells which tables a clause is about. */
export function readSecurity(text: string, entities: Entity[]): SecurityReading {
  const roles = extractRoles(text);
  const rules: AccessRule[] = [];
  for (const clause of text
    .split(CLAUSE_SPLIT)
    .map((c) => (c ?? "").trim())
    .filter(Boolean)) {
    const named = [...new Set(roleMentions(clause).map((m) => m.role.name))].filter((n) =>
      roles.some((r) => r.name === n),
    );
    const tables = entities.filter((e) => mentions(clause, e)).map((e) => e.table);
    if (OWN.test(clause)) {
      const kind: RuleKind = /assigned/.test(clause)
        ? "assigned"
        : /\b(?:created|create|submitted|submit|logged|log|entered|wrote|made|added|filed|booked)\b/.test(clause)
          ? "created"
          : "own";
      rules.push({ kind, roles: named, tables: tables.filter((t) => t !== "teams"), clause });
    } else if (TEAM.test(clause) && TEAM_ACCESS.test(clause)) {
      rules.push({ kind: "team", roles: named, tables: tables.filter((t) => t !== "teams"), clause });
    } else if (EVERYTHING.test(clause) && SEE.test(clause)) {
      for (const name of named) markPrivileged(roles, name);
    }
    if (READ_ONLY.test(clause)) for (const name of named) setReadOnly(roles, name);
  }
  return { roles, rules };
}

function markPrivileged(roles: RoleSpec[], name: string) {
  const role = roles.find((r) => r.name === name);
  if (role) role.privileged = true;
}

function setReadOnly(roles: RoleSpec[], name: string) {
  const role = roles.find((r) => r.name === name);
  if (role && !role.privileged) role.readOnly = true;
}

function mentions(clause: string, entity: Entity): boolean {
  const words = entity.knowledge?.words ?? [entity.label.toLowerCase()];
  return words.some((w) => new RegExp(`\\b(?:${w}|${plural(w)})\\b`).test(clause));
}

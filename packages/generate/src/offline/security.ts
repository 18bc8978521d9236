/**
 * The roles a founder names ("sales reps", "an auditor"): the known role words, which
 * of them name a role where they stand (the subject of an access verb), and the roles a
 * text names. Which rows each role sees is read by `read.ts` (the planner) and
 * `refine/scopes.ts` (refine).
 */
import { plural } from "./words.js";

export interface RoleSpec {
  name: string;
  label: string;
  /** Sees and edits everything, no row filters. */
  privileged: boolean;
  readOnly: boolean;
  position: number;
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
const _ROLE_ALTERNATION = PHRASES.map((p) => p.phrase.replace(/[-]/g, "\\-")).join("|");
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

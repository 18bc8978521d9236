/**
 * The offline planner: a deterministic, network-free prompt → blueprint. It reads
 * entities, fields, roles and access rules from the text, fills gaps from domain
 * knowledge, composes the UI, and says plainly what it assumed.
 */
import { type BlueprintV2Input, toIdentifier } from "@plinth/blueprint";
import { type Grant, writeGrants } from "./access-shape.js";
import type { DataModel } from "./data.js";
import { inferColumn } from "./fields.js";
import { accessColumns, finalRoles, planGrants } from "./grants.js";
import { ENGLISH_UI, localizeModel, UI_WORDS } from "./localize.js";
import { buildModel } from "./model.js";
import { type Reading, type RoleLexicon, readPrompt } from "./read.js";
import { ROLE_WORDS } from "./security.js";
import { composeUi } from "./ui.js";
import { LANGUAGE_LOCALES, readable } from "./words.js";

export interface OfflinePlan {
  /** The blueprint before the shared checks (which fill defaults and verify it); absent when the planner asks a question. */
  blueprint: BlueprintV2Input;
  assumptions: string[];
  /** Access in the access model's terms (what the blueprint will carry once it has scopes). */
  grants: Grant[];
}

/** The planner could not find an app in the prompt: the question to ask the founder instead. */
export interface OfflineQuestion {
  question: string;
}

const LEXICON: RoleLexicon = {
  known: new Map(
    ROLE_WORDS.flatMap((r) =>
      r.words.map(
        (w) =>
          [
            w,
            { name: r.name, label: r.label, privileged: r.privileged, readOnly: r.readOnly, contextual: r.contextual },
          ] as const,
      ),
    ),
  ),
};

export function planOffline(prompt: string): OfflinePlan | OfflineQuestion {
  const assumptions: string[] = [];
  const { text, language, originals } = readable(prompt);
  const regional = language === "en" || language === "unknown" ? undefined : LANGUAGE_LOCALES[language];
  if (regional) {
    assumptions.push(
      `Numbers, money and dates follow ${regional.locale} with money in ${regional.currency}; change app.locale and app.currency if your users are elsewhere.`,
    );
  }
  const reading = readPrompt(text, LEXICON);
  // "A CRM", "inventory", "a CRM where reps see their deals": a known kind of app fills in what it usually keeps.
  if (reading.things.length < 2) {
    const kind = withKindThings(text, reading, assumptions);
    if (!kind && reading.things.length === 0) return { question: questionFor(prompt, language) };
  }
  const roles = finalRoles(reading, assumptions);
  const decisions = accessColumns(reading, roles, LEXICON, assumptions);
  const model = buildModel(reading, decisions.columns, assumptions);
  ensureReadOnlyColumns(reading, model);
  const grants = planGrants(reading, roles, decisions, model);
  if (language !== "en" && language !== "unknown") localizeModel(model.tables, roles, language, originals);
  const ui = composeUi(model, language === "en" || language === "unknown" ? ENGLISH_UI : UI_WORDS[language]);
  const name = appName(
    prompt,
    text,
    model.tables.map((t) => t.label ?? t.name),
  );
  const privileged = new Set(roles.filter((r) => r.privileged).map((r) => r.name));
  const blueprint: BlueprintV2Input = {
    version: 2,
    app: {
      name,
      slug: slugOf(name),
      description: describeApp(
        model.tables.map((t) => t.label ?? t.name),
        grants.flatMap((g) => (g.description ? [g.description] : [])),
      ),
      ...regional,
    },
    data: { tables: model.tables, relationships: model.relationships },
    security: {
      roles: roles.map((r) => ({
        name: r.name,
        label: r.label,
        description: privileged.has(r.name)
          ? "Sees and edits everything"
          : r.readOnly
            ? "Can view, not change"
            : "Works with the app's records",
      })),
      defaultRole: roles.at(-1)?.name,
      permissions: writeGrants(grants),
      ...(decisions.teamTable ? { teamTable: decisions.teamTable } : {}),
    },
    ui,
  };
  return { blueprint, assumptions, grants };
}

/** "A CRM", "inventory": an app of a known kind that names no things keeps what such apps keep, and says so. */
const KIND_THINGS: [RegExp, string[]][] = [
  [/\bcrm\b|customer relationship/, ["companies", "contacts", "deals", "activities"]],
  [/\bhelp ?desk\b|\bsupport (?:desk|portal|system)\b|\bticketing\b/, ["tickets", "customers", "comments"]],
  [/\binventory\b|\bstock\b/, ["products", "suppliers", "warehouses", "stock movements"]],
  [/\brecruit|\bhiring\b|\bapplicant tracking\b/, ["job openings", "candidates", "applications", "interviews"]],
  [/\bexpense/, ["expenses"]],
  [/\bschool\b/, ["students", "classes"]],
  [/\bevent (?:planning|management|planner)\b/, ["events", "venues", "attendees"]],
  [/\bproject (?:tracker|tracking|management|manager)\b/, ["projects", "tasks"]],
  [/\b(?:todo|to-do|task) (?:list|app|tracker)\b/, ["tasks"]],
];

function withKindThings(text: string, reading: Reading, assumptions: string[]): boolean {
  const kind = KIND_THINGS.find(([pattern]) => pattern.test(text));
  if (!kind) return false;
  const found = readPrompt(kind[1].join(", "), LEXICON).things.filter(
    (t) => !reading.things.some((x) => x.table === t.table),
  );
  if (found.length === 0) return false;
  reading.things.push(...found);
  assumptions.push(
    `Apps like this usually keep ${found.map((t) => t.label.toLowerCase()).join(", ")}, so I added them.`,
  );
  return found.length > 0;
}

/** Columns a "cannot change Z" rule names that the table does not have yet. */
function ensureReadOnlyColumns(reading: Reading, model: DataModel) {
  for (const rule of reading.rules) {
    if (rule.kind !== "readOnlyColumn" || !rule.word) continue;
    for (const t of rule.tables) {
      const table = model.tables.find((x) => x.name === t);
      const column = inferColumn(rule.word);
      if (!table || !column) continue;
      const head = rule.word.split(" ").at(-1) ?? "";
      if (table.columns.some((c) => c.name === column.name || c.name === head || c.name.endsWith(`_${head}`))) continue;
      table.columns.push(column);
    }
  }
}

function questionFor(prompt: string, language: string): string {
  const short = prompt.trim().length < 3 ? "" : ` I read "${prompt.trim().slice(0, 60)}" but found no things to keep.`;
  return language === "unknown"
    ? `What should the app keep track of?${short} The offline planner reads English, Spanish, French, German and Portuguese: name the records, e.g. "clients, dogs and walks; walkers see only their own walks".`
    : `What should the app keep track of?${short} Name the records and who uses them, e.g. "a plant nursery: greenhouses, plant batches and orders; gardeners see only the greenhouses assigned to them".`;
}

const APP_KINDS: [RegExp, string][] = [
  [/\bcrm\b|customer relationship/, "CRM"],
  [/\bhelp ?desk\b|\bsupport (?:desk|portal|system)\b|\bticketing\b/, "Helpdesk"],
  [/\binventory\b|\bstock\b/, "Inventory"],
  [/\brecruit|\bhiring\b|\bapplicant tracking\b/, "Recruiting"],
  [/\bexpense/, "Expenses"],
  [/\bschool\b|\bclassroom\b/, "School"],
  [/\bevent (?:planning|management)\b/, "Event Planner"],
  [/\bproject (?:tracker|management|manager)\b/, "Project Tracker"],
  [/\bclinic\b|\bpractice\b/, "Clinic"],
  [/\bproperty management\b/, "Property Manager"],
];

function appName(prompt: string, text: string, labels: string[]): string {
  const called = prompt.match(
    /\b(?:called|named)\s+["“']?([A-Z0-9][\w&' -]{1,40}?)["”']?(?=[.,;:!?\n]|\s+(?:for|to|that|which|where|with)\b|$)/,
  );
  if (called?.[1]) return called[1].trim();
  const kind = APP_KINDS.find(([pattern]) => pattern.test(text));
  if (kind) return kind[1];
  return `${labels.slice(0, 2).join(" & ")} Tracker`.slice(0, 80);
}

function slugOf(name: string): string {
  const slug = toIdentifier(name).replaceAll("_", "-").slice(0, 48).replace(/-+$/, "");
  return /^[a-z][a-z0-9-]{1,47}$/.test(slug) ? slug : "app";
}

function describeApp(labels: string[], rules: string[]): string {
  const things = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  return `Keeps ${things?.toLowerCase()}.${rules.length ? ` ${rules.join(". ")}.` : ""}`.slice(0, 2000);
}

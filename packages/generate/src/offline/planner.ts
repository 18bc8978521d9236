/**
 * The offline planner: a deterministic, network-free prompt → blueprint. It reads
 * entities, fields, roles and access rules from the text, fills gaps from domain
 * knowledge, composes the UI, and says plainly what it assumed.
 */
import { type BlueprintV2Input, toIdentifier } from "@plinth/blueprint";
import { buildAccess } from "./access.js";
import { buildData } from "./data.js";
import { ENTITIES } from "./domain.js";
import { type Entity, extractEntities } from "./entities.js";
import { readSecurity, roleWordsIn } from "./security.js";
import { composeUi } from "./ui.js";
import { LANGUAGE_LOCALES, LANGUAGE_NAMES, readable, singular } from "./words.js";

export interface OfflinePlan {
  /** The blueprint before the shared checks (which fill defaults and verify it). */
  blueprint: BlueprintV2Input;
  assumptions: string[];
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

export function planOffline(prompt: string): OfflinePlan {
  const assumptions: string[] = [];
  const { text, language } = readable(prompt);
  const regional = language === "en" || language === "unknown" ? undefined : LANGUAGE_LOCALES[language];
  if (regional) {
    assumptions.push(
      `Your request looks ${LANGUAGE_NAMES[language]}; I read the words I know and wrote the labels in English.`,
      `Numbers, money and dates follow ${regional.locale} with money in ${regional.currency}; change app.locale and app.currency if your users are elsewhere.`,
    );
  }
  const roleWords = roleWordsIn(text);
  let entities = extractEntities(text, roleWords);
  if (entities.length === 0) {
    entities = [fallbackEntity()];
    assumptions.push(
      language === "unknown"
        ? "I could not read this request (the offline planner understands English and a little Spanish, French, German and Portuguese), so I made a generic Items list. Describe the things your app tracks in English, or pick a model."
        : 'I could not tell which things this app keeps, so I made a generic Items list. Name them for a better app, e.g. "track orders and customers".',
    );
  }
  entities = withKindEntities(text, entities, assumptions);
  const security = readSecurity(text, entities);
  const model = buildData(entities, security.rules, assumptions);
  const access = buildAccess(security.roles, security.rules, model, assumptions);
  const ui = composeUi(model);
  const name = appName(
    prompt,
    text,
    model.tables.map((t) => t.label ?? t.name),
  );
  const blueprint: BlueprintV2Input = {
    version: 2,
    app: {
      name,
      slug: slugOf(name),
      description: describeApp(
        model.tables.map((t) => t.label ?? t.name),
        access.rowFilters ?? [],
      ),
      ...regional,
    },
    data: { tables: model.tables, relationships: model.relationships },
    security: access,
    ui,
  };
  return { blueprint, assumptions };
}

/** The records an app of a named kind ("a CRM", "a helpdesk") keeps even when the prompt lists fewer. */
const KIND_ENTITIES: [RegExp, string[]][] = [
  [/\bcrm\b|customer relationship/, ["companies", "contacts", "deals", "activities"]],
  [/\bhelp ?desk\b|\bsupport (?:desk|portal|system)\b|\bticketing\b/, ["tickets", "customers", "comments"]],
  [/\binventory\b/, ["products", "suppliers", "warehouses", "stock_movements"]],
  [/\brecruit|\bhiring\b|\bapplicant tracking\b/, ["job_openings", "candidates", "applications", "interviews"]],
  [/\bexpense/, ["expenses"]],
  [/\bschool\b/, ["students", "classes", "assignments", "grades"]],
  [/\bevent (?:planning|management|planner)\b/, ["events", "venues", "attendees"]],
  [/\bproject (?:tracker|tracking|management|manager)\b/, ["projects", "tasks"]],
];

function withKindEntities(text: string, entities: Entity[], assumptions: string[]): Entity[] {
  const kind = KIND_ENTITIES.find(([pattern]) => pattern.test(text));
  if (!kind) return entities;
  const missing = kind[1].filter((t) => !entities.some((e) => e.table === t));
  const added = missing.flatMap((table) => {
    const knowledge = ENTITIES.find((k) => k.table === table);
    return knowledge
      ? [
          {
            table,
            singular: singular(table),
            label: knowledge.label,
            knowledge,
            fields: [],
            parents: [],
            position: 1e6,
          },
        ]
      : [];
  });
  if (added.length) {
    assumptions.push(
      `Apps like this usually keep ${added.map((e) => e.label.toLowerCase()).join(", ")} too, so I added them.`,
    );
  }
  return [...entities, ...added];
}

function fallbackEntity(): Entity {
  return { table: "items", singular: "item", label: "Items", knowledge: null, fields: [], parents: [], position: 0 };
}

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

function describeApp(labels: string[], filters: { description?: string | undefined }[]): string {
  const things = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  const rules = filters.map((f) => f.description).filter(Boolean);
  return `Keeps ${things?.toLowerCase()}.${rules.length ? ` ${rules.join(". ")}.` : ""}`.slice(0, 2000);
}

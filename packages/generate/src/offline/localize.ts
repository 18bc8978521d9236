/**
 * An app for a Spanish, French, German or Portuguese prompt speaks that language: table
 * labels in the founder's own words, the usual column labels and choice values
 * translated, and the UI's own words (dashboard, "New …", board, calendar). Identifiers
 * stay the planner's ASCII snake_case, so nothing else changes.
 */
import { z } from "zod";
import type { ColumnDef } from "./columns.js";
import type { TableDef } from "./data.js";
import words from "./localize.json" with { type: "json" };
import type { Role } from "./read.js";

export type AppLanguage = "es" | "fr" | "de" | "pt";
const INDEX: Record<AppLanguage, number> = { es: 0, fr: 1, de: 2, pt: 3 };

export interface UiWords {
  dashboard: string;
  /** One record of a table, from its label ("Clientes" → "cliente"). */
  one: (label: string) => string;
  newRecord: (one: string) => string;
  open: string;
  board: (things: string) => string;
  calendar: (things: string) => string;
  gallery: (things: string) => string;
  tree: (things: string) => string;
  chat: (things: string) => string;
  total: (what: string, things: string) => string;
  by: (things: string, what: string) => string;
  recent: (things: string) => string;
}

/**
 * The words themselves are data, in localize.json: the UI's phrases per language, with
 * `{things}`, `{what}` and `{one}` where a label goes, and English column labels and
 * choice values (stored as shown) → [es, fr, de, pt].
 */
const word = z.string().min(1);
const translations = z.record(word, z.tuple([word, word, word, word]));
const phrases = z.strictObject({
  dashboard: word,
  newRecord: word,
  open: word,
  board: word,
  calendar: word,
  gallery: word,
  tree: word,
  chat: word,
  total: word,
  by: word,
  recent: word,
});
const WORDS = z
  .strictObject({
    ui: z.strictObject({ en: phrases, es: phrases, fr: phrases, de: phrases, pt: phrases }),
    labels: translations,
    values: translations,
  })
  .parse(words);
const LABELS = WORDS.labels;
const VALUES = WORDS.values;

/**
 * The English choice value a word of another language names, in its plural or feminine
 * form too: "abiertos", "ouvertes", "offene" → "open".
 */
export function englishValue(word: string): string | undefined {
  const w = word.toLowerCase();
  const forms = new Set([w, w.replace(/e?s$/, ""), w.replace(/as?$/, "o"), w.replace(/e$/, "")]);
  return Object.keys(VALUES).find((english) => VALUES[english]?.some((t) => forms.has(t)));
}

/** A phrase with its labels put in, in one pass: a label is put in exactly as written. */
const fill = (phrase: string, labels: Record<string, string>) =>
  phrase.replace(/\{(\w+)\}/g, (slot, name: string) => labels[name] ?? slot);

function uiWords(p: z.infer<typeof phrases>, one: (label: string) => string): UiWords {
  return {
    dashboard: p.dashboard,
    one,
    newRecord: (one) => fill(p.newRecord, { one }),
    open: p.open,
    board: (things) => fill(p.board, { things }),
    calendar: (things) => fill(p.calendar, { things }),
    gallery: (things) => fill(p.gallery, { things }),
    tree: (things) => fill(p.tree, { things }),
    chat: (things) => fill(p.chat, { things }),
    total: (what, things) => fill(p.total, { what, things }),
    by: (things, what) => fill(p.by, { things, what }),
    recent: (things) => fill(p.recent, { things }),
  };
}

export const ENGLISH_UI: UiWords = uiWords(WORDS.ui.en, (label) => label.toLowerCase().replace(/s$/, ""));

export const UI_WORDS: Record<AppLanguage, UiWords> = {
  es: uiWords(WORDS.ui.es, (label) => singularLabel(label, "es").toLowerCase()),
  fr: uiWords(WORDS.ui.fr, (label) => singularLabel(label, "fr").toLowerCase()),
  de: uiWords(WORDS.ui.de, (label) => label),
  pt: uiWords(WORDS.ui.pt, (label) => singularLabel(label, "pt").toLowerCase()),
};

/** The founder's word for a thing the glossary translated ("clientes" for customers), capitalised. */
function original(label: string, originals: ReadonlyMap<string, string>): string | undefined {
  const whole = originals.get(label.toLowerCase());
  if (whole) return whole.charAt(0).toUpperCase() + whole.slice(1);
  const words = label.toLowerCase().split(" ");
  const mapped = words.map((w) => originals.get(w));
  if (mapped.every((w) => w === undefined)) return undefined;
  const text = words.map((w, i) => mapped[i] ?? w).join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A singular for a role label from a plural the founder wrote ("vendedores" → "Vendedor"). */
function singularLabel(word: string, language: AppLanguage): string {
  if (language === "de") return word;
  if (language === "pt") {
    if (/ões$/.test(word)) return word.replace(/ões$/, "ão");
    if (/ais$/.test(word)) return word.replace(/ais$/, "al");
    if (/éis$/.test(word)) return word.replace(/éis$/, "el");
    if (/ns$/.test(word)) return word.replace(/ns$/, "m");
  }
  if (language === "fr" && /aux$/.test(word)) return word.replace(/aux$/, "al");
  if (language === "es" && /ces$/.test(word)) return word.replace(/ces$/, "z");
  return /(?:ores|eres|ones)$/.test(word) ? word.slice(0, -2) : word.replace(/s$/, "");
}

/** Labels, column labels and choice values in the prompt's language, in place. */
export function localizeModel(
  tables: TableDef[],
  roles: Role[],
  language: AppLanguage,
  originals: ReadonlyMap<string, string>,
): void {
  const at = INDEX[language];
  // Link and people columns are labelled after the table or role they point at ("Customer" → "Cliente").
  const renamed = new Map<string, string>();
  for (const table of tables) {
    const english = table.label ?? table.name;
    const own = original(english, originals);
    if (own) {
      table.label = own.slice(0, 80);
      renamed.set(english.replace(/s$/, ""), singularLabel(own, language));
    }
  }
  for (const role of roles) {
    const english = role.label;
    const own = original(role.label, originals) ?? original(`${role.label}s`, originals);
    const known = LABELS[english]?.[at];
    if (own) role.label = singularLabel(own, language).slice(0, 80);
    else if (known) role.label = known;
    if (role.label !== english) renamed.set(english, role.label);
  }
  for (const table of tables) {
    for (const column of table.columns) {
      const label = column.label ?? "";
      const linked = renamed.get(label);
      if (linked && (column.name.endsWith("_id") || column.type === "user")) column.label = linked.slice(0, 80);
      else localizeColumn(column, at, originals);
    }
  }
}

function localizeColumn(column: ColumnDef, at: number, originals: ReadonlyMap<string, string>) {
  const label = column.label ?? "";
  const known = LABELS[label]?.[at];
  const own = known ?? original(label, originals);
  if (own) column.label = own;
  if (column.enum) {
    const values = column.enum.map((v) => VALUES[v]?.[at] ?? v);
    // Values the founder wrote stay as written; two English values with one translation stay apart.
    if (new Set(values).size === values.length) {
      if (typeof column.default === "string") column.default = VALUES[column.default]?.[at] ?? column.default;
      column.enum = values;
    }
  }
}

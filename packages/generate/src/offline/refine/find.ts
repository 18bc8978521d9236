/** Finds the table, column, role or page a founder's words name, by name, label or plural. */
import { ENTITIES } from "../domain.js";
import { ROLE_WORDS } from "../security.js";
import { plural, singular } from "../words.js";
import type { Blueprint, Column, Table } from "./types.js";

/** Lowercase words without articles, "table"/"field" and possessives: "the Tickets table" → "tickets". */
export function bare(words: string): string {
  return words
    .trim()
    .replace(/^(?:the|all|each|every|a|an|its|their)\s+/, "")
    .replace(/'s?$/, "")
    .replace(/\s+(?:table|list|field|column|role|page|records?)s?$/, "")
    .replace(/^(?:table|field|column|role|page)\s+/, "")
    .replace(/^["']|["']$/g, "")
    .trim();
}

const spellings = (name: string, label: string | undefined) => {
  const forms = [name, name.replaceAll("_", " "), (label ?? "").toLowerCase()];
  return new Set(forms.flatMap((f) => [f, singular(f), plural(f)]).filter(Boolean));
};

export function findTable(bp: Blueprint, words: string): Table | undefined {
  const w = bare(words);
  if (!w) return undefined;
  return (
    bp.data.tables.find((t) => spellings(t.name, t.label).has(w)) ??
    bp.data.tables.find((t) => ENTITIES.find((k) => k.table === t.name)?.words.some((x) => x === w || plural(x) === w))
  );
}

export function findColumn(table: Table, words: string): Column | undefined {
  const w = bare(words);
  if (!w) return undefined;
  const exact = table.columns.find((c) => spellings(c.name, c.label).has(w));
  if (exact) return exact;
  // "due date" for due_on, "assignee" for assignee_id, "photo" for photo_url.
  const stem = (x: string) => x.replace(/[ _](?:id|on|at|url|date|time)$/, "").replaceAll("_", " ");
  return table.columns.find((c) => stem(c.name) === stem(w));
}

/** A column named in `words` ("priority", "the priority of tickets", "ticket priority"), with its table. */
export function findField(
  bp: Blueprint,
  fieldWords: string,
  tableWords?: string,
): { table: Table; column: Column } | { problem: string } {
  if (tableWords) {
    const table = findTable(bp, tableWords);
    if (!table) return { problem: noTable(bp, tableWords) };
    const column = findColumn(table, fieldWords);
    return column ? { table, column } : { problem: noColumn(table, fieldWords) };
  }
  const w = bare(fieldWords);
  const hits = bp.data.tables.flatMap((table) => {
    const column = findColumn(table, w);
    return column ? [{ table, column }] : [];
  });
  if (hits.length === 1 && hits[0]) return hits[0];
  if (hits.length > 1) {
    return {
      problem: `"${w}" is a field of ${hits.map((h) => h.table.name).join(" and ")}; say which, e.g. "${w} of ${hits[0]?.table.name}"`,
    };
  }
  // "ticket priority", "deal amount": a table's singular followed by the field.
  for (const table of bp.data.tables) {
    for (const prefix of spellings(table.name, table.label)) {
      if (!w.startsWith(`${prefix} `)) continue;
      const column = findColumn(table, w.slice(prefix.length + 1));
      if (column) return { table, column };
    }
  }
  return { problem: `no table has a field called "${w}"` };
}

export function noTable(bp: Blueprint, words: string): string {
  return `there is no table called "${bare(words)}"; the tables are ${bp.data.tables.map((t) => t.name).join(", ")}`;
}

export function noColumn(table: Table, words: string): string {
  return `${table.name} has no field called "${bare(words)}"; its fields are ${table.columns.map((c) => c.name).join(", ")}`;
}

export function findRole(bp: Blueprint, words: string): Blueprint["security"]["roles"][number] | undefined {
  const w = bare(words);
  // "agentes", "Agenten": another language's plural of a role the app names in English.
  const stem = w.replace(/(?:es|en|s|n)$/, "");
  return (
    bp.security.roles.find((r) => spellings(r.name, r.label).has(w)) ??
    bp.security.roles.find((r) => stem.length > 3 && spellings(r.name, r.label).has(stem)) ??
    // "administrators", "Administratoren": a known word for a role the app has ("admin").
    bp.security.roles.find((r) =>
      ROLE_WORDS.some((k) => k.name === r.name && k.words.some((x) => x === w || plural(x) === w || x === stem)),
    )
  );
}

/** Several names in one phrase: "agents and managers", "priority, status". */
export function splitList(words: string): string[] {
  return words
    .split(/\s*,\s*|\s+(?:and|or|&)\s+/)
    .map((w) => w.trim())
    .filter(Boolean);
}

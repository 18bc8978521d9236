/**
 * The rows of an imported file checked against a table before anything is sent: which
 * file column fills which table column, lookups matched by their label, and every cell
 * through the form's own rules (form-values), so a row fails here for the reason the
 * form would give — with its line in the file.
 */
import type { Column } from "@plinth/blueprint";
import { type FormValues, textToFormValue, toPayload, validateValue } from "./form-values";
import type { AppLocale } from "./locale";

export interface ImportColumn {
  column: Column;
  label: string;
  /** For a lookup column: the referenced table's label (lower-cased, trimmed) → row id; null when a label is used twice. */
  lookup?: { tableLabel: string; ids: Map<string, string | null> };
}

/** Table column name → index of the file column that fills it. */
export type ColumnMapping = Record<string, number>;

export interface CheckedRow {
  /** The row's line in the file (the header is line 1). */
  line: number;
  payload: Record<string, unknown>;
}

export interface FailedRow {
  line: number;
  reasons: string[];
}

const norm = (text: string) => text.trim().toLowerCase();

/** Each table column filled by the file column whose header is its name or label. */
export function autoMapping(headers: string[], columns: ImportColumn[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  for (const { column, label } of columns) {
    const index = headers.findIndex((h) => norm(h) === norm(column.name) || norm(h) === norm(label));
    if (index >= 0) mapping[column.name] = index;
  }
  return mapping;
}

/** Why the mapping cannot import: a required column nothing fills and nothing defaults. */
export function mappingProblems(columns: ImportColumn[], mapping: ColumnMapping): string[] {
  return columns
    .filter(({ column }) => column.required && column.default === undefined && mapping[column.name] === undefined)
    .map(({ label }) => `Choose the file column that holds ${label}; it is required.`);
}

/** Label → id for a lookup, marking a label two rows share (null) so it is never guessed. */
export function lookupIds(rows: { id: unknown; label: unknown }[]): Map<string, string | null> {
  const ids = new Map<string, string | null>();
  for (const { id, label } of rows) {
    const key = norm(String(label ?? id));
    ids.set(key, ids.has(key) ? null : String(id));
  }
  return ids;
}

export function checkRows(
  rows: string[][],
  columns: ImportColumn[],
  mapping: ColumnMapping,
  /** Numbers in the file are read the app's way, as the form reads them. */
  locale: AppLocale,
): { valid: CheckedRow[]; failed: FailedRow[] } {
  const mapped = columns.filter(({ column }) => mapping[column.name] !== undefined);
  const valid: CheckedRow[] = [];
  const failed: FailedRow[] = [];
  rows.forEach((cells, i) => {
    const line = i + 2;
    const values: FormValues = {};
    const reasons: string[] = [];
    for (const { column, label, lookup } of mapped) {
      let text = cells[mapping[column.name] ?? -1] ?? "";
      // An empty cell leaves the column out, so its default applies as on a create form.
      if (text.trim() === "" && column.default !== undefined) continue;
      if (lookup && text.trim() !== "") {
        const id = lookup.ids.get(norm(text));
        if (id === undefined) {
          reasons.push(`${label}: there is no ${lookup.tableLabel} named "${text.trim()}".`);
          continue;
        }
        if (id === null) {
          reasons.push(`${label}: several ${lookup.tableLabel} are named "${text.trim()}"; rename one to import.`);
          continue;
        }
        text = id;
      }
      const read = textToFormValue(column, text, label);
      if ("error" in read) {
        reasons.push(read.error);
        continue;
      }
      const problem = validateValue(column, read.value, label, locale);
      if (problem) reasons.push(problem);
      else values[column.name] = read.value;
    }
    if (reasons.length > 0) failed.push({ line, reasons });
    else
      valid.push({
        line,
        payload: toPayload(
          mapped.map((m) => m.column),
          values,
          "create",
          locale,
        ),
      });
  });
  return { valid, failed };
}

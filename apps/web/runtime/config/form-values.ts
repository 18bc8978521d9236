/**
 * A form's values as the inputs hold them (strings and booleans) and the rules a
 * column's definition implies, checked before anything is sent. The database checks
 * the same rules again; these only save a round trip and say it next to the field.
 */
import type { Column } from "@plinth/blueprint";
import { NOW, USER_ID } from "@plinth/blueprint";
import { type AppLocale, exampleAmount, parseLocaleNumber, toLocaleInput } from "./locale";
import { textsFor } from "./texts";

export type FormValue = string | boolean;
export type FormValues = Record<string, FormValue>;

/** The same patterns the database's format checks use. */
const PATTERNS: Partial<Record<NonNullable<Column["format"]>, { re: RegExp; message: string }>> = {
  email: { re: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, message: "Enter an email address such as name@example.com." },
  url: { re: /^https?:\/\/\S+$/, message: "Enter a web address starting with http:// or https://." },
  image_url: { re: /^https?:\/\/\S+$/, message: "Enter an image address starting with http:// or https://." },
  color: { re: /^#[0-9a-fA-F]{6}$/, message: "Enter a colour such as #2563eb." },
};

const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO timestamp as a datetime-local input's value, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function toInputValue(column: Column, value: unknown, locale: AppLocale): FormValue {
  if (column.type === "bool") return value === true;
  if (value === null || value === undefined) return "";
  if (column.type === "timestamptz") return toLocalInput(String(value));
  if (column.type === "date") return String(value).slice(0, 10);
  if (column.type === "jsonb") return JSON.stringify(value, null, 2);
  if ((column.type === "int" || column.type === "float") && Number.isFinite(Number(value)))
    return toLocaleInput(Number(value), locale.locale);
  return String(value);
}

/**
 * The value a create form starts with: the column's literal default, if it has one, and
 * for a people column defaulting to "$user.id", the signed-in user (`me`).
 */
export function initialValue(column: Column, preset: unknown, locale: AppLocale, me?: string): FormValue {
  if (preset !== undefined) return toInputValue(column, preset, locale);
  const d = column.default;
  if (d === USER_ID && column.type === "user" && me) return me;
  if (d === undefined || d === NOW || d === USER_ID || typeof d === "object")
    return column.type === "bool" ? false : "";
  return toInputValue(column, d, locale);
}

const YES = new Set(["true", "yes", "y", "1"]);
const NO = new Set(["false", "no", "n", "0", ""]);

/**
 * A value written as text (a cell of an imported file) as the form's input would hold it,
 * so it goes through the same validateValue and toPayload as a typed one.
 */
export function textToFormValue(column: Column, text: string, label: string): { value: FormValue } | { error: string } {
  if (column.type !== "bool") return { value: text.trim() };
  const word = text.trim().toLowerCase();
  if (YES.has(word)) return { value: true };
  if (NO.has(word)) return { value: false };
  return { error: `${label} must be yes or no (or true/false), not "${text.trim()}".` };
}

export function validateValue(column: Column, value: FormValue, label: string, locale: AppLocale): string | undefined {
  if (column.type === "bool") return undefined;
  const t = textsFor(locale.locale);
  const text = String(value).trim();
  if (text === "") return column.required ? t.required(label) : undefined;
  if (column.type === "int" || column.type === "float") {
    const parsed = parseLocaleNumber(text, locale);
    if (!parsed.ok)
      return parsed.reason === "wrong_separator"
        ? t.wrongDecimal(label, exampleAmount(locale.locale))
        : t.mustBeNumber(label);
    const n = parsed.value;
    if (column.type === "int" && !Number.isInteger(n)) return t.mustBeWhole(label);
    if (typeof column.min === "number" && n < column.min)
      return t.atLeast(label, toLocaleInput(column.min, locale.locale));
    if (typeof column.max === "number" && n > column.max)
      return t.atMost(label, toLocaleInput(column.max, locale.locale));
  }
  if (column.type === "date" || column.type === "timestamptz") {
    if (Number.isNaN(new Date(text).getTime())) return `${label} must be a date.`;
    if (typeof column.min === "string" && text < column.min) return `${label} must be on or after ${column.min}.`;
    if (typeof column.max === "string" && text > column.max) return `${label} must be on or before ${column.max}.`;
  }
  if (column.type === "jsonb") {
    try {
      JSON.parse(text);
    } catch {
      return `${label} must be valid JSON.`;
    }
  }
  if (column.maxLength !== undefined && text.length > column.maxLength) {
    return `${label} must be at most ${column.maxLength} characters (now ${text.length}).`;
  }
  if (column.enum && !column.enum.includes(text)) return `${label} must be one of: ${column.enum.join(", ")}.`;
  const pattern = column.format && column.type === "text" ? PATTERNS[column.format] : undefined;
  if (pattern && !pattern.re.test(text)) return pattern.message;
  return undefined;
}

/**
 * What is sent to the data API. On create an empty field is left out so the column's
 * default applies; on edit it becomes null (the user cleared it).
 */
export function toPayload(
  columns: Column[],
  values: FormValues,
  mode: "create" | "edit",
  locale: AppLocale,
): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  for (const column of columns) {
    const value = values[column.name];
    if (value === undefined) continue;
    if (column.type === "bool") {
      payload[column.name] = value === true;
      continue;
    }
    const text = String(value).trim();
    if (text === "") {
      if (mode === "edit") payload[column.name] = null;
      continue;
    }
    if (column.type === "int" || column.type === "float") {
      // validateValue has refused anything that does not parse; a value never gets here as NaN.
      const parsed = parseLocaleNumber(text, locale);
      payload[column.name] = parsed.ok ? parsed.value : null;
    } else if (column.type === "timestamptz") payload[column.name] = new Date(text).toISOString();
    else if (column.type === "jsonb") payload[column.name] = JSON.parse(text);
    else payload[column.name] = text;
  }
  return payload;
}

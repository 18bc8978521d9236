/**
 * Numbers as the app's locale writes them. Typing follows the same convention as
 * display: in "es-ES" "3,50" is three and a half and "1.234" is one thousand two
 * hundred and thirty-four. A separator that cannot mean what the locale says (a
 * comma followed by two digits in "en-US") is refused rather than guessed, so "3,50"
 * never becomes 350.
 */

export interface AppLocale {
  /** BCP 47 tag, e.g. "es-ES". */
  locale: string;
  /** ISO 4217 code, e.g. "EUR". */
  currency: string;
}

export interface Separators {
  decimal: string;
  group: string;
}

const SPACES = "[\\u0020\\u00a0\\u202f]";
const APOSTROPHES = "['\\u2019]";

/** The decimal and group separators, as Intl writes them for this locale. */
export function separatorsOf(locale: string): Separators {
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  return {
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    group: parts.find((p) => p.type === "group")?.value ?? ",",
  };
}

export type ParsedNumber = { ok: true; value: number } | { ok: false; reason: "not_a_number" | "wrong_separator" };

export function parseLocaleNumber(input: string, { locale, currency }: AppLocale): ParsedNumber {
  const { decimal, group } = separatorsOf(locale);
  // People type the group separator their keyboard has: a plain space for a narrow one, ' for ’.
  const groupLike = [SPACES, APOSTROPHES].find((chars) => new RegExp(chars).test(group));
  let text = input.trim().replace(currencySymbol(locale, currency), "").replace("%", "").trim();
  if (groupLike) text = text.replace(new RegExp(groupLike, "g"), group);
  const negative = /^[-\u2212]/.test(text);
  if (negative) text = text.slice(1);

  const [whole = "", fraction, ...rest] = text.split(decimal);
  if (rest.length > 0 || (fraction !== undefined && !/^\d+$/.test(fraction))) return refusal(text, decimal);
  const digits = whole.split(group).join("");
  if (!/^\d+$/.test(digits)) return refusal(text, decimal);
  // Group separators count only where the locale puts them ("1.234" in de-DE, not "3.50").
  if (whole.includes(group) && whole !== grouped(locale, digits)) return { ok: false, reason: "wrong_separator" };
  const value = Number(`${negative ? "-" : ""}${digits}${fraction === undefined ? "" : `.${fraction}`}`);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: "not_a_number" };
}

function refusal(text: string, decimal: string): ParsedNumber {
  // A dot or comma that is not this locale's decimal separator is the other convention, not garbage.
  const other = decimal === "," ? "." : ",";
  return { ok: false, reason: text.includes(other) ? "wrong_separator" : "not_a_number" };
}

function grouped(locale: string, digits: string): string {
  return new Intl.NumberFormat(locale, { useGrouping: "always", maximumFractionDigits: 0 }).format(BigInt(digits));
}

function currencySymbol(locale: string, currency: string): string {
  return (
    new Intl.NumberFormat(locale, { style: "currency", currency }).formatToParts(0).find((p) => p.type === "currency")
      ?.value ?? currency
  );
}

/** A stored number as an input shows it for editing: the locale's decimal separator, no grouping. */
export function toLocaleInput(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 20 }).format(value);
}

/** "3,50" or "3.50": how the locale writes an example amount, for hints and placeholders. */
export function exampleAmount(locale: string): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, useGrouping: false }).format(3.5);
}

/** The app's currency symbol and whether it goes before the amount ("$3.50") or after ("3,50 €"). */
export function currencyAffix(locale: string, currency: string): { symbol: string; before: boolean } {
  const parts = new Intl.NumberFormat(locale, { style: "currency", currency }).formatToParts(1);
  const at = parts.findIndex((p) => p.type === "currency");
  const number = parts.findIndex((p) => p.type === "integer");
  return { symbol: parts[at]?.value ?? currency, before: at < number };
}

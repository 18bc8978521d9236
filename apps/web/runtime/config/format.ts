/** How a stored value reads on screen, by its column's type and format, in the app's locale. */
import type { Column } from "@plinth/blueprint";
import type { AppLocale } from "./locale";
import { textsFor } from "./texts";

type NumberStyle = "number" | "currency" | "percent";

// Building an Intl formatter is costly next to using one; a table formats hundreds of cells.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let made = cache.get(key) as T | undefined;
  if (!made) {
    made = make();
    cache.set(key, made);
  }
  return made;
}

const OPTIONS: Record<NumberStyle, (currency: string) => Intl.NumberFormatOptions> = {
  number: () => ({ maximumFractionDigits: 2 }),
  currency: (currency) => ({ style: "currency", currency }),
  percent: () => ({ style: "percent", maximumFractionDigits: 1 }),
};

const dateFormat = (locale: string, withTime: boolean) =>
  cached(`date|${withTime}|${locale}`, () =>
    withTime
      ? new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" })
      : new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }),
  );

export function formatNumber(value: number, style: NumberStyle, locale: AppLocale): string {
  // Percent columns hold 0–100, as people type them.
  const format = cached(
    `${style}|${locale.locale}|${locale.currency}`,
    () => new Intl.NumberFormat(locale.locale, OPTIONS[style](locale.currency)),
  );
  return format.format(style === "percent" ? value / 100 : value);
}

export function formatValue(column: Column | undefined, value: unknown, locale: AppLocale): string {
  if (value === null || value === undefined || value === "") return "—";
  switch (column?.type) {
    case "bool":
      return value ? textsFor(locale.locale).yes : textsFor(locale.locale).no;
    case "int":
    case "float": {
      const n = Number(value);
      if (!Number.isFinite(n)) return String(value);
      return formatNumber(
        n,
        column.format === "currency" ? "currency" : column.format === "percent" ? "percent" : "number",
        locale,
      );
    }
    case "date": {
      const d = new Date(`${String(value).slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? String(value) : dateFormat(locale.locale, false).format(d);
    }
    case "timestamptz": {
      const d = new Date(String(value));
      return Number.isNaN(d.getTime()) ? String(value) : dateFormat(locale.locale, true).format(d);
    }
    case "jsonb":
      return JSON.stringify(value);
    case "file":
    case "image":
      return fileNameOf(String(value));
  }
  if (column?.enum) return humanizeEnum(String(value));
  return String(value);
}

/** The last part of a stored file's path, e.g. "quote.pdf". */
export function fileNameOf(path: string): string {
  return path.split("/").pop() || path;
}

export function humanizeEnum(value: string): string {
  const words = value.replaceAll("_", " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

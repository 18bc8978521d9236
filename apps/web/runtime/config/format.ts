/** How a stored value reads on screen, by its column's type and format. */
import type { Column } from "@plinth/blueprint";

const currency = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD" });
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function formatNumber(value: number, style: "number" | "currency" | "percent" = "number"): string {
  if (style === "currency") return currency.format(value);
  // Percent columns hold 0–100, as people type them.
  if (style === "percent") return percent.format(value / 100);
  return number.format(value);
}

export function formatValue(column: Column | undefined, value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  switch (column?.type) {
    case "bool":
      return value ? "Yes" : "No";
    case "int":
    case "float": {
      const n = Number(value);
      if (!Number.isFinite(n)) return String(value);
      return formatNumber(
        n,
        column.format === "currency" ? "currency" : column.format === "percent" ? "percent" : "number",
      );
    }
    case "date": {
      const d = new Date(`${String(value).slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(d.getTime()) ? String(value) : date.format(d);
    }
    case "timestamptz": {
      const d = new Date(String(value));
      return Number.isNaN(d.getTime()) ? String(value) : dateTime.format(d);
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

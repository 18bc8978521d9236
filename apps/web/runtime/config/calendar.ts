/** Date arithmetic for the CALENDAR block, in the browser's local time; days are "YYYY-MM-DD". */

const pad = (n: number) => String(n).padStart(2, "0");
export const dayKey = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export function addDays(d: Date, n: number): Date {
  const next = new Date(d);
  next.setDate(next.getDate() + n);
  return next;
}

/** Monday on or before d. */
export function startOfWeek(d: Date): Date {
  const start = new Date(d.getFullYear(), d.getMonth(), d.getDate());
  return addDays(start, -((start.getDay() + 6) % 7));
}

/** The days a view shows: whole weeks covering the month, or the week of the anchor. */
export function visibleDays(anchor: Date, view: "month" | "week"): Date[] {
  if (view === "week") return Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(anchor), i));
  const first = new Date(anchor.getFullYear(), anchor.getMonth(), 1);
  const last = new Date(anchor.getFullYear(), anchor.getMonth() + 1, 0);
  const start = startOfWeek(first);
  const days: Date[] = [];
  for (let d = start; d <= last || days.length % 7 !== 0; d = addDays(d, 1)) days.push(d);
  return days;
}

/** The local day a stored date or timestamp falls on. */
export function eventDay(value: unknown, isTimestamp: boolean): string | undefined {
  if (typeof value !== "string" || !value) return undefined;
  if (!isTimestamp) return value.slice(0, 10);
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : dayKey(d);
}

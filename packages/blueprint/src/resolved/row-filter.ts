/**
 * A row filter decided in JavaScript as the database's policy decides it: the runtime
 * asks it to keep the screen from offering what would be refused, and the testing
 * evaluator asks it as the reference the database is compared with.
 */
import { type Filter, USER_ID, USER_TEAM_IDS } from "../schema.js";

/** Who is asking: the user id (`$user.id`) and their teams (`$user.team_ids`). */
export interface Viewer {
  id: string;
  teams: readonly string[];
}

/** Whether `row` passes `filter` (null: no filter) for `viewer`; a missing or null value matches nothing, as in SQL. */
export function matchesFilter(filter: Filter | null, row: Record<string, unknown>, viewer: Viewer): boolean {
  if (!filter) return true;
  if ("and" in filter) return filter.and.every((f) => matchesFilter(f, row, viewer));
  if ("or" in filter) return filter.or.some((f) => matchesFilter(f, row, viewer));
  const resolve = (v: unknown) => (v === USER_ID ? viewer.id : v);
  if ("equals" in filter) return same(row[filter.equals[0]], resolve(filter.equals[1]));
  const [column, values] = filter.in;
  const list = Array.isArray(values) ? values.map(resolve) : values === USER_TEAM_IDS ? viewer.teams : [values];
  return list.some((v) => same(row[column], v));
}

// Values compare as text, as they travel; an absent value equals nothing.
const same = (value: unknown, wanted: unknown) =>
  value !== null && value !== undefined && String(value) === String(wanted);

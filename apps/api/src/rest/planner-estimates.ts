/**
 * Which tables' planner estimates (`Prefer: count=planned`) a role may see. Postgres
 * estimates from statistics over every row, so on a table where a row filter hides
 * some rows from the role an estimate tells what is hidden (a title's frequency, an
 * amount's range); there the data API counts exactly, under the caller's RLS.
 */
import type { BlueprintV2 } from "@plinth/blueprint";

export function estimatesAllowedFor(blueprint: BlueprintV2, role: string): (table: string) => boolean {
  const filtered = new Set(
    blueprint.security.rowFilters.filter((filter) => filter.role === role).map((filter) => filter.resource),
  );
  return (table) => !filtered.has(table);
}

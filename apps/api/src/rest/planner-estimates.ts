/**
 * Which tables' planner estimates (`Prefer: count=planned`) a role may see. Postgres
 * estimates from statistics over every row, so on a table where row-level security
 * hides some rows from the role (its own row filter, or rows scoped through a parent
 * it sees only some of) an estimate tells what is hidden (a title's frequency, an
 * amount's range); there the data API counts exactly, under the caller's RLS.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { partlyVisibleTables, resolveBlueprint } from "@plinth/blueprint";

// Resolving a blueprint's access costs far more than a request may; the directory keeps one blueprint object per app version.
const hiddenByBlueprint = new WeakMap<BlueprintV2, Map<string, Set<string>>>();

export function estimatesAllowedFor(blueprint: BlueprintV2, role: string): (table: string) => boolean {
  const byRole = hiddenByBlueprint.get(blueprint) ?? new Map<string, Set<string>>();
  hiddenByBlueprint.set(blueprint, byRole);
  const hidden = byRole.get(role) ?? partlyVisibleTables(resolveBlueprint(blueprint), role);
  byRole.set(role, hidden);
  return (table) => !hidden.has(table);
}

/**
 * A block's filter (the blueprint's filter AST) as Refine CrudFilters, with `$user.id`
 * and `$user.team_ids` replaced by the signed-in user's values. Row security is the
 * database's job; these filters only narrow what a block shows.
 */
import { type Filter, NOW, USER_ID, USER_TEAM_IDS } from "@plinth/blueprint";
import type { CrudFilter, LogicalFilter } from "@refinedev/core";

export interface RuntimeUser {
  id: string;
  email: string;
  role: string;
  team_ids: string[];
}

function resolve(value: unknown, user: RuntimeUser): unknown {
  if (value === USER_ID) return user.id;
  if (value === USER_TEAM_IDS) return user.team_ids;
  if (value === NOW) return new Date().toISOString();
  return value;
}

function leaf(filter: Filter, user: RuntimeUser): LogicalFilter | undefined {
  if ("equals" in filter) return { field: filter.equals[0], operator: "eq", value: resolve(filter.equals[1], user) };
  if ("in" in filter) {
    const value = resolve(filter.in[1], user);
    return { field: filter.in[0], operator: "in", value: Array.isArray(value) ? value : [value] };
  }
  return undefined;
}

/**
 * `and` becomes several top-level filters (PostgREST ANDs them); `or` becomes one
 * conditional filter over its leaves. An `or` holding an `and` cannot be written as one
 * PostgREST `or=(…)` by the Supabase provider, so it is refused with a message.
 */
export function toCrudFilters(filter: Filter | undefined, user: RuntimeUser): CrudFilter[] {
  if (!filter) return [];
  if ("and" in filter) return filter.and.flatMap((f) => toCrudFilters(f, user));
  if ("or" in filter) {
    const leaves = filter.or.flatMap((f) => ("or" in f ? f.or : [f]));
    const logical = leaves.map((f) => leaf(f, user));
    if (logical.some((f) => f === undefined)) {
      throw new Error("This block's filter nests an 'and' inside an 'or', which the data API cannot express.");
    }
    return [{ operator: "or", value: logical as LogicalFilter[] }];
  }
  const single = leaf(filter, user);
  return single ? [single] : [];
}

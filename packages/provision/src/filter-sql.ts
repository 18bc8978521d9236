/**
 * Compiles a blueprint row filter (equals / in / and / or over columns, $user.id,
 * $user.team_ids and literals) into a policy expression. The filter is data: columns
 * are quoted identifiers, values typed literals, and the user comes from the JWT claims.
 */
import type { ColumnType, Filter } from "@plinth/blueprint";
import { USER_ID, USER_TEAM_IDS } from "@plinth/blueprint";
import { quoteIdent } from "@plinth/db";
import { SQL_TYPES, typedLiteral } from "./sql.js";

/** Read through a scalar subquery so Postgres evaluates it once per statement, not once per row. */
export const CLAIMS = "nullif((select current_setting('request.jwt.claims', true)), '')::jsonb";

export function userId(type: ColumnType): string {
  return `(${CLAIMS} ->> 'sub')::${SQL_TYPES[type]}`;
}

export function teamIds(type: ColumnType): string {
  // A token whose team_ids is missing or not an array has no teams (rather than an error).
  const teams = `${CLAIMS} -> 'team_ids'`;
  return `(select team::${SQL_TYPES[type]} from jsonb_array_elements_text(case when jsonb_typeof(${teams}) = 'array' then ${teams} else '[]'::jsonb end) as team)`;
}

function value(v: string | number | boolean, type: ColumnType): string {
  return v === USER_ID ? userId(type) : typedLiteral(v, type);
}

/**
 * `typeOf` gives the type of each column the filter names; the model has already checked
 * they exist. `row` qualifies the columns (a table name or alias) where a bare name
 * could mean a column of another table in the same query.
 */
export function compileFilter(filter: Filter, typeOf: (column: string) => ColumnType, row?: string): string {
  const col = (name: string) => (row ? `${row}.${quoteIdent(name)}` : quoteIdent(name));
  if ("and" in filter) return `(${filter.and.map((f) => compileFilter(f, typeOf, row)).join(" and ")})`;
  if ("or" in filter) return `(${filter.or.map((f) => compileFilter(f, typeOf, row)).join(" or ")})`;
  if ("equals" in filter) {
    const [column, v] = filter.equals;
    return `${col(column)} = ${value(v, typeOf(column))}`;
  }
  const [column, values] = filter.in;
  const type = typeOf(column);
  if (!Array.isArray(values)) return `${col(column)} in ${teamIds(type)}`;
  return `${col(column)} in (${values.map((v) => value(v, type)).join(", ")})`;
}

/** The filter in words, for the plan a founder reads. */
export function describeFilter(filter: Filter): string {
  if ("and" in filter) return filter.and.map(describeFilter).join(" and ");
  if ("or" in filter) return `(${filter.or.map(describeFilter).join(" or ")})`;
  const words = (v: unknown) =>
    v === USER_ID ? "the signed-in user" : v === USER_TEAM_IDS ? "the user's teams" : JSON.stringify(v);
  if ("equals" in filter) return `${filter.equals[0]} is ${words(filter.equals[1])}`;
  const [column, values] = filter.in;
  return `${column} is one of ${Array.isArray(values) ? values.map(words).join(", ") : words(values)}`;
}

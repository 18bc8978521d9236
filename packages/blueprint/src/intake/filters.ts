/**
 * Row filters as models write them → Plinth's filter AST ({equals}, {in}, {and},
 * {or}). Operator spellings (`eq`, `==`), {field, op, value} triples, variable
 * spellings (`$userId`, `auth.uid()`) and a SQL comparison written as text all have
 * one meaning. SQL that is more than plain comparisons is refused with the JSON to
 * write instead, never guessed at.
 */
import type { Problem } from "../problems.js";
import type { IntakeWarning } from "./extract-json.js";
import { userVariable } from "./values.js";

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const EQUALS = new Set(["equals", "eq", "=", "==", "===", "equal", "is", "$eq"]);
const IN = new Set(["in", "$in", "oneOf", "one_of", "any"]);
const AND = new Set(["and", "AND", "all", "$and", "allOf"]);
const OR = new Set(["or", "OR", "$or", "anyOf"]);
const TEAM_WORDS = /^(\$user\.team_?ids|\$user\.teamIds|\$team_?ids|\$user_team_ids|\{\{\s*user\.team_?ids\s*\}\})$/i;

/** The variable or literal a model wrote, in Plinth's spelling. */
function operand(value: unknown): unknown {
  if (userVariable(value)) return "$user.id";
  if (typeof value === "string" && TEAM_WORDS.test(value.trim())) return "$user.team_ids";
  return value;
}

type Rewrite = { filter: unknown; changed: boolean } | { refused: string };

function comparison(column: unknown, op: string, value: unknown): Rewrite | undefined {
  if (typeof column !== "string") return undefined;
  if (EQUALS.has(op)) return { filter: { equals: [column, operand(value)] }, changed: true };
  if (IN.has(op)) {
    const list = Array.isArray(value) ? value.map(operand) : operand(value);
    return { filter: { in: [column, list] }, changed: true };
  }
  return undefined;
}

function rewrite(filter: unknown): Rewrite {
  if (typeof filter === "string") return fromSql(filter);
  if (!isRecord(filter)) return { filter, changed: false };
  const keys = Object.keys(filter);
  // {field, op, value}
  const column = filter.field ?? filter.column;
  const op = filter.op ?? filter.operator;
  if (column !== undefined && typeof op === "string" && "value" in filter && keys.length === 3) {
    return comparison(column, op.toLowerCase(), filter.value) ?? { filter, changed: false };
  }
  if (keys.length !== 1) return { filter, changed: false };
  const key = keys[0] as string;
  const value = filter[key];
  if (AND.has(key) || OR.has(key)) {
    if (!Array.isArray(value)) return { filter, changed: false };
    const parts = value.map(rewrite);
    const refused = parts.find((p) => "refused" in p);
    if (refused) return refused;
    const done = parts as { filter: unknown; changed: boolean }[];
    const name = AND.has(key) ? "and" : "or";
    return { filter: { [name]: done.map((p) => p.filter) }, changed: name !== key || done.some((p) => p.changed) };
  }
  if (Array.isArray(value) && value.length === 2 && (EQUALS.has(key) || IN.has(key))) {
    const result = comparison(value[0], key, value[1]);
    if (!result || "refused" in result) return { filter, changed: false };
    const changed = JSON.stringify(result.filter) !== JSON.stringify(filter);
    return { filter: result.filter, changed };
  }
  // {"owner_id": "$user.id"} or {"owner_id": {"eq": "$user.id"}}
  if (isRecord(value) && Object.keys(value).length === 1) {
    const [op, v] = Object.entries(value)[0] as [string, unknown];
    return comparison(key, op, v) ?? { filter, changed: false };
  }
  if (!Array.isArray(value) && !isRecord(value) && /^[a-z][a-z0-9_]*$/i.test(key) && !EQUALS.has(key) && !IN.has(key)) {
    return { filter: { equals: [key, operand(value)] }, changed: true };
  }
  return { filter, changed: false };
}

const SQL_VALUE = /^\s*('([^']*)'|"([^"]*)"|-?\d+(\.\d+)?|true|false|[$\w.(){}]+)\s*$/i;

function sqlValue(text: string): unknown {
  const m = SQL_VALUE.exec(text);
  if (!m) return undefined;
  if (m[2] !== undefined) return m[2];
  if (m[3] !== undefined) return m[3];
  const word = (m[1] as string).trim();
  if (/^-?\d+(\.\d+)?$/.test(word)) return Number(word);
  if (/^(true|false)$/i.test(word)) return word.toLowerCase() === "true";
  const variable = operand(word);
  return variable === word ? undefined : variable;
}

/** `owner_id = auth.uid()`, `team_id IN ($user.team_ids)`, `a = 1 AND b = 'x'`; anything else is refused. */
function fromSql(sql: string): Rewrite {
  const text = sql.trim().replace(/^where\s+/i, "");
  const hasAnd = /\s+and\s+/i.test(text);
  const hasOr = /\s+or\s+/i.test(text);
  if (!(hasAnd && hasOr)) {
    const joiner = hasAnd ? "and" : hasOr ? "or" : undefined;
    const parts = joiner ? text.split(new RegExp(`\\s+${joiner}\\s+`, "i")) : [text];
    const filters = parts.map((part) => {
      const eq = /^\s*(\w+)\s*(==|=)\s*(.+?)\s*$/.exec(part);
      if (eq) {
        const value = sqlValue(eq[3] as string);
        return value === undefined ? undefined : { equals: [eq[1], value] };
      }
      const inList = /^\s*(\w+)\s+in\s*\(?\s*(.+?)\s*\)?\s*$/i.exec(part);
      if (inList) {
        const whole = operand((inList[2] as string).trim());
        if (whole === "$user.team_ids") return { in: [inList[1], whole] };
        const values = (inList[2] as string).split(",").map(sqlValue);
        return values.every((v) => typeof v === "string" || typeof v === "number")
          ? { in: [inList[1], values] }
          : undefined;
      }
      return undefined;
    });
    if (filters.every((f) => f !== undefined)) {
      const filter = joiner ? { [joiner]: filters } : filters[0];
      return { filter, changed: true };
    }
  }
  return { refused: sql };
}

const SQL_WORDS = /^(select|where|exists|not|case)$/i;

/**
 * The JSON a refused SQL filter most likely means, to show in the hint: the column it
 * starts with, compared with the user's teams when it speaks of teams, else the user.
 */
function rewriteOf(sql: string): string {
  const column = /^\s*(?:where\s+)?([a-z][a-z0-9_]*)\b/i.exec(sql)?.[1];
  const name = column && !SQL_WORDS.test(column) ? column : "owner_id";
  return /team/i.test(sql) ? `{"in": ["${name}", "$user.team_ids"]}` : `{"equals": ["${name}", "$user.id"]}`;
}

/** The filter at `owner[key]`, rewritten in place; a SQL filter that cannot be read becomes a problem. */
export function fixFilter(
  owner: Json,
  key: string,
  path: string,
  warnings: IntakeWarning[],
  problems: Problem[],
): void {
  const written = owner[key];
  if (written === undefined) return;
  const result = rewrite(written);
  if ("refused" in result) {
    problems.push({
      path,
      code: "sql_filter",
      message: `The filter is SQL ("${result.refused.slice(0, 200)}"), and only plain comparisons can be read from SQL.`,
      hint: `Write the filter as JSON over the table's own columns, e.g. ${rewriteOf(result.refused)}; filters are {"equals": [column, value]}, {"in": [column, [values]]}, {"in": [column, "$user.team_ids"]}, and {"and": [...]} / {"or": [...]} of those.`,
    });
    return;
  }
  if (!result.changed) return;
  owner[key] = result.filter;
  warnings.push({
    path,
    message: `Wrote the filter ${JSON.stringify(written).slice(0, 200)} as ${JSON.stringify(result.filter)}.`,
  });
}

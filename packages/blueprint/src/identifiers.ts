/**
 * What a blueprint may call its tables, columns, roles, pages and modals.
 * Every identifier ends up quoted in SQL, so the rules here are about clarity and
 * about keeping clear of names that Postgres, PostgREST's query grammar or Plinth
 * itself give a meaning to — not about SQL injection, which quoting handles.
 */
export const IDENTIFIER_PATTERN = /^[a-z][a-z0-9_]{1,30}$/;

/** Postgres' reserved key words (RESERVED_KEYWORD and TYPE_FUNC_NAME_KEYWORD in kwlist.h). */
export const POSTGRES_RESERVED_WORDS: readonly string[] = [
  "all",
  "analyse",
  "analyze",
  "and",
  "any",
  "array",
  "as",
  "asc",
  "asymmetric",
  "authorization",
  "binary",
  "both",
  "case",
  "cast",
  "check",
  "collate",
  "collation",
  "column",
  "concurrently",
  "constraint",
  "create",
  "cross",
  "current_catalog",
  "current_date",
  "current_role",
  "current_schema",
  "current_time",
  "current_timestamp",
  "current_user",
  "default",
  "deferrable",
  "desc",
  "distinct",
  "do",
  "else",
  "end",
  "except",
  "false",
  "fetch",
  "for",
  "foreign",
  "freeze",
  "from",
  "full",
  "grant",
  "group",
  "having",
  "ilike",
  "in",
  "initially",
  "inner",
  "intersect",
  "into",
  "is",
  "isnull",
  "join",
  "lateral",
  "leading",
  "left",
  "like",
  "limit",
  "localtime",
  "localtimestamp",
  "natural",
  "not",
  "notnull",
  "null",
  "offset",
  "on",
  "only",
  "or",
  "order",
  "outer",
  "overlaps",
  "placing",
  "primary",
  "references",
  "returning",
  "right",
  "select",
  "session_user",
  "similar",
  "some",
  "symmetric",
  "system_user",
  "table",
  "tablesample",
  "then",
  "to",
  "trailing",
  "true",
  "union",
  "unique",
  "user",
  "using",
  "variadic",
  "verbose",
  "when",
  "where",
  "window",
  "with",
];

/**
 * Names Plinth gives a meaning to: PostgREST query parameters (a column called
 * `columns` could not be filtered on) and the prefixes of Plinth's and Postgres'
 * own objects.
 */
export const PLINTH_RESERVED_NAMES: readonly string[] = ["columns", "on_conflict", "control_plane", "public"];
export const RESERVED_PREFIXES: readonly string[] = ["pg_", "plinth", "app_", "sql_", "information_schema"];

/** The columns every table has; a blueprint may read them but never declare them. */
export const SYSTEM_COLUMNS = ["id", "created_at", "updated_at", "created_by"] as const;
export type SystemColumn = (typeof SYSTEM_COLUMNS)[number];

const reserved = new Set([...POSTGRES_RESERVED_WORDS, ...PLINTH_RESERVED_NAMES]);

/** Why `name` cannot be an identifier, or null when it can. */
export function identifierProblem(name: string): string | null {
  if (!IDENTIFIER_PATTERN.test(name)) {
    return `"${name}" is not a valid identifier: use 2–31 characters of lowercase letters, digits and underscores, starting with a letter (for example "sales_rep")`;
  }
  if (reserved.has(name)) {
    return `"${name}" is a reserved word in Postgres or Plinth; choose another name (for example "${name}_name")`;
  }
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) {
    return `"${name}" starts with "${prefix}", which Plinth keeps for its own objects; choose another name`;
  }
  return null;
}

export function isReservedIdentifier(name: string): boolean {
  return IDENTIFIER_PATTERN.test(name) && identifierProblem(name) !== null;
}

/** Turns a label such as "Sales Rep" or "salesRep" into the identifier `sales_rep`. */
export function toIdentifier(text: string): string {
  const snake = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const lettered = /^[a-z]/.test(snake) ? snake : `x_${snake}`;
  return lettered.slice(0, 31).replace(/_+$/, "");
}

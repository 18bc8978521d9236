/**
 * Schema issues (zod's) as problems in Plinth's words: which key of which kind of
 * thing is wrong, what was written, the nearest valid name, and what to write
 * instead. A model repairing its answer and a founder reading a failure both act on
 * these, so none is a bare "Invalid input".
 */
import type { z } from "zod";
import { didYouMean } from "./nearest.js";
import { type Problem, toJsonPointer } from "./problems.js";
import { blueprintSchema } from "./schema.js";

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

const NOUNS: Record<string, string> = {
  tables: "table",
  columns: "column",
  relationships: "relationship",
  roles: "role",
  permissions: "permission",
  rowFilters: "row filter",
  pages: "page",
  modals: "modal",
  blocks: "block",
  navigation: "menu entry",
  related: "related list",
  rowActions: "action",
  toolbarActions: "action",
  actions: "action",
};

/** "column", "block", "app", … : what the object at `path` is. */
function nounAt(path: Path): string {
  const keys = path.filter((k) => typeof k === "string") as string[];
  const last = keys.at(-1);
  if (last === undefined) return "blueprint";
  if (typeof path.at(-1) === "number") return NOUNS[last] ?? last;
  return last === "actions" && keys.at(-2) === "permissions" ? "actions object" : last;
}

function valueAt(input: unknown, path: Path): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

// biome-ignore lint/suspicious/noExplicitAny: walking zod's internal definitions
type Def = any;
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** The object schema at `path`, choosing discriminated union members by the value written. */
function objectSchemaAt(path: Path, input: unknown): Def | undefined {
  let def = defOf(blueprintSchema);
  const settle = (value: unknown) => {
    for (let i = 0; i < 10; i++) {
      if (["optional", "default", "nullable", "prefault", "readonly", "nonoptional"].includes(def.type))
        def = defOf(def.innerType);
      else if (def.type === "lazy") def = defOf(def.getter());
      else if (def.type === "pipe") def = defOf(def.in);
      else if (def.type === "union" && def.discriminator) {
        const tag = (value as Record<string, unknown> | undefined)?.[def.discriminator];
        const option = def.options.find((o: unknown) => defOf(defOf(o).shape[def.discriminator]).values?.includes(tag));
        if (!option) return;
        def = defOf(option);
      } else return;
    }
  };
  settle(input);
  for (let i = 0; i < path.length; i++) {
    const key = path[i] as PropertyKey;
    if (def.type === "object") def = defOf(def.shape[key as string]);
    else if (def.type === "array") def = defOf(def.element);
    else return undefined;
    if (!def) return undefined;
    settle(valueAt(input, path.slice(0, i + 1)));
  }
  return def.type === "object" ? def : undefined;
}

const TYPE_WORDS: Record<string, string> = {
  array: "a list [ … ]",
  object: "an object { … }",
  string: "text in double quotes",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  undefined: "missing",
  null: "null",
};
const typeWord = (type: string) => TYPE_WORDS[type] ?? type;
const kindOf = (value: unknown) =>
  value === undefined ? "undefined" : value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
const show = (value: unknown) => JSON.stringify(value)?.slice(0, 120) ?? String(value);

const FILTER_FORMS =
  'Write it as {"equals": ["column", value]}, {"in": ["column", [values]]}, {"in": ["team_id", "$user.team_ids"]}, or {"and": [filters]} / {"or": [filters]} over the table\'s own columns; value may be "$user.id".';

function describe(issue: Issue, input: unknown): { message: string; hint: string } {
  const path = issue.path;
  const key = String(path.at(-1) ?? "");
  const owner = nounAt(path.slice(0, -1));
  const written = valueAt(input, path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = Object.keys(objectSchemaAt(path, input)?.shape ?? {});
      const noun = nounAt(path);
      const named = issue.keys.map((k) => `"${k}"${didYouMean(k, allowed)}`).join(", ");
      return {
        message: `This ${noun} has ${issue.keys.length === 1 ? "a key" : "keys"} BlueprintV2 does not have: ${named}.`,
        hint: `Remove or rename ${issue.keys.length === 1 ? "it" : "them"}. A ${noun} may have only: ${allowed.join(", ")}.`,
      };
    }
    case "invalid_value": {
      const options = issue.values.map((v) => String(v));
      return {
        message: `${show(written)} is not a valid "${key}" for a ${owner}${typeof written === "string" ? didYouMean(written, options) : ""}.`,
        hint: `Use one of: ${options.map((o) => `"${o}"`).join(", ")}.`,
      };
    }
    case "invalid_union": {
      const isFilter = path.some((k) => k === "filter");
      if (isFilter) {
        return { message: `This filter is not one Plinth can read: ${show(written)}.`, hint: FILTER_FORMS };
      }
      const tag = typeof written === "string" ? written : undefined;
      const options = [...(issue.message.match(/'([^']+)'/g) ?? [])].map((o) => o.slice(1, -1));
      if (options.length > 0) {
        return {
          message: `${show(written)} is not a ${owner} ${key} Plinth knows${tag ? didYouMean(tag, options) : ""}.`,
          hint: `Use one of: ${options.map((o) => `"${o}"`).join(", ")}.`,
        };
      }
      return {
        message: `${show(written)} is not an allowed value for "${key}" of a ${owner}.`,
        hint: `Write "${key}" as text, a number or true/false, as the BlueprintV2 example does.`,
      };
    }
    case "invalid_type": {
      if (written === undefined) {
        return {
          message: `This ${owner} has no "${key}", which it needs.`,
          hint: `Add "${key}": ${typeWord(issue.expected)}.`,
        };
      }
      return {
        message: `"${key}" of this ${owner} is ${typeWord(kindOf(written))} (${show(written)}), but it must be ${typeWord(issue.expected)}.`,
        hint: `Write "${key}" as ${typeWord(issue.expected)}.`,
      };
    }
    case "too_small":
    case "too_big": {
      const least = issue.code === "too_small";
      const limit = String(least ? issue.minimum : issue.maximum);
      const unit = issue.origin === "array" ? "items" : issue.origin === "string" ? "characters" : "";
      return {
        message: `"${key}" of this ${owner} must have ${least ? "at least" : "at most"} ${limit}${unit ? ` ${unit}` : ""}${issue.origin === "number" ? "" : `; it has ${Array.isArray(written) || typeof written === "string" ? written.length : show(written)}`}.`,
        hint: least
          ? `Give "${key}" at least ${limit}${unit ? ` ${unit}` : ""}.`
          : `Keep "${key}" to at most ${limit}${unit ? ` ${unit}` : ""}.`,
      };
    }
    default:
      return { message: issue.message, hint: "Change this value to satisfy the rule in the message." };
  }
}

export function issueToProblem(issue: Issue, input: unknown): Problem {
  const plinthCode = (issue as { params?: { plinth?: string } }).params?.plinth;
  const { message, hint } = plinthCode
    ? { message: issue.message, hint: identifierHint(issue) }
    : describe(issue, input);
  return { path: toJsonPointer(issue.path), code: plinthCode ?? `schema_${issue.code}`, message, hint };
}

function identifierHint(issue: Issue): string {
  return (issue as { params?: { plinth?: string } }).params?.plinth === "system_column"
    ? "Remove this column: Plinth adds it to every table, and blocks and filters may still name it."
    : 'Use lowercase letters, digits and underscores, starting with a letter, e.g. "sales_rep", and keep human wording in "label".';
}

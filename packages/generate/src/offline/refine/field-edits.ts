/**
 * Changes to a table's fields a founder asks for in words: remove, rename, change the
 * type, required / optional / unique, min / max / format rules. Each edit either
 * changes the blueprint and says what it did, or says why it cannot and what comes
 * closest.
 */
import { COLUMN_FORMATS, type ColumnType } from "@plinth/blueprint";
import { safeIdentifier, titleCase } from "../words.js";
import { bare, findField, splitList } from "./find.js";
import { allBlocks, dropColumnReferences, renameColumnReferences, rolesReading } from "./references.js";
import { applied, type Blueprint, type Column, type Outcome, refused, type Table } from "./types.js";

const IN_TABLE = String.raw`(?:\s+(?:in|on|of|from|for)\s+(?:the\s+)?(.+?))?`;
const FIELD = String.raw`(?:\s+(?:fields?|columns?))?`;

/** Splits "a, b and c of tickets": the field phrases and the table phrase. */
function fieldsOf(bp: Blueprint, fields: string, table: string | undefined) {
  const found: { table: Table; column: Column }[] = [];
  for (const words of splitList(fields)) {
    const hit = findField(bp, words, table);
    if ("problem" in hit) return { problem: hit.problem };
    found.push(hit);
  }
  return { found };
}

/** "remove the due date from tasks", "delete the phone and email fields of candidates". */
export function removeField(bp: Blueprint, clause: string): Outcome {
  const m =
    clause.match(
      /^(?:please\s+)?(?:remove|delete|drop|get rid of)\s+(?:the\s+)?(.+?)(?:\s+(?:fields?|columns?))?\s+(?:from|of|in|on)\s+(?:the\s+)?(.+)$/,
    ) ?? clause.match(/^(?:please\s+)?(?:remove|delete|drop|get rid of)\s+(?:the\s+)?(.+?)\s+(?:fields?|columns?)$/);
  if (!m?.[1]) return null;
  const hits = fieldsOf(bp, m[1], m[2]);
  if ("problem" in hits) return m[2] || /field|column/.test(clause) ? refused(`${hits.problem}.`) : null;
  const removed: string[] = [];
  for (const { table, column } of hits.found) {
    const roles = rolesReading(bp, table.name, column.name);
    if (roles.length) {
      return refused(
        `${table.name}.${column.name} decides which ${table.name} ${roles.join(", ")} may see; removing it would show them every row. Change that rule first (e.g. "${roles[0]} see all ${table.name}"), then remove the field.`,
      );
    }
    if (table.columns.length === 1) {
      return refused(
        `${column.name} is the only field of ${table.name}; remove the table instead ("remove the ${table.name} table").`,
      );
    }
    table.columns = table.columns.filter((c) => c !== column);
    dropColumnReferences(bp, table.name, column.name);
    removed.push(`${table.name}.${column.name}`);
  }
  return applied(`Removed ${removed.join(", ")}.`);
}

/** "rename the due date of tasks to deadline", "call the phone field mobile". */
export function renameField(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(
    new RegExp(
      String.raw`^(?:please\s+)?(?:rename|call)\s+(?:the\s+)?(.+?)${FIELD}${IN_TABLE}\s+(?:to|as|into)\s+["']?(.+?)["']?$`,
    ),
  );
  if (!m?.[1] || !m[3] || /\b(?:table|role|page)\b/.test(m[1])) return null;
  const hit = findField(bp, m[1], m[2]);
  if ("problem" in hit) return /field|column/.test(clause) ? refused(`${hit.problem}.`) : null;
  const { table, column } = hit;
  const name = safeIdentifier(m[3], 28);
  if (!name) return refused(`"${m[3]}" cannot be a field name; use letters and digits, e.g. "${column.name}_2".`);
  if (name !== column.name && table.columns.some((c) => c.name === name)) {
    return refused(`${table.name} already has a field called ${name}; pick another name or remove that field first.`);
  }
  const old = column.name;
  column.label = titleCase(m[3]).slice(0, 80);
  if (name !== old) {
    column.name = name;
    column.renamedFrom = old;
    renameColumnReferences(bp, table.name, old, name);
  }
  return applied(`Renamed ${table.name}.${old} to ${name === old ? column.label : name}; its values are kept.`);
}

/** Founder words for a type → the column type and format. */
const TYPE_WORDS: [RegExp, ColumnType, Column["format"]?][] = [
  [/^(?:whole number|integer|int|count|number)s?$/, "int"],
  [/^(?:decimal(?: number)?|float|fraction)s?$/, "float"],
  [/^(?:money|currency|amount|price)$/, "float", "currency"],
  [/^(?:percent|percentage)$/, "float", "percent"],
  [/^(?:date and time|datetime|timestamp|time|moment)$/, "timestamptz"],
  [/^(?:date|day)$/, "date"],
  [/^(?:yes\/no|yes or no|checkbox|boolean|bool|true\/false|flag|tick box|toggle)$/, "bool"],
  [/^(?:e-?mail(?: address)?)$/, "text", "email"],
  [/^(?:url|link|web address|website)$/, "text", "url"],
  [/^(?:phone(?: number)?)$/, "text", "phone"],
  [/^(?:long text|markdown|rich text|paragraph)$/, "text", "markdown"],
  [/^(?:colou?r)$/, "text", "color"],
  [/^(?:text|string|short text|words)$/, "text"],
];

export function typeOf(words: string): { type: ColumnType; format?: Column["format"] } | undefined {
  const w = bare(words).replace(/\s+(?:field|column|value)$/, "");
  for (const [pattern, type, format] of TYPE_WORDS) if (pattern.test(w)) return format ? { type, format } : { type };
  return undefined;
}

/** Type changes the migration makes in place, keeping every value (the planner's own list). */
export function keepsValues(from: ColumnType, to: ColumnType): boolean {
  return (
    from === to ||
    to === "text" ||
    to === "jsonb" ||
    (from === "int" && to === "float") ||
    (from === "date" && to === "timestamptz")
  );
}

/** "make the estimate a decimal number", "change phone to a phone number", "turn budget into money". */
export function retypeField(bp: Blueprint, clause: string): Outcome {
  const types = TYPE_WORDS.map(([p]) => p.source.replace(/^\^|\$$/g, "")).join("|");
  const m = clause.match(
    new RegExp(
      String.raw`^(?:please\s+)?(?:change|make|turn|convert|set)\s+(?:the\s+type\s+of\s+)?(?:the\s+)?(.+?)${FIELD}${IN_TABLE}\s+(?:(?:in)?to\s+|into\s+)?(?:a\s+|an\s+)?(${types})(?:\s+(?:field|column|type))?$`,
    ),
  );
  if (!m?.[1] || !m[3]) return null;
  const wanted = typeOf(m[3]);
  if (!wanted) return null;
  const hit = findField(bp, m[1], m[2]);
  if ("problem" in hit) return refused(`${hit.problem}.`);
  const { table, column } = hit;
  const what = `${table.name}.${column.name}`;
  if (
    bp.data.relationships.some(
      (r) =>
        (r.fromTable === table.name && r.fromColumn === column.name) ||
        (r.toTable === table.name && r.toColumn === column.name),
    )
  ) {
    return refused(`${what} links ${table.name} to another table, so its type stays; add a separate field instead.`);
  }
  if (!keepsValues(column.type, wanted.type)) {
    return refused(
      `${what} holds ${column.type} values that do not all convert to ${wanted.type}, so the change would replace the column and lose its values. Nearest: add a new field ("add ${bare(m[3])} ${column.name}_2 to ${table.name}") and keep ${column.name}.`,
    );
  }
  const before = `${column.type}${column.format ? ` (${column.format})` : ""}`;
  if (column.type !== wanted.type) {
    // Rules of the old type do not carry over: a number's min is no rule for text.
    const numeric = (t: ColumnType) => t === "int" || t === "float";
    if (!(numeric(column.type) && numeric(wanted.type))) {
      delete column.min;
      delete column.max;
    }
    if (wanted.type !== "text") {
      delete column.enum;
      delete column.maxLength;
    }
    if (column.default !== undefined && !(numeric(column.type) && numeric(wanted.type))) delete column.default;
    column.type = wanted.type;
  }
  if (wanted.format) column.format = wanted.format;
  else delete column.format;
  if (column.format && !formatFits(column.type, column.format)) delete column.format;
  return applied(
    `${what} changes from ${before} to ${wanted.type}${wanted.format ? ` (${wanted.format})` : ""}; its values are kept.`,
  );
}

function formatFits(type: ColumnType, format: NonNullable<Column["format"]>): boolean {
  return format === "currency" || format === "percent" ? type === "int" || type === "float" : type === "text";
}

/** "make priority required", "email and phone are optional", "sku must be unique". */
export function fieldFlags(bp: Blueprint, clause: string): Outcome {
  const words = `(required|mandatory|compulsory|optional|not required|unique|not unique|distinct)`;
  const m =
    clause.match(
      new RegExp(String.raw`^(?:please\s+)?(?:make|set|mark)\s+(?:the\s+)?(.+?)${FIELD}${IN_TABLE}\s+${words}$`),
    ) ??
    clause.match(
      new RegExp(
        String.raw`^(?:the\s+)?(.+?)${FIELD}${IN_TABLE}\s+(?:is|are|must be|should be|has to be|have to be)\s+${words}$`,
      ),
    );
  if (!m?.[1] || !m[3]) return null;
  const hits = fieldsOf(bp, m[1], m[2]);
  if ("problem" in hits) return refused(`${hits.problem}.`);
  const flag = m[3];
  const done: string[] = [];
  for (const { table, column } of hits.found) {
    const what = `${table.name}.${column.name}`;
    if (/^(?:required|mandatory|compulsory)$/.test(flag)) {
      if (column.required) return refused(`${what} is already required.`);
      const blocked = bp.security.permissions.find(
        (p) => p.resource === table.name && p.actions.create && p.readOnlyColumns?.includes(column.name),
      );
      if (blocked && column.default === undefined) {
        return refused(
          `${blocked.role} may add ${table.name} but not set ${column.name}, so a required ${column.name} without a default would stop them adding any. Nearest: give it a default, or let ${blocked.role} set it first.`,
        );
      }
      column.required = true;
      if (column.default === undefined) askInForms(bp, table.name, column.name);
      done.push(
        `${what} is now required; existing rows without a value stop the change until they are filled in (the preview counts them).`,
      );
    } else if (/optional|not required/.test(flag)) {
      if (!column.required) return refused(`${what} is already optional.`);
      column.required = false;
      done.push(`${what} is now optional.`);
    } else if (flag === "not unique") {
      column.unique = false;
      done.push(`${what} may now repeat.`);
    } else {
      if (column.type === "bool" || column.type === "jsonb")
        return refused(`${what} is a ${column.type} and cannot be unique.`);
      column.unique = true;
      done.push(`${what} must now be unique; existing duplicates stop the change until they are made distinct.`);
    }
  }
  return applied(done.join(" "));
}

/** "price must be at least 0", "rating between 1 and 5", "subject at most 120 characters", "website must be a url". */
export function fieldRules(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(
    new RegExp(
      String.raw`^(?:please\s+)?(?:make\s+)?(?:the\s+)?(.+?)${FIELD}${IN_TABLE}\s+(?:must|should|has to|can|may|needs to)?\s*(?:be\s+|have\s+|hold\s+)?(at least|no less than|minimum|min|at most|no more than|maximum|max|up to|between)\s+(.+)$`,
    ),
  );
  if (m?.[1] && m[3] && m[4]) {
    const hit = findField(bp, m[1], m[2]);
    if ("problem" in hit) return refused(`${hit.problem}.`);
    const { table, column } = hit;
    const what = `${table.name}.${column.name}`;
    const chars = /\s*(?:characters|chars|letters)$/;
    if (chars.test(m[4])) {
      const n = Number(m[4].replace(chars, ""));
      if (column.type !== "text" || !Number.isInteger(n) || n < 1 || /least|min/.test(m[3]))
        return refused(
          `${what} can only get a maximum length in characters when it is text, e.g. "${column.name} at most 200 characters".`,
        );
      column.maxLength = n;
      return applied(
        `${what} now holds at most ${n} characters; longer existing values stop the change until shortened.`,
      );
    }
    const parse = (v: string): number | string | undefined => {
      const t = v.trim().replace(/^\$|€/g, "");
      if (column.type === "int" || column.type === "float") {
        const n = Number(t);
        return Number.isFinite(n) && (column.type === "float" || Number.isInteger(n)) ? n : undefined;
      }
      if (column.type === "date" || column.type === "timestamptz") return /^\d{4}-\d{2}-\d{2}/.test(t) ? t : undefined;
      return undefined;
    };
    const [low, high] = m[3] === "between" ? m[4].split(/\s+and\s+/) : [m[4], m[4]];
    const min = /least|minimum|min|less|between/.test(m[3]) ? parse(low ?? "") : undefined;
    const max = /most|maximum|max|more|up to|between/.test(m[3]) ? parse(high ?? "") : undefined;
    if ((m[3] === "between" && (min === undefined || max === undefined)) || (min === undefined && max === undefined)) {
      return refused(
        column.type === "int" || column.type === "float" || column.type === "date" || column.type === "timestamptz"
          ? `"${m[4]}" is not a ${column.type === "int" ? "whole number" : column.type === "float" ? "number" : "date (YYYY-MM-DD)"} for ${what}.`
          : `${what} is ${column.type}, which has no minimum or maximum; change it to a number first ("make ${column.name} a number") or limit its length ("${column.name} at most 200 characters").`,
      );
    }
    if (min !== undefined) column.min = min;
    if (max !== undefined) column.max = max;
    const range = [min !== undefined ? `at least ${min}` : "", max !== undefined ? `at most ${max}` : ""]
      .filter(Boolean)
      .join(" and ");
    return applied(
      `${what} must now be ${range}; existing rows outside it stop the change until they are fixed (the preview counts them).`,
    );
  }
  const f = clause.match(
    new RegExp(
      String.raw`^(?:please\s+)?(?:show\s+|format\s+|treat\s+)?(?:the\s+)?(.+?)${FIELD}${IN_TABLE}\s+(?:must be|should be|is|are|as|has to be)\s+(?:an?\s+)?(e-?mail(?: address)?|url|link|web address|phone(?: number)?|currency|money|percent(?:age)?|colou?r|markdown|rich text|image(?: url)?)(?:es|s)?$`,
    ),
  );
  if (!f?.[1] || !f[3]) return null;
  const hit = findField(bp, f[1], f[2]);
  if ("problem" in hit) return refused(`${hit.problem}.`);
  const { table, column } = hit;
  const format = FORMAT_WORDS.find(([p]) => p.test(f[3] as string))?.[1];
  if (!format || !COLUMN_FORMATS.includes(format)) return null;
  if (!formatFits(column.type, format)) {
    return refused(
      `${table.name}.${column.name} is ${column.type}; ${format} fits ${format === "currency" || format === "percent" ? "numbers" : "text"} only. Change its type first ("make ${column.name} ${format === "currency" || format === "percent" ? "a decimal number" : "text"}").`,
    );
  }
  column.format = format;
  return applied(`${table.name}.${column.name} is now shown and checked as ${format}.`);
}

const FORMAT_WORDS: [RegExp, NonNullable<Column["format"]>][] = [
  [/^e-?mail/, "email"],
  [/^(?:url|link|web address)/, "url"],
  [/^phone/, "phone"],
  [/^(?:currency|money)/, "currency"],
  [/^percent/, "percent"],
  [/^colou?r/, "color"],
  [/^(?:markdown|rich text)/, "markdown"],
  [/^image/, "image_url"],
];

/** A required field without a default must be asked for wherever the table's records are created. */
function askInForms(bp: Blueprint, table: string, column: string): void {
  for (const block of allBlocks(bp))
    if (block.type === "FORM" && block.table === table && block.mode === "create" && !block.fields.includes(column))
      block.fields.push(column);
}

/** Rules for tables and their columns: unique names, and column rules that fit the type. */

import { compareLiterals, describeType, isVariable, literalFits } from "../resolved/literals.js";
import type { Column, Table } from "../schema.js";
import { FILE_COLUMN_TYPES, NOW, USER_ID } from "../schema.js";
import { type BlueprintModel, isNumeric, isTemporal, type Problems } from "./model.js";

const TEXT_FORMATS = new Set(["email", "url", "phone", "markdown", "image_url", "color"]);
const NUMBER_FORMATS = new Set(["currency", "percent"]);

const isFileType = (type: Column["type"]): boolean => (FILE_COLUMN_TYPES as readonly string[]).includes(type);

export function checkTables(model: BlueprintModel, out: Problems): void {
  const seen = new Set<string>();
  model.bp.data.tables.forEach((table, t) => {
    const path = `/data/tables/${t}`;
    if (seen.has(table.name)) {
      out.add(
        `${path}/name`,
        "duplicate_table",
        `There are two tables called "${table.name}".`,
        `Give each table its own name, or merge the two "${table.name}" tables into one.`,
      );
    }
    seen.add(table.name);
    checkColumns(table, path, out);
  });
}

function checkColumns(table: Table, tablePath: string, out: Problems): void {
  const seen = new Set<string>();
  table.columns.forEach((column, c) => {
    const path = `${tablePath}/columns/${c}`;
    if (seen.has(column.name)) {
      out.add(
        `${path}/name`,
        "duplicate_column",
        `Table "${table.name}" has two columns called "${column.name}".`,
        "Give each column of a table its own name, or remove one of them.",
      );
    }
    seen.add(column.name);
    checkColumnRules(table, column, path, out);
  });
}

function checkColumnRules(table: Table, column: Column, path: string, out: Problems): void {
  const where = `Column "${table.name}.${column.name}" (${column.type})`;
  if (column.enum) {
    if (column.type !== "text") {
      out.add(
        `${path}/enum`,
        "enum_on_non_text",
        `${where} has a list of allowed values, but only text columns can have one.`,
        `Change the column's type to "text", or remove "enum".`,
      );
    }
    const duplicates = column.enum.filter((v, i, all) => all.indexOf(v) !== i);
    if (duplicates.length > 0) {
      out.add(
        `${path}/enum`,
        "duplicate_enum_value",
        `${where} lists ${duplicates.map((d) => `"${d}"`).join(", ")} more than once among its allowed values.`,
        "List each allowed value once.",
      );
    }
  }
  if (column.maxLength !== undefined && column.type !== "text") {
    out.add(
      `${path}/maxLength`,
      "max_length_on_non_text",
      `${where} has a maximum length, but only text columns have a length.`,
      `Remove "maxLength", or use "max" to limit a number.`,
    );
  }
  if (column.format) checkFormat(column, where, path, out);
  checkRange(column, where, path, out);
  if (column.default !== undefined) checkDefault(column, where, path, out);
}

function checkFormat(column: Column, where: string, path: string, out: Problems): void {
  const format = column.format as string;
  const fits = TEXT_FORMATS.has(format) ? column.type === "text" : NUMBER_FORMATS.has(format) && isNumeric(column.type);
  if (!fits) {
    const needs = TEXT_FORMATS.has(format) ? `a text column` : `an int or float column`;
    out.add(
      `${path}/format`,
      "format_type_mismatch",
      `${where} is shown as "${format}", which only makes sense for ${needs}.`,
      `Change the column's type to fit the format, or remove "format".`,
    );
  }
}

function checkRange(column: Column, where: string, path: string, out: Problems): void {
  const bounds = (["min", "max"] as const).filter((k) => column[k] !== undefined);
  if (bounds.length === 0) return;
  if (!isNumeric(column.type) && !isTemporal(column.type)) {
    for (const key of bounds) {
      out.add(
        `${path}/${key}`,
        "min_max_on_wrong_type",
        `${where} has "${key}", but only numbers and dates have a range.`,
        column.type === "text" ? `Remove "${key}"; use "maxLength" to limit text.` : `Remove "${key}".`,
      );
    }
    return;
  }
  let valid = true;
  for (const key of bounds) {
    if (!literalFits(column.type, column[key])) {
      valid = false;
      out.add(
        `${path}/${key}`,
        "invalid_min_max",
        `${where} has ${key} ${JSON.stringify(column[key])}, which is not ${describeType(column.type)}.`,
        `Write "${key}" as ${describeType(column.type)}.`,
      );
    }
  }
  if (valid && bounds.length === 2 && (compareLiterals(column.type, column.min, column.max) ?? 0) > 0) {
    out.add(
      `${path}/min`,
      "min_greater_than_max",
      `${where} has min ${JSON.stringify(column.min)} above its max ${JSON.stringify(column.max)}, so no value could be stored.`,
      `Swap "min" and "max", or correct one of them.`,
    );
  }
}

function checkDefault(column: Column, where: string, path: string, out: Problems): void {
  const value = column.default;
  const at = `${path}/default`;
  if (isFileType(column.type)) {
    out.add(
      at,
      "default_on_file",
      `${where} has a default, but a file column's value is set only by uploading a file in the app.`,
      `Remove "default".`,
    );
    return;
  }
  if (typeof value === "string" && isVariable(value)) {
    if (value === NOW) {
      if (!isTemporal(column.type)) {
        out.add(
          at,
          "invalid_default_variable",
          `${where} defaults to "$now", but only date and timestamptz columns can default to the current time.`,
          `Change the type to "timestamptz" or "date", or give a literal default.`,
        );
      }
    } else if (value === USER_ID) {
      if (column.type !== "uuid" && column.type !== "user") {
        out.add(
          at,
          "invalid_default_variable",
          `${where} defaults to "$user.id", but a user's id fits only a user (or uuid) column.`,
          `Change the type to "user", or give a literal default.`,
        );
      }
    } else {
      out.add(
        at,
        "unknown_variable",
        `${where} defaults to "${value}", which Plinth does not know.`,
        `A default is a literal, "$now" (date/timestamptz) or "$user.id" (user or uuid).`,
      );
    }
    return;
  }
  if (!literalFits(column.type, value)) {
    out.add(
      at,
      "default_type_mismatch",
      `${where} defaults to ${JSON.stringify(value)}, which is not ${describeType(column.type)}.`,
      `Write the default as ${describeType(column.type)}, or remove it.`,
    );
    return;
  }
  if (column.enum && column.type === "text" && !column.enum.includes(String(value))) {
    out.add(
      at,
      "default_not_in_enum",
      `${where} defaults to ${JSON.stringify(value)}, which is not one of its allowed values (${column.enum.join(", ")}).`,
      `Choose a default from ${column.enum.map((v) => `"${v}"`).join(", ")}, or add it to "enum".`,
    );
  }
  if (column.maxLength !== undefined && typeof value === "string" && value.length > column.maxLength) {
    out.add(
      at,
      "default_too_long",
      `${where} defaults to a text of ${value.length} characters, longer than its maximum of ${column.maxLength}.`,
      `Shorten the default or raise "maxLength".`,
    );
  }
  const belowMin = column.min !== undefined && (compareLiterals(column.type, value, column.min) ?? 0) < 0;
  const aboveMax = column.max !== undefined && (compareLiterals(column.type, value, column.max) ?? 0) > 0;
  if (belowMin || aboveMax) {
    out.add(
      at,
      "default_out_of_range",
      `${where} defaults to ${JSON.stringify(value)}, outside its range (${JSON.stringify(column.min ?? "no minimum")} to ${JSON.stringify(column.max ?? "no maximum")}).`,
      "Choose a default inside the range, or widen the range.",
    );
  }
}

/**
 * Row filter ASTs, used by row-level security and by blocks. Every operand becomes a
 * typed bind parameter or a JWT claim in the compiled policy, so each must fit the
 * type of the column it is compared with.
 */

import { describeType, isVariable, literalFits } from "../resolved/literals.js";
import { type Filter, USER_ID, USER_TEAM_IDS } from "../schema.js";
import type { BlueprintModel, Problems } from "./model.js";

/** Checks `filter` (at JSON pointer `path`) against the columns of `table`, which must exist. */
export function checkFilter(model: BlueprintModel, table: string, filter: Filter, path: string, out: Problems): void {
  if ("and" in filter) {
    filter.and.forEach((f, i) => {
      checkFilter(model, table, f, `${path}/and/${i}`, out);
    });
    return;
  }
  if ("or" in filter) {
    filter.or.forEach((f, i) => {
      checkFilter(model, table, f, `${path}/or/${i}`, out);
    });
    return;
  }
  const [op, [columnName, operand]] = "equals" in filter ? ["equals", filter.equals] : ["in", filter.in];
  const column = model.column(table, columnName);
  if (!column) {
    out.add(
      `${path}/${op}/0`,
      "unknown_column",
      `The filter compares "${columnName}", but table "${table}" has no such column.`,
      `Use one of its columns: ${model.columnNames(table)}.`,
    );
    return;
  }
  const where = `The filter on "${table}.${columnName}" (${column.type})`;
  if (column.type === "jsonb") {
    out.add(
      `${path}/${op}/0`,
      "filter_on_jsonb",
      `${where} compares a JSON column, which a filter cannot do.`,
      "Filter on a text, number, bool, date or uuid column instead.",
    );
    return;
  }
  const operandPath = `${path}/${op}/1`;
  const values = Array.isArray(operand) ? operand : [operand];
  values.forEach((value, i) => {
    const at = Array.isArray(operand) ? `${operandPath}/${i}` : operandPath;
    if (isVariable(value)) {
      checkVariable(value as string, op === "in" && !Array.isArray(operand), column.type, where, at, out);
      return;
    }
    if (!literalFits(column.type, value)) {
      out.add(
        at,
        "filter_value_type",
        `${where} compares it with ${JSON.stringify(value)}, which is not ${describeType(column.type)}.`,
        `Compare it with ${describeType(column.type)}, or filter on another column.`,
      );
      return;
    }
    const allowed = column.column?.enum;
    if (allowed && !allowed.includes(String(value))) {
      out.add(
        at,
        "filter_value_not_in_enum",
        `${where} compares it with ${JSON.stringify(value)}, which the column can never hold (allowed: ${allowed.join(", ")}).`,
        `Use one of ${allowed.map((v) => `"${v}"`).join(", ")}.`,
      );
    }
  });
}

function checkVariable(
  value: string,
  isWholeInOperand: boolean,
  type: string,
  where: string,
  at: string,
  out: Problems,
): void {
  if (value === USER_ID) {
    if (type !== "uuid" && type !== "user") {
      out.add(
        at,
        "user_id_needs_uuid",
        `${where} compares it with "$user.id", but a user's id can only match a user (or uuid) column.`,
        `Compare "$user.id" with a user column (for example "assignee_id") or "created_by".`,
      );
    }
    return;
  }
  if (value === USER_TEAM_IDS) {
    if (!isWholeInOperand) {
      out.add(
        at,
        "team_ids_needs_in",
        `${where} uses "$user.team_ids" where a single value belongs; it is the list of the user's team ids, so only "in" can test membership in it.`,
        `Write {"in": ["team_id", "$user.team_ids"]}.`,
      );
    } else if (type !== "uuid") {
      out.add(
        at,
        "team_ids_needs_uuid",
        `${where} tests membership in "$user.team_ids", but team ids are UUIDs and can only match a uuid column.`,
        `Use a uuid column that stores the team, for example "team_id".`,
      );
    }
    return;
  }
  out.add(
    at,
    "unknown_variable",
    `${where} uses "${value}", which Plinth does not know.`,
    `A filter may use "$user.id", "$user.team_ids" (only with "in") or literal values.`,
  );
}

/**
 * Choice lists: set, add to, remove from, and new fields with choices. A removed
 * choice still held by rows stops the migration until those rows are changed (the
 * planner counts them), so no row silently loses its value.
 */
import { columnsOf } from "@plinth/blueprint";
import { inferColumn } from "../fields.js";
import { titleCase } from "../words.js";
import { findField, findTable, splitList } from "./find.js";
import { allBlocks, dropChoiceReferences } from "./references.js";
import { applied, type Blueprint, type Column, type Outcome, refused, type Table } from "./types.js";

const choiceValue = (words: string) =>
  words
    .trim()
    .replace(/^["']|["']$/g, "")
    .replace(/\s+/g, "_")
    .slice(0, 100);

function values(words: string): string[] {
  return [...new Set(splitList(words.replace(/\.$/, "")).map(choiceValue).filter(Boolean))];
}

/** Sets `column`'s choices to `next`, fixing its default and the blocks that compared with a removed one. */
function setChoices(bp: Blueprint, table: Table, column: Column, next: string[]): Outcome {
  const what = `${table.name}.${column.name}`;
  if (column.type !== "text") return refused(`${what} is ${column.type}; only a text field can have choices.`);
  if (next.length === 0 || next.length > 50)
    return refused(`A choice list has 1 to 50 choices; ${next.length} were given.`);
  const removed = (column.enum ?? []).filter((v) => !next.includes(v));
  const usedByRule = bp.security.rowFilters.find(
    (f) => f.resource === table.name && columnsOf(f.filter).includes(column.name) && removed.length > 0,
  );
  if (usedByRule) {
    return refused(
      `${what} decides which rows ${usedByRule.role} may see; change that rule before removing ${removed.join(", ")}.`,
    );
  }
  column.enum = next;
  delete column.maxLength;
  if (typeof column.default === "string" && !next.includes(column.default)) {
    if (column.required) column.default = next[0] as string;
    else delete column.default;
  }
  if (removed.length) dropChoiceReferences(bp, table.name, column.name, next);
  const rows = removed.length
    ? ` Existing rows holding ${removed.join(" or ")} stop the change until they are given another choice (the preview counts them).`
    : "";
  return applied(`${what} choices are now ${next.join(", ")}.${rows}`);
}

/** "set the choices of ticket priority to low, normal, high", "status can be open, pending or closed". */
export function changeChoices(bp: Blueprint, clause: string): Outcome {
  const inTable = String.raw`(?:\s+(?:in|on|of|for)\s+(?:the\s+)?(.+?))?`;
  const set =
    clause.match(
      new RegExp(
        String.raw`^(?:please\s+)?(?:set|change|make|replace)\s+(?:the\s+)?(?:choices|options|values)\s+(?:of|for)\s+(?:the\s+)?(.+?)${inTable}\s+(?:to|with|:)\s+(.+)$`,
      ),
    ) ??
    clause.match(
      new RegExp(
        String.raw`^(?:the\s+)?(.+?)${inTable}\s+(?:can be|is one of|should be one of|must be one of|choices are|options are)\s+(.+)$`,
      ),
    );
  if (set?.[1] && set[3]) {
    const hit = findField(bp, set[1], set[2]);
    if ("problem" in hit) return refused(`${hit.problem}.`);
    return setChoices(bp, hit.table, hit.column, values(set[3]));
  }
  const add =
    clause.match(
      /^(?:please\s+)?add\s+(?:a\s+|an\s+|the\s+)?(?:choice|option|value)s?\s+(.+?)\s+to\s+(?:the\s+)?(.+?)(?:\s+(?:choices|options))?(?:\s+(?:of|in|on|for)\s+(?:the\s+)?(.+))?$/,
    ) ??
    clause.match(
      /^(?:please\s+)?add\s+(.+?)\s+(?:to|as)\s+(?:the\s+|a\s+)?(?:choices?|options?)\s+(?:of|for)\s+(?:the\s+)?(.+?)(?:\s+(?:of|in|on)\s+(?:the\s+)?(.+))?$/,
    );
  if (add?.[1] && add[2]) {
    const hit = findField(bp, add[2], add[3]);
    if ("problem" in hit) return refused(`${hit.problem}.`);
    const { column } = hit;
    if (!column.enum)
      return refused(
        `${hit.table.name}.${column.name} has no choice list; set one ("set the choices of ${column.name} to a, b, c").`,
      );
    return setChoices(bp, hit.table, column, [...new Set([...column.enum, ...values(add[1])])]);
  }
  const remove =
    clause.match(
      /^(?:please\s+)?(?:remove|delete|drop)\s+(?:the\s+)?(?:choice|option|value)s?\s+(.+?)\s+from\s+(?:the\s+)?(.+?)(?:\s+(?:choices|options))?(?:\s+(?:of|in|on|for)\s+(?:the\s+)?(.+))?$/,
    ) ??
    clause.match(
      /^(?:please\s+)?(?:remove|delete|drop)\s+(.+?)\s+from\s+(?:the\s+)?(?:choices?|options?)\s+(?:of|for)\s+(?:the\s+)?(.+?)(?:\s+(?:of|in|on)\s+(?:the\s+)?(.+))?$/,
    );
  if (remove?.[1] && remove[2]) {
    const hit = findField(bp, remove[2], remove[3]);
    if ("problem" in hit) return refused(`${hit.problem}.`);
    const { column } = hit;
    const gone = values(remove[1]);
    const unknown = gone.filter((v) => !column.enum?.includes(v));
    if (unknown.length)
      return refused(
        `${hit.table.name}.${column.name} has no choice ${unknown.join(", ")}; its choices are ${(column.enum ?? []).join(", ") || "none"}.`,
      );
    return setChoices(
      bp,
      hit.table,
      column,
      (column.enum ?? []).filter((v) => !gone.includes(v)),
    );
  }
  return null;
}

/** "add a severity field with choices minor, major, critical to tickets" (either order). */
export function addChoiceField(bp: Blueprint, clause: string): Outcome {
  const m =
    clause.match(
      /^(?:please\s+)?(?:add|include)\s+(?:a\s+|an\s+|the\s+)?(.+?)(?:\s+(?:field|column))?\s+with\s+(?:the\s+)?(?:choices|options|values)\s+(.+?)\s+(?:to|on|for)\s+(?:the\s+)?(.+)$/,
    ) ??
    clause.match(
      /^(?:please\s+)?(?:add|include)\s+(?:a\s+|an\s+|the\s+)?(.+?)(?:\s+(?:field|column))?\s+(?:to|on|for)\s+(?:the\s+)?(.+?)\s+with\s+(?:the\s+)?(?:choices|options|values)\s+(.+)$/,
    );
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const withFirst =
    /\bwith\s+(?:the\s+)?(?:choices|options|values)\s+.+\s+(?:to|on|for)\s+/.test(clause) &&
    findTable(bp, m[3]) !== undefined;
  const [tableWords, choiceWords] = withFirst ? [m[3], m[2]] : [m[2], m[3]];
  const table = findTable(bp, tableWords);
  if (!table) return null;
  const column = inferColumn(m[1]);
  if (!column) return refused(`"${m[1]}" cannot be a field name; use letters and digits.`);
  if (table.columns.some((c) => c.name === column.name)) {
    return refused(
      `${table.name} already has ${column.name}; change its choices instead ("set the choices of ${column.name} to ...").`,
    );
  }
  const choices = values(choiceWords);
  const added = {
    name: column.name,
    label: titleCase(m[1]).slice(0, 80),
    type: "text",
    required: false,
    unique: false,
    indexed: false,
    enum: choices,
  } as Column;
  table.columns.push(added);
  showInBlocks(bp, table.name, added.name);
  return applied(`Added ${table.name}.${added.name} with choices ${choices.join(", ")}; existing rows get no value.`);
}

/** A new field appears in the lists, forms and record views of its table. */
export function showInBlocks(bp: Blueprint, table: string, column: string): void {
  for (const block of allBlocks(bp)) {
    if (block.table !== table) continue;
    if (block.type === "TABLE" && block.columns.length < 8) block.columns.push(column);
    if ((block.type === "FORM" || block.type === "DETAIL") && block.fields.length < 30) block.fields.push(column);
  }
}

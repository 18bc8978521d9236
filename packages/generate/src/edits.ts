/**
 * `@plinth/generate/edits`: the blueprint edits the offline refiner makes, for the app
 * page's direct editor, so a field removed by hand leaves the pages, links and rules
 * exactly as a field removed in words does. Pure; no model client.
 */

import { showInBlocks } from "./offline/refine/choices.js";
import { keepsValues } from "./offline/refine/field-edits.js";
import { dropChoiceReferences, dropColumnReferences, pruneEmpty, rolesReading } from "./offline/refine/references.js";
import type { Blueprint } from "./offline/refine/types.js";
import { safeIdentifier, titleCase } from "./offline/words.js";

export * from "./edits/access.js";
export * from "./edits/pages.js";
export { keepsValues, safeIdentifier, showInBlocks, titleCase };

/** Removes a field and everything that names it; refuses when a row rule depends on it. */
export function removeColumn(bp: Blueprint, table: string, column: string): string | null {
  const roles = rolesReading(bp, table, column);
  if (roles.length) return `${column} decides which ${table} ${roles.join(", ")} may see; change that rule first.`;
  const t = bp.data.tables.find((x) => x.name === table);
  if (!t || t.columns.length === 1) return `${table} needs at least one field.`;
  t.columns = t.columns.filter((c) => c.name !== column);
  dropColumnReferences(bp, table, column);
  return null;
}

/** Sets a field's choices, fixing its default and the blocks that compared with a removed one. */
export function setChoices(bp: Blueprint, table: string, column: string, choices: string[] | undefined): void {
  const col = bp.data.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column);
  if (!col) return;
  if (!choices?.length) {
    delete col.enum;
    return;
  }
  col.enum = choices;
  if (typeof col.default === "string" && !choices.includes(col.default)) {
    if (col.required) col.default = choices[0] as string;
    else delete col.default;
  }
  dropChoiceReferences(bp, table, column, choices);
}

/** Removes a page, its menu entry and every link to it. */
export function removePage(bp: Blueprint, page: string): void {
  const found = bp.ui.pages.find((p) => p.id === page);
  if (found) found.blocks = [];
  pruneEmpty(bp);
}

/** Removes one block; a page left empty goes too. */
export function removeBlock(bp: Blueprint, page: string, block: string): void {
  const found = bp.ui.pages.find((p) => p.id === page);
  if (!found) return;
  const index = found.blocks.findIndex((b) => b.id === block);
  if (index < 0) return;
  found.blocks.splice(index, 1);
  if (found.layout.type === "tabs" && found.layout.config.tabs) found.layout.config.tabs.splice(index, 1);
  pruneEmpty(bp);
}

/** Removing and renaming whole tables; renames are declared with renamedFrom so the rows are kept. */
import { safeIdentifier, titleCase } from "../words.js";
import { bare, findTable, noTable } from "./find.js";
import { dropColumnReferences, dropTableReferences, renameTableReferences, rolesReading } from "./references.js";
import { applied, type Blueprint, type Outcome, refused } from "./types.js";

/** "remove the vendors table", "delete categories". */
export function removeTable(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(/^(?:please\s+)?(?:remove|delete|drop|get rid of)\s+(?:the\s+)?(.+?)(\s+tables?)?$/);
  if (!m?.[1]) return null;
  const table = findTable(bp, m[1]);
  if (!table) return m[2] ? refused(`${noTable(bp, m[1])}.`) : null;
  if (bp.data.tables.length === 1) return refused(`${table.name} is the app's only table; an app needs at least one.`);
  // The fields of other tables that pointed at its rows point nowhere once it is gone, so they go too.
  const links = bp.data.relationships.flatMap((r) =>
    r.type === "many_to_one" && r.toTable === table.name && r.fromTable !== table.name
      ? [{ table: r.fromTable, column: r.fromColumn }]
      : r.type === "one_to_many" && r.fromTable === table.name && r.toTable !== table.name
        ? [{ table: r.toTable, column: r.toColumn }]
        : [],
  );
  for (const link of links) {
    const roles = rolesReading(bp, link.table, link.column);
    if (roles.length) {
      return refused(
        `${link.table}.${link.column} links to ${table.name} and decides which ${link.table} ${roles.join(", ")} may see; change that rule first, then remove the table.`,
      );
    }
  }
  bp.data.tables = bp.data.tables.filter((t) => t !== table);
  dropTableReferences(bp, table.name);
  for (const link of links) {
    const owner = bp.data.tables.find((t) => t.name === link.table);
    if (!owner) continue;
    owner.columns = owner.columns.filter((c) => c.name !== link.column);
    dropColumnReferences(bp, link.table, link.column);
  }
  if (bp.ui.pages.length === 0) {
    return refused(`every page of the app shows ${table.name}; add a page for another table first.`);
  }
  const linkWords = links.length
    ? ` and the fields that pointed at it (${links.map((l) => `${l.table}.${l.column}`).join(", ")})`
    : "";
  return applied(`Removed the ${table.name} table with its pages${linkWords}.`);
}

/** "rename the tickets table to issues", "rename customers to clients". */
export function renameTable(bp: Blueprint, clause: string): Outcome {
  const m = clause.match(
    /^(?:please\s+)?(?:rename|call)\s+(?:the\s+)?(.+?)(\s+table)?\s+(?:to|as|into)\s+["']?(.+?)["']?(?:\s+table)?$/,
  );
  if (!m?.[1] || !m[3]) return null;
  const table = findTable(bp, m[1]);
  if (!table) return m[2] ? refused(`${noTable(bp, m[1])}.`) : null;
  const name = safeIdentifier(bare(m[3]), 40);
  if (!name) return refused(`"${m[3]}" cannot be a table name; use letters and digits.`);
  if (name !== table.name && bp.data.tables.some((t) => t.name === name)) {
    return refused(`there is already a ${name} table; pick another name.`);
  }
  const old = table.name;
  const oldLabel = table.label ?? titleCase(old);
  table.label = titleCase(bare(m[3])).slice(0, 80);
  for (const item of bp.ui.navigation) if (item.label === oldLabel) item.label = table.label;
  for (const page of bp.ui.pages) if (page.title === oldLabel) page.title = table.label;
  if (name !== old) {
    table.name = name;
    table.renamedFrom = old;
    renameTableReferences(bp, old, name);
  }
  return applied(`Renamed the ${old} table to ${name}; its rows are kept.`);
}

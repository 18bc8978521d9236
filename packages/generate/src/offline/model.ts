/**
 * The data model from a reading: one table per named thing (known things with their
 * rich fields, unknown ones a generic shape), the fields and choices the founder
 * listed, the links their phrasing implies, junction tables for many-to-many, and
 * the person/team columns access needs.
 */

import type { ColumnDef } from "./columns.js";
import { choice, day, notes, title } from "./columns.js";
import type { DataModel, RelationshipDef, TableDef } from "./data.js";
import { manyToOne, titleColumn } from "./data.js";
import { inferColumn } from "./fields.js";

import type { Reading, Thing } from "./read.js";
import { titleCase } from "./words.js";

const MAX_COLUMNS = 30;
/** Things that happen at a time: their generic shape gets a date. */
const DATED =
  /(?:walk|lesson|booking|reservation|visit|session|shift|class|meeting|recital|event|appointment|inspection|delivery|trip|ride|match|game|service|repair|harvest|training|workout|rehearsal|performance|concert|show|exam|audit|check|log|entry|reading|treatment|procedure|job|order|sale|payment|donation|tour|viewing|cleaning|pickup|drop-off|batch)$/;

/** Extra columns access needs on a table: person columns, team columns, an approval column. */
export interface AccessColumns {
  /** table → columns to add (person/team/approval), in order. */
  add: Map<string, ColumnDef[]>;
  /** table → names of person columns that replace a link to the role's own table. */
  replacesLink: Map<string, Set<string>>;
}

export function buildModel(reading: Reading, access: AccessColumns, assumptions: string[]): DataModel {
  const singulars = new Map(reading.things.map((t) => [t.table, t.singular]));
  const tables: TableDef[] = reading.things.map((thing) => tableFor(thing, reading, assumptions));
  const relationships: RelationshipDef[] = [];
  const byName = (name: string) => tables.find((t) => t.name === name);

  for (const [table, columns] of access.add) {
    const def = byName(table);
    if (!def) continue;
    for (const column of columns) {
      const existing = def.columns.findIndex((c) => c.name === column.name);
      if (existing >= 0) def.columns[existing] = column;
      else addColumn(def, column);
    }
  }

  const link = (childName: string, parentName: string) => {
    const child = byName(childName);
    const parent = byName(parentName);
    if (!child || !parent || child === parent) return;
    const column = `${singulars.get(parentName) ?? parentName}_id`;
    if (access.replacesLink.get(childName)?.has(column)) return;
    if (relationships.some((r) => r.fromTable === childName && r.fromColumn === column)) return;
    if (relationships.some((r) => r.fromTable === parentName && r.toTable === childName)) return;
    if (child.columns.some((c) => c.name === column)) return;
    addColumn(child, {
      name: column,
      label: titleCase(singulars.get(parentName) ?? parentName),
      type: "uuid",
      indexed: true,
    });
    relationships.push(manyToOne(childName, column, parentName, titleColumn(parent)));
  };
  for (const l of reading.links) link(l.child, l.parent);
  // What the domain knowledge expects between things the founder named ("deals" belong to "companies").
  for (const thing of reading.things) {
    for (const parent of thing.knowledge?.parents ?? []) {
      const named = reading.things.find((t) => t.knowledge?.table === parent);
      if (named) link(thing.table, named.table);
    }
  }
  for (const j of reading.junctions) {
    const left = byName(j.left);
    const right = byName(j.right);
    if (!left || !right) continue;
    const one = singulars.get(j.left) ?? j.left;
    const name = `${one}_${j.right}`.slice(0, 60);
    const leftColumn = `${one}_id`;
    const rightColumn = `${singulars.get(j.right) ?? j.right}_id`;
    const junction: TableDef = {
      name,
      label: `${titleCase(one)} ${(right.label ?? j.right).toLowerCase()}`.slice(0, 80),
      columns: [
        { name: leftColumn, label: titleCase(one), type: "uuid", required: true, indexed: true },
        {
          name: rightColumn,
          label: titleCase(singulars.get(j.right) ?? j.right),
          type: "uuid",
          required: true,
          indexed: true,
        },
        notes(),
      ],
    };
    tables.push(junction);
    singulars.set(name, name);
    relationships.push(
      { ...manyToOne(name, leftColumn, j.left, titleColumn(left)), onDelete: "cascade" },
      { ...manyToOne(name, rightColumn, j.right, titleColumn(right)), onDelete: "cascade" },
    );
    assumptions.push(
      `${left.label} and ${(right.label ?? j.right).toLowerCase()} link many to many, so a ${junction.label} table records each pair.`,
    );
  }
  for (const thing of reading.things) {
    if (!thing.knowledge?.tree) continue;
    const table = byName(thing.table);
    if (!table || table.columns.some((c) => c.name === "parent_id")) continue;
    addColumn(table, { name: "parent_id", label: `Parent ${thing.phrase}`, type: "uuid" });
    relationships.push(manyToOne(table.name, "parent_id", table.name, titleColumn(table)));
  }
  return { tables, relationships, singulars };
}

function tableFor(thing: Thing, reading: Reading, assumptions: string[]): TableDef {
  const known = thing.knowledge;
  const columns: ColumnDef[] = structuredClone(known?.columns ?? genericShape(thing));
  const table: TableDef = { name: thing.table, label: thing.label.slice(0, 80), columns };
  const added: string[] = [];
  for (const phrase of thing.fields) {
    const column = inferColumn(phrase);
    if (!column || columns.some((c) => c.name === column.name || c.label?.toLowerCase() === phrase)) continue;
    if (addColumn(table, column)) added.push(column.name);
  }
  for (const c of reading.choices.filter((c) => c.table === thing.table)) {
    const label = titleCase(c.column);
    const column = choice(c.column, columns.find((x) => x.name === c.column)?.label ?? label, c.values);
    const at = columns.findIndex((x) => x.name === c.column);
    if (at >= 0) columns[at] = column;
    else addColumn(table, column);
  }
  if (!known) {
    assumptions.push(
      `"${thing.label}" is not a kind of record I know, so its table has ${added.length ? `the fields you listed (${added.join(", ")}) plus ` : ""}a name${DATED.test(thing.phrase) ? ", a date" : ""} and notes.`,
    );
  }
  return table;
}

/** A name, a date when the thing happens at a time, notes. */
function genericShape(thing: Thing): ColumnDef[] {
  const columns = [title("name", "Name")];
  if (DATED.test(thing.phrase)) columns.push(day("date", "Date"));
  columns.push(notes());
  return columns;
}

function addColumn(table: TableDef, column: ColumnDef): boolean {
  if (table.columns.length >= MAX_COLUMNS || table.columns.some((c) => c.name === column.name)) return false;
  table.columns.push(column);
  return true;
}

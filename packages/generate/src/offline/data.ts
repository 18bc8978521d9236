/**
 * The data model: entities → tables with typed columns, relationships from what the
 * founder said and what the domain knowledge expects, and the owner/assignee/team
 * columns the access rules need.
 */
import type { BlueprintV2Input } from "@plinth/blueprint";
import type { ColumnDef } from "./columns.js";
import { ENTITIES, genericColumns } from "./domain.js";
import type { Entity } from "./entities.js";
import { inferColumn } from "./fields.js";
import type { AccessRule } from "./security.js";
import { plural, titleCase } from "./words.js";

export type TableDef = BlueprintV2Input["data"]["tables"][number] & { columns: ColumnDef[] };
export type RelationshipDef = BlueprintV2Input["data"]["relationships"] extends (infer R)[] | undefined ? R : never;

export interface DataModel {
  tables: TableDef[];
  relationships: RelationshipDef[];
  /** The table's singular, for naming reference columns and forms. */
  singulars: Map<string, string>;
}

export const OWNER_COLUMN = "owner_id";
export const ASSIGNEE_COLUMN = "assignee_id";
export const TEAM_COLUMN = "team_id";
const MAX_COLUMNS = 30;

export function buildData(entities: Entity[], rules: AccessRule[], assumptions: string[]): DataModel {
  const list = [...entities];
  if (rules.some((r) => r.kind === "team") && !list.some((e) => e.table === "teams")) {
    const teams = ENTITIES.find((k) => k.table === "teams");
    if (teams)
      list.push({
        table: "teams",
        singular: "team",
        label: teams.label,
        knowledge: teams,
        fields: [],
        parents: [],
        position: Infinity,
      });
    assumptions.push("Access follows teams, so I added a Teams table; a member's teams are set when you invite them.");
  }
  const names = new Set(list.map((e) => e.table));
  const singulars = new Map(list.map((e) => [e.table, e.singular]));
  const tables: TableDef[] = list.map((entity) => tableFor(entity, list, assumptions));
  const relationships: RelationshipDef[] = [];

  const link = (child: TableDef, parent: string, explicit: boolean) => {
    const parentTable = tables.find((t) => t.name === parent);
    if (!parentTable || parent === child.name) return;
    const column = `${singulars.get(parent) ?? parent}_id`;
    if (child.columns.some((c) => c.name === column)) return;
    // Domain knowledge links only one way: if the parent already points at the child, skip.
    if (!explicit && relationships.some((r) => r.fromTable === parent && r.toTable === child.name)) return;
    addColumn(child, { name: column, label: titleCase(singulars.get(parent) ?? parent), type: "uuid" });
    relationships.push(manyToOne(child.name, column, parent, titleColumn(parentTable)));
  };
  for (const entity of list) {
    const table = tables.find((t) => t.name === entity.table) as TableDef;
    for (const parent of entity.parents) link(table, parent, true);
  }
  for (const entity of list) {
    const table = tables.find((t) => t.name === entity.table) as TableDef;
    for (const parent of entity.knowledge?.parents ?? []) if (names.has(parent)) link(table, parent, false);
    if (entity.knowledge?.tree) {
      addColumn(table, { name: "parent_id", label: `Parent ${entity.singular.replaceAll("_", " ")}`, type: "uuid" });
      relationships.push(manyToOne(table.name, "parent_id", table.name, titleColumn(table)));
    }
  }
  return { tables, relationships, singulars };
}

/** Adds the column an access rule filters on (owner_id, assignee_id, team_id) to a table. */
export function ensureRuleColumn(model: DataModel, table: TableDef, kind: AccessRule["kind"]): string {
  if (kind === "created") return "created_by";
  if (kind === "team") {
    if (!table.columns.some((c) => c.name === TEAM_COLUMN)) {
      addColumn(table, { name: TEAM_COLUMN, label: "Team", type: "uuid", indexed: true });
      const teams = model.tables.find((t) => t.name === "teams");
      if (teams) model.relationships.push(manyToOne(table.name, TEAM_COLUMN, "teams", titleColumn(teams)));
    }
    return TEAM_COLUMN;
  }
  const name = kind === "assigned" ? ASSIGNEE_COLUMN : OWNER_COLUMN;
  if (!table.columns.some((c) => c.name === name)) {
    addColumn(table, {
      name,
      label: kind === "assigned" ? "Assigned to" : "Owner",
      type: "uuid",
      required: true,
      default: "$user.id",
      indexed: true,
    });
  }
  return name;
}

function tableFor(entity: Entity, all: Entity[], assumptions: string[]): TableDef {
  const columns = structuredClone(entity.knowledge?.columns ?? genericColumns());
  const table: TableDef = { name: entity.table, label: entity.label.slice(0, 80), columns };
  const otherEntityWords = new Set(
    all
      .filter((e) => e !== entity)
      .flatMap((e) => (e.knowledge?.words ?? [e.label.toLowerCase()]).flatMap((w) => [w, plural(w)])),
  );
  const added: string[] = [];
  for (const phrase of entity.fields) {
    if (otherEntityWords.has(phrase)) continue;
    const column = inferColumn(phrase);
    if (!column || columns.some((c) => c.name === column.name)) continue;
    if (addColumn(table, column)) added.push(column.name);
  }
  if (!entity.knowledge) {
    assumptions.push(
      `"${entity.label}" is not a kind of record I know, so its table has ${added.length ? `the fields you listed (${added.join(", ")}) plus ` : ""}a name, a status and notes.`,
    );
  }
  return table;
}

function addColumn(table: TableDef, column: ColumnDef): boolean {
  if (table.columns.length >= MAX_COLUMNS) return false;
  table.columns.push(column);
  return true;
}

/** A link from a child column to its parent table, shown by the parent's title column. */
export function manyToOne(fromTable: string, fromColumn: string, toTable: string, label: string): RelationshipDef {
  return {
    type: "many_to_one",
    fromTable,
    fromColumn,
    toTable,
    toColumn: "id",
    onDelete: "set_null",
    ui: { lookupLabelColumn: label },
  };
}

/** The column that names a record: the first text column (every table's first column is one). */
export function titleColumn(table: Pick<TableDef, "columns">): string {
  return table.columns.find((c) => c.type === "text" && !c.enum && !c.format)?.name ?? table.columns[0]?.name ?? "id";
}

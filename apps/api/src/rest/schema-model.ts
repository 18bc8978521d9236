/**
 * The data API's view of an app: the blueprint's tables (with their system columns)
 * and foreign keys as the PostgREST translator's schema model. The column types are
 * the ones provisioning creates, so casts and filters match the live tables.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { SQL_TYPES, SYSTEM_COLUMN_TYPES } from "@plinth/provision";
import type { SchemaModel } from "@plinth/rest";

export function schemaModelOf(blueprint: BlueprintV2): SchemaModel {
  return {
    tables: blueprint.data.tables.map((table) => ({
      name: table.name,
      primaryKey: ["id"],
      columns: [
        ...Object.entries(SYSTEM_COLUMN_TYPES).map(([name, type]) => ({
          name,
          pgType: SQL_TYPES[type],
          nullable: name === "created_by",
          hasDefault: true,
        })),
        ...table.columns.map((column) => ({
          name: column.name,
          pgType: SQL_TYPES[column.type],
          nullable: !column.required,
          hasDefault: column.default !== undefined,
        })),
      ],
    })),
    relationships: blueprint.data.relationships.map((rel) =>
      // The foreign key always lives on the "many" side.
      rel.type === "many_to_one"
        ? { fromTable: rel.fromTable, fromColumn: rel.fromColumn, toTable: rel.toTable, toColumn: rel.toColumn }
        : { fromTable: rel.toTable, fromColumn: rel.toColumn, toTable: rel.fromTable, toColumn: rel.fromColumn },
    ),
  };
}

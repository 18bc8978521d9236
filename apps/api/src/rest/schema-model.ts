/**
 * The data API's view of an app: the blueprint's tables (with their system columns,
 * unique columns marked) and foreign keys (named as provisioning names them) as the
 * PostgREST translator's schema model. The column types are
 * the ones provisioning creates, so casts and filters match the live tables.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { foreignKeyName, SQL_TYPES, SYSTEM_COLUMN_TYPES } from "@plinth/provision";
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
          unique: column.unique,
        })),
      ],
    })),
    relationships: blueprint.data.relationships.map((rel) => {
      // The foreign key always lives on the "many" side.
      const [fromTable, fromColumn, toTable, toColumn] =
        rel.type === "many_to_one"
          ? [rel.fromTable, rel.fromColumn, rel.toTable, rel.toColumn]
          : [rel.toTable, rel.toColumn, rel.fromTable, rel.fromColumn];
      // The name provisioning gives the constraint, so `!constraint` hints match the database.
      return {
        fromTable,
        fromColumn,
        toTable,
        toColumn,
        constraint: foreignKeyName({ table: fromTable, column: fromColumn }),
      };
    }),
  };
}

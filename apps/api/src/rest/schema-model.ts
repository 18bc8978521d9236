/**
 * The data API's view of an app: the resolved blueprint's tables (system columns first,
 * unique columns marked) and foreign keys (child → parent, named as provisioning names
 * them) as the PostgREST translator's schema model. The column types are the ones
 * provisioning creates, so casts and filters match the live tables.
 */
import { type BlueprintV2, resolveBlueprint } from "@plinth/blueprint";
import { foreignKeyName, SQL_TYPES } from "@plinth/provision";
import type { SchemaModel } from "@plinth/rest";

export function schemaModelOf(blueprint: BlueprintV2): SchemaModel {
  const resolved = resolveBlueprint(blueprint);
  return {
    tables: [...resolved.tables.values()].map((table) => ({
      name: table.name,
      primaryKey: ["id"],
      // Provisioning makes a declared junction's pair a unique key, which is what makes it one here.
      ...(table.table.junction && { uniqueKeys: [[...table.table.junction.columns]] }),
      columns: [...table.columns.values()].map(({ name, type, column }) =>
        column
          ? {
              name,
              pgType: SQL_TYPES[type],
              nullable: !column.required,
              hasDefault: column.default !== undefined,
              unique: column.unique,
            }
          : { name, pgType: SQL_TYPES[type], nullable: name === "created_by", hasDefault: true },
      ),
    })),
    // The name provisioning gives the constraint, so `!constraint` hints match the database.
    relationships: resolved.foreignKeys.map((fk) => ({
      fromTable: fk.table,
      fromColumn: fk.column,
      toTable: fk.refTable,
      toColumn: fk.refColumn,
      constraint: foreignKeyName({ table: fk.table, column: fk.column }),
    })),
  };
}

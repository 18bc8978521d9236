/**
 * An app's dependent database objects (rules, keys, links, indexes, grants, policies)
 * as a flat list of named things with the statements that create and drop them, built
 * with the same builders provisioning uses. Two blueprints' lists compared name by
 * name say what a migration must drop and create.
 */
import { type Access, type Column, type ForeignKey, Labels } from "@plinth/blueprint";
import { qualified, quoteIdent } from "@plinth/db";
import {
  type ColumnCheck,
  checkConstraintSql,
  columnChecks,
  foreignKeyName,
  foreignKeyStep,
  grantSteps,
  indexColumns,
  indexName,
  indexStep,
  type PlanStep,
  policySteps,
  primaryKeyName,
  uniqueConstraintSql,
  uniqueName,
} from "../ddl.js";
import { roleName } from "../names.js";
import type { IndexedColumn, PhysicalApp, PhysicalTable } from "../physical.js";
import { sentence } from "./consequences.js";

export type AppObject =
  | (Base & { kind: "check"; column: Column; check: ColumnCheck })
  | (Base & { kind: "unique" })
  | (Base & { kind: "foreign key"; fk: ForeignKey })
  | (Base & { kind: "index"; index: IndexedColumn })
  | (Base & { kind: "grant"; access: Access })
  | (Base & { kind: "policy"; access: Access });

interface Base {
  table: string;
  /** Unique within the table and kind: the constraint, index or policy name, or the role for grants. */
  name: string;
  /** Columns it is built on: changing one of them means rebuilding the object. */
  columns: string[];
  /** Columns of other tables it reads, as "table.column" (a policy through an editable parent). */
  elsewhere: string[];
  create: PlanStep[];
  drop: PlanStep;
}

/** The dependent objects of every table, in the order provisioning creates them. */
export function appObjects(model: PhysicalApp, schema: string, appKey: string): AppObject[] {
  const objects: AppObject[] = [];
  const tableOf = (name: string) => model.tables.find((t) => t.name === name) as PhysicalTable;
  // Rules and unique keys are what a preview's checks name, so they speak in the founder's labels.
  const labels = new Labels(model.blueprint);
  for (const table of model.tables) {
    const target = qualified(schema, table.name);
    for (const column of table.table.columns) {
      if (column.unique) objects.push(uniqueObject(table.name, [column.name], target, labels));
      for (const check of columnChecks(column)) {
        objects.push({
          kind: "check",
          table: table.name,
          name: check.name,
          column,
          check,
          columns: [column.name],
          elsewhere: [],
          create: [
            {
              sql: `alter table ${target} add ${checkConstraintSql(check)}`,
              description: `Enforce the ${RULE_WORDS[check.rule]} rule on ${labels.field(table.name, column.name)}.`,
            },
          ],
          drop: {
            sql: `alter table ${target} drop constraint ${quoteIdent(check.name)}`,
            description: `Remove the ${RULE_WORDS[check.rule]} rule from ${labels.field(table.name, column.name)}.`,
          },
        });
      }
    }
    const junction = table.table.junction;
    if (junction) objects.push(uniqueObject(table.name, junction.columns, target, labels));
  }
  for (const fk of model.foreignKeys) {
    objects.push({
      kind: "foreign key",
      table: fk.table,
      name: foreignKeyName(fk),
      fk,
      columns: [fk.column],
      elsewhere: [],
      create: [foreignKeyStep(schema, fk)],
      drop: {
        sql: `alter table ${qualified(schema, fk.table)} drop constraint ${quoteIdent(foreignKeyName(fk))}`,
        description: `Unlink ${fk.table}.${fk.column} from ${fk.refTable}.`,
      },
    });
  }
  for (const index of model.indexes) {
    objects.push({
      kind: "index",
      table: index.table,
      name: indexName(index),
      index,
      columns: indexColumns(index),
      elsewhere: [],
      create: [indexStep(schema, index)],
      drop: {
        sql: `drop index ${qualified(schema, indexName(index))}`,
        description: `Drop the index on ${index.table}.${indexColumns(index).join(", ")}.`,
      },
    });
  }
  for (const access of model.access) {
    const table = tableOf(access.table);
    const role = quoteIdent(roleName(appKey, access.role));
    const target = qualified(schema, table.name);
    const grants = grantSteps(schema, table, access, role);
    if (grants.length > 0) {
      objects.push({
        kind: "grant",
        table: table.name,
        name: access.role,
        access,
        columns: table.table.columns.map((c) => c.name),
        elsewhere: [],
        create: grants,
        // Revoking on the table also revokes its column privileges.
        drop: {
          sql: `revoke all on ${target} from ${role}`,
          description: `Take ${access.role}'s privileges on ${table.name} away before granting the new ones.`,
        },
      });
    }
    for (const policy of policySteps({ ...model, schema }, access, role)) {
      objects.push({
        kind: "policy",
        table: table.name,
        name: policy.name,
        access,
        columns: policy.columns,
        elsewhere: policy.elsewhere,
        create: [policy],
        drop: {
          sql: `drop policy ${quoteIdent(policy.name)} on ${target}`,
          description: `Drop the ${policy.name} policy on ${table.name}.`,
        },
      });
    }
  }
  return objects;
}

/** A unique key in the founder's words: "the Email field of Contacts", "each pair of Student and Class in Enrolments". */
export function uniqueKeyWords(labels: Labels, table: string, columns: readonly string[]): string {
  const [column] = columns;
  return columns.length === 1 && column
    ? labels.field(table, column)
    : `each pair of ${labels.columns(table, columns)} in ${labels.table(table)}`;
}

/** A unique key: one unique column, or a junction's pair of links. */
function uniqueObject(table: string, columns: readonly string[], target: string, labels: Labels): AppObject {
  const name = uniqueName(table, columns);
  const field = uniqueKeyWords(labels, table, columns);
  return {
    kind: "unique",
    table,
    name,
    columns: [...columns],
    elsewhere: [],
    create: [
      {
        sql: `alter table ${target} add ${uniqueConstraintSql(table, columns)}`,
        description: `Make ${field} unique.`,
      },
    ],
    drop: {
      sql: `alter table ${target} drop constraint ${quoteIdent(name)}`,
      description: `${sentence(field)} no longer has to be unique.`,
    },
  };
}

/**
 * The names that embed a table or column name, in an order that depends only on the
 * blueprint's structure, so the lists of a blueprint before and after renames line up.
 */
export function renamableNames(
  model: PhysicalApp,
): { kind: "constraint" | "index"; table: string; name: string; key: string }[] {
  const names: { kind: "constraint" | "index"; table: string; name: string; key: string }[] = [];
  model.blueprint.data.tables.forEach((table, t) => {
    names.push({ kind: "constraint", table: table.name, name: primaryKeyName(table.name), key: `pk ${t}` });
    table.columns.forEach((column, c) => {
      if (column.unique)
        names.push({
          kind: "constraint",
          table: table.name,
          name: uniqueName(table.name, [column.name]),
          key: `unique ${t}.${c}`,
        });
      for (const check of columnChecks(column))
        names.push({ kind: "constraint", table: table.name, name: check.name, key: `${check.rule} ${t}.${c}` });
    });
    if (table.junction)
      names.push({
        kind: "constraint",
        table: table.name,
        name: uniqueName(table.name, table.junction.columns),
        key: `junction ${t}`,
      });
  });
  for (const [i, fk] of model.foreignKeys.entries())
    names.push({ kind: "constraint", table: fk.table, name: foreignKeyName(fk), key: `fk ${i}` });
  for (const [i, index] of model.indexes.entries())
    names.push({ kind: "index", table: index.table, name: indexName(index), key: `index ${i}` });
  return names;
}

export const RULE_WORDS: Record<ColumnCheck["rule"], string> = {
  enum: "allowed values",
  min: "minimum",
  max: "maximum",
  max_length: "maximum length",
  format: "format",
};

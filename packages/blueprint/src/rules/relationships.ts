/**
 * Relationships become foreign keys: the child column must be a declared uuid column
 * and the parent side the parent's `id`, because every table's primary key is `id`.
 */
import type { BlueprintModel, ForeignKey, Problems } from "./model.js";

export function checkRelationships(model: BlueprintModel, out: Problems): void {
  const seen = new Map<string, number>();
  for (const fk of model.foreignKeys) {
    const path = `/data/relationships/${fk.index}`;
    const r = fk.relationship;
    let ok = true;
    for (const side of ["fromTable", "toTable"] as const) {
      if (!model.tables.has(r[side])) {
        ok = false;
        out.add(
          `${path}/${side}`,
          "unknown_table",
          `The relationship refers to a table "${r[side]}" that does not exist.`,
          `Use one of the tables: ${[...model.tables.keys()].map((n) => `"${n}"`).join(", ")}, or add the table.`,
        );
      }
    }
    if (!ok) continue;
    const childSide = r.type === "many_to_one" ? "fromColumn" : "toColumn";
    const parentSide = r.type === "many_to_one" ? "toColumn" : "fromColumn";
    if (r[parentSide] !== "id") {
      out.add(
        `${path}/${parentSide}`,
        "fk_must_reference_id",
        `The ${r.type} relationship between "${r.fromTable}" and "${r.toTable}" points at "${fk.parentTable}.${r[parentSide]}", but a relationship can only point at a table's "id".`,
        `Set "${parentSide}" to "id" and "${childSide}" to the uuid column of "${fk.childTable}" that stores the reference.`,
      );
    }
    if (checkChildColumn(model, fk, `${path}/${childSide}`, out)) {
      const key = `${fk.childTable}.${fk.childColumn}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        out.add(
          path,
          "duplicate_relationship",
          `"${key}" is declared as a reference twice (relationships ${earlier} and ${fk.index}).`,
          "Keep one relationship per reference column; many_to_one and one_to_many are two ways to write the same one.",
        );
      } else seen.set(key, fk.index);
    }
    const label = r.ui?.lookupLabelColumn;
    if (label && !model.column(fk.parentTable, label)) {
      out.add(
        `${path}/ui/lookupLabelColumn`,
        "unknown_column",
        `The relationship shows "${fk.parentTable}" records by "${label}", but "${fk.parentTable}" has no such column.`,
        `Use one of its columns: ${model.columnNames(fk.parentTable)}.`,
      );
    }
  }
  checkJunctions(model, out);
}

/**
 * A junction's two columns must each be a table's link to a parent (so the pair is a link
 * between two records), and to two different tables: the same table twice is not supported.
 */
function checkJunctions(model: BlueprintModel, out: Problems): void {
  for (const { table, index } of model.tables.values()) {
    if (!table.junction) continue;
    const path = `/data/tables/${index}/junction/columns`;
    const parents = table.junction.columns.map((column, i) => {
      const fk = model.foreignKeys.find((k) => k.childTable === table.name && k.childColumn === column);
      if (!fk) {
        out.add(
          `${path}/${i}`,
          "junction_column_not_a_link",
          `The junction "${table.name}" names "${column}", which is not a many_to_one link from "${table.name}" to another table.`,
          `Name two uuid columns of "${table.name}" that each have a many_to_one relationship to a table's "id".`,
        );
      }
      return fk?.parentTable;
    });
    const [a, b] = parents;
    if (a !== undefined && a === b) {
      out.add(
        path,
        "junction_same_table",
        `The junction "${table.name}" links "${a}" to itself; a junction must link two different tables.`,
        `Point its two columns at two different tables, or drop "junction" and keep the two links.`,
      );
    }
  }
}

/** True when the child column exists as a declared uuid column. */
function checkChildColumn(model: BlueprintModel, fk: ForeignKey, path: string, out: Problems): boolean {
  const column = model.column(fk.childTable, fk.childColumn);
  if (!column || column.system) {
    out.add(
      path,
      "unknown_column",
      `The relationship stores its reference in "${fk.childTable}.${fk.childColumn}", but "${fk.childTable}" declares no such column.`,
      `Add a uuid column "${fk.childColumn}" to "${fk.childTable}", or use one of its uuid columns.`,
    );
    return false;
  }
  if (column.type !== "uuid") {
    out.add(
      path,
      "fk_type_mismatch",
      `"${fk.childTable}.${fk.childColumn}" refers to "${fk.parentTable}", but it is a ${column.type} column and ids are UUIDs.`,
      `Change the type of "${fk.childTable}.${fk.childColumn}" to "uuid".`,
    );
    return false;
  }
  if (fk.relationship.onDelete === "set_null" && column.column?.required) {
    out.add(
      `/data/relationships/${fk.index}/onDelete`,
      "set_null_on_required",
      `Deleting a "${fk.parentTable}" record would empty "${fk.childTable}.${fk.childColumn}", but that column is required.`,
      `Use onDelete "cascade" or "restrict", or make "${fk.childColumn}" optional.`,
    );
  }
  return true;
}

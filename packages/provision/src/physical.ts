/**
 * The physical side of a blueprint: its tables in the order they are created, the
 * columns that get an index, the columns policies read. What the blueprint *means* —
 * system columns, foreign keys child → parent, access and parent scopes — comes from
 * `resolveBlueprint` in @plinth/blueprint; this file adds only what the database needs,
 * and refuses (as `ProvisionError` problems) what cannot become valid SQL, even when
 * the verifier let it through.
 */
import {
  type Access,
  type BlueprintV2,
  COMMANDS,
  type Column,
  type ColumnType,
  columnsOf,
  describeType,
  FILE_COLUMN_TYPES,
  type Filter,
  type ForeignKey,
  foreignKeyOf,
  isSystemColumn,
  literalFits,
  type Problem,
  type ResolvedBlueprint,
  resolveBlueprint,
  scopeColumns,
  type Table,
  USER_ID,
  USER_TEAM_IDS,
} from "@plinth/blueprint";

export type { Access, ForeignKey };

export interface PhysicalTable {
  name: string;
  table: Table;
  /** Every column a filter or relationship may name: declared ones plus system columns. */
  types: Map<string, ColumnType>;
}

export interface IndexedColumn {
  table: string;
  column: string;
  /**
   * A row filter's column that leads the index, `column` following it: the rows one
   * user may see (its value) lie together in `column` order, so their list's page is
   * read in order and stops, instead of walking everyone's rows in order past the ones
   * the filter hides.
   */
  within?: string;
  reasons: ("indexed" | "foreign key" | "row filter" | "access scope" | "file lookup" | "list order")[];
}

export interface PhysicalApp {
  blueprint: BlueprintV2;
  resolved: ResolvedBlueprint;
  /** Parents before children, so the plan reads top-down. */
  tables: PhysicalTable[];
  foreignKeys: ForeignKey[];
  access: Access[];
  /** Columns that get an index of their own (primary key and unique columns already have one). */
  indexes: IndexedColumn[];
  /**
   * Columns a policy reads (row filters, the person, team, parent and where columns of
   * scopes, links to scoping parents), which the self-check requires to be indexed.
   */
  filterColumns: { table: string; column: string }[];
}

export type PhysicalResult = { ok: true; app: PhysicalApp } | { ok: false; problems: Problem[] };

export function buildPhysicalApp(blueprint: BlueprintV2): PhysicalResult {
  const resolved = resolveBlueprint(blueprint);
  const problems: Problem[] = [];
  const report = (path: string, code: string, message: string, hint: string) =>
    problems.push({ path, code, message, hint });

  const tables = new Map<string, PhysicalTable>();
  blueprint.data.tables.forEach((table, t) => {
    if (tables.has(table.name)) {
      report(
        `/data/tables/${t}/name`,
        "duplicate_table",
        `table "${table.name}" is declared twice`,
        "Rename or merge one of them.",
      );
      return;
    }
    const types = new Map<string, ColumnType>();
    for (const [name, { type }] of resolved.tables.get(table.name)?.columns ?? [])
      if (isSystemColumn(name)) types.set(name, type);
    table.columns.forEach((column, c) => {
      const path = `/data/tables/${t}/columns/${c}`;
      if (types.has(column.name)) {
        report(
          `${path}/name`,
          "duplicate_column",
          `column "${column.name}" appears twice in table "${table.name}"`,
          "Rename or remove one of them.",
        );
      }
      types.set(column.name, column.type);
      for (const problem of columnRuleProblems(column))
        report(
          `${path}/${problem.key}`,
          "invalid_column_rule",
          `${table.name}.${column.name}: ${problem.message}`,
          problem.hint,
        );
    });
    tables.set(table.name, { name: table.name, table, types });
  });

  const roles = new Set(blueprint.security.roles.map((role) => role.name));
  const roleProblem = (role: string, path: string) => {
    if (!roles.has(role))
      report(
        path,
        "unknown_role",
        `role "${role}" is not declared in security.roles`,
        `Use one of: ${[...roles].join(", ")}.`,
      );
  };
  const tableProblem = (name: string, path: string) => {
    if (!tables.has(name))
      report(path, "unknown_table", `table "${name}" does not exist`, `Use one of: ${[...tables.keys()].join(", ")}.`);
  };

  blueprint.data.relationships.forEach((rel, r) => {
    const path = `/data/relationships/${r}`;
    const { table: child, column: childColumn, refTable: parent, refColumn: parentColumn } = foreignKeyOf(rel, r);
    const [childPath, parentPath] = rel.type === "many_to_one" ? ["from", "to"] : ["to", "from"];
    const childTable = tables.get(child);
    const parentTable = tables.get(parent);
    if (!childTable || !parentTable) {
      tableProblem(child, `${path}/${childPath}Table`);
      tableProblem(parent, `${path}/${parentPath}Table`);
      return;
    }
    const typeOf = (table: PhysicalTable, column: string, at: string) => {
      const type = table.types.get(column);
      if (!type)
        report(at, "unknown_column", `table "${table.name}" has no column "${column}"`, "Name a declared column.");
      return type;
    };
    const childType = typeOf(childTable, childColumn, `${path}/${childPath}Column`);
    const parentType = typeOf(parentTable, parentColumn, `${path}/${parentPath}Column`);
    if (!childType || !parentType) return;
    const parentIsKey =
      parentColumn === "id" || parentTable.table.columns.some((c) => c.name === parentColumn && c.unique);
    if (!parentIsKey) {
      report(
        `${path}/${parentPath}Column`,
        "relationship_target_not_unique",
        `${parent}.${parentColumn} is not unique, so it cannot be referenced`,
        `Reference ${parent}.id instead.`,
      );
    }
    if (childType !== parentType) {
      report(
        `${path}/${childPath}Column`,
        "relationship_type_mismatch",
        `${child}.${childColumn} is ${childType} but ${parent}.${parentColumn} is ${parentType}`,
        "Give both columns the same type.",
      );
    }
    if (isSystemColumn(childColumn)) {
      report(
        `${path}/${childPath}Column`,
        "relationship_on_system_column",
        `${child}.${childColumn} is a system column and cannot reference another table`,
        "Add a column such as <table>_id for the reference.",
      );
    }
    const required = childTable.table.columns.find((c) => c.name === childColumn)?.required;
    if (rel.onDelete === "set_null" && required) {
      report(
        `${path}/onDelete`,
        "set_null_on_required",
        `${child}.${childColumn} is required, so deleting a ${parent} row could not set it to null`,
        'Use "cascade" or "restrict", or make the column optional.',
      );
    }
  });

  blueprint.security.permissions.forEach((permission, p) => {
    roleProblem(permission.role, `/security/permissions/${p}/role`);
    tableProblem(permission.resource, `/security/permissions/${p}/resource`);
  });

  const filterColumns: { table: string; column: string }[] = [];
  blueprint.security.rowFilters.forEach((rowFilter, f) => {
    const path = `/security/rowFilters/${f}`;
    roleProblem(rowFilter.role, `${path}/role`);
    const table = tables.get(rowFilter.resource);
    if (!table) {
      tableProblem(rowFilter.resource, `${path}/resource`);
      return;
    }
    for (const problem of filterProblems(rowFilter.filter, table, `${path}/filter`)) problems.push(problem);
    for (const column of columnsOf(rowFilter.filter)) {
      if (table.types.has(column) && !filterColumns.some((fc) => fc.table === table.name && fc.column === column)) {
        filterColumns.push({ table: table.name, column });
      }
    }
  });

  if (problems.length > 0) return { ok: false, problems };
  const { foreignKeys, access } = resolved;

  const indexes: IndexedColumn[] = [];
  const addIndex = (table: string, column: string, reason: IndexedColumn["reasons"][number]) => {
    const declared = tables.get(table)?.table.columns.find((c) => c.name === column);
    if (column === "id" || declared?.unique) return;
    const existing = indexes.find((i) => i.table === table && i.column === column && !i.within);
    if (existing) {
      if (!existing.reasons.includes(reason)) existing.reasons.push(reason);
    } else indexes.push({ table, column, reasons: [reason] });
  };
  const addListUnderFilter = (table: string, within: string, column: string) => {
    if (!indexes.some((i) => i.table === table && i.within === within && i.column === column))
      indexes.push({ table, column, within, reasons: ["list order", "row filter"] });
  };
  for (const table of blueprint.data.tables)
    for (const c of table.columns) {
      if (c.indexed) addIndex(table.name, c.name, "indexed");
      // Every download of a file looks up the row holding its path.
      if ((FILE_COLUMN_TYPES as readonly string[]).includes(c.type)) addIndex(table.name, c.name, "file lookup");
    }
  // A list's first page is its rows in this order: with an index Postgres reads the first
  // rows in order and stops, instead of sorting every row the role may see.
  for (const page of blueprint.ui.pages)
    for (const block of page.blocks)
      if (block.type === "TABLE" && block.defaultSort && tables.get(block.table)?.types.has(block.defaultSort.column)) {
        addIndex(block.table, block.defaultSort.column, "list order");
        for (const within of equalityColumns(blueprint, block.table))
          if (within !== block.defaultSort.column) addListUnderFilter(block.table, within, block.defaultSort.column);
      }
  for (const fk of foreignKeys) addIndex(fk.table, fk.column, "foreign key");
  for (const fc of filterColumns) addIndex(fc.table, fc.column, "row filter");
  const policyColumn = (table: string, column: string) => {
    if (!filterColumns.some((fc) => fc.table === table && fc.column === column)) filterColumns.push({ table, column });
  };
  for (const a of access) {
    for (const command of COMMANDS) {
      const scope = a[command] ? a.scopes[command] : null;
      if (!scope) continue;
      for (const column of scopeColumns(scope)) {
        addIndex(a.table, column, "access scope");
        policyColumn(a.table, column);
      }
    }
    for (const fk of a.parents) policyColumn(fk.table, fk.column);
  }

  return {
    ok: true,
    app: {
      blueprint,
      resolved,
      tables: dependencyOrder([...tables.values()], foreignKeys),
      foreignKeys,
      access,
      indexes,
      filterColumns,
    },
  };
}

/**
 * The columns a row filter on `table` holds equal to one value (alone or within an
 * `and`): each role's rows under it share that column's value.
 */
function equalityColumns(blueprint: BlueprintV2, table: string): string[] {
  const found = new Set<string>();
  const visit = (filter: Filter) => {
    if ("equals" in filter) found.add(filter.equals[0]);
    else if ("and" in filter) filter.and.forEach(visit);
  };
  for (const rowFilter of blueprint.security.rowFilters) if (rowFilter.resource === table) visit(rowFilter.filter);
  return [...found];
}

function filterProblems(filter: Filter, table: PhysicalTable, path: string): Problem[] {
  const unknown = (column: string, at: string): Problem => ({
    path: at,
    code: "unknown_column",
    message: `table "${table.name}" has no column "${column}"`,
    hint: `Filter on one of: ${[...table.types.keys()].join(", ")}.`,
  });
  const badValue = (at: string, message: string, hint: string): Problem => ({
    path: at,
    code: "invalid_filter_value",
    message,
    hint,
  });
  if ("and" in filter) return filter.and.flatMap((f, i) => filterProblems(f, table, `${path}/and/${i}`));
  if ("or" in filter) return filter.or.flatMap((f, i) => filterProblems(f, table, `${path}/or/${i}`));
  const [column, value] = "equals" in filter ? filter.equals : filter.in;
  const at = `${path}/${"equals" in filter ? "equals" : "in"}`;
  const type = table.types.get(column);
  if (!type) return [unknown(column, `${at}/0`)];
  const values = Array.isArray(value) ? value : [value];
  const problems: Problem[] = [];
  values.forEach((v, i) => {
    const vPath = Array.isArray(value) ? `${at}/1/${i}` : `${at}/1`;
    if (v === USER_ID) {
      if (type !== "uuid" && type !== "user" && type !== "text")
        problems.push(
          badValue(
            vPath,
            `${table.name}.${column} is ${type} and cannot hold a user id`,
            "Compare $user.id with a uuid column.",
          ),
        );
    } else if (v === USER_TEAM_IDS) {
      if (!("in" in filter))
        problems.push(
          badValue(
            vPath,
            "$user.team_ids is a list and can only be used with in",
            'Write { "in": [column, "$user.team_ids"] }.',
          ),
        );
      else if (type !== "uuid" && type !== "text")
        problems.push(
          badValue(
            vPath,
            `${table.name}.${column} is ${type} and cannot hold a team id`,
            "Compare $user.team_ids with a uuid column.",
          ),
        );
    } else if (typeof v === "string" && v.startsWith("$")) {
      problems.push(
        badValue(
          vPath,
          `${JSON.stringify(v)} is not a filter variable`,
          "Use $user.id, $user.team_ids or a literal value.",
        ),
      );
    } else {
      const problem = literalProblem(type, v);
      if (problem)
        problems.push(
          badValue(
            vPath,
            `${JSON.stringify(v)} does not fit ${table.name}.${column} (${type}): ${problem}`,
            `Use a value of type ${type}.`,
          ),
        );
    }
  });
  return problems;
}

interface RuleProblem {
  key: string;
  message: string;
  hint: string;
}

/** Column rules that cannot become valid SQL for the column's type. */
function columnRuleProblems(column: Column): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const ordered = ["int", "float", "date", "timestamptz"].includes(column.type);
  for (const key of ["min", "max"] as const) {
    const value = column[key];
    if (value === undefined) continue;
    if (!ordered)
      problems.push({
        key,
        message: `${key} applies to int, float, date and timestamptz columns, not ${column.type}`,
        hint: column.type === "text" ? "Use maxLength for text." : `Remove ${key}.`,
      });
    else {
      const problem = literalProblem(column.type, value);
      if (problem)
        problems.push({
          key,
          message: `${key} ${JSON.stringify(value)}: ${problem}`,
          hint: `Give ${key} as a ${column.type} value.`,
        });
    }
  }
  if (column.maxLength !== undefined && column.type !== "text") {
    problems.push({
      key: "maxLength",
      message: `maxLength applies to text columns, not ${column.type}`,
      hint: "Remove maxLength.",
    });
  }
  column.enum?.forEach((value, i) => {
    const problem = literalProblem(column.type, value);
    if (problem)
      problems.push({
        key: `enum/${i}`,
        message: `enum value ${JSON.stringify(value)}: ${problem}`,
        hint: `List ${column.type} values only.`,
      });
  });
  if (column.default !== undefined) {
    const value = column.default;
    const special = value === "$now" ? ["date", "timestamptz"] : value === USER_ID ? ["user", "uuid", "text"] : null;
    if (special && !special.includes(column.type)) {
      problems.push({
        key: "default",
        message: `default ${value} does not fit a ${column.type} column`,
        hint: `${value} works for ${special.join(" and ")} columns.`,
      });
    } else if (!special) {
      const problem =
        typeof value === "string" && value.startsWith("$")
          ? "not a known variable ($now, $user.id)"
          : literalProblem(column.type, value);
      if (problem)
        problems.push({
          key: "default",
          message: `default ${JSON.stringify(value)}: ${problem}`,
          hint: `Give a ${column.type} value, $now or $user.id.`,
        });
      else if (column.enum && !column.enum.includes(String(value)))
        problems.push({
          key: "default",
          message: `default ${JSON.stringify(value)} is not one of the enum values`,
          hint: `Use one of: ${column.enum.join(", ")}.`,
        });
    }
  }
  return problems;
}

/** Parents before children; cycles (and self references) are fine because foreign keys are added after all tables. */
function dependencyOrder(tables: PhysicalTable[], foreignKeys: ForeignKey[]): PhysicalTable[] {
  const ordered: PhysicalTable[] = [];
  const placed = new Set<string>();
  let remaining = [...tables];
  while (remaining.length > 0) {
    const ready = remaining.filter((t) =>
      foreignKeys.every((fk) => fk.table !== t.name || fk.refTable === t.name || placed.has(fk.refTable)),
    );
    // A cycle: take the first remaining table in blueprint order and carry on.
    const next = ready.length > 0 ? ready : remaining.slice(0, 1);
    for (const t of next) {
      ordered.push(t);
      placed.add(t.name);
    }
    remaining = remaining.filter((t) => !placed.has(t.name));
  }
  return ordered;
}

/** Why `value` is not a literal of `type` (the verifier's rule, `literalFits`), or null. */
function literalProblem(type: ColumnType, value: unknown): string | null {
  return literalFits(type, value) ? null : `expected ${describeType(type)}`;
}

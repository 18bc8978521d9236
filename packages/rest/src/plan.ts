/**
 * ApiRequest + schema model → Plan (PostgREST's Plan.hs): every name is resolved
 * against the model here, so the SQL builder only ever sees model identifiers.
 */
import {
  aggregatesNotAllowed,
  ambiguousRelationship,
  columnNotFound,
  duplicateEmbed,
  noRelationship,
  notEmbedded,
  type RelationshipDetail,
  relatedOrderNotToOne,
  suggest,
  tableNotFound,
  tooManyRows,
  undefinedColumn,
  undefinedType,
} from "./errors.js";
import type {
  AggregateFunction,
  Filter,
  JsonStep,
  LogicTree,
  Operation,
  SelectEmbed,
  SelectField,
  SelectItem,
} from "./grammar.js";
import {
  type ColumnModel,
  constraintOf,
  findColumn,
  findTable,
  isUniqueForeignKey,
  primaryKeyOf,
  type RelationshipModel,
  type SchemaModel,
  type TableModel,
} from "./model.js";
import type { CountPreference, Preferences, ResolutionPreference, ReturnPreference } from "./prefer.js";
import type { ApiRequest, Media, Range } from "./request.js";

export interface FieldPlan {
  /** The column read; absent only for `count()`, which counts the group's rows. */
  column?: ColumnModel;
  /** A path into the column's JSON (`meta->a->>b`). */
  jsonPath?: JsonStep[];
  /** The JSON key in the response (alias, column or aggregate function name). */
  key: string;
  /** SQL type name from the cast whitelist. */
  cast?: string;
  /** Aggregated over the rows grouped by the node's other fields, its result cast if asked. */
  aggregate?: { fn: AggregateFunction; cast?: string };
  /**
   * A bare `count` on a table without such a column: Postgres reads `t.count` as
   * `count(t)`, so PostgREST answers it even with aggregates turned off.
   */
  countByAttribute?: true;
}

export type Condition =
  | { kind: "filter"; column: ColumnModel; jsonPath?: JsonStep[]; negate: boolean; operation: Operation }
  /** `rel=not.is.null` / `rel=is.null`: whether the row has a match in an embed (its filters included). */
  | { kind: "embed"; embed: EmbedPlan; exists: boolean }
  | { kind: "logic"; op: "and" | "or"; negate: boolean; children: Condition[] };

export interface OrderPlan {
  /** A to-one embed whose column orders the rows (`order=rel(col)`). */
  embed?: EmbedPlan;
  column: ColumnModel;
  jsonPath?: JsonStep[];
  direction?: "asc" | "desc";
  nulls?: "first" | "last";
}

export interface EmbedPlan {
  key: string;
  /** The name the client used (relation), for matching embedded filters. */
  relation: string;
  cardinality: Cardinality;
  /** An object (or null) per parent row; otherwise an array. */
  toOne: boolean;
  /** Join: child.childColumn = parent.parentColumn */
  parentColumn: ColumnModel;
  childColumn: ColumnModel;
  inner: boolean;
  /** Many-to-many: the rows are joined through this table, `junction.column = parentColumn`. */
  junction?: Junction;
  /** `...rel(cols)`: the embed's keys are the parent's. */
  spread: boolean;
  /** `rel()`: joined only to filter the parents, never shown. */
  hidden: boolean;
  node: ReadNode;
}

export interface ReadNode {
  table: TableModel;
  fields: FieldPlan[];
  embeds: EmbedPlan[];
  where: Condition[];
  order: OrderPlan[];
  range: Range;
}

interface PlanBase {
  table: TableModel;
  /** `Prefer: tx=rollback` where allowed: answer as if done, then undo it. */
  rollback: boolean;
  /** What the response shows: for writes, read from the written rows. */
  root: ReadNode;
  singular: boolean;
  media: Media;
  /** The schema to echo as Content-Profile, when the client chose it by profile. */
  contentProfile?: string;
  preferences: Preferences;
}

export interface ReadPlan extends PlanBase {
  action: "read";
  headersOnly: boolean;
  count?: CountPreference;
  canonicalQuery: string;
}

export interface InsertPlan extends PlanBase {
  action: "insert";
  columns: ColumnModel[];
  rows: Record<string, unknown>[];
  missingDefault: boolean;
  conflict?: { columns: ColumnModel[]; resolution: ResolutionPreference };
  returning: ReturnPreference;
  count: boolean;
  primaryKey: ColumnModel[];
}

export interface UpdatePlan extends PlanBase {
  action: "update";
  columns: ColumnModel[];
  row: Record<string, unknown>;
  /** `missing=default`: a column named in `columns=` but absent from the body gets its default. */
  missingDefault: boolean;
  where: Condition[];
  returning: ReturnPreference;
  count: boolean;
}

export interface DeletePlan extends PlanBase {
  action: "delete";
  where: Condition[];
  returning: ReturnPreference;
  count: boolean;
}

export type Plan = ReadPlan | InsertPlan | UpdatePlan | DeletePlan;

/** What the server allows per request; the defaults are PostgREST's (no caps, estimates shown). */
export interface PlanOptions {
  /** Most rows a read returns, and each of its embeds per parent row (PostgREST's db-max-rows); null: no cap. */
  maxRows: number | null;
  /** Most rows one insert or upsert body may carry; null: no cap. */
  maxWriteRows: number | null;
  /**
   * Whether the planner's row estimate for a table may be shown. Statistics cover every
   * row, including those row-level security hides, so a table the caller sees only part
   * of must be counted exactly instead.
   */
  estimatesAllowed(table: string): boolean;
  /** Whether `select` may use aggregate functions (PostgREST's db-aggregates-enabled, off by default there). */
  aggregatesEnabled?: boolean;
  /**
   * Whether `Prefer: tx=rollback|commit` is honoured (PostgREST's db-tx-end=commit-allow-override;
   * by default it commits whatever the client prefers).
   */
  transactionOverride?: boolean;
}

export const postgrestPlanOptions: PlanOptions = {
  maxRows: null,
  maxWriteRows: null,
  estimatesAllowed: () => true,
  aggregatesEnabled: false,
  transactionOverride: false,
};

/** Cast targets a client may name in `col::type`, mapped to the SQL written for them. */
const castTypes = new Map<string, string>(
  Object.entries({
    text: "text",
    varchar: "varchar",
    int: "integer",
    int2: "smallint",
    int4: "integer",
    int8: "bigint",
    integer: "integer",
    smallint: "smallint",
    bigint: "bigint",
    numeric: "numeric",
    decimal: "numeric",
    real: "real",
    float4: "real",
    float8: "double precision",
    "double precision": "double precision",
    bool: "boolean",
    boolean: "boolean",
    date: "date",
    time: "time",
    timestamp: "timestamp",
    timestamptz: "timestamptz",
    uuid: "uuid",
    json: "json",
    jsonb: "jsonb",
  }),
);

type Cardinality = "many-to-one" | "one-to-many" | "one-to-one" | "many-to-many";

/** The table between two others in a many-to-many relationship, and its two foreign keys. */
export interface Junction {
  table: TableModel;
  /** Its column pointing at the origin, and the one pointing at the target. */
  column: ColumnModel;
  targetColumn: ColumnModel;
  constraint: string;
  targetConstraint: string;
}

/** A foreign key seen from one of its tables, as PostgREST's schema cache lists relationships. */
interface Relationship {
  cardinality: Cardinality;
  /** Whether the foreign key is on the origin table (it points at `target`). */
  toParent: boolean;
  origin: string;
  target: string;
  /** The joined columns on the origin and on the target (through `junction` for many-to-many). */
  column: string;
  targetColumn: string;
  constraint: string;
  junction?: Junction;
}

function relationshipsOf(model: SchemaModel, origin: string): Relationship[] {
  const rels: Relationship[] = [];
  for (const fk of model.relationships) {
    const unique = isUniqueForeignKey(model, fk);
    const constraint = constraintOf(fk);
    if (fk.fromTable === origin) {
      rels.push({
        cardinality: unique ? "one-to-one" : "many-to-one",
        toParent: true,
        origin,
        target: fk.toTable,
        column: fk.fromColumn,
        targetColumn: fk.toColumn,
        constraint,
      });
    }
    if (fk.toTable === origin) {
      rels.push({
        cardinality: unique ? "one-to-one" : "one-to-many",
        toParent: false,
        origin,
        target: fk.fromTable,
        column: fk.toColumn,
        targetColumn: fk.fromColumn,
        constraint,
      });
      rels.push(...manyToMany(model, fk));
    }
  }
  return rels;
}

/**
 * Many-to-many through `fk`'s table, as PostgREST detects them: the table has another
 * foreign key and both keys' columns are part of its primary key, or of one of its unique
 * keys (a table with a surrogate `id` declares its pair unique instead).
 */
function manyToMany(model: SchemaModel, fk: RelationshipModel): Relationship[] {
  const table = findTable(model, fk.fromTable);
  if (!table) return [];
  const keys = [primaryKeyOf(table), ...(table.uniqueKeys ?? [])];
  return model.relationships
    .filter((other) => other !== fk && other.fromTable === table.name)
    .filter((other) => keys.some((key) => key.includes(fk.fromColumn) && key.includes(other.fromColumn)))
    .flatMap((other) => {
      const column = findColumn(table, fk.fromColumn);
      const targetColumn = findColumn(table, other.fromColumn);
      if (!column || !targetColumn) return [];
      return [
        {
          cardinality: "many-to-many" as const,
          toParent: false,
          origin: fk.toTable,
          target: other.toTable,
          column: fk.toColumn,
          targetColumn: other.toColumn,
          constraint: table.name,
          junction: {
            table,
            column,
            targetColumn,
            constraint: constraintOf(fk),
            targetConstraint: constraintOf(other),
          },
        },
      ];
    });
}

/**
 * PostgREST's findRel: `target` names the table, the constraint or the origin's column;
 * a hint names the constraint, a column on either side or a many-to-many's junction. A
 * self-referencing key is two relationships: `table(*)` or `table!col(*)` are the
 * children, `col(*)` the parent.
 */
function matchesEmbed(rel: Relationship, target: string, hint: string | undefined): boolean {
  if (rel.origin === rel.target) {
    if (hint === undefined) {
      return (
        (rel.cardinality === "one-to-many" && target === rel.target) ||
        (rel.cardinality === "many-to-one" && target === rel.column)
      );
    }
    return rel.cardinality === "one-to-many" && target === rel.target && hint === rel.targetColumn;
  }
  if (rel.junction) return target === rel.target && (hint === undefined || hint === rel.junction.table.name);
  if (hint === undefined) return target === rel.target || target === rel.constraint || target === rel.column;
  return target === rel.target && (hint === rel.constraint || hint === rel.column || hint === rel.targetColumn);
}

/** How PGRST201 lists a candidate (Error.hs compressedRel). */
function describeRelationship(rel: Relationship): RelationshipDetail & { hint: string } {
  const { junction } = rel;
  return {
    cardinality: rel.cardinality,
    embedding: `${rel.origin} with ${rel.target}`,
    relationship: junction
      ? `${junction.table.name} using ${junction.constraint}(${junction.column.name}) and ${junction.targetConstraint}(${junction.targetColumn.name})`
      : `${rel.constraint} using ${rel.origin}(${rel.column}) and ${rel.target}(${rel.targetColumn})`,
    hint: `${rel.target}!${rel.constraint}`,
  };
}

/** A JSON path's output key, as PostgREST names it: its last key (also before a final index). */
function jsonKeyOf(item: { jsonPath?: JsonStep[] }): string | undefined {
  const keys = (item.jsonPath ?? []).map((step) => step.operand).filter((o): o is string => typeof o === "string");
  return keys.at(-1);
}

function castType(name: string): string {
  const cast = castTypes.get(name.toLowerCase());
  if (!cast) throw undefinedType(name);
  return cast;
}

/** The embed `order=rel(col)` names: one of the node's, and to-one (PostgREST's addRelatedOrders). */
function relatedOrder(node: ReadNode, relation: string): EmbedPlan {
  const embed = node.embeds.find((e) => e.key === relation);
  if (!embed) throw notEmbedded(relation);
  if (!embed.toOne) throw relatedOrderNotToOne(node.table.name, relation);
  return embed;
}

/** A null test on an embed's name filters on whether a related row exists, as in PostgREST. */
function embedCondition(node: ReadNode, filter: Filter): Condition | undefined {
  const op = filter.operation;
  if (filter.jsonPath || op.kind !== "is" || (op.value !== "null" && op.value !== "not_null")) return undefined;
  const embed = node.embeds.find((e) => e.key === filter.column);
  if (!embed) return undefined;
  return { kind: "embed", embed, exists: (op.value === "not_null") !== filter.negate };
}

/** The keys of a node's objects, in order: its fields, then its embeds (a spread's own keys, a hidden one none). */
export function outputKeys(node: ReadNode): string[] {
  return [
    ...node.fields.map((field) => field.key),
    ...node.embeds.flatMap((embed) => (embed.hidden ? [] : embed.spread ? outputKeys(embed.node) : [embed.key])),
  ];
}

function usesAggregates(node: ReadNode): boolean {
  return node.fields.some((f) => f.aggregate && !f.countByAttribute) || node.embeds.some((e) => usesAggregates(e.node));
}

function isCountAttribute(table: TableModel, item: SelectField): boolean {
  return item.name === "count" && !item.jsonPath && !item.aggregate && !findColumn(table, "count");
}

class Planner {
  constructor(
    readonly model: SchemaModel,
    readonly schema: string,
  ) {}

  table(name: string): TableModel {
    const table = findTable(this.model, name);
    if (table) return table;
    const hint = suggest(
      name,
      this.model.tables.map((t) => t.name),
      0.6,
    );
    throw tableNotFound(this.schema, name, hint ? `Perhaps you meant the table '${this.schema}.${hint}'` : null);
  }

  column(table: TableModel, name: string): ColumnModel {
    const column = findColumn(table, name);
    if (column) return column;
    throw undefinedColumn(
      table.name,
      name,
      table.columns.map((c) => c.name),
    );
  }

  writableColumn(table: TableModel, name: string): ColumnModel {
    const column = findColumn(table, name);
    if (!column) throw columnNotFound(table.name, name);
    return column;
  }

  /** A read of `table`; `depth` counts the embeds above it (0 at the root). */
  node(table: TableModel, items: SelectItem[], depth = 0): ReadNode {
    const fields: FieldPlan[] = [];
    const embeds: EmbedPlan[] = [];
    for (const item of items) {
      if (item.kind === "star") {
        for (const column of table.columns) fields.push({ column, key: column.name });
      } else if (item.kind === "count") {
        fields.push({
          key: item.alias ?? "count",
          aggregate: { fn: "count", ...(item.cast !== undefined && { cast: castType(item.cast) }) },
        });
      } else if (item.kind === "field" && isCountAttribute(table, item)) {
        fields.push({
          key: item.alias ?? "count",
          aggregate: { fn: "count", ...(item.cast !== undefined && { cast: castType(item.cast) }) },
          countByAttribute: true,
        });
      } else if (item.kind === "field") {
        const column = this.column(table, item.name);
        const field: FieldPlan = { column, key: item.alias ?? item.aggregate ?? jsonKeyOf(item) ?? item.name };
        if (item.jsonPath) field.jsonPath = item.jsonPath;
        if (item.cast !== undefined) field.cast = castType(item.cast);
        if (item.aggregate !== undefined) {
          field.aggregate = {
            fn: item.aggregate,
            ...(item.aggregateCast !== undefined && { cast: castType(item.aggregateCast) }),
          };
        }
        fields.push(field);
      } else {
        const embed = this.embed(table, item, depth + 1);
        if (!embed.spread && embeds.some((other) => !other.spread && other.key === embed.key)) {
          throw duplicateEmbed(`${table.name}_${embed.key}_${depth + 1}`);
        }
        embeds.push(embed);
      }
    }
    return { table, fields, embeds, where: [], order: [], range: { offset: 0, limit: null } };
  }

  embed(parent: TableModel, item: SelectEmbed, depth: number): EmbedPlan {
    const name = item.relation;
    const candidates = relationshipsOf(this.model, parent.name).filter((rel) => matchesEmbed(rel, name, item.hint));
    if (candidates.length === 0) {
      const related = relationshipsOf(this.model, parent.name).map((rel) => rel.target);
      const guess = related.includes(name) ? null : suggest(name, [...new Set(related)], 0.34);
      throw noRelationship(
        parent.name,
        name,
        item.hint ?? null,
        this.schema,
        guess ? `Perhaps you meant '${guess}' instead of '${name}'.` : null,
      );
    }
    if (candidates.length > 1) throw ambiguousRelationship(parent.name, name, candidates.map(describeRelationship));
    const rel = candidates[0] as Relationship;
    const childTable = this.table(rel.target);
    const node = this.node(childTable, item.children, depth);
    return {
      key: item.alias ?? name,
      relation: name,
      cardinality: rel.cardinality,
      toOne: rel.cardinality === "many-to-one" || rel.cardinality === "one-to-one",
      parentColumn: this.column(parent, rel.column),
      childColumn: this.column(childTable, rel.targetColumn),
      inner: item.inner,
      ...(rel.junction && { junction: rel.junction }),
      spread: item.spread === true,
      hidden: item.children.length === 0,
      node,
    };
  }
  condition(table: TableModel, tree: LogicTree): Condition {
    if (tree.kind === "filter") return this.filter(table, tree.filter);
    return {
      kind: "logic",
      op: tree.op,
      negate: tree.negate,
      children: tree.children.map((c) => this.condition(table, c)),
    };
  }

  filter(table: TableModel, filter: Filter): Condition {
    return {
      kind: "filter",
      column: this.column(table, filter.column),
      ...(filter.jsonPath && { jsonPath: filter.jsonPath }),
      negate: filter.negate,
      operation: filter.operation,
    };
  }

  /** Follows an embed path (`tasks.comments`) from the root node. */
  find(root: ReadNode, path: string[]): ReadNode {
    let node = root;
    for (const segment of path) {
      const embed = node.embeds.find((e) => e.key === segment) ?? node.embeds.find((e) => e.relation === segment);
      if (!embed) throw notEmbedded(segment);
      node = embed.node;
    }
    return node;
  }

  /** Applies filters, logic, order and limits from the query string to the read tree. */
  decorate(root: ReadNode, request: ApiRequest, skipRootFilters: boolean): Condition[] {
    const rootWhere: Condition[] = [];
    for (const { path, filter } of request.filters) {
      const node = this.find(root, path);
      const condition = embedCondition(node, filter) ?? this.filter(node.table, filter);
      if (path.length === 0) rootWhere.push(condition);
      else node.where.push(condition);
    }
    for (const { path, tree } of request.logic) {
      const node = this.find(root, path);
      const condition = this.condition(node.table, tree);
      if (path.length === 0) rootWhere.push(condition);
      else node.where.push(condition);
    }
    for (const { path, terms } of request.order) {
      const node = this.find(root, path);
      node.order.push(
        ...terms.map((t) => ({
          ...(t.relation !== undefined && { embed: relatedOrder(node, t.relation) }),
          column: this.column(
            t.relation !== undefined ? relatedOrder(node, t.relation).node.table : node.table,
            t.column,
          ),
          ...(t.jsonPath && { jsonPath: t.jsonPath }),
          ...(t.direction && { direction: t.direction }),
          ...(t.nulls && { nulls: t.nulls }),
        })),
      );
    }
    for (const { path, range } of request.ranges) {
      if (path.length > 0) this.find(root, path).range = range;
    }
    if (!skipRootFilters) root.where.push(...rootWhere);
    root.range = request.range;
    return rootWhere;
  }
}

function returning(preferences: Preferences): ReturnPreference {
  return preferences.return ?? "minimal";
}

/** Every table a read touches: the root and each embed, at any depth. */
function tablesOf(node: ReadNode): string[] {
  return [node.table.name, ...node.embeds.flatMap((embed) => tablesOf(embed.node))];
}

/** Applies the server's row cap to a read and to each of its embeds, as PostgREST's treeRestrictRange. */
function capRows(node: ReadNode, maxRows: number | null): void {
  if (maxRows === null) return;
  node.range = { offset: node.range.offset, limit: Math.min(node.range.limit ?? maxRows, maxRows) };
  for (const embed of node.embeds) capRows(embed.node, maxRows);
}

function refuseDisabledAggregates(root: ReadNode, options: PlanOptions): void {
  if (!options.aggregatesEnabled && usesAggregates(root)) throw aggregatesNotAllowed();
}

export function planRequest(
  request: ApiRequest,
  model: SchemaModel,
  schema: string,
  options: PlanOptions = postgrestPlanOptions,
): Plan {
  const planner = new Planner(model, schema);
  const table = planner.table(request.table);
  // As PostgREST: a tx preference the server does not allow is not applied, nor reported as applied.
  const { tx, ...others } = request.preferences;
  const preferences: Preferences = options.transactionOverride && tx ? { ...others, tx } : others;
  const base = {
    table,
    singular: request.singular,
    media: request.media,
    ...(request.profileNegotiated && { contentProfile: schema }),
    preferences,
    rollback: preferences.tx === "rollback",
  };
  const count = request.preferences.count === "exact" || request.preferences.count === "estimated";

  if (request.action === "read") {
    const root = planner.node(table, request.select);
    refuseDisabledAggregates(root, options);
    planner.decorate(root, request, false);
    capRows(root, options.maxRows);
    const counted =
      preferences.count === "planned" && !tablesOf(root).every((name) => options.estimatesAllowed(name))
        ? { ...preferences, count: "exact" as const }
        : preferences;
    return {
      ...base,
      preferences: counted,
      action: "read",
      root,
      headersOnly: request.headersOnly,
      ...(counted.count && { count: counted.count }),
      canonicalQuery: request.canonicalQuery,
    };
  }

  const ret = returning(request.preferences);
  const primaryKey = primaryKeyOf(table).map((name) => planner.column(table, name));
  const representation =
    ret === "headers-only" && request.action === "insert"
      ? {
          table,
          fields: primaryKey.map((column) => ({ column, key: column.name })),
          embeds: [],
          where: [],
          order: [],
          range: { offset: 0, limit: null },
        }
      : planner.node(table, request.select);
  refuseDisabledAggregates(representation, options);
  const where = planner.decorate(representation, request, true);
  representation.range = { offset: 0, limit: null };
  representation.order = [];

  if (request.action === "delete") {
    return { ...base, action: "delete", root: representation, where, returning: ret, count };
  }

  const payload = request.payload ?? { rows: [{}], isArray: false };
  if (options.maxWriteRows !== null && payload.rows.length > options.maxWriteRows) {
    throw tooManyRows(payload.rows.length, options.maxWriteRows);
  }
  const names = request.columns ?? Object.keys(payload.rows[0] ?? {});
  const columns = [...new Set(names)].map((name) => planner.writableColumn(table, name));

  if (request.action === "update") {
    return {
      ...base,
      action: "update",
      root: representation,
      columns,
      row: payload.rows[0] ?? {},
      missingDefault: request.preferences.missing === "default",
      where,
      returning: ret,
      count,
    };
  }

  const conflictColumns = request.onConflict ? request.onConflict.map((n) => planner.column(table, n)) : primaryKey;
  const resolution = request.preferences.resolution;
  return {
    ...base,
    action: "insert",
    root: representation,
    columns,
    rows: payload.rows,
    missingDefault: request.preferences.missing === "default",
    ...(resolution && conflictColumns.length > 0 && { conflict: { columns: conflictColumns, resolution } }),
    returning: ret,
    count,
    primaryKey,
  };
}

/**
 * Plan → one parameterized statement, shaped like PostgREST's: the rows come from a
 * `pgrst_source` CTE, embeds are lateral joins built with json_build_object/json_agg,
 * and the count, page size and JSON body come back in a single row. Values are always
 * bind parameters (also JSON keys, which may be client aliases); identifiers come from
 * the plan, i.e. the schema model, through quoteIdent.
 */

import { qualified, quoteIdent } from "@plinth/db/sql-text";
import type { JsonStep } from "./grammar.js";
import { type ColumnModel, primaryKeyOf } from "./model.js";
import {
  type Condition,
  type DeletePlan,
  type EmbedPlan,
  type FieldPlan,
  type InsertPlan,
  type OrderPlan,
  outputKeys,
  type Plan,
  type ReadNode,
  type ReadPlan,
  type UpdatePlan,
} from "./plan.js";

export interface SqlStatement {
  text: string;
  values: (string | null)[];
}

export interface BuiltSql extends SqlStatement {
  /** For `count=planned`: an EXPLAIN whose row estimate is the total. Run it in the same transaction. */
  plannedCount?: SqlStatement;
}

/** Postgres caps function arguments at 100, so json_build_object takes at most 50 pairs. */
const MAX_PAIRS_PER_OBJECT = 50;

class Builder {
  readonly values: (string | null)[] = [];
  private readonly keyParams = new Map<string, string>();
  private aliasCount = 0;

  constructor(readonly schema: string) {}

  param(value: string | null): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Object keys repeat across rows and embeds; bind each distinct key once. */
  key(name: string): string {
    let p = this.keyParams.get(name);
    if (!p) {
      p = `${this.param(name)}::text`;
      this.keyParams.set(name, p);
    }
    return p;
  }

  alias(prefix = "t"): string {
    return quoteIdent(`pgrst_${prefix}${this.aliasCount++}`);
  }

  table(name: string): string {
    return qualified(this.schema, name);
  }
}

// --- conditions -----------------------------------------------------------------------

/**
 * A column, or a path into it: json and jsonb directly, other types through to_jsonb,
 * as PostgREST does; keys and indexes are bind parameters.
 */
function columnSql(b: Builder, alias: string, column: ColumnModel, path: JsonStep[] = []): string {
  const ref = `${alias}.${quoteIdent(column.name)}`;
  if (path.length === 0) return ref;
  const json = column.pgType === "json" || column.pgType === "jsonb" ? ref : `to_jsonb(${ref})`;
  const steps = path.map(({ arrow, operand }) =>
    typeof operand === "number" ? `${arrow}${b.param(String(operand))}::int` : `${arrow}${b.param(operand)}::text`,
  );
  return `(${json}${steps.join("")})`;
}

const operatorSql: Record<string, string> = {
  eq: "=",
  neq: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
  like: "LIKE",
  ilike: "ILIKE",
  match: "~",
  imatch: "~*",
  cs: "@>",
  cd: "<@",
  ov: "&&",
  sl: "<<",
  sr: ">>",
  nxr: "&<",
  nxl: "&>",
  adj: "-|-",
};

const ftsFunction: Record<string, string> = {
  fts: "to_tsquery",
  plfts: "plainto_tsquery",
  phfts: "phraseto_tsquery",
  wfts: "websearch_to_tsquery",
};

const isSql: Record<string, string> = {
  null: "IS NULL",
  not_null: "IS NOT NULL",
  true: "IS TRUE",
  false: "IS FALSE",
  unknown: "IS UNKNOWN",
};

function conditionSql(b: Builder, alias: string, condition: Condition): string {
  if (condition.kind === "logic") {
    const joined = condition.children
      .map((c) => conditionSql(b, alias, c))
      .join(condition.op === "and" ? " AND " : " OR ");
    return condition.negate ? `NOT (${joined})` : `(${joined})`;
  }
  if (condition.kind === "embed") {
    const { embed, exists } = condition;
    const child = b.alias();
    const { from, link } = relatedRows(b, embed, child, alias);
    return `${exists ? "" : "NOT "}EXISTS (SELECT 1 FROM ${from}${whereSql(b, child, embed.node.where, [link])})`;
  }
  const column = columnSql(b, alias, condition.column, condition.jsonPath);
  const op = condition.operation;
  let sql: string;
  switch (op.kind) {
    case "op": {
      const value = op.op === "like" || op.op === "ilike" ? op.value.replaceAll("*", "%") : op.value;
      // A quantified value is an array literal (`{a%,b%}`); Postgres types it from the column.
      const operand = op.quantifier ? `${op.quantifier.toUpperCase()}(${b.param(value)})` : b.param(value);
      sql = `${column} ${operatorSql[op.op]} ${operand}`;
      break;
    }
    case "isdistinct":
      sql = `${column} IS DISTINCT FROM ${b.param(op.value)}`;
      break;
    case "in":
      // `in.()` is the empty list, which matches nothing (PostgREST's `= ANY('{}')`).
      sql =
        op.values.length === 1 && op.values[0] === ""
          ? "FALSE"
          : `${column} IN (${op.values.map((v) => b.param(v)).join(", ")})`;
      break;
    case "is":
      sql = `${column} ${isSql[op.value]}`;
      break;
    case "fts": {
      const args =
        op.language !== undefined ? `${b.param(op.language)}::regconfig, ${b.param(op.value)}` : b.param(op.value);
      sql = `${column} @@ ${ftsFunction[op.op]}(${args})`;
      break;
    }
  }
  return condition.negate ? `NOT (${sql})` : sql;
}

/** An embed's table (joined to its junction for many-to-many) and the condition tying a row to the parent's. */
function relatedRows(b: Builder, embed: EmbedPlan, child: string, parent: string): { from: string; link: string } {
  const table = `${b.table(embed.node.table.name)} AS ${child}`;
  const parentRef = `${parent}.${quoteIdent(embed.parentColumn.name)}`;
  const childRef = `${child}.${quoteIdent(embed.childColumn.name)}`;
  const { junction } = embed;
  if (!junction) return { from: table, link: `${childRef} = ${parentRef}` };
  const through = b.alias("jt");
  return {
    from: `${table} INNER JOIN ${b.table(junction.table.name)} AS ${through} ON ${through}.${quoteIdent(junction.targetColumn.name)} = ${childRef}`,
    link: `${through}.${quoteIdent(junction.column.name)} = ${parentRef}`,
  };
}

/** A to-one embed's column for a row, as its embed shows it (null when filtered out). */
function relatedValue(b: Builder, alias: string, embed: EmbedPlan, o: OrderPlan): string {
  const child = b.alias();
  const { from, link } = relatedRows(b, embed, child, alias);
  return `(SELECT ${columnSql(b, child, o.column, o.jsonPath)} FROM ${from}${whereSql(b, child, embed.node.where, [link])})`;
}

function whereSql(b: Builder, alias: string, conditions: Condition[], extra: string[] = []): string {
  const parts = [...extra, ...conditions.map((c) => conditionSql(b, alias, c))];
  return parts.length > 0 ? ` WHERE ${parts.join(" AND ")}` : "";
}

function orderSql(b: Builder, alias: string, order: OrderPlan[]): string {
  if (order.length === 0) return "";
  const terms = order.map((o) => {
    let term = `${o.embed ? relatedValue(b, alias, o.embed, o) : columnSql(b, alias, o.column, o.jsonPath)} ${o.direction === "desc" ? "DESC" : "ASC"}`;
    if (o.nulls) term += o.nulls === "first" ? " NULLS FIRST" : " NULLS LAST";
    return term;
  });
  return ` ORDER BY ${terms.join(", ")}`;
}

function rangeSql(b: Builder, node: ReadNode): string {
  let sql = "";
  if (node.range.limit !== null) sql += ` LIMIT ${b.param(String(node.range.limit))}`;
  if (node.range.offset > 0) sql += ` OFFSET ${b.param(String(node.range.offset))}`;
  return sql;
}

// --- read trees -----------------------------------------------------------------------

interface Shaped {
  /** The select list of one row: `r`, its JSON object or (for CSV) its record. */
  row: string;
  /** Lateral joins the object refers to. */
  joins: string;
  /** ` GROUP BY …` when the object aggregates, else empty. */
  groupBy: string;
}

function jsonObject(b: Builder, pairs: [string, string][]): string {
  if (pairs.length === 0) return "json_build_object()";
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += MAX_PAIRS_PER_OBJECT) {
    const args = pairs.slice(i, i + MAX_PAIRS_PER_OBJECT).map(([k, v]) => `${b.key(k)}, ${v}`);
    chunks.push(`json_build_object(${args.join(", ")})`);
  }
  // Wide rows merge through jsonb, which reorders keys; only tables past 50 output keys see that.
  return chunks.length === 1 ? (chunks[0] as string) : `(${chunks.map((c) => `${c}::jsonb`).join(" || ")})::json`;
}

function cast(sql: string, type: string | undefined): string {
  return type ? `CAST(${sql} AS ${type})` : sql;
}

function fieldSql(b: Builder, alias: string, field: FieldPlan): string {
  const ref = field.column ? cast(columnSql(b, alias, field.column, field.jsonPath), field.cast) : "*";
  return field.aggregate ? cast(`${field.aggregate.fn}(${ref})`, field.aggregate.cast) : ref;
}

/** The row as a record, embeds as jsonb as PostgREST selects them: its text form is a CSV line. */
function rowRecord(node: ReadNode, pairs: [string, string][]): string {
  return `ROW(${pairs.map(([, sql], i) => (i < node.fields.length ? sql : `(${sql})::jsonb`)).join(", ")}) AS r`;
}

function isAggregated(node: ReadNode): boolean {
  return node.fields.some((field) => field.aggregate);
}

type ShapeOutput = "json" | "record" | "joins only";

function shape(b: Builder, node: ReadNode, alias: string, output: ShapeOutput = "json"): Shaped {
  const onlyInner = output === "joins only";
  const pairs: [string, string][] = [];
  const aggregated = isAggregated(node);
  const groupBy: string[] = [];
  for (const field of onlyInner ? [] : node.fields) {
    const sql = fieldSql(b, alias, field);
    pairs.push([field.key, sql]);
    if (aggregated && !field.aggregate) groupBy.push(sql);
  }
  /** Beside an aggregate every embed is a grouping term; json has no equality, jsonb has. */
  const embedded = (sql: string) => {
    if (!aggregated) return sql;
    groupBy.push(`(${sql})::jsonb`);
    return `(${sql})::jsonb`;
  };
  let joins = "";
  for (const embed of node.embeds) {
    // An embed that is neither shown nor inner changes nothing (its filters are EXISTS conditions).
    if ((onlyInner || embed.hidden) && !embed.inner) continue;
    const child = b.alias();
    const join = b.alias("j");
    const inner = shape(b, embed.node, child);
    const { from, link } = relatedRows(b, embed, child, alias);
    const rows =
      `SELECT ${inner.row} FROM ${from}${inner.joins}` +
      whereSql(b, child, embed.node.where, [link]) +
      inner.groupBy +
      orderSql(b, child, embed.node.order) +
      rangeSql(b, embed.node);
    const kind = embed.inner ? "INNER JOIN LATERAL" : "LEFT JOIN LATERAL";
    let value: string;
    if (embed.toOne) {
      joins += ` ${kind} (${rows}) AS ${join} ON TRUE`;
      value = `${join}.r`;
    } else {
      const agg = b.alias("a");
      joins += ` ${kind} (SELECT json_agg(${agg}.r) AS r FROM (${rows}) AS ${agg}) AS ${join} ON ${embed.inner ? `${join}.r IS NOT NULL` : "TRUE"}`;
      value = `coalesce(${join}.r, '[]'::json)`;
    }
    if (embed.hidden) continue;
    if (!embed.spread) {
      pairs.push([embed.key, embedded(value)]);
      continue;
    }
    // A spread lifts the embed's keys into this object: to-one as values, to-many as arrays.
    for (const key of outputKeys(embed.node)) {
      const lifted = embed.toOne
        ? `(${value} -> ${b.key(key)})`
        : `(SELECT coalesce(json_agg(e.value -> ${b.key(key)}), '[]'::json) FROM json_array_elements(${value}) AS e)`;
      pairs.push([key, embedded(lifted)]);
    }
  }
  // A count needs only the joins that can drop parent rows, not the row objects.
  return {
    row: output === "json" ? `${jsonObject(b, pairs)} AS r` : output === "record" ? rowRecord(node, pairs) : "",
    joins,
    groupBy: groupBy.length > 0 ? ` GROUP BY ${groupBy.join(", ")}` : "",
  };
}

function rowOutput(plan: Plan): ShapeOutput {
  return plan.media.kind === "csv" ? "record" : "json";
}

/**
 * The response body from the rows' `r`: a JSON array (nulls stripped if asked), or
 * PostgREST's CSV: the keys, then each record's text form without its parentheses
 * (Postgres quotes what needs quoting and writes null as nothing).
 */
function bodySql(b: Builder, plan: Plan, rows: string): string {
  if (plan.media.kind === "csv") {
    const keys = outputKeys(plan.root);
    const line = `substring(${rows}.r::text, 2, length(${rows}.r::text) - 2)`;
    return `CASE WHEN count(*) = 0 THEN '' ELSE ${b.param(keys.join(","))}::text END || E'\\n' || coalesce(string_agg(${line}, E'\\n'), '')`;
  }
  const array = `coalesce(json_agg(${rows}.r), '[]'::json)`;
  return `${plan.media.stripNulls ? `json_strip_nulls(${array})` : array}::text`;
}

const resultColumns = (total: string, body: string, source: string, inserted = "NULL::bigint") =>
  `SELECT ${total} AS total_result_set, count(*)::bigint AS page_total, ${body} AS body, ${inserted} AS inserted FROM ${source}`;

function buildRead(b: Builder, plan: ReadPlan): BuiltSql {
  const root = plan.root;
  const alias = b.alias();
  const shaped = shape(b, root, alias, rowOutput(plan));
  const ranged = root.range.limit !== null || root.range.offset > 0;
  const paged = root.order.length > 0 || ranged;
  const aggregated = isAggregated(root);
  // Postgres computes a select list before sorting and limiting, so building every
  // matching row's JSON (and embeds) and then keeping a page of 25 costs as much as
  // returning them all. A page is chosen first and only its rows are shaped.
  const page = () => {
    const p = b.alias();
    return (
      `(SELECT ${p}.* FROM ${b.table(root.table.name)} AS ${p}${shape(b, root, p, "joins only").joins}` +
      whereSql(b, p, root.where) +
      orderSql(b, p, root.order) +
      rangeSql(b, root) +
      `) AS ${alias}`
    );
  };
  // Aggregated rows are groups: the order and the page apply to them, after grouping.
  const source =
    paged && !aggregated
      ? `SELECT ${shaped.row} FROM ${page()}${shaped.joins}${orderSql(b, alias, root.order)}`
      : `SELECT ${shaped.row} FROM ${b.table(root.table.name)} AS ${alias}${shaped.joins}` +
        whereSql(b, alias, root.where) +
        shaped.groupBy +
        orderSql(b, alias, root.order) +
        rangeSql(b, root);

  const countFrom = () => {
    const c = b.alias();
    const innerJoins = shape(b, root, c, "joins only").joins;
    return `FROM ${b.table(root.table.name)} AS ${c}${innerJoins}${whereSql(b, c, root.where)}`;
  };
  const exact = plan.count === "exact" || plan.count === "estimated";
  // As PostgREST: the total counts the matching rows, except that an unpaged aggregate
  // counts its groups (the page is the whole result then).
  const total = !exact
    ? "NULL::bigint"
    : aggregated && !ranged
      ? "count(*)::bigint"
      : `(SELECT count(*) ${countFrom()})::bigint`;
  const body = plan.headersOnly ? "NULL::text" : bodySql(b, plan, "pgrst_source");
  const text = `WITH pgrst_source AS (${source}) ${resultColumns(total, body, "pgrst_source")}`;
  const built: BuiltSql = { text, values: b.values };
  if (plan.count === "planned") {
    const pb = new Builder(b.schema);
    const c = pb.alias();
    const innerJoins = shape(pb, root, c, "joins only").joins;
    built.plannedCount = {
      text: `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${pb.table(root.table.name)} AS ${c}${innerJoins}${whereSql(pb, c, root.where)}`,
      values: pb.values,
    };
  }
  return built;
}

function writeResult(
  b: Builder,
  plan: InsertPlan | UpdatePlan | DeletePlan,
  mutation: string,
  trackInserted: boolean,
): BuiltSql {
  const alias = b.alias();
  const wantsBody = plan.returning !== "minimal";
  const shaped = wantsBody
    ? shape(b, plan.root, alias, rowOutput(plan))
    : { row: "NULL::json AS r", joins: "", groupBy: "" };
  const insertedColumn = trackInserted ? `, ${alias}.pgrst_inserted` : "";
  const rows = `(SELECT ${shaped.row}${insertedColumn} FROM pgrst_source AS ${alias}${shaped.joins}${shaped.groupBy}) AS pgrst_rows`;
  const body = wantsBody ? bodySql(b, plan, "pgrst_rows") : "NULL::text";
  const inserted = trackInserted ? "count(*) FILTER (WHERE pgrst_rows.pgrst_inserted)::bigint" : "NULL::bigint";
  return {
    text: `WITH pgrst_source AS (${mutation}) ${resultColumns("NULL::bigint", body, rows, inserted)}`,
    values: b.values,
  };
}

function buildInsert(b: Builder, plan: InsertPlan): BuiltSql {
  const target = b.table(plan.table.name);
  const alias = b.alias();
  const names = plan.columns.map((c) => quoteIdent(c.name));
  const columnList = names.length > 0 ? ` (${names.join(", ")})` : "";
  const rowType = `NULL::${target}`;
  const someMissing = plan.rows.some((row) => plan.columns.some((c) => !Object.hasOwn(row, c.name)));

  let values: string;
  if (plan.missingDefault && someMissing && plan.rows.length > 0) {
    // Only a VALUES list can say DEFAULT per cell.
    const tuples = plan.rows.map((row) => {
      const record = `json_populate_record(${rowType}, ${b.param(JSON.stringify(row))}::json)`;
      const cells = plan.columns.map((c) =>
        Object.hasOwn(row, c.name) ? `(${record}).${quoteIdent(c.name)}` : "DEFAULT",
      );
      return `(${cells.join(", ")})`;
    });
    values = `VALUES ${tuples.join(", ")}`;
  } else {
    const source = b.alias("body");
    const selected = names.map((n) => `${source}.${n}`).join(", ");
    values = `SELECT ${selected} FROM json_populate_recordset(${rowType}, ${b.param(JSON.stringify(plan.rows))}::json) AS ${source}`;
  }

  let conflict = "";
  if (plan.conflict) {
    const target = plan.conflict.columns.map((c) => quoteIdent(c.name)).join(", ");
    // The conflict target (and the key) identify the row; setting them would need UPDATE on them for nothing.
    const keys = new Set([...plan.conflict.columns.map((c) => c.name), ...primaryKeyOf(plan.table)]);
    const set = (columns: { name: string }[]) =>
      columns.map((c) => `${quoteIdent(c.name)} = EXCLUDED.${quoteIdent(c.name)}`);
    const updates = set(plan.columns.filter((c) => !keys.has(c.name)));
    // A body of only the conflict columns is get-or-create: PostgREST sets them to themselves
    // so the existing row is returned (which needs UPDATE on them, as it does there).
    const merged = updates.length > 0 ? updates : set(plan.conflict.columns);
    conflict =
      plan.conflict.resolution === "merge-duplicates" && plan.columns.length > 0
        ? ` ON CONFLICT (${target}) DO UPDATE SET ${merged.join(", ")}`
        : ` ON CONFLICT (${target}) DO NOTHING`;
  }
  // A minimal answer to a plain insert reads nothing back: RETURNING columns (even xmax) need
  // SELECT, which a role allowed to create but not to read does not have. An upsert still
  // reads xmax, to answer 201 or 200 as PostgREST does.
  const returning =
    plan.returning === "minimal" && !plan.conflict
      ? "RETURNING true AS pgrst_inserted"
      : `RETURNING ${alias}.*, (${alias}.xmax = 0) AS pgrst_inserted`;
  const mutation = `INSERT INTO ${target} AS ${alias}${columnList} ${values}${conflict} ${returning}`;
  return writeResult(b, plan, mutation, true);
}

function buildUpdate(b: Builder, plan: UpdatePlan): BuiltSql {
  const target = b.table(plan.table.name);
  const alias = b.alias();
  if (plan.columns.length === 0) {
    // PostgREST answers an empty PATCH without touching any row.
    return writeResult(b, plan, `SELECT ${alias}.* FROM ${target} AS ${alias} WHERE false`, false);
  }
  const source = b.alias("body");
  const sets = plan.columns.map(
    (c) =>
      `${quoteIdent(c.name)} = ${plan.missingDefault && !Object.hasOwn(plan.row, c.name) ? "DEFAULT" : `${source}.${quoteIdent(c.name)}`}`,
  );
  const mutation =
    `UPDATE ${target} AS ${alias} SET ${sets.join(", ")} FROM (SELECT * FROM json_populate_record(NULL::${target}, ${b.param(JSON.stringify(plan.row))}::json)) AS ${source}` +
    `${whereSql(b, alias, plan.where)} ${returningRows(plan, alias)}`;
  return writeResult(b, plan, mutation, false);
}

/** What a write reads back: the rows for a body or headers, only a count for a minimal answer. */
function returningRows(plan: UpdatePlan | DeletePlan, alias: string): string {
  return plan.returning === "minimal" ? "RETURNING 1" : `RETURNING ${alias}.*`;
}

function buildDelete(b: Builder, plan: DeletePlan): BuiltSql {
  const alias = b.alias();
  const mutation = `DELETE FROM ${b.table(plan.table.name)} AS ${alias}${whereSql(b, alias, plan.where)} ${returningRows(plan, alias)}`;
  return writeResult(b, plan, mutation, false);
}

export function buildSql(plan: Plan, schema: string): BuiltSql {
  const b = new Builder(schema);
  switch (plan.action) {
    case "read":
      return buildRead(b, plan);
    case "insert":
      return buildInsert(b, plan);
    case "update":
      return buildUpdate(b, plan);
    case "delete":
      return buildDelete(b, plan);
  }
}

/**
 * The rows of an app's tables from one server to another, and the proof they arrived.
 * A bulk COPY of every table from one snapshot of the source runs while writes go on,
 * and is checksummed against that snapshot. Then, with writes held, each table catches
 * up: rows written since the snapshot (by their xmin) are taken again, rows deleted
 * since are removed, and the counts and the checksums of the rows taken again must
 * match. The caller holds the transactions (and the source's write locks); nothing here
 * commits.
 */
import { pipeline } from "node:stream/promises";
import { quoteIdent, quoteLiteral } from "@plinth/db";
import type { PoolClient } from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

export interface TableCopy {
  table: string;
  rows: number;
  /** md5 over every row's columns (in name order), rows in id order; the same on both sides. */
  checksum: string;
}

/** The schema's tables and their columns (name order), as the target's catalog has them. */
export async function tablesOf(client: PoolClient, schema: string): Promise<{ table: string; columns: string[] }[]> {
  const { rows } = await client.query<{ table: string; columns: string[] }>(
    `select c.relname as table, array_agg(a.attname::text order by a.attname) as columns
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      where n.nspname = $1 and c.relkind in ('r', 'p')
      group by c.relname order by c.relname`,
    [schema],
  );
  return rows;
}

/**
 * Streams every row of `table` from source to target. The target's triggers and
 * foreign-key checks are off for the transaction (session_replication_role): rows keep
 * their ids, authors and times exactly, and tables may arrive in any order.
 */
export async function copyTable(
  source: PoolClient,
  target: PoolClient,
  schema: string,
  table: { table: string; columns: string[] },
  /** Only these rows, when given. */
  ids?: string[],
): Promise<number> {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table.table)}`;
  const columns = table.columns.map(quoteIdent).join(", ");
  // COPY takes no bind parameters; the ids are the database's own uuids, quoted as a literal.
  const only = ids ? ` where id = any(${quoteLiteral(`{${ids.join(",")}}`)}::uuid[])` : "";
  const out = source.query(copyTo(`copy (select ${columns} from ${qualified}${only}) to stdout`));
  const into = target.query(copyFrom(`copy ${qualified} (${columns}) from stdin`));
  await pipeline(out, into);
  return into.rowCount;
}

/** A row's hash: its columns in name order, as text, the same on either server. */
function rowHash(table: { columns: string[] }): string {
  return `md5(row(${table.columns.map((c) => `t.${quoteIdent(c)}`).join(", ")})::text)`;
}

/** The count and checksum of a table (or of the rows with `ids`): md5 over its row hashes in id order. */
export async function checksumOf(
  client: PoolClient,
  schema: string,
  table: { table: string; columns: string[] },
  ids?: string[],
): Promise<TableCopy> {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table.table)}`;
  const only = ids ? " where t.id = any($1::uuid[])" : "";
  const { rows } = await client.query<{ n: string; checksum: string | null }>(
    `select count(*) as n, md5(string_agg(${rowHash(table)}, '' order by t.id)) as checksum from ${qualified} t${only}`,
    ids ? [ids] : [],
  );
  return { table: table.table, rows: Number(rows[0]?.n ?? 0), checksum: rows[0]?.checksum ?? "" };
}

/** The source's snapshot, asked inside the transaction that made the bulk copy. */
export async function snapshotOf(client: PoolClient): Promise<string> {
  const { rows } = await client.query<{ snapshot: string }>("select pg_current_snapshot()::text as snapshot");
  return rows[0]?.snapshot as string;
}

/**
 * Whether the row version `t` is one `$1` (a snapshot) did not see: written after it, or
 * by a transaction still running then. A row's xmin is 32 bits; it is widened to the
 * 64-bit id it has by the epoch of `$2`, the newest transaction id now (every unfrozen
 * xmin is within 2^31 of it). Frozen (2) and bootstrap xmins are older than any snapshot.
 */
const WRITTEN_SINCE = `t.xmin::text::bigint > 2 and not pg_visible_in_snapshot((
    case when ((($2::bigint >> 32) << 32) | t.xmin::text::bigint) > $2::bigint
      then ((($2::bigint >> 32) << 32) | t.xmin::text::bigint) - 4294967296
      else ((($2::bigint >> 32) << 32) | t.xmin::text::bigint) end)::text::xid8, $1::pg_snapshot)`;

const IDS = "plinth_move_source_ids";

/**
 * Brings the target's copy of `table` level with the source: the rows written since
 * `snapshot` (the bulk copy's) replace the target's, and rows the source no longer has
 * go. Their counts, and the checksums of the rows taken again, must then match on both
 * sides.
 */
export async function catchUp(
  source: PoolClient,
  target: PoolClient,
  schema: string,
  table: { table: string; columns: string[] },
  snapshot: string,
): Promise<{ changed: number; removed: number; rows: number }> {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table.table)}`;
  const { rows: now } = await source.query<{ newest: string }>(
    "select pg_snapshot_xmax(pg_current_snapshot())::text as newest",
  );
  const { rows: written } = await source.query<{ id: string }>(
    `select t.id from ${qualified} t where ${WRITTEN_SINCE}`,
    [snapshot, now[0]?.newest],
  );
  const changed = written.map((r) => r.id);
  await target.query(`create temp table if not exists ${IDS} (id uuid not null) on commit drop`);
  await target.query(`truncate ${IDS}`);
  await pipeline(
    source.query(copyTo(`copy (select id from ${qualified}) to stdout`)),
    target.query(copyFrom(`copy ${IDS} (id) from stdin`)),
  );
  const { rowCount: removed } = await target.query(
    `delete from ${qualified} t where not exists (select from ${IDS} s where s.id = t.id)`,
  );
  if (changed.length > 0) {
    await target.query(`delete from ${qualified} where id = any($1::uuid[])`, [changed]);
    await copyTable(source, target, schema, table, changed);
  }
  const [before, after] = await Promise.all([
    checksumOf(source, schema, table, changed),
    checksumOf(target, schema, table, changed),
  ]);
  const [sourceRows, targetRows] = await Promise.all([countOf(source, qualified), countOf(target, qualified)]);
  if (before.checksum !== after.checksum || before.rows !== after.rows || sourceRows !== targetRows) {
    throw new Error(
      `table ${table.table} differs after catching up (${sourceRows} rows on the source, ${targetRows} on the target)`,
    );
  }
  return { changed: changed.length, removed: removed ?? 0, rows: targetRows };
}

async function countOf(client: PoolClient, qualified: string): Promise<number> {
  const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${qualified}`);
  return Number(rows[0]?.n ?? 0);
}

/** Settings both sides share for the copy, so values print alike (times, floats, dates). */
export const COPY_SETTINGS =
  "set local timezone = 'UTC'; set local datestyle = 'ISO, MDY'; set local extra_float_digits = 1";

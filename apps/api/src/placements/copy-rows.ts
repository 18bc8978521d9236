/**
 * The rows of an app's tables from one server to another, and the proof they arrived.
 * A bulk COPY of every table runs while writes go on; then, with writes held, each
 * table catches up: the source's per-row hashes stream to the target, which finds the
 * rows added, changed or removed since, takes those again and checksums the result
 * against the source's hashes. The caller holds the transactions (and the source's
 * write locks); nothing here commits.
 */
import { pipeline } from "node:stream/promises";
import { quoteIdent, quoteLiteral } from "@plinth/provision";
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

/** The count and checksum of a table: md5 over its row hashes in id order. */
export async function checksumOf(
  client: PoolClient,
  schema: string,
  table: { table: string; columns: string[] },
): Promise<TableCopy> {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table.table)}`;
  const { rows } = await client.query<{ n: string; checksum: string | null }>(
    `select count(*) as n, md5(string_agg(${rowHash(table)}, '' order by t.id)) as checksum from ${qualified} t`,
  );
  return { table: table.table, rows: Number(rows[0]?.n ?? 0), checksum: rows[0]?.checksum ?? "" };
}

const HASHES = "plinth_move_row_hashes";

/**
 * Brings the target's copy of `table` level with the source (rows added, changed or
 * removed since the bulk copy) and returns the source's count and checksum, computed
 * from the hashes the source sent, for the caller to compare with the target's own.
 */
export async function catchUp(
  source: PoolClient,
  target: PoolClient,
  schema: string,
  table: { table: string; columns: string[] },
): Promise<{ changed: number; removed: number; source: TableCopy }> {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table.table)}`;
  await target.query(`create temp table if not exists ${HASHES} (id uuid primary key, h text not null) on commit drop`);
  await target.query(`truncate ${HASHES}`);
  await pipeline(
    source.query(copyTo(`copy (select t.id, ${rowHash(table)} from ${qualified} t) to stdout`)),
    target.query(copyFrom(`copy ${HASHES} (id, h) from stdin`)),
  );
  const { rows: changed } = await target.query<{ id: string }>(
    `select s.id from ${HASHES} s left join ${qualified} t on t.id = s.id
      where t.id is null or ${rowHash(table)} <> s.h`,
  );
  const { rowCount: removed } = await target.query(
    `delete from ${qualified} t where not exists (select from ${HASHES} s where s.id = t.id)`,
  );
  if (changed.length > 0) {
    const ids = changed.map((r) => r.id);
    await target.query(`delete from ${qualified} where id = any($1::uuid[])`, [ids]);
    await copyTable(source, target, schema, table, ids);
  }
  const { rows } = await target.query<{ n: string; checksum: string | null }>(
    `select count(*) as n, md5(string_agg(h, '' order by id)) as checksum from ${HASHES}`,
  );
  return {
    changed: changed.length,
    removed: removed ?? 0,
    source: { table: table.table, rows: Number(rows[0]?.n ?? 0), checksum: rows[0]?.checksum ?? "" },
  };
}

/** Settings both sides share for the copy, so values print alike (times, floats, dates). */
export const COPY_SETTINGS =
  "set local timezone = 'UTC'; set local datestyle = 'ISO, MDY'; set local extra_float_digits = 1";

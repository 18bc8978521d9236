/**
 * The rows of an app's tables from one server to another, and the proof they arrived:
 * COPY streams each table across, then both sides are counted and checksummed.
 * The caller holds both transactions (and the source's write locks); nothing here
 * commits.
 */
import { pipeline } from "node:stream/promises";
import { quoteIdent } from "@plinth/provision";
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
): Promise<number> {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table.table)}`;
  const columns = table.columns.map(quoteIdent).join(", ");
  const out = source.query(copyTo(`copy (select ${columns} from ${qualified}) to stdout`));
  const into = target.query(copyFrom(`copy ${qualified} (${columns}) from stdin`));
  await pipeline(out, into);
  return into.rowCount;
}

/** The count and checksum of a table, computed the same way on either server. */
export async function checksumOf(
  client: PoolClient,
  schema: string,
  table: { table: string; columns: string[] },
): Promise<TableCopy> {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table.table)}`;
  const row = `row(${table.columns.map((c) => `t.${quoteIdent(c)}`).join(", ")})::text`;
  const { rows } = await client.query<{ n: string; checksum: string | null }>(
    `select count(*) as n, md5(string_agg(md5(${row}), '' order by t.id)) as checksum from ${qualified} t`,
  );
  return { table: table.table, rows: Number(rows[0]?.n ?? 0), checksum: rows[0]?.checksum ?? "" };
}

/** Settings both sides share for the copy, so values print alike (times, floats, dates). */
export const COPY_SETTINGS =
  "set local timezone = 'UTC'; set local datestyle = 'ISO, MDY'; set local extra_float_digits = 1";

/**
 * Access to a file follows access to its row. Both questions are asked inside the
 * requesting user's request context (their app role, their claims), so grants and
 * row-level security answer them exactly as they answer the data API.
 */
import { quoteIdent } from "@plinth/db";
import type { FileRef } from "./object-path.js";

export type Query = (text: string, values: unknown[]) => Promise<Record<string, unknown>[]>;

/** Whether the user can see a row of the file's table whose file column holds this path. */
export async function rowHoldsFile(query: Query, schema: string, ref: FileRef): Promise<boolean> {
  const table = `${quoteIdent(schema)}.${quoteIdent(ref.table)}`;
  // Asked first because a refused SELECT would abort the transaction instead of answering "no".
  const [grant] = await query("select has_column_privilege($1, $2, 'SELECT') as granted", [table, ref.column]);
  if (grant?.granted !== true) return false;
  const [row] = await query(`select exists (select 1 from ${table} where ${quoteIdent(ref.column)} = $1) as held`, [
    ref.path,
  ]);
  return row?.held === true;
}

/** Whether the user's role may set the file column, on a new row or an existing one. */
export async function mayStoreFile(query: Query, schema: string, ref: FileRef): Promise<boolean> {
  const [grant] = await query(
    "select has_column_privilege($1, $2, 'INSERT') or has_column_privilege($1, $2, 'UPDATE') as granted",
    [`${quoteIdent(schema)}.${quoteIdent(ref.table)}`, ref.column],
  );
  return grant?.granted === true;
}

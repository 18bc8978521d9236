/**
 * Soft-drop: a column a migration removes (or replaces with another type) is copied,
 * row by row, into the app's archive table first, and a later migration that adds the
 * same column with the same type back — typically a restore — fills it from there. So
 * going back and forth between versions keeps the founder's values instead of turning
 * a $49.90 fee into the column's default. A table a migration removes is kept the same
 * way, each row whole, and a later version with that table (by name, or by the name it
 * says it was renamed from) gets its rows back with their ids and links. Archived
 * values are kept for ARCHIVE_RETENTION_DAYS.
 *
 * The archive lives in the app's schema under a name no blueprint table can have
 * (identifiers may not start with "plinth"); row-level security is forced with no
 * policy, so no app role can read it, and it is written as the session user, which
 * bypasses row-level security just as the migration's checks do.
 */
import type { Column, ForeignKey } from "@plinth/blueprint";
import { qualified, quoteIdent, quoteLiteral } from "@plinth/db";
import type { PlanStep } from "../ddl.js";
import { SQL_TYPES } from "../sql.js";

export const ARCHIVE_TABLE = "plinth_archive";
export const ARCHIVE_RETENTION_DAYS = 30;

const archive = (schema: string) => qualified(schema, ARCHIVE_TABLE);
/** A removed table's rows are archived whole, under a column name no column can have. */
const WHOLE_ROW = "";

/** Creates the archive once per app (as the owner, so it belongs with the app's objects). */
export function ensureArchiveSteps(schema: string): PlanStep[] {
  const table = archive(schema);
  return [
    {
      sql: `create table if not exists ${table} (table_name text not null, column_name text not null, row_id uuid not null, column_type text not null, value jsonb not null, archived_at timestamptz not null default now(), primary key (table_name, column_name, row_id))`,
      description:
        "Keep an archive of removed fields' values and tables' rows, so restoring a version brings them back.",
    },
    { sql: `alter table ${table} enable row level security`, description: "No app role can read the archive." },
    { sql: `alter table ${table} force row level security`, description: "Not even the owner role can read it." },
  ];
}

/** Copies a column's values into the archive before the column is dropped (replacing older copies). */
export function archiveColumnStep(schema: string, table: string, column: Column): PlanStep {
  const col = quoteIdent(column.name);
  return {
    sql: `insert into ${archive(schema)} (table_name, column_name, row_id, column_type, value) select ${quoteLiteral(table)}, ${quoteLiteral(column.name)}, id, ${quoteLiteral(column.type)}, to_jsonb(${col}) from ${qualified(schema, table)} where ${col} is not null on conflict (table_name, column_name, row_id) do update set column_type = excluded.column_type, value = excluded.value, archived_at = now()`,
    description: `Keep the values of ${table}.${column.name} for ${ARCHIVE_RETENTION_DAYS} days, so restoring a version with it brings them back.`,
  };
}

/**
 * Fills an added column from values archived for it with the same type, then forgets
 * them. Does nothing while the app has no archive (nothing was ever removed), so
 * adding a field leaves an app's catalog exactly as a fresh provision would.
 */
export function restoreColumnSteps(schema: string, table: string, column: Column): PlanStep[] {
  const where = `a.table_name = ${quoteLiteral(table)} and a.column_name = ${quoteLiteral(column.name)} and a.column_type = ${quoteLiteral(column.type)}`;
  const value = column.type === "jsonb" ? "a.value" : `(a.value #>> '{}')::${SQL_TYPES[column.type]}`;
  const update = `update ${qualified(schema, table)} as t set ${quoteIdent(column.name)} = ${value} from ${archive(schema)} as a where ${where} and a.row_id = t.id`;
  const forget = `delete from ${archive(schema)} as a where ${where}`;
  return [
    {
      sql: `do $plinth$ begin if to_regclass(${quoteLiteral(archive(schema))}) is not null then execute ${quoteLiteral(update)}; execute ${quoteLiteral(forget)}; end if; end $plinth$`,
      description: `Bring back the archived values of ${table}.${column.name}, if any were kept, and forget them there.`,
    },
  ];
}

/** Archived values older than the retention period are deleted at each migration. */
export function expireArchiveStep(schema: string): PlanStep {
  return {
    sql: `delete from ${archive(schema)} where archived_at < now() - interval '${ARCHIVE_RETENTION_DAYS} days'`,
    description: `Forget archived values older than ${ARCHIVE_RETENTION_DAYS} days.`,
  };
}

/** How many archived values an added column would get back (counted in the preview). */
export function archivedCountSql(schema: string, table: string, column: Column): string {
  return `select count(*)::int as count from ${archive(schema)} where table_name = ${quoteLiteral(table)} and column_name = ${quoteLiteral(column.name)} and column_type = ${quoteLiteral(column.type)} and archived_at >= now() - interval '${ARCHIVE_RETENTION_DAYS} days'`;
}

/** Copies every row of a table, whole, into the archive before the table is dropped (replacing older copies). */
export function archiveTableStep(schema: string, table: string): PlanStep {
  return {
    sql: `insert into ${archive(schema)} (table_name, column_name, row_id, column_type, value) select ${quoteLiteral(table)}, ${quoteLiteral(WHOLE_ROW)}, t.id, 'row', to_jsonb(t) from ${qualified(schema, table)} as t on conflict (table_name, column_name, row_id) do update set column_type = excluded.column_type, value = excluded.value, archived_at = now()`,
    description: `Keep the rows of ${table} for ${ARCHIVE_RETENTION_DAYS} days, so restoring a version with it brings them back.`,
  };
}

/**
 * Refills a table a migration adds with the rows archived under its name or the name it
 * was renamed from: ids, stamps and links as they were, every column the table still
 * has (a column added since gets its default). Runs before the table's keys and stamp
 * trigger exist; a link to a row that is gone is cleared, or, when the link is required,
 * the row stays in the archive. Restored rows are forgotten there. Does nothing while
 * the app has no archive.
 */
export function restoreTableStep(
  schema: string,
  table: string,
  archivedAs: string[],
  links: (ForeignKey & { required: boolean })[],
): PlanStep {
  const target = qualified(schema, table);
  const names = `array[${archivedAs.map(quoteLiteral).join(", ")}]::text[]`;
  const rows = `a.table_name = any(${names}) and a.column_name = ${quoteLiteral(WHOLE_ROW)}`;
  const dangling = (fk: ForeignKey) =>
    `t.${quoteIdent(fk.column)} is not null and not exists (select 1 from ${qualified(schema, fk.refTable)} as p where p.${quoteIdent(fk.refColumn)} = t.${quoteIdent(fk.column)})`;
  const unlink = links.map((fk) =>
    fk.required
      ? `delete from ${target} as t where ${dangling(fk)};`
      : `update ${target} as t set ${quoteIdent(fk.column)} = null where ${dangling(fk)};`,
  );
  return {
    sql: `do $plinth$ declare columns text; picked text; begin
  if to_regclass(${quoteLiteral(archive(schema))}) is null then return; end if;
  select string_agg(quote_ident(c.attname), ', ' order by c.attnum), string_agg('r.' || quote_ident(c.attname), ', ' order by c.attnum) into columns, picked
    from pg_attribute as c where c.attrelid = ${quoteLiteral(target)}::regclass and c.attnum > 0 and not c.attisdropped
    and c.attname in (select jsonb_object_keys(a.value) from ${archive(schema)} as a where ${rows});
  if columns is null then return; end if;
  execute format('insert into ${target} (%s) select %s from ${archive(schema)} as a cross join lateral jsonb_populate_record(null::${target}, a.value) as r where a.table_name = any(%L::text[]) and a.column_name = %L on conflict (id) do nothing', columns, picked, ${names}, ${quoteLiteral(WHOLE_ROW)});
  ${unlink.join("\n  ")}
  delete from ${archive(schema)} as a where ${rows} and exists (select 1 from ${target} as t where t.id = a.row_id);
end $plinth$`,
    description: `Bring back the archived rows of ${table}, if any were kept, and forget them there.`,
  };
}

/** How many archived rows an added table would get back (counted in the preview). */
export function archivedRowsCountSql(schema: string, archivedAs: string[]): string {
  return `select count(*)::int as count from ${archive(schema)} where table_name = any(array[${archivedAs.map(quoteLiteral).join(", ")}]::text[]) and column_name = ${quoteLiteral(WHOLE_ROW)} and archived_at >= now() - interval '${ARCHIVE_RETENTION_DAYS} days'`;
}

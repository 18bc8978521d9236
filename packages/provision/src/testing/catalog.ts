/**
 * Everything the database knows about an app's schema and roles, read from the
 * catalogs and normalized (the app key replaced, lists sorted) so two apps built
 * different ways — provisioned fresh, or migrated from an older version — can be
 * compared for equality.
 */
import type { Pool } from "pg";

export interface Catalog {
  tables: string[];
  columns: string[];
  constraints: string[];
  indexes: string[];
  triggers: string[];
  tableGrants: string[];
  columnGrants: string[];
  policies: string[];
  schemaGrants: string[];
  functionGrants: string[];
  roles: string[];
}

const RELATIONS = `select c.* from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1`;
const ROLE = `coalesce((select rolname from pg_roles where oid = a.grantee), 'public')`;

const QUERIES: Record<keyof Catalog, string> = {
  tables: `select relname || ' rls=' || relrowsecurity || ' forced=' || relforcerowsecurity || ' owner=' || pg_get_userbyid(relowner)
             from (${RELATIONS}) c where relkind = 'r'`,
  columns: `select c.relname || '.' || att.attname || ' ' || format_type(att.atttypid, att.atttypmod)
                || case when att.attnotnull then ' not null' else '' end
                || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
              from (${RELATIONS}) c join pg_attribute att on att.attrelid = c.oid
              left join pg_attrdef d on d.adrelid = att.attrelid and d.adnum = att.attnum
             where c.relkind = 'r' and att.attnum > 0 and not att.attisdropped`,
  // Not-null constraints (PostgreSQL 18 lists them here) are compared through the columns.
  constraints: `select c.relname || ' ' || con.conname || ' ' || pg_get_constraintdef(con.oid)
                  from (${RELATIONS}) c join pg_constraint con on con.conrelid = c.oid where con.contype <> 'n'`,
  indexes: `select pg_get_indexdef(i.indexrelid) from (${RELATIONS}) c join pg_index i on i.indrelid = c.oid`,
  triggers: `select pg_get_triggerdef(t.oid) from (${RELATIONS}) c join pg_trigger t on t.tgrelid = c.oid where not t.tgisinternal`,
  tableGrants: `select c.relname || ' ' || a.privilege_type || ' to ' || ${ROLE}
                  from (${RELATIONS}) c cross join lateral aclexplode(c.relacl) a where a.grantee <> c.relowner`,
  columnGrants: `select c.relname || '.' || att.attname || ' ' || a.privilege_type || ' to ' || ${ROLE}
                   from (${RELATIONS}) c join pg_attribute att on att.attrelid = c.oid and att.attacl is not null
                   cross join lateral aclexplode(att.attacl) a where a.grantee <> c.relowner and not att.attisdropped`,
  policies: `select c.relname || ' ' || p.polname || ' ' || p.polcmd::text || ' permissive=' || p.polpermissive::text
                || ' to ' || array_to_string(array(select rolname from pg_roles where oid = any(p.polroles) order by 1), ',')
                || ' using ' || coalesce(pg_get_expr(p.polqual, p.polrelid), '-')
                || ' check ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '-')
               from (${RELATIONS}) c join pg_policy p on p.polrelid = c.oid`,
  schemaGrants: `select a.privilege_type || ' to ' || ${ROLE}
                   from pg_namespace n cross join lateral aclexplode(n.nspacl) a where n.nspname = $1`,
  functionGrants: `select f.proname || ' ' || a.privilege_type || ' to ' || ${ROLE}
                     from pg_proc f join pg_namespace n on n.oid = f.pronamespace
                     cross join lateral aclexplode(f.proacl) a where n.nspname = $1`,
  roles: `select r.rolname || ' login=' || r.rolcanlogin || ' inherit=' || r.rolinherit || ' bypassrls=' || r.rolbypassrls
             || ' members=' || array_to_string(array(select m.rolname from pg_auth_members am join pg_roles m on m.oid = am.member where am.roleid = r.oid order by 1), ',')
            from pg_roles r where starts_with(r.rolname, $1 || '_')`,
};

export async function readCatalog(pool: Pool, schema: string): Promise<Catalog> {
  const catalog = {} as Catalog;
  for (const [key, sql] of Object.entries(QUERIES) as [keyof Catalog, string][]) {
    const { rows } = await pool.query<{ line: string }>(`select line from (${sql}) as q(line)`, [schema]);
    catalog[key] = rows.map((r) => r.line.replaceAll(schema, "app_KEY")).sort();
  }
  return catalog;
}

/**
 * Reads the catalogs after provisioning and lists everything that contradicts the
 * security model. The applier runs it inside the provisioning transaction, so an app
 * with any finding is rolled back instead of going live.
 */

import { type Database, withClient } from "@plinth/db";
import type { PoolClient } from "pg";
import type { ExpectedPolicy, TableGrant } from "./ddl.js";
import { AUTHENTICATOR_ROLE } from "./names.js";

export interface CheckedApp {
  schema: string;
  ownerRole: string;
  roles: { dbRole: string }[];
  tables: readonly string[];
  filterColumns: readonly { table: string; column: string }[];
  /** Every policy the blueprint's access calls for: per command, and the restrictive parent scopes. */
  policies: readonly ExpectedPolicy[];
  /** Exactly what each app role may do on each table, to the column. */
  grants: readonly TableGrant[];
  /** Foreign keys by their expected names: clients embed through them by name (`!deals_company_id_fkey`). */
  foreignKeys: readonly { table: string; name: string }[];
}

export interface SelfCheckFinding {
  check: string;
  message: string;
}

type Check = (client: PoolClient, app: CheckedApp, appRoles: string[]) => Promise<SelfCheckFinding[]>;

/**
 * The schema's relations, found through pg_depend (indexed by the referenced schema)
 * because pg_class has no index on relnamespace: with thousands of apps in one
 * database a scan of pg_class would make every provisioning slower than the last.
 */
const SCHEMA_RELATIONS = `select c.* from pg_depend d join pg_class c on c.oid = d.objid
   where d.refclassid = 'pg_namespace'::regclass and d.refobjid = $1::text::regnamespace
     and d.classid = 'pg_class'::regclass and d.objsubid = 0`;

const rows = async <R extends Record<string, unknown>>(client: PoolClient, sql: string, params: unknown[]) =>
  (await client.query<R>(sql, params)).rows;

const tablesHaveForcedRls: Check = async (client, app) => {
  const found = await rows<{ relname: string; rls: boolean; forced: boolean }>(
    client,
    `select c.relname, c.relrowsecurity as rls, c.relforcerowsecurity as forced
       from (${SCHEMA_RELATIONS}) c where c.relkind in ('r', 'p')`,
    [app.schema],
  );
  const findings = found
    .filter((t) => !t.rls || !t.forced)
    .map((t) => ({
      check: "rls",
      message: `table ${t.relname} has row-level security ${t.rls ? "enabled but not forced" : "disabled"}`,
    }));
  for (const table of app.tables) {
    if (!found.some((t) => t.relname === table)) findings.push({ check: "rls", message: `table ${table} is missing` });
  }
  return findings;
};

const tableGrants: Check = async (client, app, appRoles) => {
  // Table-level and column-level grants to anyone but the owner.
  const found = await rows<{ relname: string; privilege: string; grantee: string }>(
    client,
    `with rels as (${SCHEMA_RELATIONS})
     select c.relname, a.privilege_type as privilege, coalesce(r.rolname, 'public') as grantee
       from rels c cross join lateral aclexplode(c.relacl) a left join pg_roles r on r.oid = a.grantee
      where a.grantee <> c.relowner
     union all
     select c.relname || '.' || att.attname, a.privilege_type, coalesce(r.rolname, 'public')
       from rels c join pg_attribute att on att.attrelid = c.oid and att.attacl is not null
       cross join lateral aclexplode(att.attacl) a left join pg_roles r on r.oid = a.grantee
      where a.grantee <> c.relowner`,
    [app.schema],
  );
  return found
    .filter((g) => ["TRUNCATE", "REFERENCES", "TRIGGER"].includes(g.privilege) || !appRoles.includes(g.grantee))
    .map((g) => ({ check: "grants", message: `${g.privilege} on ${g.relname} is granted to ${g.grantee}` }));
};

const schemaUsage: Check = async (client, app, appRoles) => {
  const found = await rows<{ privilege: string; grantee: string }>(
    client,
    `select a.privilege_type as privilege, coalesce(r.rolname, 'public') as grantee
       from pg_namespace n cross join lateral aclexplode(n.nspacl) a left join pg_roles r on r.oid = a.grantee
      where n.nspname = $1 and a.grantee <> n.nspowner`,
    [app.schema],
  );
  return found
    .filter((g) => g.privilege !== "USAGE" || !appRoles.includes(g.grantee))
    .map((g) => ({ check: "schema", message: `${g.privilege} on schema ${app.schema} is granted to ${g.grantee}` }));
};

const policies: Check = async (client, app, appRoles) => {
  const found = await rows<{ relname: string; polname: string; cmd: string; roles: string[]; with_check: boolean }>(
    client,
    `select c.relname, p.polname, p.polcmd as cmd, p.polwithcheck is not null as with_check,
            array(select coalesce(r.rolname, 'public') from unnest(p.polroles) as pr(oid) left join pg_roles r on r.oid = pr.oid)::text[] as roles
       from (${SCHEMA_RELATIONS}) c join pg_policy p on p.polrelid = c.oid`,
    [app.schema],
  );
  const findings: SelfCheckFinding[] = [];
  for (const p of found) {
    const name = `policy ${p.polname} on ${p.relname}`;
    for (const role of p.roles) {
      if (!appRoles.includes(role))
        findings.push({ check: "policies", message: `${name} applies to ${role}, which is not a role of this app` });
    }
    if ((p.cmd === "w" || p.cmd === "*") && !p.with_check) {
      findings.push({ check: "policies", message: `${name} allows updates without a WITH CHECK` });
    }
  }
  return findings;
};

/**
 * Without its policy a command the role is granted reaches nothing (or, for a missing
 * restrictive parent scope, every row whatever the parent hides); a policy for the wrong
 * command or of the wrong kind would let the wrong rows through.
 */
const policiesPresent: Check = async (client, app) => {
  if (app.policies.length === 0) return [];
  const found = await rows<{ table: string; name: string; cmd: string; permissive: boolean }>(
    client,
    `select c.relname as table, p.polname as name, p.polcmd as cmd, p.polpermissive as permissive
       from (${SCHEMA_RELATIONS}) c join pg_policy p on p.polrelid = c.oid`,
    [app.schema],
  );
  const findings: SelfCheckFinding[] = [];
  for (const want of app.policies) {
    const got = found.find((p) => p.table === want.table && p.name === want.name);
    const kind = want.permissive ? "permissive" : "restrictive";
    if (!got) {
      findings.push({
        check: "policies",
        message: want.permissive
          ? `${want.table} has no policy ${want.name}, so the role's access to its rows is not what the blueprint says`
          : `${want.table} has no restrictive policy ${want.name}, so its rows are not scoped through their parents`,
      });
    } else if (got.cmd !== want.command || got.permissive !== want.permissive) {
      findings.push({
        check: "policies",
        message: `policy ${want.name} on ${want.table} is not the ${kind} policy for ${COMMAND_WORDS[want.command]} the blueprint calls for`,
      });
    }
  }
  return findings;
};

const COMMAND_WORDS: Record<ExpectedPolicy["command"], string> = {
  r: "select",
  a: "insert",
  w: "update",
  d: "delete",
  "*": "every command",
};

/**
 * Every app role holds exactly the privileges its permissions give: SELECT and DELETE on
 * the table, INSERT and UPDATE on the columns it may set. A column privilege beyond them
 * would let a role set a column the blueprint makes read-only for it (or a system column).
 */
const grantsExact: Check = async (client, app, appRoles) => {
  const found = await rows<{ relname: string; column: string | null; privilege: string; grantee: string }>(
    client,
    `with rels as (${SCHEMA_RELATIONS})
     select c.relname, null::text as column, a.privilege_type as privilege, r.rolname as grantee
       from rels c cross join lateral aclexplode(c.relacl) a join pg_roles r on r.oid = a.grantee
      where r.rolname = any($2::text[])
     union all
     select c.relname, att.attname::text, a.privilege_type, r.rolname
       from rels c join pg_attribute att on att.attrelid = c.oid and att.attacl is not null and not att.attisdropped
       cross join lateral aclexplode(att.attacl) a join pg_roles r on r.oid = a.grantee
      where r.rolname = any($2::text[])`,
    [app.schema, appRoles],
  );
  const key = (table: string, column: string | null, privilege: string, role: string) =>
    `${privilege} on ${table}${column ? `.${column}` : ""} to ${role}`;
  const want = new Set<string>();
  for (const g of app.grants) {
    if (g.select) want.add(key(g.table, null, "SELECT", g.dbRole));
    if (g.delete) want.add(key(g.table, null, "DELETE", g.dbRole));
    for (const column of g.insert) want.add(key(g.table, column, "INSERT", g.dbRole));
    for (const column of g.update) want.add(key(g.table, column, "UPDATE", g.dbRole));
  }
  // TRUNCATE, REFERENCES and TRIGGER are never granted to anyone; tableGrants reports them.
  const got = new Set(
    found
      .filter((g) => !["TRUNCATE", "REFERENCES", "TRIGGER"].includes(g.privilege))
      .map((g) => key(g.relname, g.column, g.privilege, g.grantee)),
  );
  return [
    ...[...want].filter((k) => !got.has(k)).map((k) => ({ check: "grants", message: `${k} is missing` })),
    ...[...got]
      .filter((k) => !want.has(k))
      .map((k) => ({ check: "grants", message: `${k} is granted, but the blueprint does not allow it` })),
  ];
};

/**
 * The expected (table, name) pairs the catalog lacks: `exists` is the subquery that finds one,
 * over `k.t` (the table, in the schema `$1`) and `k.n` (the name).
 */
async function missingPairs(
  client: PoolClient,
  schema: string,
  expected: readonly { table: string; name: string }[],
  exists: string,
): Promise<{ table: string; name: string }[]> {
  if (expected.length === 0) return [];
  return rows<{ table: string; name: string }>(
    client,
    `select k.t as table, k.n as name
       from unnest($2::text[], $3::text[]) as k(t, n)
      where not exists (${exists})`,
    [schema, expected.map((k) => k.table), expected.map((k) => k.name)],
  );
}

/** The data API embeds by constraint name as PostgREST does; a key under another name would not be found by it. */
const foreignKeysNamed: Check = async (client, app) => {
  const found = await missingPairs(
    client,
    app.schema,
    app.foreignKeys,
    `select from pg_constraint c
      where c.conrelid = to_regclass(quote_ident($1) || '.' || quote_ident(k.t)) and c.conname = k.n and c.contype = 'f'`,
  );
  return found.map((k) => ({
    check: "foreign keys",
    message: `${k.table} has no foreign key named ${k.name}, the name clients embed it by`,
  }));
};

const filterColumnsIndexed: Check = async (client, app) => {
  const found = await missingPairs(
    client,
    app.schema,
    app.filterColumns.map((f) => ({ table: f.table, name: f.column })),
    `select from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
      where i.indrelid = to_regclass(quote_ident($1) || '.' || quote_ident(k.t)) and a.attname = k.n`,
  );
  return found.map((f) => ({
    check: "indexes",
    message: `${f.table}.${f.name} is read by a row-level policy but has no index`,
  }));
};

const roleAttributes: Check = async (client, app, appRoles) => {
  const found = await rows<{
    rolname: string;
    login: boolean;
    superuser: boolean;
    bypassrls: boolean;
    inherit: boolean;
    member_of: string[];
  }>(
    client,
    `select r.rolname, r.rolcanlogin as login, r.rolsuper as superuser, r.rolbypassrls as bypassrls, r.rolinherit as inherit,
            array(select g.rolname from pg_auth_members m join pg_roles g on g.oid = m.roleid where m.member = r.oid)::text[] as member_of
       from pg_roles r where r.rolname = any($1::text[])`,
    [[...appRoles, app.ownerRole, AUTHENTICATOR_ROLE]],
  );
  const findings: SelfCheckFinding[] = [];
  for (const name of [...appRoles, app.ownerRole, AUTHENTICATOR_ROLE]) {
    const role = found.find((r) => r.rolname === name);
    if (!role) {
      findings.push({ check: "roles", message: `role ${name} is missing` });
      continue;
    }
    if (role.superuser || role.bypassrls)
      findings.push({ check: "roles", message: `role ${name} is a superuser or bypasses row-level security` });
    if (name === AUTHENTICATOR_ROLE) {
      if (role.inherit)
        findings.push({ check: "roles", message: `${name} inherits its roles' privileges; it must be NOINHERIT` });
    } else {
      if (role.login) findings.push({ check: "roles", message: `role ${name} can log in` });
      // An app role that is a member of another role would carry that role's privileges into requests.
      for (const other of role.member_of)
        findings.push({ check: "roles", message: `role ${name} is a member of ${other}` });
    }
  }
  return findings;
};

const CHECKS: Check[] = [
  tablesHaveForcedRls,
  tableGrants,
  schemaUsage,
  policies,
  policiesPresent,
  grantsExact,
  foreignKeysNamed,
  filterColumnsIndexed,
  roleAttributes,
];

/** Everything about the app's database objects that breaks the security model; empty when all is well. */
export async function selfCheck(db: Database, app: CheckedApp): Promise<SelfCheckFinding[]> {
  const appRoles = app.roles.map((r) => r.dbRole);
  return withClient(db, async (client) => {
    const findings: SelfCheckFinding[] = [];
    for (const check of CHECKS) findings.push(...(await check(client, app, appRoles)));
    return findings;
  });
}

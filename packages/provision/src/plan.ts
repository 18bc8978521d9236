/**
 * The planner: blueprint + app id → the ordered SQL that creates the app's schema,
 * roles, tables, constraints, indexes, grants and row-level security. Pure: it only
 * builds text, so a founder can be shown the plan before anything runs.
 */
import { type Column, NOW, type Problem, USER_ID, validateBlueprint } from "@plinth/blueprint";
import { compileFilter, describeFilter } from "./filter-sql.js";
import { type Access, type AppModel, buildModel, type ModelTable } from "./model.js";
import { AUTHENTICATOR_ROLE, appKey, objectName, ownerRoleName, roleName, schemaName } from "./names.js";
import { qualified, quoteIdent, quoteLiteral, SQL_TYPES, typedLiteral } from "./sql.js";

export interface PlanStep {
  /** One statement, complete and ready to run. */
  sql: string;
  /** What it does, in words a founder understands. */
  description: string;
}

export interface ProvisionPlan {
  appKey: string;
  schema: string;
  ownerRole: string;
  /** Blueprint role → database role. */
  roles: { role: string; dbRole: string }[];
  tables: string[];
  /** Columns a row filter reads; the self-check insists each has an index. */
  filterColumns: { table: string; column: string }[];
  steps: PlanStep[];
}

/** A blueprint that cannot be provisioned; `problems` say where and why, in the blueprint's terms. */
export class ProvisionError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[],
  ) {
    super(`${message}: ${problems.map((p) => `${p.path} ${p.message}`).join("; ")}`);
    this.name = "ProvisionError";
  }
}

const ROLE_ATTRIBUTES = "nologin noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls";

/** Plans the provisioning of `input` (any JSON; it is validated first) for the app `appId` (its UUID). */
export function planProvision(input: unknown, appId: string): ProvisionPlan {
  const validation = validateBlueprint(input);
  if (!validation.ok) throw new ProvisionError("the blueprint is not valid", validation.problems);
  const built = buildModel(validation.blueprint);
  if (!built.ok) throw new ProvisionError("the blueprint cannot be provisioned", built.problems);
  return planFromModel(built.model, appId);
}

function planFromModel(model: AppModel, appId: string): ProvisionPlan {
  const key = appKey(appId);
  const schema = schemaName(key);
  const owner = ownerRoleName(key);
  const roles = model.blueprint.security.roles.map((role) => ({ role: role.name, dbRole: roleName(key, role.name) }));
  const dbRole = (role: string) => quoteIdent(roleName(key, role));
  const allRoles = roles.map((r) => quoteIdent(r.dbRole)).join(", ");
  const steps: PlanStep[] = [];
  const step = (sql: string, description: string) => steps.push({ sql, description });

  step(
    `create role ${quoteIdent(owner)} ${ROLE_ATTRIBUTES}`,
    "Create the role that owns the app's schema and tables (nobody signs in as it).",
  );
  for (const r of roles) {
    step(
      `create role ${quoteIdent(r.dbRole)} ${ROLE_ATTRIBUTES}`,
      `Create the database role for app role "${r.role}".`,
    );
  }
  step(ensureAuthenticatorSql(), `Create the API's login role ${AUTHENTICATOR_ROLE} if this database has none yet.`);
  step(
    `grant ${allRoles} to ${quoteIdent(AUTHENTICATOR_ROLE)}`,
    "Let the API switch into the app's roles, one request at a time.",
  );
  step(
    `create schema ${quoteIdent(schema)} authorization ${quoteIdent(owner)}`,
    `Create the schema ${schema} that holds the app's data.`,
  );
  // Everything below is created as the owner, so the owner owns it.
  step(`set local role ${quoteIdent(owner)}`, "Act as the owner role while creating the app's objects.");
  step(userIdFunctionSql(schema), "Add a helper that reads the signed-in user's id from the request's token.");
  step(stampRowFunctionSql(schema), "Add a trigger function that keeps created_at, updated_at and created_by honest.");
  step(
    `revoke all on function ${qualified(schema, "plinth_user_id")}(), ${qualified(schema, "plinth_stamp_row")}() from public`,
    "Keep the helpers away from everyone but the app's roles.",
  );
  for (const table of model.tables) step(createTableSql(schema, table), describeTable(table));
  for (const table of model.tables) {
    step(
      `create trigger plinth_stamp_row before insert or update on ${qualified(schema, table.name)} for each row execute function ${qualified(schema, "plinth_stamp_row")}()`,
      `Stamp ${table.name} rows with who created them and when they changed.`,
    );
  }
  for (const fk of model.foreignKeys) {
    const onDelete = { restrict: "restrict", cascade: "cascade", set_null: "set null" }[fk.onDelete];
    step(
      `alter table ${qualified(schema, fk.table)} add constraint ${quoteIdent(`${fk.column}_fkey`)} foreign key (${quoteIdent(fk.column)}) references ${qualified(schema, fk.refTable)} (${quoteIdent(fk.refColumn)}) on delete ${onDelete}`,
      `Link ${fk.table}.${fk.column} to ${fk.refTable}; deleting a ${fk.refTable} row ${{ restrict: "is refused while it is referenced", cascade: "deletes these rows too", set_null: "clears this link" }[fk.onDelete]}.`,
    );
  }
  for (const index of model.indexes) {
    step(
      `create index ${quoteIdent(objectName("idx", index.table, index.column))} on ${qualified(schema, index.table)} (${quoteIdent(index.column)})`,
      `Index ${index.table}.${index.column} (${index.reasons.join(", ")}).`,
    );
  }
  for (const table of model.tables) {
    step(
      `alter table ${qualified(schema, table.name)} enable row level security, force row level security`,
      `Turn on row-level security for ${table.name}: no row is visible unless a policy allows it.`,
    );
  }
  step(
    `grant usage on schema ${quoteIdent(schema)} to ${allRoles}`,
    "Let the app's roles (and only them) use the schema; stopping the app revokes this.",
  );
  step(
    `grant execute on function ${qualified(schema, "plinth_user_id")}() to ${allRoles}`,
    "Let the app's roles use the user-id helper in column defaults.",
  );
  for (const access of model.access) {
    const table = model.tables.find((t) => t.name === access.table) as ModelTable;
    for (const s of grantSteps(schema, table, access, dbRole(access.role))) step(s.sql, s.description);
    for (const s of policySteps(schema, table, access, dbRole(access.role))) step(s.sql, s.description);
  }
  step("reset role", "Stop acting as the owner role.");

  return {
    appKey: key,
    schema,
    ownerRole: owner,
    roles,
    tables: model.tables.map((t) => t.name),
    filterColumns: model.filterColumns,
    steps,
  };
}

function ensureAuthenticatorSql(): string {
  // Roles are cluster-wide and apps are provisioned concurrently: two transactions may
  // both find the role missing, and the loser must not fail.
  return `do $plinth$
begin
  if not exists (select from pg_catalog.pg_roles where rolname = ${quoteLiteral(AUTHENTICATOR_ROLE)}) then
    create role ${quoteIdent(AUTHENTICATOR_ROLE)} login noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
  end if;
exception when duplicate_object or unique_violation then null;
end
$plinth$`;
}

function userIdFunctionSql(schema: string): string {
  return `create function ${qualified(schema, "plinth_user_id")}() returns uuid language sql stable set search_path = '' as $plinth$
  select (nullif((select current_setting('request.jwt.claims', true)), '')::jsonb ->> 'sub')::uuid
$plinth$`;
}

function stampRowFunctionSql(schema: string): string {
  // created_by is the token's sub, whatever the client sent; system columns never change on update.
  return `create function ${qualified(schema, "plinth_stamp_row")}() returns trigger language plpgsql set search_path = '' as $plinth$
begin
  if tg_op = 'INSERT' then
    new.created_by := (nullif((select current_setting('request.jwt.claims', true)), '')::jsonb ->> 'sub')::uuid;
    new.created_at := now();
  else
    new.id := old.id;
    new.created_by := old.created_by;
    new.created_at := old.created_at;
  end if;
  new.updated_at := now();
  return new;
end
$plinth$`;
}

function createTableSql(schema: string, table: ModelTable): string {
  const name = table.name;
  const lines = [
    `id uuid not null default gen_random_uuid()`,
    `created_at timestamptz not null default now()`,
    `updated_at timestamptz not null default now()`,
    `created_by uuid default ${qualified(schema, "plinth_user_id")}()`,
    ...table.table.columns.map((column) => columnSql(schema, column)),
    `constraint ${quoteIdent(objectName("pk", name))} primary key (id)`,
    ...table.table.columns
      .filter((column) => column.unique)
      .map(
        (column) =>
          `constraint ${quoteIdent(objectName("key", name, column.name))} unique (${quoteIdent(column.name)})`,
      ),
    ...table.table.columns.flatMap((column) => checkSql(column)),
  ];
  return `create table ${qualified(schema, name)} (\n  ${lines.join(",\n  ")}\n)`;
}

function columnSql(schema: string, column: Column): string {
  const parts = [quoteIdent(column.name), SQL_TYPES[column.type]];
  if (column.required) parts.push("not null");
  if (column.default !== undefined) parts.push(`default ${defaultSql(schema, column)}`);
  return parts.join(" ");
}

function defaultSql(schema: string, column: Column): string {
  if (column.default === NOW) return column.type === "date" ? "current_date" : "now()";
  if (column.default === USER_ID) {
    return column.type === "uuid"
      ? `${qualified(schema, "plinth_user_id")}()`
      : `${qualified(schema, "plinth_user_id")}()::text`;
  }
  return typedLiteral(column.default, column.type);
}

const FORMAT_PATTERNS: Partial<Record<NonNullable<Column["format"]>, string>> = {
  email: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$",
  url: "^https?://[^\\s]+$",
  color: "^#[0-9a-fA-F]{6}$",
};

function checkSql(column: Column): string[] {
  const col = quoteIdent(column.name);
  const check = (rule: string, expression: string) =>
    `constraint ${quoteIdent(`${column.name}_${rule}`)} check (${expression})`;
  const checks: string[] = [];
  if (column.enum)
    checks.push(check("enum", `${col} in (${column.enum.map((v) => typedLiteral(v, column.type)).join(", ")})`));
  if (column.min !== undefined) checks.push(check("min", `${col} >= ${typedLiteral(column.min, column.type)}`));
  if (column.max !== undefined) checks.push(check("max", `${col} <= ${typedLiteral(column.max, column.type)}`));
  if (column.maxLength !== undefined)
    checks.push(check("max_length", `char_length(${col}) <= ${typedLiteral(column.maxLength, "int")}`));
  const pattern = column.format && column.type === "text" ? FORMAT_PATTERNS[column.format] : undefined;
  if (pattern) checks.push(check("format", `${col} ~ ${typedLiteral(pattern, "text")}`));
  return checks;
}

function describeTable(table: ModelTable): string {
  const rules = table.table.columns.filter(
    (c) => c.required || c.unique || c.enum || c.min !== undefined || c.max !== undefined || c.maxLength !== undefined,
  );
  return `Create table ${table.name} with ${table.table.columns.length} columns plus id, created_at, updated_at and created_by${rules.length > 0 ? `; rules on ${rules.map((c) => c.name).join(", ")}` : ""}.`;
}

/** Clients may write their own columns (and choose an id on insert), never the system columns. */
function grantSteps(schema: string, table: ModelTable, access: Access, role: string): PlanStep[] {
  const target = qualified(schema, table.name);
  const own = table.table.columns.map((c) => quoteIdent(c.name));
  const steps: PlanStep[] = [];
  if (access.select)
    steps.push({ sql: `grant select on ${target} to ${role}`, description: `Let ${access.role} read ${table.name}.` });
  if (access.insert) {
    steps.push({
      sql: `grant insert (${["id", ...own].join(", ")}) on ${target} to ${role}`,
      description: `Let ${access.role} add ${table.name} rows.`,
    });
  }
  if (access.update && own.length > 0) {
    steps.push({
      sql: `grant update (${own.join(", ")}) on ${target} to ${role}`,
      description: `Let ${access.role} change ${table.name} rows (not their system columns).`,
    });
  }
  if (access.delete)
    steps.push({
      sql: `grant delete on ${target} to ${role}`,
      description: `Let ${access.role} delete ${table.name} rows.`,
    });
  return steps;
}

function policySteps(schema: string, table: ModelTable, access: Access, role: string): PlanStep[] {
  const target = qualified(schema, table.name);
  const condition = access.filter ? compileFilter(access.filter, (c) => table.types.get(c) ?? "text") : "true";
  const which = access.filter ? `rows where ${describeFilter(access.filter)}` : "every row";
  const policy = (command: string) => quoteIdent(`${access.role}_${command}`);
  const steps: PlanStep[] = [];
  if (access.select) {
    steps.push({
      sql: `create policy ${policy("select")} on ${target} for select to ${role} using (${condition})`,
      description: `${access.role} sees ${which} of ${table.name}.`,
    });
  }
  if (access.insert) {
    steps.push({
      sql: `create policy ${policy("insert")} on ${target} for insert to ${role} with check (${condition})`,
      description: `${access.role} may add ${which.replace("rows where", "rows only where")} to ${table.name}.`,
    });
  }
  if (access.update) {
    steps.push({
      sql: `create policy ${policy("update")} on ${target} for update to ${role} using (${condition}) with check (${condition})`,
      description: `${access.role} may change ${which} of ${table.name}, and only so that they still match.`,
    });
  }
  if (access.delete) {
    steps.push({
      sql: `create policy ${policy("delete")} on ${target} for delete to ${role} using (${condition})`,
      description: `${access.role} may delete ${which} of ${table.name}.`,
    });
  }
  return steps;
}

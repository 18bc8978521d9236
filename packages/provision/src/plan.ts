/**
 * The planner: blueprint + app id → the ordered SQL that creates the app's schema,
 * roles, tables, constraints, indexes, grants and row-level security. Pure: it only
 * builds text, so a founder can be shown the plan before anything runs.
 */
import { type Problem, validateBlueprint } from "@plinth/blueprint";
import { qualified, quoteIdent, quoteLiteral } from "@plinth/db";
import {
  createRoleStep,
  createTableStep,
  type ExpectedPolicy,
  expectedPolicies,
  foreignKeyName,
  foreignKeyStep,
  grantOf,
  grantRolesToAuthenticatorStep,
  grantSteps,
  indexStep,
  type PlanStep,
  policySteps,
  ROLE_ATTRIBUTES,
  rowSecurityStep,
  schemaUsageStep,
  stampTriggerStep,
  type TableGrant,
  userIdExecuteStep,
} from "./ddl.js";
import { AUTHENTICATOR_ROLE, appKey, ownerRoleName, roleName, schemaName } from "./names.js";
import { buildPhysicalApp, type PhysicalApp, type PhysicalTable } from "./physical.js";

export type { PlanStep } from "./ddl.js";

export interface ProvisionPlan {
  appKey: string;
  schema: string;
  ownerRole: string;
  /** Blueprint role → database role. */
  roles: { role: string; dbRole: string }[];
  tables: string[];
  /** Columns a policy reads; the self-check insists each has an index. */
  filterColumns: { table: string; column: string }[];
  /** Every row-level policy the app's access calls for; the self-check insists each exists. */
  policies: ExpectedPolicy[];
  /** What every role is granted on every table, to the column; the self-check insists on exactly this. */
  grants: TableGrant[];
  /** Every foreign key by the name Postgres would give it; the self-check insists each exists so. */
  foreignKeys: { table: string; name: string }[];
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

/** Validates a blueprint (any JSON) and lays it out for the database; every plan is built from this. */
export function physicalAppOf(input: unknown): PhysicalApp {
  const validation = validateBlueprint(input);
  if (!validation.ok) throw new ProvisionError("the blueprint is not valid", validation.problems);
  const built = buildPhysicalApp(validation.blueprint);
  if (!built.ok) throw new ProvisionError("the blueprint cannot be provisioned", built.problems);
  return built.app;
}

/** Plans the provisioning of `input` (any JSON; it is validated first) for the app `appId` (its UUID). */
export function planProvision(input: unknown, appId: string): ProvisionPlan {
  return planFromPhysicalApp(physicalAppOf(input), appId);
}

function planFromPhysicalApp(model: PhysicalApp, appId: string): ProvisionPlan {
  const key = appKey(appId);
  const schema = schemaName(key);
  const owner = ownerRoleName(key);
  const roles = model.blueprint.security.roles.map((role) => ({ role: role.name, dbRole: roleName(key, role.name) }));
  const dbRole = (role: string) => quoteIdent(roleName(key, role));
  const dbRoles = roles.map((r) => r.dbRole);
  const steps: PlanStep[] = [];
  const step = (sql: string, description: string) => steps.push({ sql, description });

  step(
    `create role ${quoteIdent(owner)} ${ROLE_ATTRIBUTES}`,
    "Create the role that owns the app's schema and tables (nobody signs in as it).",
  );
  for (const r of roles) steps.push(createRoleStep(r.dbRole, r.role));
  step(ensureAuthenticatorSql(), `Create the API's login role ${AUTHENTICATOR_ROLE} if this database has none yet.`);
  steps.push(grantRolesToAuthenticatorStep(dbRoles));
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
  for (const table of model.tables) steps.push(createTableStep(schema, table));
  for (const table of model.tables) steps.push(stampTriggerStep(schema, table.name));
  for (const fk of model.foreignKeys) steps.push(foreignKeyStep(schema, fk));
  for (const index of model.indexes) steps.push(indexStep(schema, index));
  for (const table of model.tables) steps.push(rowSecurityStep(schema, table.name));
  steps.push(schemaUsageStep(schema, dbRoles));
  steps.push(userIdExecuteStep(schema, dbRoles));
  for (const access of model.access) {
    const table = model.tables.find((t) => t.name === access.table) as PhysicalTable;
    for (const s of grantSteps(schema, table, access, dbRole(access.role))) step(s.sql, s.description);
    for (const s of policySteps({ ...model, schema }, access, dbRole(access.role))) step(s.sql, s.description);
  }
  step("reset role", "Stop acting as the owner role.");

  return {
    appKey: key,
    schema,
    ownerRole: owner,
    roles,
    ...expectedObjects(model, key),
    steps,
  };
}

/** What the self-check insists on for an app as planned, provisioned or migrated alike. */
export function expectedObjects(
  model: PhysicalApp,
  key: string,
): Pick<ProvisionPlan, "tables" | "filterColumns" | "policies" | "grants" | "foreignKeys"> {
  return {
    tables: model.tables.map((t) => t.name),
    filterColumns: model.filterColumns,
    policies: expectedPolicies(model.access),
    grants: tableGrants(model, key),
    foreignKeys: model.foreignKeys.map((fk) => ({ table: fk.table, name: foreignKeyName(fk) })),
  };
}

/** Every role's grants on every table, by database role. */
export function tableGrants(model: PhysicalApp, key: string): TableGrant[] {
  return model.access.map((access) => ({
    ...grantOf(model.tables.find((t) => t.name === access.table) as PhysicalTable, access),
    dbRole: roleName(key, access.role),
  }));
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

/**
 * The migration planner: (running blueprint, new blueprint) → the ordered ALTERs that
 * turn the live app into the new version in place, each classified as safe, needing a
 * check against the data, or destructive. Pure, like the provisioning planner, and
 * built from the same statement builders, so a table or rule a migration adds is the
 * one a fresh provision would create.
 */
import { type Column, type ColumnType, Labels, TYPE_WORDS, USER_ID } from "@plinth/blueprint";
import { qualified, quoteIdent } from "@plinth/db";
import {
  columnSql,
  createRoleStep,
  createTableStep,
  defaultSql,
  grantRolesToAuthenticatorStep,
  legacyForeignKeyRenameStep,
  type PlanStep,
  rowSecurityStep,
  schemaUsageStep,
  stampTriggerStep,
  userIdExecuteStep,
} from "../ddl.js";
import { appKey, ownerRoleName, roleName, schemaName } from "../names.js";
import { buildPhysicalApp } from "../physical.js";
import { expectedObjects, ProvisionError, type ProvisionPlan, physicalAppOf } from "../plan.js";
import { SQL_TYPES } from "../sql.js";
import {
  ARCHIVE_RETENTION_DAYS,
  archiveColumnStep,
  archivedCountSql,
  archivedRowsCountSql,
  archiveTableStep,
  ensureArchiveSteps,
  expireArchiveStep,
  restoreColumnSteps,
  restoreTableStep,
} from "./archive.js";
import { accessConsequences, type Consequence, defaultWords, rowsFigure, sentence } from "./consequences.js";
import { type AppObject, appObjects, RULE_WORDS, renamableNames, uniqueKeyWords } from "./objects.js";
import { applyRenames, declaredRenames } from "./renames.js";

export type StepClassification = "safe" | "needs-check" | "destructive";

export interface MigrationCheck {
  /** Counts the existing rows that would break the step; the step runs only when it returns 0. */
  sql: string;
  /** What the counted rows are, e.g. "deals rows have no value in priority, which becomes required". */
  message: string;
}

export interface MigrationStep extends PlanStep {
  classification: StepClassification;
  check?: MigrationCheck;
  /** Runs only when the app is running: a stopped app's roles stay without USAGE on the schema. */
  onlyWhenRunning?: boolean;
}

/** The app as a provision plan describes it (roles, tables, …) after the migration, and the steps there. */
export interface MigrationPlan extends Omit<ProvisionPlan, "steps"> {
  steps: MigrationStep[];
  /** What the migration does to the app and its data, in the founder's words. */
  consequences: Consequence[];
}

/**
 * Plans the migration of app `appId` from the blueprint it runs (`from`) to `to`. Both
 * are validated like planProvision's input; a bad `to` throws ProvisionError.
 */
export function planMigration(from: unknown, to: unknown, appId: string): MigrationPlan {
  const key = appKey(appId);
  const schema = schemaName(key);
  const owner = ownerRoleName(key);
  const running = physicalAppOf(from);
  const target = physicalAppOf(to);
  const renames = declaredRenames(running.blueprint, target.blueprint);
  const renamedBuild = buildPhysicalApp(applyRenames(running.blueprint, renames));
  if (!renamedBuild.ok) throw new ProvisionError("the declared renames do not fit together", renamedBuild.problems);
  const old = renamedBuild.app;
  // Words use the founder's labels: the running version's for what goes, the new version's for what stays.
  const was = new Labels(running.blueprint);
  const then = new Labels(old.blueprint);
  const is = new Labels(target.blueprint);

  const session: MigrationStep[] = [];
  const ddl: MigrationStep[] = [];
  const cleanup: MigrationStep[] = [];
  const consequences: Consequence[] = [];
  const step = (
    into: MigrationStep[],
    s: PlanStep,
    classification: StepClassification = "safe",
    extra: Partial<MigrationStep> = {},
  ) => into.push({ ...s, classification, ...extra });
  const say = (kind: Consequence["kind"], message: string, count?: Consequence["count"]) =>
    consequences.push(count ? { kind, message, count } : { kind, message });
  const table = (name: string) => qualified(schema, name);
  const dbRole = (role: string) => roleName(key, role);

  // Roles are cluster objects: created and dropped as the session user, not the owner.
  const oldRoles = old.blueprint.security.roles.map((r) => r.name);
  const newRoles = target.blueprint.security.roles.map((r) => r.name);
  const addedRoles = newRoles.filter((r) => !oldRoles.includes(r));
  const droppedRoles = oldRoles.filter((r) => !newRoles.includes(r));
  for (const role of addedRoles) step(session, createRoleStep(dbRole(role), role));
  if (addedRoles.length > 0) step(session, grantRolesToAuthenticatorStep(addedRoles.map(dbRole)));

  // Renames first, so everything after compares the renamed running app with the new blueprint.
  for (const [from, to] of renames.tables) {
    step(ddl, {
      sql: `alter table ${table(from)} rename to ${quoteIdent(to)}`,
      description: `Rename table ${from} to ${to}; its rows, links and access stay.`,
    });
    const [a, b] = [was.table(from), is.table(to)];
    say(
      "renamed",
      a === b
        ? `The ${b} table keeps its rows under a new name (${to}).`
        : `The ${a} table is renamed to ${b}; its rows are kept.`,
    );
  }
  for (const [tableName, columns] of renames.columns) {
    for (const [from, to] of columns) {
      step(ddl, {
        sql: `alter table ${table(tableName)} rename column ${quoteIdent(from)} to ${quoteIdent(to)}`,
        description: `Rename column ${tableName}.${from} to ${to}; its values stay.`,
      });
      const [a, b] = [then.column(tableName, from), is.column(tableName, to)];
      say(
        "renamed",
        a === b
          ? `${sentence(is.field(tableName, to))} keeps its values under a new name (${to}).`
          : `${sentence(then.field(tableName, from))} is renamed to ${b}; its values are kept.`,
      );
    }
  }
  const namesBefore = renamableNames(running);
  const namesAfter = renamableNames(old);
  namesBefore.forEach((before, i) => {
    const after = namesAfter[i];
    if (!after || after.key !== before.key) throw new Error("renamed blueprint does not line up with the running one");
    if (after.name === before.name) return;
    step(ddl, {
      sql:
        before.kind === "index"
          ? `alter index ${table(before.name)} rename to ${quoteIdent(after.name)}`
          : `alter table ${table(after.table)} rename constraint ${quoteIdent(before.name)} to ${quoteIdent(after.name)}`,
      description: `Rename ${before.name} to ${after.name} to match the new names.`,
    });
  });

  const oldTables = new Map(old.tables.map((t) => [t.name, t]));
  const newTables = new Map(target.tables.map((t) => [t.name, t]));
  const droppedTables = old.tables.filter((t) => !newTables.has(t.name)).map((t) => t.name);
  const addedTables = target.tables.filter((t) => !oldTables.has(t.name));
  const isNewTable = (name: string) => !oldTables.has(name);

  // Column changes of tables that stay. Columns whose type changes take their rules,
  // keys, indexes and policies down with them and get them back afterwards.
  const touched = new Set<string>();
  const newColumns = new Set<string>();
  const dropColumns: MigrationStep[] = [];
  const alterColumns: MigrationStep[] = [];
  const addColumns: MigrationStep[] = [];
  // Soft-drop: values go to the archive before their column is dropped and come back when it is added again.
  const archived: MigrationStep[] = [];
  const restored: MigrationStep[] = [];
  const requiredAfterRestore: MigrationStep[] = [];
  for (const newTable of target.tables) {
    const oldTable = oldTables.get(newTable.name);
    if (!oldTable) continue;
    const name = newTable.name;
    const oldCols = new Map(oldTable.table.columns.map((c) => [c.name, c]));
    const newCols = new Map(newTable.table.columns.map((c) => [c.name, c]));
    for (const [column, oldCol] of oldCols) {
      if (newCols.has(column)) continue;
      touched.add(`${name}.${column}`);
      step(archived, archiveColumnStep(schema, name, oldCol));
      step(dropColumns, dropColumnStep(schema, name, column), "destructive");
      const field = sentence(then.field(name, column));
      say(
        "data loss",
        `${field} is removed: its values disappear from the app (kept ${ARCHIVE_RETENTION_DAYS} days, and back if you restore a version with it).`,
        {
          sql: `select count(${quoteIdent(column)})::int as count, count(*)::int as total from ${table(name)}`,
          words: `${field} is removed: {count} of {total} ${then.rowNoun(name, 2)} {count:has|have} a value there, which disappears from the app. The values are kept for ${ARCHIVE_RETENTION_DAYS} days and come back if you restore a version with this field.`,
        },
      );
    }
    for (const [column, newCol] of newCols) {
      const oldCol = oldCols.get(column);
      if (oldCol && !keepsValues(oldCol.type, newCol.type)) {
        touched.add(`${name}.${column}`);
        step(archived, archiveColumnStep(schema, name, oldCol));
        step(dropColumns, dropColumnStep(schema, name, column), "destructive");
        const field = sentence(then.field(name, column));
        const [from, to] = [TYPE_WORDS[oldCol.type], TYPE_WORDS[newCol.type]];
        say(
          "data loss",
          `${field} changes from ${from} to ${to}, which cannot keep its values: the field is replaced and its values disappear from the app (kept ${ARCHIVE_RETENTION_DAYS} days, and back if you restore a version where it is ${from}).`,
          {
            sql: `select count(${quoteIdent(column)})::int as count, count(*)::int as total from ${table(name)}`,
            words: `${field} changes from ${from} to ${to}, which cannot keep its values: {count} of {total} ${then.rowNoun(name, 2)} {count:has|have} a value there, which disappears from the app. The values are kept for ${ARCHIVE_RETENTION_DAYS} days and come back if you restore a version where it is ${from}.`,
          },
        );
      }
      if (!oldCol || !keepsValues(oldCol.type, newCol.type)) {
        newColumns.add(`${name}.${column}`);
        const added = addColumnSteps(schema, is, name, newCol);
        addColumns.push(added.add);
        if (added.required) requiredAfterRestore.push(added.required);
        for (const r of restoreColumnSteps(schema, name, newCol)) step(restored, r);
        const field = is.column(name, column);
        if (!oldCol) say("added", `New field ${field} in ${is.table(name)} (${TYPE_WORDS[newCol.type]}).`);
        say("existing rows", `Existing ${is.rowNoun(name, 2)} get ${defaultWords(newCol)} in ${field}.`, {
          sql: `select count(*)::int as total from ${table(name)}`,
          words: `{total:The # existing ${is.rowNoun(name, 1)} gets|The # existing ${is.rowNoun(name, 2)} get} ${defaultWords(newCol)} in ${field}.`,
        });
        say("existing rows", "", {
          sql: archivedCountSql(schema, name, newCol),
          words: `Of these, {count:# gets|# get} back the ${field} values kept from an earlier version.`,
          onlyWhenCounted: true,
        });
        continue;
      }
      if (oldCol.type !== newCol.type && SQL_TYPES[oldCol.type] === SQL_TYPES[newCol.type])
        say(
          "changed",
          `${sentence(is.field(name, column))} now holds ${TYPE_WORDS[newCol.type]} instead of ${TYPE_WORDS[oldCol.type]}; its values are kept.`,
        );
      for (const s of alterColumnSteps(schema, is, name, oldCol, newCol, touched)) {
        alterColumns.push(s);
        if (!s.sql.endsWith(" drop default") || oldCol.type === newCol.type)
          say(
            s.classification === "needs-check" ? "check" : "changed",
            s.description,
            checkCount(s.check, s.description),
          );
      }
    }
  }

  // A table brought back (by name, or by the name it says it was renamed from) gets its archived rows again.
  const archivedAs = (t: (typeof addedTables)[number]) =>
    [t.name, t.table.renamedFrom].filter((n): n is string => n !== undefined);
  for (const t of addedTables) {
    say("added", `New table ${is.table(t.name)} with ${t.table.columns.length} fields.`);
    say("added", "", {
      sql: archivedRowsCountSql(schema, archivedAs(t)),
      words: `The ${is.table(t.name)} table gets back ${rowsFigure(is, t.name, "count")} kept from an earlier version, with their links.`,
      onlyWhenCounted: true,
    });
  }
  for (const name of droppedTables) {
    step(archived, archiveTableStep(schema, name));
    say(
      "data loss",
      `The ${then.table(name)} table is removed: its rows disappear from the app (kept ${ARCHIVE_RETENTION_DAYS} days, and back if you restore a version with it).`,
      {
        sql: `select count(*)::int as total from ${table(name)}`,
        words: `The ${then.table(name)} table is removed: its ${rowsFigure(then, name, "total", " disappears", " disappear")} from the app. They are kept for ${ARCHIVE_RETENTION_DAYS} days and come back if you restore a version with this table.`,
      },
    );
  }

  // Dependent objects: kept when nothing about them or their columns changes, otherwise rebuilt.
  const objectKey = (o: AppObject) => `${o.kind}\0${o.table}\0${o.name}`;
  const createSql = (o: AppObject) => o.create.map((s) => s.sql).join(";\n");
  const before = new Map(appObjects(old, schema, key).map((o) => [objectKey(o), o]));
  const after = new Map(appObjects(target, schema, key).map((o) => [objectKey(o), o]));
  const rebuilt = (o: AppObject) =>
    o.columns.some((c) => touched.has(`${o.table}.${c}`)) || o.elsewhere.some((c) => touched.has(c));
  const same = (o: AppObject | undefined, n: AppObject | undefined) =>
    o !== undefined && n !== undefined && createSql(o) === createSql(n) && !rebuilt(o);
  const drops = [...before.values()].filter(
    (o) => !droppedTables.includes(o.table) && !same(o, after.get(objectKey(o))),
  );
  const creates = [...after.values()].filter(
    (n) => !same(before.get(objectKey(n)), n) && !(isNewTable(n.table) && inlineInCreateTable(n)),
  );
  const dropOrder: AppObject["kind"][] = ["policy", "grant", "foreign key", "check", "unique", "index"];
  for (const kind of dropOrder) for (const o of drops.filter((d) => d.kind === kind)) step(ddl, o.drop);

  const asSessionUser = (steps: MigrationStep[]): MigrationStep[] => [
    {
      sql: "reset role",
      description: "Act as the session user, which the archive is written by.",
      classification: "safe",
    },
    ...steps,
    { sql: `set local role ${quoteIdent(owner)}`, description: "Act as the owner role again.", classification: "safe" },
  ];
  if (archived.length > 0) {
    for (const s of ensureArchiveSteps(schema)) step(ddl, s);
    ddl.push(...asSessionUser([...archived, { ...expireArchiveStep(schema), classification: "safe" }]));
  }
  ddl.push(...dropColumns);
  if (droppedTables.length > 0) {
    // One statement, so links between the dropped tables never stand in the way.
    step(
      ddl,
      {
        sql: `drop table ${droppedTables.map(table).join(", ")}`,
        description: `Delete ${droppedTables.length === 1 ? "table" : "tables"} ${droppedTables.join(", ")} and every row in ${droppedTables.length === 1 ? "it" : "them"}.`,
      },
      "destructive",
    );
  }
  ddl.push(...alterColumns, ...addColumns);
  if (restored.length > 0) ddl.push(...asSessionUser(restored));
  ddl.push(...requiredAfterRestore);

  for (const t of addedTables) step(ddl, createTableStep(schema, t));
  // Before the stamp trigger, which would stamp restored rows as new, and before the keys, which check their links.
  if (addedTables.length > 0)
    ddl.push(
      ...asSessionUser(
        addedTables.map((t) => ({
          ...restoreTableStep(
            schema,
            t.name,
            archivedAs(t),
            target.foreignKeys
              .filter((fk) => fk.table === t.name)
              .map((fk) => ({
                ...fk,
                required: t.table.columns.find((c) => c.name === fk.column)?.required === true,
              })),
          ),
          classification: "safe" as const,
        })),
      ),
    );
  for (const t of addedTables) step(ddl, stampTriggerStep(schema, t.name));
  const isNewColumn = (o: AppObject, column: string) => isNewTable(o.table) || newColumns.has(`${o.table}.${column}`);
  for (const kind of ["unique", "check", "foreign key", "index"] as const) {
    for (const o of creates.filter((c) => c.kind === kind)) {
      const classified = classifyCreate(o, before.get(objectKey(o)), isNewColumn, schema, is);
      // Rows already there (restored, or kept in an existing column) are checked against a parent whose row security is forced.
      const lifted = o.kind === "foreign key" && !isNewTable(o.fk.refTable) ? o.fk.refTable : undefined;
      if (lifted) step(ddl, forceRowSecurityStep(schema, lifted, false));
      // A link that checks existing rows is named in the preview's checks, so in the founder's words.
      const described = (s: PlanStep) =>
        o.kind === "foreign key" && classified.check
          ? { ...s, description: `Link ${is.field(o.table, o.fk.column)} to ${is.table(o.fk.refTable)}.` }
          : s;
      for (const s of o.create)
        step(ddl, described(s), classified.classification, classified.check ? { check: classified.check } : {});
      if (lifted) step(ddl, forceRowSecurityStep(schema, lifted, true));
      if (classified.consequence)
        say(
          classified.classification === "needs-check" ? "check" : "changed",
          classified.consequence,
          checkCount(classified.check, classified.consequence),
        );
    }
  }
  for (const t of addedTables) step(ddl, rowSecurityStep(schema, t.name));
  if (addedRoles.length > 0) {
    step(ddl, schemaUsageStep(schema, addedRoles.map(dbRole)), "safe", { onlyWhenRunning: true });
    step(ddl, userIdExecuteStep(schema, addedRoles.map(dbRole)));
  }
  for (const o of creates.filter((c) => c.kind === "grant" || c.kind === "policy"))
    for (const s of o.create) step(ddl, s);

  for (const role of droppedRoles) {
    const r = quoteIdent(dbRole(role));
    step(
      cleanup,
      { sql: `drop owned by ${r}`, description: `Revoke everything role ${role} was still granted in this database.` },
      "destructive",
    );
    step(
      cleanup,
      { sql: `drop role ${r}`, description: `Delete the database role of app role "${role}".` },
      "destructive",
    );
  }
  consequences.push(...accessConsequences(old, target, droppedTables, schema));

  const steps = [...session];
  if (ddl.length > 0) {
    steps.push({
      sql: `set local role ${quoteIdent(owner)}`,
      description: "Act as the owner role while changing the app's objects.",
      classification: "safe",
    });
    // Before the renames and drops, which name the keys as they are named today.
    const legacy = legacyForeignKeyRenameStep(schema, running.foreignKeys);
    if (legacy) steps.push({ ...legacy, classification: "safe" });
    steps.push(...ddl, { sql: "reset role", description: "Stop acting as the owner role.", classification: "safe" });
  }
  steps.push(...cleanup);

  return {
    appKey: key,
    schema,
    ownerRole: owner,
    roles: newRoles.map((role) => ({ role, dbRole: dbRole(role) })),
    ...expectedObjects(target, key),
    steps,
    consequences,
  };
}

/**
 * Postgres 15 checks the existing rows of a new link as the table owner but without the
 * owner's exemption from forced row security, so every parent row looks missing; the
 * parent's row security is unforced for that one statement, inside the migration's
 * transaction, and forced again right after.
 */
function forceRowSecurityStep(schema: string, table: string, force: boolean): MigrationStep {
  return {
    sql: `alter table ${qualified(schema, table)} ${force ? "" : "no "}force row level security`,
    description: force
      ? `Force row-level security on ${table} again.`
      : `Let the owner check links to ${table} against all its rows for the next statement.`,
    classification: "safe",
  };
}

/** A check's count in the preview: how many existing rows stop the migration now. */
function checkCount(check: MigrationCheck | undefined, message: string): Consequence["count"] {
  return check ? { sql: check.sql, words: `${message} Rows that stop it today: {count}.` } : undefined;
}

/** Unique keys and rules of a new table are part of its CREATE TABLE, exactly as in provisioning. */
function inlineInCreateTable(o: AppObject): boolean {
  return o.kind === "unique" || o.kind === "check";
}

/**
 * Whether a column keeps its values through a type change: the same storage (a uuid
 * column that becomes a people column, text that becomes a file) or a widening.
 */
function keepsValues(from: ColumnType, to: ColumnType): boolean {
  return from === to || SQL_TYPES[from] === SQL_TYPES[to] || widening(from, to);
}

/** Type changes that keep every value. Any other change replaces the column. */
function widening(from: ColumnType, to: ColumnType): boolean {
  if (to === "jsonb" || to === "text") return true;
  return (from === "int" && to === "float") || (from === "date" && to === "timestamptz");
}

function dropColumnStep(schema: string, table: string, column: string): PlanStep {
  return {
    sql: `alter table ${qualified(schema, table)} drop column ${quoteIdent(column)}`,
    description: `Remove column ${table}.${column} and its values.`,
  };
}

/**
 * A required column without a usable default is added optional, filled from the archive,
 * and only then made required, so a restored field's kept values satisfy it; rows still
 * without a value stop the migration.
 */
function addColumnSteps(
  schema: string,
  labels: Labels,
  table: string,
  column: Column,
): { add: MigrationStep; required?: MigrationStep } {
  // $user.id has no user during a migration, so existing rows would get NULL too.
  const later = column.required && (column.default === undefined || column.default === USER_ID);
  const add: MigrationStep = {
    sql: `alter table ${qualified(schema, table)} add column ${columnSql(schema, later ? { ...column, required: false } : column)}`,
    description: `Add column ${table}.${column.name}; existing rows get ${defaultWords(column)}.`,
    classification: "safe",
  };
  if (!later) return { add };
  const col = quoteIdent(column.name);
  return {
    add,
    required: {
      sql: `alter table ${qualified(schema, table)} alter column ${col} set not null`,
      description: `${sentence(labels.field(table, column.name))} becomes required.`,
      classification: "needs-check",
      check: {
        sql: `select count(*)::int as count from ${qualified(schema, table)} where ${col} is null`,
        message: `existing ${labels.rowNoun(table, 2)} would have no value in the new required field ${labels.column(table, column.name)}; give it a default or make it optional`,
      },
    },
  };
}

function alterColumnSteps(
  schema: string,
  labels: Labels,
  table: string,
  oldCol: Column,
  newCol: Column,
  touched: Set<string>,
): MigrationStep[] {
  const target = qualified(schema, table);
  const col = quoteIdent(newCol.name);
  const label = `${table}.${newCol.name}`;
  const field = sentence(labels.field(table, newCol.name));
  const [rows, fieldLabel] = [labels.rowNoun(table, 2), labels.column(table, newCol.name)];
  const steps: MigrationStep[] = [];
  const alter = (sql: string, description: string, extra: Partial<MigrationStep> = {}) =>
    steps.push({
      sql: `alter table ${target} alter column ${col} ${sql}`,
      description,
      classification: "safe",
      ...extra,
    });
  const oldDefault = oldCol.default === undefined ? null : defaultSql(schema, oldCol);
  const newDefault = newCol.default === undefined ? null : defaultSql(schema, newCol);
  if (oldCol.required && !newCol.required) alter("drop not null", `${field} becomes optional.`);
  if (SQL_TYPES[oldCol.type] !== SQL_TYPES[newCol.type]) {
    touched.add(label);
    if (oldDefault) alter("drop default", `${field} loses its old default while its type changes.`);
    const using = newCol.type === "jsonb" ? `to_jsonb(${col})` : `${col}::${SQL_TYPES[newCol.type]}`;
    alter(
      `type ${SQL_TYPES[newCol.type]} using ${using}`,
      `${field} changes from ${TYPE_WORDS[oldCol.type]} to ${TYPE_WORDS[newCol.type]}; existing values are kept.`,
    );
    if (newDefault) alter(`set default ${newDefault}`, `New ${rows} get ${defaultWords(newCol)} in ${fieldLabel}.`);
  } else if (oldDefault !== newDefault) {
    if (newDefault)
      alter(
        `set default ${newDefault}`,
        `New ${rows} get ${defaultWords(newCol)} in ${fieldLabel}; existing ones keep their values.`,
      );
    else alter("drop default", `New ${rows} get no value in ${fieldLabel} unless one is given.`);
  }
  if (!oldCol.required && newCol.required) {
    alter("set not null", `${field} becomes required.`, {
      classification: "needs-check",
      check: {
        sql: `select count(*)::int as count from ${target} where ${col} is null`,
        message: `existing ${rows} have no value in ${fieldLabel}, which becomes required; fill them in first`,
      },
    });
  }
  return steps;
}

interface Classified {
  classification: StepClassification;
  check?: MigrationCheck;
  consequence?: string;
}

function classifyCreate(
  o: AppObject,
  previous: AppObject | undefined,
  isNewColumn: (o: AppObject, column: string) => boolean,
  schema: string,
  labels: Labels,
): Classified {
  const target = qualified(schema, o.table);
  const rows = labels.rowNoun(o.table, 2);
  switch (o.kind) {
    case "check": {
      const field = sentence(labels.field(o.table, o.column.name));
      const rule = RULE_WORDS[o.check.rule];
      if (isNewColumn(o, o.column.name)) return { classification: "safe" };
      if (previous?.kind === "check" && relaxes(o.check.rule, previous.column, o.column))
        return {
          classification: "safe",
          consequence: `${field} accepts more values (${rule}: ${ruleValue(o.column, o.check.rule)}).`,
        };
      return {
        classification: "needs-check",
        check: {
          sql: `select count(*)::int as count from ${target} where not (${o.check.expression})`,
          message: `existing ${rows} break the new ${rule} rule on ${labels.column(o.table, o.column.name)} (${ruleValue(o.column, o.check.rule)}); change or delete them first`,
        },
        consequence: `${field} gets a stricter ${rule} rule (${ruleValue(o.column, o.check.rule)}); existing ${rows} that break it block the migration.`,
      };
    }
    case "unique": {
      // A key with a new column holds nulls only, and rows with a null never collide.
      if (o.columns.some((column) => isNewColumn(o, column))) return { classification: "safe" };
      const cols = o.columns.map(quoteIdent).join(", ");
      const notNull = o.columns.map((column) => `${quoteIdent(column)} is not null`).join(" and ");
      return {
        classification: "needs-check",
        check: {
          sql: `select coalesce(sum(n), 0)::int as count from (select count(*) as n from ${target} where ${notNull} group by ${cols} having count(*) > 1) as duplicates`,
          message: `existing ${rows} share a value in ${labels.columns(o.table, o.columns)}, which must become unique; make them distinct first`,
        },
        consequence: `${sentence(uniqueKeyWords(labels, o.table, o.columns))} must be unique; existing duplicates block the migration.`,
      };
    }
    case "foreign key": {
      const { fk } = o;
      const sameLink =
        previous?.kind === "foreign key" &&
        previous.fk.refTable === fk.refTable &&
        previous.fk.refColumn === fk.refColumn;
      if (isNewColumn(o, fk.column) || sameLink) return { classification: "safe" };
      return {
        classification: "needs-check",
        check: {
          sql: `select count(*)::int as count from ${target} as child where child.${quoteIdent(fk.column)} is not null and not exists (select from ${qualified(schema, fk.refTable)} as parent where parent.${quoteIdent(fk.refColumn)} = child.${quoteIdent(fk.column)})`,
          message: `existing ${rows} have a value in ${labels.column(fk.table, fk.column)} that matches no row of ${labels.table(fk.refTable)}; fix or clear them first`,
        },
        consequence: `${sentence(labels.field(fk.table, fk.column))} now links to ${labels.table(fk.refTable)}; existing ${rows} pointing nowhere block the migration.`,
      };
    }
    default:
      return { classification: "safe" };
  }
}

/** True when every value the old rule accepted is still accepted. */
function relaxes(rule: string, oldCol: Column, newCol: Column): boolean {
  const comparable = oldCol.type === newCol.type || (oldCol.type === "int" && newCol.type === "float");
  if (!comparable) return false;
  const order = (v: unknown) =>
    typeof v === "number" ? v : Number.isNaN(Number(v)) ? Date.parse(String(v)) : Number(v);
  switch (rule) {
    case "enum":
      return (oldCol.enum ?? []).every((v) => newCol.enum?.includes(v)) && oldCol.enum !== undefined;
    case "min":
      return oldCol.min !== undefined && order(newCol.min) <= order(oldCol.min);
    case "max":
      return oldCol.max !== undefined && order(newCol.max) >= order(oldCol.max);
    case "max_length":
      return oldCol.maxLength !== undefined && (newCol.maxLength ?? 0) >= oldCol.maxLength;
    default:
      return false;
  }
}

function ruleValue(column: Column, rule: string): string {
  switch (rule) {
    case "enum":
      return (column.enum ?? []).join(", ");
    case "min":
      return `at least ${column.min}`;
    case "max":
      return `at most ${column.max}`;
    case "max_length":
      return `at most ${column.maxLength} characters`;
    default:
      return column.format ?? "";
  }
}

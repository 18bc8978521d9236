/**
 * Scopes and column write rules on a permission: every scope names a column of the kind
 * it needs and an action the permission grants; a parent scope goes through a real link
 * to a parent the role can consult; read-only columns are columns the role could
 * otherwise write.
 */
import { isSystemColumn } from "../resolved/system-columns.js";
import type { Permission, Scope, ScopedAction } from "../schema.js";
import { checkFilter } from "./filters.js";
import { type BlueprintModel, listNames, type Problems } from "./model.js";

const GRANTED_BY: Record<ScopedAction, (actions: Permission["actions"]) => boolean> = {
  read: (a) => a.list || a.read,
  create: (a) => a.create,
  update: (a) => a.update,
  delete: (a) => a.delete,
};

export function checkPermissionScopes(
  model: BlueprintModel,
  permission: Permission,
  path: string,
  out: Problems,
): void {
  const table = permission.resource;
  if (!model.tables.has(table)) return; // reported with the permission
  for (const [action, scope] of Object.entries(permission.scopes ?? {}) as [ScopedAction, Scope | undefined][]) {
    if (scope === undefined) continue;
    const at = `${path}/scopes/${action}`;
    if (!GRANTED_BY[action](permission.actions)) {
      out.add(
        at,
        "scope_without_action",
        `Role "${permission.role}" has ${action === "update" ? "an" : "a"} ${action} scope on "${table}" but may not ${action} its records, so the scope would never apply.`,
        `Allow "${action === "read" ? "read" : action}" in the permission's actions, or remove this scope.`,
      );
      continue;
    }
    checkScope(model, permission, scope, at, out);
  }
  checkReadOnlyColumns(model, permission, path, out);
}

function checkScope(model: BlueprintModel, permission: Permission, scope: Scope, path: string, out: Problems): void {
  const table = permission.resource;
  if (scope === "all") return;
  if ("and" in scope || "or" in scope) {
    const [key, parts] = "and" in scope ? ["and", scope.and] : ["or", scope.or];
    parts.forEach((part, i) => {
      checkScope(model, permission, part, `${path}/${key}/${i}`, out);
    });
    return;
  }
  if ("where" in scope) {
    checkFilter(model, table, scope.where, `${path}/where`, out);
    return;
  }
  const [key, columnName] =
    "person" in scope ? ["person", scope.person] : "team" in scope ? ["team", scope.team] : ["parent", scope.parent];
  const column = model.column(table, columnName);
  const at = `${path}/${key}`;
  if (!column) {
    out.add(
      at,
      "unknown_column",
      `The scope names "${columnName}", but table "${table}" has no such column.`,
      `Use one of its columns: ${model.columnNames(table)}.`,
    );
    return;
  }
  if (key === "person") {
    if (column.type !== "user" && columnName !== "created_by") {
      out.add(
        at,
        "person_scope_column",
        `The scope "${table}.${columnName} is the user" needs a people column, but "${columnName}" is ${column.type}.`,
        `Give "${columnName}" the type "user", or scope by "created_by" (who added the row).`,
      );
    }
    return;
  }
  if (key === "team") {
    if (column.type !== "uuid") {
      out.add(
        at,
        "team_scope_column",
        `The scope "${table}.${columnName} is one of the user's teams" needs a uuid column holding a team, but "${columnName}" is ${column.type}.`,
        `Give "${columnName}" the type "uuid" and link it to the teams table.`,
      );
      return;
    }
    const teamTable = model.bp.security.teamTable;
    const fk = model.foreignKeyOn(table, columnName);
    if (teamTable && fk && fk.parentTable !== teamTable) {
      out.add(
        at,
        "team_scope_column",
        `The scope treats "${table}.${columnName}" as a team, but it links to "${fk.parentTable}", not to the teams table "${teamTable}".`,
        `Scope by a column that links to "${teamTable}", or use a parent scope through "${columnName}".`,
      );
    }
    return;
  }
  checkParentScope(model, permission, columnName, "editable" in scope && scope.editable === true, at, out);
}

function checkParentScope(
  model: BlueprintModel,
  permission: Permission,
  columnName: string,
  editable: boolean,
  at: string,
  out: Problems,
): void {
  const table = permission.resource;
  const fk = model.foreignKeyOn(table, columnName);
  if (!fk) {
    const links = model.foreignKeys.filter((k) => k.childTable === table).map((k) => k.childColumn);
    out.add(
      at,
      "parent_scope_without_link",
      `The scope goes through "${table}.${columnName}" to a parent, but no relationship links that column to another table.`,
      links.length > 0
        ? `Use one of the link columns of "${table}": ${listNames(links)}.`
        : `Add a many_to_one relationship from "${table}.${columnName}" to the parent table first.`,
    );
    return;
  }
  const parent = fk.parentTable;
  if (reaches(model, parent, table)) {
    out.add(
      at,
      "parent_scope_cycle",
      parent === table
        ? `The scope goes from a "${table}" row to its parent "${table}" row, whose own scope would ask the same again without end.`
        : `The scope goes from "${table}" to its parent "${parent}", which links back to "${table}", so the database could never decide either.`,
      `Scope "${table}" by a person, team or row filter instead, or remove the link back.`,
    );
    return;
  }
  const parentAccess = model.bp.security.permissions.find((p) => p.role === permission.role && p.resource === parent);
  const canRead = parentAccess !== undefined && (parentAccess.actions.list || parentAccess.actions.read);
  if (!canRead) {
    out.add(
      at,
      "parent_scope_unreadable",
      `Role "${permission.role}" reaches "${table}" rows through their "${parent}", but may not read "${parent}" at all, so no row would ever qualify.`,
      `Let "${permission.role}" read "${parent}", or choose another scope.`,
    );
    return;
  }
  if (editable && !parentAccess.actions.update) {
    out.add(
      at,
      "parent_scope_not_editable",
      `Role "${permission.role}" reaches "${table}" rows whose "${parent}" they may edit, but they may not edit "${parent}", so no row would ever qualify.`,
      `Let "${permission.role}" update "${parent}", or drop "editable" to scope by the parents they can see.`,
    );
  }
}

/** Whether a chain of links leads from `from` to `to`. */
function reaches(model: BlueprintModel, from: string, to: string, seen = new Set<string>()): boolean {
  if (from === to) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return model.foreignKeys.some((fk) => fk.childTable === from && reaches(model, fk.parentTable, to, seen));
}

function checkReadOnlyColumns(model: BlueprintModel, permission: Permission, path: string, out: Problems): void {
  const columns = permission.readOnlyColumns;
  if (!columns || columns.length === 0) return;
  const table = permission.resource;
  if (!permission.actions.create && !permission.actions.update) {
    out.add(
      `${path}/readOnlyColumns`,
      "read_only_without_write",
      `Role "${permission.role}" has read-only columns on "${table}" but may neither add nor edit its records, so everything is read-only already.`,
      `Remove "readOnlyColumns", or allow "create" or "update".`,
    );
    return;
  }
  columns.forEach((name, i) => {
    const at = `${path}/readOnlyColumns/${i}`;
    const column = model.column(table, name);
    if (!column) {
      out.add(
        at,
        "unknown_column",
        `"${name}" is read-only for "${permission.role}", but table "${table}" has no such column.`,
        `Use one of its columns: ${model.columnNames(table)}.`,
      );
    } else if (isSystemColumn(name)) {
      out.add(
        at,
        "read_only_system_column",
        `"${name}" is a system column that nobody can set, so it is read-only for everyone already.`,
        `Remove "${name}" from "readOnlyColumns".`,
      );
    } else if (columns.indexOf(name) !== i) {
      out.add(at, "duplicate_read_only_column", `"${name}" is listed twice.`, `List "${name}" once.`);
    } else if (permission.actions.create && column.column?.required && column.column.default === undefined) {
      out.add(
        at,
        "read_only_required_column",
        `"${name}" is required and has no default, but "${permission.role}" may not set it, so they could never add a "${table}" record.`,
        `Give "${name}" a default, make it optional, or let "${permission.role}" set it.`,
      );
    }
  });
}

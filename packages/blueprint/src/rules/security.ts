/**
 * Roles, permissions and row filters: every name resolves, every role can do
 * something, every table can be read by someone, and row filters only narrow
 * permissions that exist.
 */
import { checkFilter } from "./filters.js";
import { type BlueprintModel, listNames, type Problems } from "./model.js";
import { checkPermissionScopes } from "./scopes.js";

export function checkSecurity(model: BlueprintModel, out: Problems): void {
  const { security } = model.bp;
  const roles = new Set<string>();
  security.roles.forEach((role, i) => {
    if (roles.has(role.name)) {
      out.add(
        `/security/roles/${i}/name`,
        "duplicate_role",
        `There are two roles called "${role.name}".`,
        "Give each role its own name, or remove one of them.",
      );
    }
    roles.add(role.name);
  });
  const roleList = listNames([...roles]);
  const tableList = listNames([...model.tables.keys()]);

  if (security.defaultRole && !roles.has(security.defaultRole)) {
    out.add(
      "/security/defaultRole",
      "unknown_role",
      `New members would get the role "${security.defaultRole}", which is not one of the app's roles.`,
      `Set "defaultRole" to one of ${roleList}.`,
    );
  }

  const granted = new Map<string, number>();
  security.permissions.forEach((permission, i) => {
    const path = `/security/permissions/${i}`;
    if (!roles.has(permission.role)) {
      out.add(
        `${path}/role`,
        "unknown_role",
        `A permission is given to a role "${permission.role}" that does not exist.`,
        `Use one of the roles ${roleList}, or add the role.`,
      );
    }
    if (!model.tables.has(permission.resource)) {
      out.add(
        `${path}/resource`,
        "unknown_table",
        `A permission for "${permission.role}" is on a table "${permission.resource}" that does not exist.`,
        `Use one of the tables ${tableList}.`,
      );
    }
    const key = `${permission.role}:${permission.resource}`;
    if (granted.has(key)) {
      out.add(
        path,
        "duplicate_permission",
        `Role "${permission.role}" has two permissions on "${permission.resource}".`,
        "Merge them into one permission with all the actions the role needs.",
      );
    } else granted.set(key, i);
    const { list, read, create, update, delete: del } = permission.actions;
    if ((create || update || del) && !list && !read) {
      const verb = update ? "update" : del ? "delete" : "add";
      out.add(
        `${path}/actions`,
        "write_without_read",
        `Role "${permission.role}" may ${verb} "${permission.resource}" records but not see them, so it could never find one to change or see what it added.`,
        `Also allow "read" (and "list" to browse), or drop "create"/"update"/"delete".`,
      );
    }
    checkPermissionScopes(model, permission, path, out);
  });

  const teamTable = security.teamTable;
  if (teamTable && !model.tables.has(teamTable)) {
    out.add(
      "/security/teamTable",
      "unknown_table",
      `The app's teams are said to be the rows of "${teamTable}", which is not one of its tables.`,
      `Use one of the tables ${tableList}, or remove "teamTable".`,
    );
  }

  security.roles.forEach((role, i) => {
    if (!security.permissions.some((p) => p.role === role.name)) {
      out.add(
        `/security/roles/${i}`,
        "role_without_permission",
        `Role "${role.name}" has no permissions, so its members could not see anything in the app.`,
        `Add permissions for "${role.name}" on the tables it works with, or remove the role.`,
      );
    }
  });

  model.bp.data.tables.forEach((table, i) => {
    const readable = security.permissions.some(
      (p) => p.resource === table.name && roles.has(p.role) && (p.actions.list || p.actions.read),
    );
    if (!readable) {
      out.add(
        `/data/tables/${i}`,
        "table_unreachable",
        `No role may list or read "${table.name}", so nobody could ever see its records.`,
        `Give at least one role a permission on "${table.name}" with "list" or "read".`,
      );
    }
  });

  const filtered = new Map<string, number>();
  security.rowFilters.forEach((rowFilter, i) => {
    const path = `/security/rowFilters/${i}`;
    const knownRole = roles.has(rowFilter.role);
    const knownTable = model.tables.has(rowFilter.resource);
    if (!knownRole) {
      out.add(
        `${path}/role`,
        "unknown_role",
        `A row filter is for a role "${rowFilter.role}" that does not exist.`,
        `Use one of the roles ${roleList}.`,
      );
    }
    if (!knownTable) {
      out.add(
        `${path}/resource`,
        "unknown_table",
        `A row filter is on a table "${rowFilter.resource}" that does not exist.`,
        `Use one of the tables ${tableList}.`,
      );
      return;
    }
    const key = `${rowFilter.role}:${rowFilter.resource}`;
    if (filtered.has(key)) {
      out.add(
        path,
        "duplicate_row_filter",
        `Role "${rowFilter.role}" has two row filters on "${rowFilter.resource}", and it is unclear whether both or either should apply.`,
        `Merge them into one filter with "and" (rows must match both) or "or" (rows may match either).`,
      );
    } else filtered.set(key, i);
    if (knownRole && !granted.has(key)) {
      out.add(
        path,
        "row_filter_without_permission",
        `Role "${rowFilter.role}" has a row filter on "${rowFilter.resource}" but no permission on it, so the filter would never apply.`,
        `Add a permission for "${rowFilter.role}" on "${rowFilter.resource}", or remove the row filter.`,
      );
    }
    checkFilter(model, rowFilter.resource, rowFilter.filter, `${path}/filter`, out);
  });
}

/** Roles, permissions and row filters from the security reading and the data model. */
import type { BlueprintV2Input, Filter } from "@plinth/blueprint";
import { type DataModel, ensureRuleColumn } from "./data.js";
import type { AccessRule, RoleSpec } from "./security.js";
import { titleCase } from "./words.js";

type Security = BlueprintV2Input["security"];
type Permission = Security["permissions"][number];
type RowFilter = NonNullable<Security["rowFilters"]>[number];

const LEADERS = new Set(["admin", "owner", "manager", "supervisor"]);

export function buildAccess(found: RoleSpec[], rules: AccessRule[], model: DataModel, assumptions: string[]): Security {
  const roles = finalRoles(found, rules, assumptions);
  const privileged = new Set(roles.filter((r) => r.privileged).map((r) => r.name));
  const main = model.tables[0]?.name ?? "";
  const filters = new Map<string, { filters: Filter[]; descriptions: string[] }>();

  for (const rule of rules) {
    const targets = (rule.roles.length ? rule.roles : roles.map((r) => r.name)).filter((r) => !privileged.has(r));
    const tables = rule.tables.length ? rule.tables : [main];
    if (!rule.tables.length) {
      assumptions.push(`"${rule.clause}" names no table I know, so I applied it to ${titleCase(main)}.`);
    }
    for (const tableName of tables) {
      const table = model.tables.find((t) => t.name === tableName);
      if (!table) continue;
      const column = ensureRuleColumn(model, table, rule.kind);
      const filter: Filter =
        rule.kind === "team" ? { in: [column, "$user.team_ids"] } : { equals: [column, "$user.id"] };
      for (const role of targets) {
        const key = `${role}\u0000${tableName}`;
        const entry = filters.get(key) ?? { filters: [], descriptions: [] };
        entry.filters.push(filter);
        entry.descriptions.push(
          describe(rule.kind, roles.find((r) => r.name === role)?.label ?? role, table.label ?? tableName),
        );
        filters.set(key, entry);
      }
    }
  }

  const permissions: Permission[] = [];
  for (const role of roles) {
    for (const table of model.tables) {
      const filtered = filters.has(`${role.name}\u0000${table.name}`);
      const full = role.privileged;
      const write = !role.readOnly && (full || table.name !== "teams");
      permissions.push({
        role: role.name,
        resource: table.name,
        actions: { list: true, read: true, create: write, update: write, delete: full || (write && filtered) },
      });
    }
  }

  const rowFilters: RowFilter[] = [...filters].map(([key, entry]) => {
    const [role = "", resource = ""] = key.split("\u0000");
    const filter: Filter = entry.filters.length === 1 ? (entry.filters[0] as Filter) : { or: entry.filters };
    return { role, resource, filter, description: entry.descriptions.join("; ").slice(0, 300) };
  });

  return {
    roles: roles.map((r) => ({
      name: r.name,
      label: r.label,
      description: r.privileged
        ? "Sees and edits everything"
        : r.readOnly
          ? "Can view, not change"
          : "Works with the app's records",
    })),
    defaultRole: roles.at(-1)?.name,
    permissions,
    rowFilters,
  };
}

function finalRoles(found: RoleSpec[], rules: AccessRule[], assumptions: string[]): RoleSpec[] {
  const roles = found.map((r) => ({ ...r }));
  const ruled = new Set(rules.flatMap((r) => r.roles));
  for (const role of roles) if (LEADERS.has(role.name) && !ruled.has(role.name)) role.privileged = true;
  if (!roles.some((r) => r.privileged)) {
    roles.unshift({ name: "admin", label: "Admin", privileged: true, readOnly: false, position: -1 });
    assumptions.push("I added an Admin role for you, the app's owner: it sees and edits everything.");
  }
  if (!roles.some((r) => !r.privileged)) {
    roles.push({ name: "member", label: "Member", privileged: false, readOnly: false, position: Infinity });
    const unnamed = rules.some((r) => r.roles.length === 0);
    assumptions.push(
      unnamed
        ? "Your access rules name no role, so I added a Member role and applied them to it."
        : "I added a Member role for everyone else you invite: they can view, add and edit records but not delete them.",
    );
  }
  return roles.sort((a, b) => Number(b.privileged) - Number(a.privileged) || a.position - b.position);
}

function describe(kind: AccessRule["kind"], role: string, table: string): string {
  const things = table.toLowerCase();
  if (kind === "team") return `${role} sees only the ${things} of their teams`;
  if (kind === "assigned") return `${role} sees only the ${things} assigned to them`;
  if (kind === "created") return `${role} sees only the ${things} they created`;
  return `${role} sees only the ${things} they own`;
}

/**
 * The largest blueprint the schema and verifier accept: 60 tables of 100 columns, 20
 * roles, every role granted everything on every table (permissions are one per role
 * and table), a row filter for every role but the owner on every table, and each table
 * linked to the previous one, so every filtered role is scoped down a 59-table chain.
 * Columns carry every kind of rule (index, uniqueness, enum, range, length, format).
 */
import type { BlueprintV2Input, Column, Filter } from "@plinth/blueprint";

export const LIMITS = { tables: 60, columns: 100, roles: 20, pages: 60, blockColumns: 30 } as const;

const tableName = (t: number) => `t${String(t).padStart(2, "0")}`;
const roleName = (r: number) => `r${String(r).padStart(2, "0")}`;

/** Column i of a table: two link and owner columns, then a rotation of types and rules. */
function column(i: number): Column {
  const base = { name: `c${String(i).padStart(3, "0")}`, required: false, unique: false, indexed: false };
  if (i === 0) return { ...base, name: "owner_id", type: "uuid", default: "$user.id", indexed: true };
  if (i === 1) return { ...base, name: "team_id", type: "uuid", indexed: true };
  if (i === 2) return { ...base, name: "parent_id", type: "uuid" };
  switch (i % 8) {
    case 0:
      return { ...base, type: "text", maxLength: 200, required: true, default: "x", indexed: true };
    case 1:
      return { ...base, type: "text", enum: ["a", "b", "c"], default: "a" };
    case 2:
      return { ...base, type: "int", min: 0, max: 1000 };
    case 3:
      return { ...base, type: "float", min: 0 };
    case 4:
      return { ...base, type: "text", format: "email", unique: true };
    case 5:
      return { ...base, type: "date", min: "2000-01-01" };
    case 6:
      return { ...base, type: "timestamptz", default: "$now" };
    default:
      return { ...base, type: i % 16 === 7 ? "bool" : "jsonb" };
  }
}

function filterFor(role: number): Filter {
  return role % 2 === 1 ? { equals: ["owner_id", "$user.id"] } : { in: ["team_id", "$user.team_ids"] };
}

export function largestBlueprint(): BlueprintV2Input {
  const tables = Array.from({ length: LIMITS.tables }, (_, t) => tableName(t));
  const roles = Array.from({ length: LIMITS.roles }, (_, r) => roleName(r));
  const columns = Array.from({ length: LIMITS.columns }, (_, i) => column(i));
  const all = { list: true, read: true, create: true, update: true, delete: true };
  return {
    version: 2,
    app: { name: "Largest", slug: "largest" },
    data: {
      tables: tables.map((name) => ({ name, columns })),
      relationships: tables.slice(1).map((name, t) => ({
        type: "many_to_one" as const,
        fromTable: name,
        fromColumn: "parent_id",
        toTable: tables[t] as string,
        toColumn: "id",
        onDelete: "cascade" as const,
      })),
    },
    security: {
      roles: roles.map((name) => ({ name })),
      permissions: roles.flatMap((role) => tables.map((resource) => ({ role, resource, actions: all }))),
      rowFilters: roles
        .slice(1)
        .flatMap((role, r) => tables.map((resource) => ({ role, resource, filter: filterFor(r + 1) }))),
    },
    ui: {
      pages: tables.map((table) => ({
        id: table,
        route: `/${table}`,
        title: table,
        blocks: [
          {
            id: `${table}_table`,
            type: "TABLE" as const,
            table,
            columns: columns.slice(0, LIMITS.blockColumns).map((c) => c.name),
          },
        ],
      })),
    },
  };
}

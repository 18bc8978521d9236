import { describe, expect, it } from "vitest";
import { blueprintSchema } from "../schema.js";
import { allowed, permissionsOf, scopingLinks } from "../testing/evaluate.js";
import { exampleBlueprint, exampleBlueprints, type MutableBlueprint } from "../testing/examples.js";
import { accessOf, founderRole, partlyVisibleTables, resolveBlueprint } from "./resolve.js";

const parse = (bp: MutableBlueprint) => blueprintSchema.parse(bp);

describe("resolveBlueprint", () => {
  it("gives every table the system columns with their types, before the declared ones", () => {
    const resolved = resolveBlueprint(parse(exampleBlueprint("crm")));
    const deals = resolved.tables.get("deals");
    expect([...(deals?.columns.values() ?? [])].slice(0, 4)).toEqual([
      { name: "id", type: "uuid", system: true },
      { name: "created_at", type: "timestamptz", system: true },
      { name: "updated_at", type: "timestamptz", system: true },
      { name: "created_by", type: "uuid", system: true },
    ]);
  });

  it("turns a relationship written from the parent's side into a child → parent key", () => {
    const bp = exampleBlueprint("crm");
    const index = bp.data.relationships.findIndex((r: MutableBlueprint) => r.type === "many_to_one");
    const rel = bp.data.relationships[index];
    const asWritten = resolveBlueprint(parse(bp)).foreignKeys.find((fk) => fk.relationship === index);
    bp.data.relationships[index] = {
      ...rel,
      type: "one_to_many",
      fromTable: rel.toTable,
      fromColumn: rel.toColumn,
      toTable: rel.fromTable,
      toColumn: rel.fromColumn,
    };
    const flipped = resolveBlueprint(parse(bp)).foreignKeys.find((fk) => fk.relationship === index);
    expect(flipped).toEqual(asWritten);
    expect(flipped?.table).toBe(rel.fromTable);
  });

  it("lets the founder act as the first role", () => {
    const bp = parse(exampleBlueprint("crm"));
    expect(resolveBlueprint(bp).founderRole).toBe(bp.security.roles[0]?.name);
    expect(founderRole(bp)).toBe(bp.security.roles[0]?.name);
  });

  it("combines a role's row filters on one table so that all of them hold", () => {
    const bp = exampleBlueprint("crm");
    const first = bp.security.rowFilters[0];
    bp.security.rowFilters.push({ ...first, filter: { equals: ["created_by", "$user.id"] } });
    const access = accessOf(resolveBlueprint(parse(bp)), first.role, first.resource);
    expect(access?.filter).toEqual({ and: [first.filter, { equals: ["created_by", "$user.id"] }] });
  });

  it("scopes the children of a filtered table through their parent, grandchildren too", () => {
    const bp = parse(exampleBlueprint("event-planning"));
    const resolved = resolveBlueprint(bp);
    // Volunteers see only their events; sessions and registrations of hidden events are hidden too.
    expect([...partlyVisibleTables(resolved, "volunteer")].sort()).toEqual([
      "events",
      "planning_tasks",
      "registrations",
      "sessions",
    ]);
    expect(partlyVisibleTables(resolved, "organizer").size).toBe(0);
    const parents = (table: string) =>
      accessOf(resolved, "volunteer", table)?.parents.map((fk) => `${fk.table}.${fk.column} → ${fk.refTable}`);
    expect(parents("sessions")).toEqual(["sessions.event_id → events"]);
  });
});

describe("per-action scopes", () => {
  /** crm's sales reps read every deal, edit only the ones they own, and may not change the amount. */
  const scoped = () => {
    const bp = exampleBlueprint("crm");
    bp.security.rowFilters = bp.security.rowFilters.filter((f: MutableBlueprint) => f.resource !== "deals");
    const deals = bp.security.permissions.find(
      (p: MutableBlueprint) => p.role === "sales_rep" && p.resource === "deals",
    );
    deals.actions = { list: true, read: true, create: true, update: true, delete: false };
    deals.scopes = { read: "all", update: { person: "created_by" } };
    deals.readOnlyColumns = ["amount"];
    return parse(bp);
  };

  it("gives each command its own scope, with every row spelled null", () => {
    const access = accessOf(resolveBlueprint(scoped()), "sales_rep", "deals");
    expect(access?.scopes).toEqual({ select: null, insert: null, update: { person: "created_by" }, delete: null });
    expect(access?.readOnlyColumns).toEqual(["amount"]);
  });

  it("scopes children through a parent whose read scope, not its write scope, is narrower", () => {
    const bp = scoped();
    const readAll = resolveBlueprint(bp);
    expect(partlyVisibleTables(readAll, "sales_rep").has("deals")).toBe(false);
    const deals = bp.security.permissions.find((p) => p.role === "sales_rep" && p.resource === "deals");
    if (deals) deals.scopes = { read: { person: "created_by" } };
    const readOwn = resolveBlueprint(bp);
    expect(partlyVisibleTables(readOwn, "sales_rep").has("deals")).toBe(true);
    const activities = accessOf(readOwn, "sales_rep", "activities");
    expect(activities?.parents.map((fk) => fk.refTable)).toContain("deals");
  });

  it("evaluates a scope the way the blueprint says: an editable parent must be visible and updatable", () => {
    const bp = scoped();
    const viewer = { id: "u1", teams: [] };
    const mine = { id: "d1", created_by: "u1" };
    const theirs = { id: "d2", created_by: "u2" };
    const lookup = (_table: string, _column: string, value: unknown) => [mine, theirs].find((d) => d.id === value);
    expect(allowed(bp, "sales_rep", "deals", "select", theirs, viewer, lookup)).toBe(true);
    expect(allowed(bp, "sales_rep", "deals", "update", theirs, viewer, lookup)).toBe(false);
    expect(allowed(bp, "sales_rep", "deals", "update", mine, viewer, lookup)).toBe(true);
    const activities = bp.security.permissions.find((p) => p.role === "sales_rep" && p.resource === "activities");
    if (activities) activities.scopes = { update: { parent: "deal_id", editable: true } };
    expect(allowed(bp, "sales_rep", "activities", "update", { deal_id: "d1", created_by: "u1" }, viewer, lookup)).toBe(
      true,
    );
    expect(allowed(bp, "sales_rep", "activities", "update", { deal_id: "d2", created_by: "u1" }, viewer, lookup)).toBe(
      false,
    );
    expect(allowed(bp, "sales_rep", "activities", "update", { deal_id: null, created_by: "u1" }, viewer, lookup)).toBe(
      false,
    );
  });
});

describe("the resolved model and the reference evaluator", () => {
  it("agree on every role's parent scopes in every example, wherever the role may act", () => {
    for (const { name, blueprint } of exampleBlueprints()) {
      const bp = parse(blueprint);
      const resolved = resolveBlueprint(bp);
      for (const role of bp.security.roles)
        for (const table of bp.data.tables) {
          // Without any permission there is no grant, so no policy, and nothing to scope.
          if (!Object.values(permissionsOf(bp, role.name, table.name)).some(Boolean)) continue;
          const fromModel = (accessOf(resolved, role.name, table.name)?.parents ?? []).map(
            (fk) => `${fk.table}.${fk.column} → ${fk.refTable}.${fk.refColumn}`,
          );
          const fromEvaluator = scopingLinks(bp, role.name, table.name).map(
            (l) => `${l.table}.${l.column} → ${l.refTable}.${l.refColumn}`,
          );
          expect(fromModel, `${name}: ${role.name} on ${table.name}`).toEqual(fromEvaluator);
        }
    }
  });
});

import { describe, expect, it } from "vitest";
import { blueprintSchema } from "../schema.js";
import { permissionsOf, scopingLinks } from "../testing/evaluate.js";
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

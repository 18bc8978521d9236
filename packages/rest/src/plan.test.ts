import { describe, expect, it } from "vitest";
import type { SchemaModel } from "./model.js";
import { type Plan, planRequest } from "./plan.js";
import { parseRequest, type RestRequest } from "./request.js";
import { buildSql } from "./sql.js";
import { postgrestErrorOf } from "./testing/errors.js";

const model: SchemaModel = {
  tables: [
    {
      name: "people",
      columns: [
        { name: "id", pgType: "uuid", nullable: false, hasDefault: true },
        { name: "name", pgType: "text", nullable: false, hasDefault: false },
        { name: "manager_id", pgType: "uuid", nullable: true, hasDefault: false },
      ],
    },
    {
      name: "notes",
      columns: [
        { name: "id", pgType: "uuid", nullable: false, hasDefault: true },
        { name: "person_id", pgType: "uuid", nullable: true, hasDefault: false },
      ],
    },
  ],
  relationships: [
    { fromTable: "people", fromColumn: "manager_id", toTable: "people", toColumn: "id" },
    { fromTable: "notes", fromColumn: "person_id", toTable: "people", toColumn: "id" },
  ],
};

function plan(req: Partial<RestRequest>): Plan {
  return planRequest(parseRequest({ method: "GET", table: "people", query: "", headers: {}, ...req }), model, "app_x");
}

describe("planRequest", () => {
  it("resolves one-to-many and many-to-one embeds", () => {
    const p = plan({ table: "notes", query: "select=id,people(name,notes(id))" });
    const embed = p.root.embeds[0];
    expect(embed?.cardinality).toBe("many-to-one");
    expect(embed?.node.embeds[0]?.cardinality).toBe("one-to-many");
  });

  it("reads a self-referencing key as PostgREST does: table(…) the children, column(…) the parent", () => {
    const cardinality = (query: string) => plan({ query }).root.embeds[0]?.cardinality;
    expect(cardinality("select=people(id)")).toBe("one-to-many");
    expect(cardinality("select=reports:people!manager_id(id)")).toBe("one-to-many");
    expect(cardinality("select=boss:manager_id(name)")).toBe("many-to-one");
    expect(plan({ query: "select=boss:manager_id(name)" }).root.embeds[0]?.key).toBe("boss");
  });

  it("embeds many-to-many through a table whose unique key is both its foreign keys, not one without it", () => {
    const uuid = (name: string) => ({ name, pgType: "uuid", nullable: false, hasDefault: false });
    const junctionModel = (uniqueKeys?: string[][]): SchemaModel => ({
      tables: [
        { name: "students", columns: [uuid("id")] },
        { name: "classes", columns: [uuid("id")] },
        { name: "enrolments", columns: [uuid("id"), uuid("student_id"), uuid("class_id")], uniqueKeys },
      ],
      relationships: [
        { fromTable: "enrolments", fromColumn: "student_id", toTable: "students", toColumn: "id" },
        { fromTable: "enrolments", fromColumn: "class_id", toTable: "classes", toColumn: "id" },
      ],
    });
    const embedOf = (m: SchemaModel, table: string, query: string) =>
      planRequest(parseRequest({ method: "GET", table, query, headers: {} }), m, "app_x").root.embeds[0];
    const declared = junctionModel([["student_id", "class_id"]]);
    expect(embedOf(declared, "students", "select=classes(id)")?.junction?.table.name).toBe("enrolments");
    expect(embedOf(declared, "classes", "select=students!enrolments(id)")?.cardinality).toBe("many-to-many");
    expect(postgrestErrorOf(() => embedOf(junctionModel(), "students", "select=classes(id)")).code).toBe("PGRST200");
  });

  it("names the schema in a missing-table error and suggests a close name", () => {
    const err = postgrestErrorOf(() => plan({ table: "peeple" }));
    expect(err.status).toBe(404);
    expect(err.message).toBe("Could not find the table 'app_x.peeple' in the schema cache");
    expect(err.hint).toBe("Perhaps you meant the table 'app_x.people'");
  });

  it("puts root filters into the mutation, not the representation", () => {
    const p = plan({ method: "DELETE", query: "name=eq.x&select=id" });
    expect(p.action === "delete" && p.where.length).toBe(1);
    expect(p.root.where).toEqual([]);
  });
});

describe("buildSql", () => {
  it("binds every value and client-chosen key, never inlining them", () => {
    const hostile = `x'); DROP TABLE people; --`;
    const p = plan({
      query: `select=${encodeURIComponent(`"${hostile}":name`)}&name=eq.${encodeURIComponent(hostile)}&or=(name.like.${encodeURIComponent(`"*${hostile}"`)})`,
    });
    const sql = buildSql(p, "app_x");
    expect(sql.text).not.toContain("DROP TABLE");
    expect(sql.values).toContain(hostile);
    expect(sql.values.filter((v) => v?.includes("DROP TABLE"))).toHaveLength(3);
  });

  it("quotes the schema and table names from the model", () => {
    const sql = buildSql(plan({}), 'odd"schema');
    expect(sql.text).toContain('"odd""schema"."people"');
  });

  it("counts in the same statement only when asked", () => {
    expect(buildSql(plan({ headers: { Prefer: "count=exact" } }), "s").text).toContain("count(*) FROM");
    expect(buildSql(plan({}), "s").text).toContain("NULL::bigint AS total_result_set");
    expect(buildSql(plan({ headers: { Prefer: "count=planned" } }), "s").plannedCount?.text).toMatch(
      /^EXPLAIN \(FORMAT JSON\)/,
    );
  });
});

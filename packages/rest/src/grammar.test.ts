import { describe, expect, it } from "vitest";
import { parseColumns, parseFilter, parseLogic, parseOrder, parseSelect } from "./grammar.js";
import { postgrestErrorOf } from "./testing/errors.js";

describe("select", () => {
  it("parses columns, aliases, casts, stars and nested embeds", () => {
    expect(parseSelect("*,n:name::text,owner:clients!inner(id,projects(*))")).toEqual([
      { kind: "star" },
      { kind: "field", name: "name", alias: "n", cast: "text" },
      {
        kind: "embed",
        relation: "clients",
        alias: "owner",
        inner: true,
        children: [
          { kind: "field", name: "id" },
          { kind: "embed", relation: "projects", inner: false, children: [{ kind: "star" }] },
        ],
      },
    ]);
  });

  it("parses count(), aggregates, their aliases and both casts", () => {
    expect(parseSelect("stage,count(),n:count()::text,amount::int.sum()::text,total:amount.avg()")).toEqual([
      { kind: "field", name: "stage" },
      { kind: "count" },
      { kind: "count", alias: "n", cast: "text" },
      { kind: "field", name: "amount", cast: "int", aggregate: "sum", aggregateCast: "text" },
      { kind: "field", name: "amount", alias: "total", aggregate: "avg" },
    ]);
  });

  it("keeps a hint and quoted names", () => {
    expect(parseSelect('tasks!project_id(id),"odd name"')).toEqual([
      { kind: "embed", relation: "tasks", hint: "project_id", inner: false, children: [{ kind: "field", name: "id" }] },
      { kind: "field", name: "odd name" },
    ]);
  });

  it("reports where parsing stopped", () => {
    const err = postgrestErrorOf(() => parseSelect("id,clients(name"));
    expect(err.code).toBe("PGRST100");
    expect(err.message).toBe('"failed to parse select parameter (id,clients(name)" (line 1, column 16)');
  });

  it("refuses an empty item", () => {
    expect(postgrestErrorOf(() => parseSelect("id,,name")).status).toBe(400);
  });

  it("parses JSON paths with keys, indexes and a cast", () => {
    expect(parseSelect("data->a->>b,x:data->0::text,data->-1")).toEqual([
      {
        kind: "field",
        name: "data",
        jsonPath: [
          { arrow: "->", operand: "a" },
          { arrow: "->>", operand: "b" },
        ],
      },
      { kind: "field", name: "data", alias: "x", jsonPath: [{ arrow: "->", operand: 0 }], cast: "text" },
      { kind: "field", name: "data", jsonPath: [{ arrow: "->", operand: -1 }] },
    ]);
  });
});

describe("filters", () => {
  it("takes the rest of the value verbatim for simple operators", () => {
    expect(parseFilter("name", "eq.a.b,c)")).toEqual({
      column: "name",
      negate: false,
      operation: { kind: "op", op: "eq", value: "a.b,c)" },
    });
  });

  it("parses in-lists with quoted members and escapes", () => {
    expect(parseFilter("name", 'not.in.("a,b",c,"q\\"d")')).toEqual({
      column: "name",
      negate: true,
      operation: { kind: "in", values: ["a,b", "c", 'q"d'] },
    });
  });

  it("parses is values case-insensitively and full-text search with a language", () => {
    expect(parseFilter("x", "is.Not_Null").operation).toEqual({ kind: "is", value: "not_null" });
    expect(parseFilter("x", "wfts(english).cat dog").operation).toEqual({
      kind: "fts",
      op: "wfts",
      language: "english",
      value: "cat dog",
    });
  });

  it("parses quantifiers and isdistinct", () => {
    expect(parseFilter("x", "not.like(any).{a*,b*}")).toEqual({
      column: "x",
      negate: true,
      operation: { kind: "op", op: "like", quantifier: "any", value: "{a*,b*}" },
    });
    expect(parseFilter("x", "gte(all).{1,2}").operation).toEqual({
      kind: "op",
      op: "gte",
      quantifier: "all",
      value: "{1,2}",
    });
    expect(parseFilter("x", "isdistinct.A.B").operation).toEqual({ kind: "isdistinct", value: "A.B" });
  });

  it("refuses unknown operators and is values", () => {
    expect(postgrestErrorOf(() => parseFilter("x", "eqq.1")).details).toBe("unknown single value operator eqq");
    expect(postgrestErrorOf(() => parseFilter("x", "is.maybe")).code).toBe("PGRST100");
    expect(postgrestErrorOf(() => parseFilter("x", "in.1,2")).code).toBe("PGRST100");
  });
});

describe("logic trees", () => {
  it("nests and/or/not with quoted values and array literals", () => {
    expect(parseLogic("or", false, '(a.eq."x,y",not.and(b.cs.{1,2},c.is.null))')).toEqual({
      kind: "logic",
      op: "or",
      negate: false,
      children: [
        { kind: "filter", filter: { column: "a", negate: false, operation: { kind: "op", op: "eq", value: "x,y" } } },
        {
          kind: "logic",
          op: "and",
          negate: true,
          children: [
            {
              kind: "filter",
              filter: { column: "b", negate: false, operation: { kind: "op", op: "cs", value: "{1,2}" } },
            },
            { kind: "filter", filter: { column: "c", negate: false, operation: { kind: "is", value: "null" } } },
          ],
        },
      ],
    });
  });

  it("refuses unbalanced and empty trees", () => {
    expect(postgrestErrorOf(() => parseLogic("or", false, "(a.eq.1")).code).toBe("PGRST100");
    expect(postgrestErrorOf(() => parseLogic("and", false, "()")).code).toBe("PGRST100");
    expect(postgrestErrorOf(() => parseLogic("or", false, "(a.eq.1))")).code).toBe("PGRST100");
  });
});

describe("order and column lists", () => {
  it("parses directions and null ordering", () => {
    expect(parseOrder("a.desc.nullslast,b,c.nullsfirst")).toEqual([
      { column: "a", direction: "desc", nulls: "last" },
      { column: "b" },
      { column: "c", nulls: "first" },
    ]);
    expect(postgrestErrorOf(() => parseOrder("a.up")).code).toBe("PGRST100");
  });

  it("parses related orders and JSON paths", () => {
    expect(parseOrder("clients(name).desc,meta->>tier.asc.nullsfirst")).toEqual([
      { relation: "clients", column: "name", direction: "desc" },
      { column: "meta", jsonPath: [{ arrow: "->>", operand: "tier" }], direction: "asc", nulls: "first" },
    ]);
  });

  it("parses comma separated column names", () => {
    expect(parseColumns("columns parameter", "a, b ,c")).toEqual(["a", "b", "c"]);
  });
});

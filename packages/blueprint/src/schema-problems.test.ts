import { describe, expect, it } from "vitest";
import { exampleBlueprint, type MutableBlueprint } from "./testing/examples.js";
import { validateBlueprint } from "./validate.js";

const crm = (): MutableBlueprint => exampleBlueprint("crm");
const problemsOf = (bp: MutableBlueprint) => validateBlueprint(bp, { allProblems: true }).problems;

describe("problems a model can act on", () => {
  it("names the nearest valid block type", () => {
    const bp = crm();
    bp.ui.pages[0].blocks[0].type = "KANBAN_BORAD";
    const [problem] = problemsOf(bp);
    expect(problem).toMatchObject({ path: "/ui/pages/0/blocks/0/type" });
    expect(problem?.message).toBe('"KANBAN_BORAD" is not a block type Plinth knows (did you mean "KANBAN"?).');
    expect(problem?.hint).toContain('"STAT-CARD"');
  });

  it("names the nearest key and every key allowed where an unknown key is", () => {
    const bp = crm();
    bp.data.tables[0].columns[1].maxLenght = 3;
    const [problem] = problemsOf(bp);
    expect(problem?.message).toBe(
      'This column has a key BlueprintV2 does not have: "maxLenght" (did you mean "maxLength"?).',
    );
    expect(problem?.hint).toContain("A column may have only: name, label,");
  });

  it("says which key is missing and what to write", () => {
    const bp = crm();
    delete bp.ui.pages[0].title;
    expect(problemsOf(bp)).toEqual([
      {
        path: "/ui/pages/0/title",
        code: "schema_invalid_type",
        message: 'This page has no "title", which it needs.',
        hint: 'Add "title": text in double quotes.',
      },
    ]);
  });

  it("shows the filter forms for a filter it cannot read", () => {
    const bp = crm();
    bp.security.rowFilters[0].filter = { equal: ["owner_id", "$user.id"] };
    const [problem] = problemsOf(bp);
    expect(problem?.message).toBe('This filter is not one Plinth can read: {"equal":["owner_id","$user.id"]}.');
    expect(problem?.hint).toContain('{"equals": ["column", value]}');
  });

  it("suggests the nearest table, column or page for a reference to one that does not exist", () => {
    const bp = crm();
    bp.security.permissions[0].resource = "contact";
    const [problem] = problemsOf(bp);
    expect(problem?.code).toBe("unknown_table");
    expect(problem?.hint).toMatch(/^Did you mean "contacts"\? /);
  });

  it("reports schema and verifier problems together, at the places the answer wrote them", () => {
    const bp = crm();
    bp.data.tables[0].columns[1].maxLenght = 3;
    bp.security.permissions[2].resource = "dealz";
    const problems = problemsOf(bp);
    expect(problems.map((p) => `${p.code} at ${p.path}`)).toEqual([
      "schema_unrecognized_keys at /data/tables/0/columns/1",
      "unknown_table at /security/permissions/2/resource",
    ]);
  });

  it("leaves out what a set-aside item would wrongly cause: no false 'unknown column'", () => {
    const bp = crm();
    const deals = bp.data.tables.findIndex((t: MutableBlueprint) => t.name === "deals");
    const amount = bp.data.tables[deals].columns.findIndex((c: MutableBlueprint) => c.name === "amount");
    bp.data.tables[deals].columns[amount].type = "money!";
    const problems = problemsOf(bp);
    expect(problems.map((p) => p.path)).toEqual([`/data/tables/${deals}/columns/${amount}/type`]);
  });
});

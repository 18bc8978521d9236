import { describe, expect, it } from "vitest";
import { intakeModelOutput } from "./intake.js";
import { exampleBlueprint, type MutableBlueprint } from "./test-support.js";
import { validateBlueprint } from "./validate.js";

const crm = exampleBlueprint("crm");
const crmText = JSON.stringify(crm, null, 2);

function intakeOk(text: string) {
  const result = intakeModelOutput(text);
  if (!result.ok) throw new Error(`intake refused: ${JSON.stringify(result.problems)}`);
  return result;
}

describe("intakeModelOutput: finding the JSON", () => {
  it("passes a clean blueprint through untouched and without warnings", () => {
    const result = intakeOk(crmText);
    expect(result.value).toEqual(crm);
    expect(result.warnings).toEqual([]);
  });

  it("strips code fences and prose around the JSON", () => {
    const result = intakeOk(
      `Here is your CRM:\n\n\`\`\`json\n${crmText}\n\`\`\`\n\nLet me know if you want changes {like this}.`,
    );
    expect(result.value).toEqual(crm);
    expect(result.warnings.map((w) => w.message)).toEqual([
      "Took the JSON object out of the text and code fences around it.",
    ]);
  });

  it("takes the blueprint, not a smaller example quoted in the prose", () => {
    const result = intakeOk(`A filter looks like {"equals": ["owner_id", "$user.id"]}. The app:\n${crmText}`);
    expect(result.value).toEqual(crm);
  });

  it("removes comments and trailing commas", () => {
    const text = crmText
      .replace('"version": 2,', '"version": 2, // BlueprintV2\n')
      .replace(/"mode": "light"/, '"mode": "light",');
    const result = intakeOk(text);
    expect(result.value).toEqual(crm);
    expect(result.warnings.map((w) => w.message)).toContain(
      "Read JSON written with comments, trailing commas, which JSON does not allow.",
    );
  });

  it("keeps // inside strings", () => {
    const bp = structuredClone(crm);
    bp.app.description = "See https://example.com // not a comment";
    expect(intakeOk(JSON.stringify(bp)).value).toEqual(bp);
  });

  it("refuses truncated JSON instead of guessing the rest", () => {
    const result = intakeModelOutput(`\`\`\`json\n${crmText.slice(0, 2000)}`);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(["truncated_json"]);
  });

  it("is not thrown off by an unmatched brace in the prose", () => {
    const result = intakeOk(`Use the {placeholder syntax for names. Here it is:\n${crmText}`);
    expect(result.value).toEqual(crm);
  });

  it("does not mistake a complete part of a truncated answer for the blueprint", () => {
    const cut = crmText.indexOf('"ui"') + 2000;
    const result = intakeModelOutput(`Note {this. ${crmText.slice(0, cut)}`);
    expect(!result.ok && result.problems[0]?.code).toBe("truncated_json");
  });

  it("refuses broken JSON with the parser's reason", () => {
    const result = intakeModelOutput('{"version": 2, "app": {"name": "x"} "data": {}}');
    expect(!result.ok && result.problems[0]?.code).toBe("invalid_json");
    expect(!result.ok && result.problems[0]?.message).toMatch(/cannot be read: invalid character .* at 1:37/);
  });

  it("refuses an answer without JSON, quoting what it says", () => {
    const result = intakeModelOutput("Here is a plan: a table of books and a page to list them.");
    expect(!result.ok && result.problems[0]?.code).toBe("no_json");
    expect(!result.ok && result.problems[0]?.message).toContain('"Here is a plan: a table of books');
  });

  it.each([
    ["", "empty_answer"],
    ["I'm sorry, but I can't help with that request.", "model_refused"],
    ["Before I design this: should managers also see archived deals?", "question_instead_of_blueprint"],
    ["version: 2\napp:\n  name: CRM\n  slug: crm\ndata:\n  tables: []", "yaml_instead_of_json"],
    [
      '{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "properties": {"app": {}}}',
      "json_schema_instead_of_blueprint",
    ],
  ])("names what came instead of a blueprint: %j", (text, code) => {
    const result = intakeModelOutput(text);
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual([code]);
  });
});

describe("intakeModelOutput: repairing", () => {
  it("unwraps a blueprint wrapped in a top-level key", () => {
    const result = intakeOk(JSON.stringify({ blueprint: crm }));
    expect(result.value).toEqual(crm);
    expect(result.warnings).toEqual([
      { path: "", message: 'Took the blueprint out of the top-level "blueprint" key it was wrapped in.' },
    ]);
  });

  it("turns role strings into roles and fixes every reference to them", () => {
    const bp = structuredClone(crm);
    bp.security.roles = ["Manager", "Sales Rep"];
    bp.security.defaultRole = "Sales Rep";
    for (const p of bp.security.permissions) if (p.role === "sales_rep") p.role = "Sales Rep";
    for (const f of bp.security.rowFilters) f.role = "salesRep";
    const result = intakeOk(JSON.stringify(bp));
    const value = result.value as typeof crm;
    expect(value.security.roles).toEqual([
      { name: "manager", label: "Manager" },
      { name: "sales_rep", label: "Sales Rep" },
    ]);
    expect(value.security.defaultRole).toBe("sales_rep");
    expect(value.security.rowFilters.map((f: { role: string }) => f.role)).toEqual(["sales_rep", "sales_rep"]);
    expect(validateBlueprint(value).ok).toBe(true);
    expect(result.warnings).toContainEqual({
      path: "/security/rowFilters/0/role",
      message: 'Changed the role reference "salesRep" to "sales_rep".',
    });
  });

  it("renames tables, columns, pages and modals and follows every reference", () => {
    const text = crmText
      .replaceAll('"deals"', '"Deals"')
      .replaceAll('"close_date"', '"closeDate"')
      .replaceAll('"deal_detail"', '"Deal Detail"')
      .replaceAll('"deal_form"', '"Deal Form"');
    const result = intakeOk(text);
    expect(result.value).toEqual(crm);
    const paths = result.warnings.map((w) => w.path);
    expect(paths).toContain("/data/tables/2/name");
    expect(paths).toContain("/data/tables/2/columns/3/name");
    expect(paths).toContain("/ui/pages/2/id");
    expect(paths).toContain("/ui/modals/0/id");
    expect(paths).toContain("/ui/pages/1/blocks/0/defaultSort/column");
    expect(paths).toContain("/ui/pages/1/blocks/0/rowActions/0/page");
    expect(paths).toContain("/security/rowFilters/0/resource");
  });

  it("fills version, slug, labels, titles and routes, and normalises synonyms", () => {
    const result = intakeOk(
      JSON.stringify({
        app: { name: "Book Club" },
        data: { tables: [{ name: "books", columns: [{ name: "title", type: "string", required: true }] }] },
        security: {
          roles: ["Member"],
          permissions: [{ role: "Member", resource: "books", actions: ["list", "read", "create"] }],
        },
        ui: {
          pages: [
            {
              id: "books",
              layout: "single",
              blocks: [{ id: "books_table", type: "table", table: "books", columns: ["title"] }],
            },
          ],
          navigation: [{ page: "books" }],
        },
      }),
    );
    const value = result.value as MutableBlueprint;
    expect(value.version).toBe(2);
    expect(value.app.slug).toBe("book-club");
    expect(value.data.tables[0].label).toBe("Books");
    expect(value.data.tables[0].columns[0]).toMatchObject({ type: "text", label: "Title" });
    expect(value.security.permissions[0].actions).toEqual({
      list: true,
      read: true,
      create: true,
      update: false,
      delete: false,
    });
    expect(value.ui.pages[0]).toMatchObject({ title: "Books", route: "/books", layout: { type: "single" } });
    expect(value.ui.pages[0].blocks[0].type).toBe("TABLE");
    expect(value.ui.navigation[0].label).toBe("Books");
    expect(validateBlueprint(value).problems).toEqual([]);
    expect(result.warnings.length).toBeGreaterThanOrEqual(9);
  });

  it("never invents structure: missing tables, roles and pages stay missing", () => {
    const result = intakeOk(
      JSON.stringify({ app: { name: "Empty" }, security: { roles: ["Admin"], permissions: [] } }),
    );
    const value = result.value as MutableBlueprint;
    expect(value.data).toBeUndefined();
    expect(value.ui).toBeUndefined();
    expect(validateBlueprint(value).ok).toBe(false);
  });

  it("leaves references it cannot resolve for the verifier to report", () => {
    const bp = structuredClone(crm);
    bp.security.permissions[0].resource = "Clients";
    const value = intakeOk(JSON.stringify(bp)).value as typeof crm;
    expect(value.security.permissions[0].resource).toBe("Clients");
  });
});

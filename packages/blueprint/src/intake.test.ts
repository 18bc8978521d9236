import { describe, expect, it } from "vitest";
import { intakeModelOutput } from "./intake.js";
import { exampleBlueprint, type MutableBlueprint } from "./testing/examples.js";
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
    ["Sorry for the wait! The plan: a books table and a members table.", "no_json"],
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

/** A small app, written as a model might: tests change one thing at a time. */
function bookClub(): MutableBlueprint {
  return {
    version: 2,
    app: { name: "Book Club", slug: "book-club" },
    data: {
      tables: [
        {
          name: "books",
          label: "Books",
          columns: [
            { name: "title", label: "Title", type: "text", required: true },
            { name: "status", label: "Status", type: "text", enum: ["to_read", "reading", "done"], default: "to_read" },
            { name: "owner_id", label: "Owner", type: "uuid", default: "$user.id" },
          ],
        },
      ],
    },
    security: {
      roles: [{ name: "member", label: "Member" }],
      permissions: [
        { role: "member", resource: "books", actions: { list: true, read: true, create: true, update: true } },
      ],
      rowFilters: [{ role: "member", resource: "books", filter: { equals: ["owner_id", "$user.id"] } }],
    },
    ui: {
      navigation: [{ label: "Books", page: "books" }],
      pages: [
        {
          id: "books",
          route: "/books",
          title: "Books",
          blocks: [{ id: "books_table", type: "TABLE", table: "books", columns: ["title", "status"] }],
        },
      ],
    },
  };
}

const read = (text: string) => {
  const result = intakeOk(text);
  return { value: result.value as MutableBlueprint, messages: result.warnings.map((w) => w.message), result };
};

describe("intakeModelOutput: JSON as models write it", () => {
  it("reads single quotes, Python's True/False/None and raw line breaks, and names each slip", () => {
    const text = JSON.stringify(bookClub(), null, 1)
      .replace('"required": true', '"required": True, "unique": False, "description": None')
      .replace('"Book Club"', "'Book\nClub'");
    const { value, messages } = read(text);
    expect(value.data.tables[0].columns[0]).toMatchObject({ required: true, unique: false });
    expect(value.data.tables[0].columns[0].description).toBeUndefined();
    expect(value.app.name).toBe("Book\nClub");
    expect(messages).toContain(
      "Read JSON written with single quotes, line breaks or tabs typed inside strings, Python's True, False and None, which JSON does not allow.",
    );
  });

  it("takes the last complete blueprint: the model's corrected copy, not its draft", () => {
    const draft = bookClub();
    draft.app.name = "Draft";
    const { value, messages } = read(`Draft: ${JSON.stringify(draft)}\nFixed: ${JSON.stringify(bookClub())}`);
    expect(value.app.name).toBe("Book Club");
    expect(messages).toContain("The answer held 2 blueprints; used the last one, the model's final version.");
  });

  it("decodes a blueprint sent as one JSON string", () => {
    const { value, messages } = read(JSON.stringify(JSON.stringify(bookClub())));
    expect(value).toEqual(bookClub());
    expect(messages).toEqual(["Decoded the blueprint, which was sent as one JSON string."]);
  });

  it("is not misled by code fences inside strings", () => {
    const bp = bookClub();
    bp.app.description = "Write ```notes``` in Markdown";
    expect(read(`\`\`\`json\n${JSON.stringify(bp)}\n\`\`\``).value).toEqual(bp);
  });

  it("refuses a blueprint cut short even where JSON5 could read its parts", () => {
    const text = JSON.stringify(bookClub(), null, 1);
    const result = intakeModelOutput(text.slice(0, text.indexOf('"ui"')));
    expect(!result.ok && result.problems.map((p) => p.code)).toEqual(["truncated_json"]);
  });
});

describe("intakeModelOutput: keys and shapes", () => {
  it("reads a key named like an Object method (valueOf, constructor) as an unknown key, not as a synonym", () => {
    const bp = structuredClone(crm) as MutableBlueprint;
    bp.data.tables[0].columns[0] = { valueOf: 0, constructor: "x" };
    const result = intakeModelOutput(JSON.stringify(bp));
    const problems = result.ok ? validateBlueprint(result.value, { allProblems: true }).problems : result.problems;
    expect(problems.map((p) => p.path)).toContain("/data/tables/0/columns/0/name");
  });

  it("drops nulls and commentary, camel-cases snake_case keys and reads synonyms", () => {
    const bp = bookClub();
    const [title, status] = bp.data.tables[0].columns;
    title.display_name = title.label;
    delete title.label;
    status.options = status.enum;
    delete status.enum;
    status.max_length = "20";
    bp.security.roles[0].is_default = true;
    const { value, messages } = read(
      JSON.stringify({ $schema: "x", explanation: "why", ...bp, ui: { ...bp.ui, modals: null } }),
    );
    expect(value.data.tables[0].columns[0].label).toBe("Title");
    expect(value.data.tables[0].columns[1]).toMatchObject({ enum: ["to_read", "reading", "done"], maxLength: 20 });
    expect(value.security.defaultRole).toBe("member");
    expect(value.$schema).toBeUndefined();
    expect(value.ui.modals).toBeUndefined();
    expect(validateBlueprint(value).ok).toBe(true);
    expect(messages).toContain('Dropped "explanation": commentary, not part of the blueprint.');
    expect(messages).toContain('Renamed the key "max_length" to "maxLength": BlueprintV2\'s word for it.');
  });

  it("drops declared system columns and resolves references to them in any spelling", () => {
    const bp = bookClub();
    bp.data.tables[0].columns.unshift({ name: "ID", type: "int" }, { name: "createdAt", type: "datetime" });
    bp.ui.pages[0].blocks[0].defaultSort = { column: "CreatedAt", direction: "desc" };
    const { value } = read(JSON.stringify(bp));
    expect(value.data.tables[0].columns.map((c: MutableBlueprint) => c.name)).toEqual(["title", "status", "owner_id"]);
    expect(value.ui.pages[0].blocks[0].defaultSort.column).toBe("created_at");
    expect(validateBlueprint(value).ok).toBe(true);
  });

  it("re-nests sections, turns maps into lists and drops menu entries to missing pages", () => {
    const bp = bookClub();
    const columns = Object.fromEntries(bp.data.tables[0].columns.map(({ name, ...c }: MutableBlueprint) => [name, c]));
    const text = JSON.stringify({
      version: 2,
      app: bp.app,
      tables: { books: { label: "Books", columns } },
      roles: bp.security.roles,
      permissions: { member: { books: ["view", "create", "edit"] } },
      rowFilters: bp.security.rowFilters,
      pages: bp.ui.pages,
      navigation: ["books", { label: "Stats", page: "stats" }],
    });
    const { value } = read(text);
    expect(validateBlueprint(value).problems).toEqual([]);
    expect(value.ui.navigation).toEqual([{ page: "books", label: "Books" }]);
    expect(value.security.permissions[0]).toEqual({
      role: "member",
      resource: "books",
      actions: { list: true, read: true, create: true, update: true, delete: false },
    });
  });

  it("leaves a permissions map alone when its keys are neither all roles nor all tables of roles", () => {
    const bp = bookClub();
    bp.security.permissions = { everyone: { books: ["view"] } };
    expect(Array.isArray(read(JSON.stringify(bp)).value.security.permissions)).toBe(false);
  });
});

describe("intakeModelOutput: values in other vocabularies", () => {
  it("keeps every BlueprintV2 column type as written, uploaded images and members included", () => {
    const bp = bookClub();
    bp.data.tables[0].columns.push({ name: "cover", type: "image" }, { name: "lent_to", type: "user" });
    const columns = read(JSON.stringify(bp)).value.data.tables[0].columns.slice(3);
    expect(columns.map(({ type, format }: MutableBlueprint) => [type, format])).toEqual([
      ["image", undefined],
      ["user", undefined],
    ]);
  });

  it("reads SQL column types, keeping their length, values and format", () => {
    const bp = bookClub();
    bp.data.tables[0].columns.push(
      { name: "isbn", type: "VARCHAR(13)" },
      { name: "genre", type: "enum('novel','poetry')" },
      { name: "price", type: "money" },
      { name: "contact", type: "email" },
      { name: "pages", type: "integer" },
      { name: "finished_at", type: "datetime" },
    );
    const columns = read(JSON.stringify(bp)).value.data.tables[0].columns.slice(3);
    expect(
      columns.map(({ name, type, maxLength, enum: e, format }: MutableBlueprint) => ({
        name,
        type,
        maxLength,
        e,
        format,
      })),
    ).toEqual([
      { name: "isbn", type: "text", maxLength: 13, e: undefined, format: undefined },
      { name: "genre", type: "text", maxLength: undefined, e: ["novel", "poetry"], format: undefined },
      { name: "price", type: "float", maxLength: undefined, e: undefined, format: "currency" },
      { name: "contact", type: "text", maxLength: undefined, e: undefined, format: "email" },
      { name: "pages", type: "int", maxLength: undefined, e: undefined, format: undefined },
      { name: "finished_at", type: "timestamptz", maxLength: undefined, e: undefined, format: undefined },
    ]);
  });

  it("reads block, relationship, action, aggregate, default, route and colour synonyms", () => {
    const bp = bookClub();
    bp.app.theme = { primaryColor: "teal" };
    const [, status, owner] = bp.data.tables[0].columns;
    status.default = "Reading";
    owner.default = "auth.uid()";
    bp.data.tables[0].columns.push({ name: "added_on", type: "date", default: "CURRENT_DATE" });
    bp.security.permissions[0].actions = "crud";
    bp.ui.pages.push({
      id: "book_detail",
      route: "/books/{bookId}",
      title: "Book",
      blocks: [
        { id: "stats", type: "pie_chart", table: "books", groupBy: "status", aggregate: "count" },
        { id: "total", type: "StatCard", table: "books", aggregate: { function: "count" } },
        { id: "board", type: "kanban_board", table: "books", groupBy: "status", titleColumn: "title" },
      ],
    });
    const { value } = read(JSON.stringify(bp));
    expect(value.app.theme.primaryColor).toBe("#0d9488");
    expect(value.data.tables[0].columns[1].default).toBe("reading");
    expect(value.data.tables[0].columns[2].default).toBe("$user.id");
    expect(value.data.tables[0].columns[3].default).toBe("$now");
    expect(value.security.permissions[0].actions).toEqual({
      list: true,
      read: true,
      create: true,
      update: true,
      delete: true,
    });
    expect(value.ui.pages[1].route).toBe("/books/:id");
    expect(value.ui.pages[1].blocks.map((b: MutableBlueprint) => b.type)).toEqual(["CHART", "STAT-CARD", "KANBAN"]);
    expect(value.ui.pages[1].blocks[0]).toMatchObject({ chartType: "pie", aggregate: { fn: "count" } });
    expect(validateBlueprint(value).problems).toEqual([]);
  });

  it("reads action flags named with other words, and leaves contradicting flags alone", () => {
    const bp = bookClub();
    bp.security.permissions.push(
      { role: "member", resource: "books", actions: { view: true, edit: "true", delete: false } },
      { role: "member", resource: "books", actions: { crud: true, delete: false } },
    );
    const [, words, contradiction] = read(JSON.stringify(bp)).value.security.permissions;
    expect(words.actions).toEqual({ list: true, read: true, create: false, update: true, delete: false });
    expect(contradiction.actions).toEqual({ crud: true, delete: false });
  });

  it("reads relationship words and leaves words with two meanings for the schema to report", () => {
    const bp = bookClub();
    bp.data.tables.push({
      name: "reviews",
      label: "Reviews",
      columns: [{ name: "book_id", label: "Book", type: "uuid" }],
    });
    bp.data.relationships = [
      { type: "belongs_to", from: "reviews.book_id", to: "books.id", onDelete: "CASCADE" },
      { type: "has_one", fromTable: "books", fromColumn: "id", toTable: "reviews", toColumn: "book_id" },
    ];
    const { value } = read(JSON.stringify(bp));
    expect(value.data.relationships[0]).toEqual({
      type: "many_to_one",
      fromTable: "reviews",
      fromColumn: "book_id",
      toTable: "books",
      toColumn: "id",
      onDelete: "cascade",
    });
    expect(value.data.relationships[1].type).toBe("has_one");
  });
});

describe("intakeModelOutput: row filters", () => {
  const withFilter = (filter: unknown) => {
    const bp = bookClub();
    bp.security.rowFilters[0].filter = filter;
    return intakeModelOutput(JSON.stringify(bp));
  };
  const filterOf = (filter: unknown) => {
    const result = withFilter(filter);
    if (!result.ok) throw new Error("intake refused");
    return (result.value as MutableBlueprint).security.rowFilters[0].filter;
  };

  it.each([
    [{ eq: ["owner_id", "$userId"] }, { equals: ["owner_id", "$user.id"] }],
    [{ "==": ["status", "done"] }, { equals: ["status", "done"] }],
    [{ field: "owner_id", op: "=", value: "auth.uid()" }, { equals: ["owner_id", "$user.id"] }],
    [{ owner_id: "$user_id" }, { equals: ["owner_id", "$user.id"] }],
    ["owner_id = auth.uid()", { equals: ["owner_id", "$user.id"] }],
    [
      "status IN ('reading', 'done') AND owner_id = auth.uid()",
      { and: [{ in: ["status", ["reading", "done"]] }, { equals: ["owner_id", "$user.id"] }] },
    ],
    [
      { and: [{ eq: ["status", "done"] }, { in: ["owner_id", "$user.teamIds"] }] },
      { and: [{ equals: ["status", "done"] }, { in: ["owner_id", "$user.team_ids"] }] },
    ],
  ])("reads written filter #%#", (written, meant) => {
    expect(filterOf(written)).toEqual(meant);
  });

  it("shows the team rewrite for a SQL filter about teams", () => {
    const result = withFilter("team_id IN (SELECT team_id FROM team_members WHERE user_id = auth.uid())");
    expect(result.ok && result.problems[0]?.hint).toContain('e.g. {"in": ["team_id", "$user.team_ids"]}');
  });

  it("refuses SQL that is more than comparisons, saying what to write instead", () => {
    const result = withFilter("owner_id IN (SELECT user_id FROM memberships)");
    if (!result.ok) throw new Error("intake refused the whole answer");
    expect(result.problems).toEqual([
      {
        path: "/security/rowFilters/0/filter",
        code: "sql_filter",
        message:
          'The filter is SQL ("owner_id IN (SELECT user_id FROM memberships)"), and only plain comparisons can be read from SQL.',
        hint: expect.stringMatching(
          /^Write the filter as JSON over the table's own columns, e\.g\. \{"equals": \["owner_id", "\$user\.id"\]\};/,
        ),
      },
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { blueprintSchema } from "./schema.js";
import { describeFilter, Labels, summarizeBlueprint, summaryText } from "./summary.js";
import { exampleBlueprint, exampleBlueprints } from "./testing/examples.js";

const crm = blueprintSchema.parse(exampleBlueprint("crm"));

describe("Labels", () => {
  const labels = new Labels(crm);
  const named = (label: string) =>
    new Labels({
      ...crm,
      data: { ...crm.data, tables: crm.data.tables.map((t, i) => (i ? t : { ...t, name: "t", label })) },
    });

  it("counts rows in the table's label, one or many", () => {
    expect([labels.rows("companies", 1), labels.rows("companies", 42), labels.rows("deals", 0)]).toEqual([
      "1 company",
      "42 companies",
      "0 deals",
    ]);
    expect(
      ["Addresses", "Boxes", "Expenses", "Status", "People", "CRM Notes"].map((l) => named(l).rows("t", 1)),
    ).toEqual(["1 address", "1 box", "1 expense", "1 status", "1 person", "1 CRM note"]);
  });

  it("names a role by its members and a field by its table, falling back to names", () => {
    expect(labels.members("sales_rep")).toBe("Sales Reps");
    expect(labels.role("sales_rep")).toBe("Sales Rep");
    expect(labels.field("companies", "website")).toBe("the Website field of Companies");
    expect(labels.field("companies", "created_by")).toBe("the Created by field of Companies");
    expect(named("Deals").rows("t", 2)).toBe("2 deals");
  });
});

describe("describeFilter", () => {
  it.each([
    [{ equals: ["owner_id", "$user.id"] }, "Owner is the user"],
    [{ in: ["stage", ["won", "lost"]] }, "Stage is one of “won” or “lost”"],
    [{ equals: ["amount", 0] }, "Amount is 0"],
    [
      {
        or: [{ equals: ["owner_id", "$user.id"] }, { and: [{ equals: ["stage", "won"] }, { equals: ["amount", 5] }] }],
      },
      "Owner is the user or (Stage is “won” and Amount is 5)",
    ],
    [{ equals: ["created_by", "$user.id"] }, "Created by is the user"],
  ] as const)("%j reads as %s", (filter, sentence) => {
    expect(describeFilter(crm, "deals", filter as never)).toBe(sentence);
  });

  it("speaks of the user's teams for $user.team_ids", () => {
    const tracker = blueprintSchema.parse(exampleBlueprint("project-tracker"));
    expect(describeFilter(tracker, "tasks", { in: ["team_id", "$user.team_ids"] })).toBe(
      "Team is one of the user's teams",
    );
  });
});

describe("summarizeBlueprint", () => {
  const summary = summarizeBlueprint(crm);

  it("says how numbers, money and dates read", () => {
    expect(summary.locale).toBe("American English, money in US Dollar ($)");
    const spanish = blueprintSchema.parse({
      ...exampleBlueprint("crm"),
      app: { ...crm.app, locale: "es-ES", currency: "EUR" },
    });
    expect(summaryText(spanish)).toContain("Numbers, money and dates: European Spanish, money in Euro (€).");
  });

  it("describes fields in words", () => {
    const fields = summary.tables.find((t) => t.name === "deals")?.fields ?? [];
    expect(fields.find((f) => f.name === "amount")?.description).toBe("money amount, at least 0, starts as 0");
    expect(fields.find((f) => f.name === "company_id")?.description).toBe(
      "link to Companies (shown by Name), required",
    );
    expect(fields.find((f) => f.name === "owner_id")?.description).toBe(
      "a user, required, filled in with the user who adds it",
    );
  });

  it("says what each role may do and which rows it sees", () => {
    const rep = summary.roles.find((r) => r.name === "sales_rep");
    expect(rep?.isDefault).toBe(true);
    expect(rep?.access.find((a) => a.table === "deals")).toMatchObject({
      can: "can list, open, add and edit",
      rows: "only rows where Owner is the user",
    });
    expect(summary.roles[0]?.access[0]?.rows).toBe("all rows");
  });

  it("says that a role sees a child of a table it sees only some of through its parent", () => {
    const rep = summary.roles.find((r) => r.name === "sales_rep");
    expect(rep?.access.find((a) => a.table === "activities")?.rows).toBe(
      "only rows where Created by is the user and whose Deal they can see",
    );
    expect(summary.notices).toEqual([
      "Sales Rep sees a row of Activities only while they can see the Deals row it belongs to (through deal_id), because they see only some Deals.",
    ]);
  });

  it("lists pages with their blocks", () => {
    const dashboard = summary.pages[0];
    expect(dashboard).toMatchObject({ title: "Dashboard", route: "/", inNavigation: true, layout: "grid" });
    expect(dashboard?.blocks[1]?.description).toBe("a figure: total Amount of Deals where Stage is “won”");
    expect(summary.pages.find((p) => p.id === "pipeline")?.blocks[0]?.description).toBe(
      "a board of Deals in lanes by Stage",
    );
  });
});

describe("summaryText", () => {
  it("renders the CRM as readable Markdown", () => {
    const text = summaryText(crm);
    expect(text).toMatch(/^# Pipeline CRM\n/);
    expect(text).toContain("## Who can do what");
    expect(text).toContain("### Sales Rep (new members get this role)");
    expect(text).toContain("- **Deals**: can list, open, add and edit; only rows where Owner is the user");
    expect(text).toContain("### Deal (`/deals/:id`)");
    expect(text).toContain(
      "## Worth knowing\n\n- Sales Rep sees a row of Activities only while they can see the Deals row it belongs to",
    );
  });

  it.each(exampleBlueprints())("summarises $name, naming every table and page", ({ blueprint }) => {
    const bp = blueprintSchema.parse(blueprint);
    const text = summaryText(bp);
    for (const table of bp.data.tables) expect(text).toContain(`### ${table.label ?? table.name}`);
    for (const page of bp.ui.pages) expect(text).toContain(`### ${page.title} (\`${page.route}\``);
    expect(text).not.toMatch(/undefined|\[object Object\]/);
  });
});

describe("who can do what, per action", () => {
  it("says when writing reaches fewer rows than reading, and which columns a role cannot set", () => {
    const bp = exampleBlueprint("crm");
    const deals = bp.security.permissions.find(
      (p: { role: string; resource: string }) => p.role === "sales_rep" && p.resource === "deals",
    );
    deals.scopes = { update: { person: "owner_id" }, create: { parent: "company_id" } };
    deals.readOnlyColumns = ["stage"];
    const rep = summarizeBlueprint(blueprintSchema.parse(bp)).roles.find((r) => r.name === "sales_rep");
    const access = rep?.access.find((a) => a.table === "deals");
    expect(access?.writes).toEqual([
      "adds only rows whose Company they can see",
      "edits only rows where Owner is the user",
      "cannot set Stage",
    ]);
  });
});

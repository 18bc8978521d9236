/**
 * Rule by rule, against the CRM example: each case changes one detail and names the
 * problem codes the verifier must report — none when the change is legitimate.
 */
import { describe, expect, it } from "vitest";
import { blueprintSchema } from "./schema.js";
import { exampleBlueprint, type MutableBlueprint } from "./testing/examples.js";
import { validateBlueprint } from "./validate.js";
import { verifyBlueprint } from "./verify.js";

const codesAfter = (mutate: (bp: MutableBlueprint) => void): string[] => {
  const bp = exampleBlueprint("crm");
  mutate(bp);
  return validateBlueprint(bp)
    .problems.map((p) => p.code)
    .sort();
};
const deals = (bp: MutableBlueprint) => bp.data.tables[2];
const column = (bp: MutableBlueprint, table: number, name: string) =>
  bp.data.tables[table].columns.find((c: { name: string }) => c.name === name);
const dashboard = (bp: MutableBlueprint) => bp.ui.pages[0].blocks;
const dealFilter = (bp: MutableBlueprint, filter: unknown) => {
  bp.security.rowFilters[0].filter = filter;
};

type Case = [string, (bp: MutableBlueprint) => void, string[]];

const passing: Case[] = [
  [
    "a junction of two links to two tables",
    (bp) => {
      deals(bp).junction = { columns: ["company_id", "contact_id"] };
    },
    [],
  ],
  [
    "a Spanish app that counts in euros",
    (bp) => {
      bp.app.locale = "es-ES";
      bp.app.currency = "EUR";
    },
    [],
  ],
  [
    "$user.team_ids with in on a uuid column",
    (bp) => {
      deals(bp).columns.push({ name: "team_id", type: "uuid" });
      dealFilter(bp, { in: ["team_id", "$user.team_ids"] });
    },
    [],
  ],
  ["$user.id against created_by, a system column", (bp) => dealFilter(bp, { equals: ["created_by", "$user.id"] }), []],
  [
    "date, timestamp, bool and number literals of the right type",
    (bp) => {
      dashboard(bp)[0].filter = {
        and: [
          { equals: ["close_date", "2025-01-31"] },
          { equals: ["created_at", "2025-01-31T09:00:00Z"] },
          { in: ["amount", [1, 2.5]] },
        ],
      };
    },
    [],
  ],
  [
    "$now default on a date column",
    (bp) => {
      column(bp, 2, "close_date").default = "$now";
    },
    [],
  ],
  [
    "a jsonb column with an object default",
    (bp) => {
      deals(bp).columns.push({ name: "extra", type: "jsonb", default: { a: 1 } });
    },
    [],
  ],
  [
    "a gallery of uploaded images",
    (bp) => {
      bp.data.tables[0].columns.push({ name: "logo", type: "image" });
      bp.ui.pages[4].blocks.push({ id: "logos", type: "GALLERY", table: "companies", imageColumn: "logo" });
    },
    [],
  ],
  [
    "min and max on a date column",
    (bp) => Object.assign(column(bp, 2, "close_date"), { min: "2020-01-01", max: "2030-12-31" }),
    [],
  ],
  [
    "a default inside the range",
    (bp) => Object.assign(column(bp, 0, "employees"), { min: 0, max: 10, default: 10 }),
    [],
  ],
  [
    "the latest close date as a stat card",
    (bp) => {
      dashboard(bp)[2].aggregate = { fn: "max", column: "close_date" };
    },
    [],
  ],
  [
    "a count of a column",
    (bp) => {
      dashboard(bp)[0].aggregate = { fn: "count", column: "amount" };
    },
    [],
  ],
  [
    "an optional reference with set_null",
    (bp) => {
      bp.data.relationships[1].onDelete = "set_null";
      column(bp, 2, "company_id").required = false;
    },
    [],
  ],
  [
    "a form that navigates to the record it created",
    (bp) => {
      bp.ui.modals[0].blocks[0].onSuccess = { type: "navigate", page: "deal_detail" };
    },
    [],
  ],
];

const failing: Case[] = [
  [
    "a junction naming a column that is not a link",
    (bp) => {
      deals(bp).junction = { columns: ["company_id", "stage"] };
    },
    ["junction_column_not_a_link"],
  ],
  [
    "a junction linking a table to itself",
    (bp) => {
      deals(bp).columns.push({ name: "partner_id", type: "uuid" });
      bp.data.relationships.push({
        type: "many_to_one",
        fromTable: "deals",
        fromColumn: "partner_id",
        toTable: "companies",
        toColumn: "id",
      });
      deals(bp).junction = { columns: ["company_id", "partner_id"] };
    },
    ["junction_same_table"],
  ],
  ["a locale Intl has no data for", (bp) => (bp.app.locale = "xx-YY"), ["unknown_locale"]],
  ["a malformed locale", (bp) => (bp.app.locale = "spanish_spain"), ["unknown_locale"]],
  ["a currency code that does not exist", (bp) => (bp.app.currency = "EUD"), ["unknown_currency"]],
  [
    "a fractional number for an int column",
    (bp) => {
      bp.ui.pages[4].blocks[0].filter = { equals: ["employees", 1.5] };
    },
    ["filter_value_type"],
  ],
  [
    'the string "true" for a bool column',
    (bp) => {
      deals(bp).columns.push({ name: "hot", type: "bool" });
      dealFilter(bp, { equals: ["hot", "true"] });
    },
    ["filter_value_type"],
  ],
  ["a malformed uuid literal", (bp) => dealFilter(bp, { equals: ["owner_id", "me"] }), ["filter_value_type"]],
  ["an impossible date", (bp) => dealFilter(bp, { equals: ["close_date", "2025-02-30"] }), ["filter_value_type"]],
  [
    "a filter on a jsonb column",
    (bp) => {
      deals(bp).columns.push({ name: "extra", type: "jsonb" });
      dealFilter(bp, { equals: ["extra", "x"] });
    },
    ["filter_on_jsonb"],
  ],
  [
    "$user.id inside an in-list against a text column",
    (bp) => dealFilter(bp, { in: ["title", ["$user.id"]] }),
    ["user_id_needs_uuid"],
  ],
  [
    "$user.id as the default of a text column",
    (bp) => {
      column(bp, 2, "title").default = "$user.id";
    },
    ["invalid_default_variable"],
  ],
  [
    "an unknown variable as a default",
    (bp) => {
      column(bp, 2, "close_date").default = "$today";
    },
    ["unknown_variable"],
  ],
  [
    "an object default on a text column",
    (bp) => {
      column(bp, 2, "title").default = { a: 1 };
    },
    ["default_type_mismatch"],
  ],
  [
    "an image format on a number",
    (bp) => {
      column(bp, 0, "employees").format = "image_url";
    },
    ["format_type_mismatch"],
  ],
  [
    "a date range given as numbers",
    (bp) => {
      column(bp, 2, "close_date").max = 2030;
    },
    ["invalid_min_max"],
  ],
  [
    "a search over a number column",
    (bp) => {
      bp.ui.pages[1].blocks[0].searchColumns = ["amount"];
    },
    ["search_column_not_text"],
  ],
  [
    "a calendar ending at a text column",
    (bp) => {
      bp.ui.pages[6].blocks.push({
        id: "activity_calendar",
        type: "CALENDAR",
        table: "activities",
        dateColumn: "happened_at",
        endDateColumn: "subject",
        titleColumn: "subject",
      });
    },
    ["column_not_temporal"],
  ],
  [
    "a chart averaging a text column",
    (bp) => {
      dashboard(bp)[3].aggregate = { fn: "avg", column: "title" };
    },
    ["aggregate_column_not_numeric"],
  ],
  [
    "an openModal action to a missing modal",
    (bp) => {
      bp.ui.pages[1].blocks[0].toolbarActions.push({ type: "openModal", modal: "import_deals" });
    },
    ["unknown_modal"],
  ],
  [
    "a form that navigates to a missing page after saving",
    (bp) => {
      bp.ui.modals[0].blocks[0].onSuccess = { type: "navigate", page: "deal_page" };
    },
    ["unknown_page"],
  ],
  [
    "a create button whose modal edits another table",
    (bp) => {
      bp.ui.pages[1].blocks[0].toolbarActions[0].modal = "company_form";
    },
    ["action_modal_mismatch"],
  ],
  [
    "a create form without a required field",
    (bp) => {
      bp.ui.pages[5].blocks[1].fields = ["email", "phone"];
    },
    ["form_missing_required"],
  ],
  [
    "a create modal whose form misses a required field",
    (bp) => {
      bp.ui.modals[0].blocks[0].fields = ["title", "stage"];
    },
    ["form_missing_required"],
  ],
  [
    "a delete permission without read",
    (bp) => {
      bp.security.permissions[7].actions = { delete: true };
    },
    ["write_without_read"],
  ],
  [
    "a role with nothing",
    (bp) => {
      bp.security.roles.push({ name: "auditor" });
    },
    ["role_without_permission"],
  ],
  [
    "a kanban over a text column without enum",
    (bp) => {
      bp.ui.pages[3].blocks[0].groupBy = "title";
    },
    ["kanban_needs_enum"],
  ],
  [
    "a gallery without an image column",
    (bp) => {
      bp.ui.pages[4].blocks.push({ id: "logos", type: "GALLERY", table: "companies", imageColumn: "website" });
    },
    ["gallery_needs_image"],
  ],
  [
    "a gallery of files that are not images",
    (bp) => {
      bp.data.tables[0].columns.push({ name: "contract", type: "file" });
      bp.ui.pages[4].blocks.push({ id: "logos", type: "GALLERY", table: "companies", imageColumn: "contract" });
    },
    ["gallery_needs_image"],
  ],
  [
    "a default on a file column",
    (bp) => {
      bp.data.tables[0].columns.push({ name: "contract", type: "file", default: "contracts/a.pdf" });
    },
    ["default_on_file"],
  ],
  [
    "an image shown as an email address",
    (bp) => {
      bp.data.tables[0].columns.push({ name: "logo", type: "image", format: "email" });
    },
    ["format_type_mismatch"],
  ],
  [
    "an edit form on a list page",
    (bp) => {
      bp.ui.pages[5].blocks[1].mode = "edit";
    },
    ["form_edit_needs_record"],
  ],
  [
    "a DETAIL page without :id",
    (bp) => {
      bp.ui.pages[2].route = "/deal";
    },
    ["detail_needs_record", "detail_needs_record"],
  ],
];

describe("verifyBlueprint", () => {
  it("finds nothing wrong with the CRM example", () => {
    expect(verifyBlueprint(blueprintSchema.parse(exampleBlueprint("crm")))).toEqual([]);
  });

  it.each(passing)("accepts %s", (_, mutate, codes) => {
    expect(codesAfter(mutate)).toEqual(codes);
  });

  it.each(failing)("reports %s", (_, mutate, codes) => {
    expect(codesAfter(mutate)).toEqual(codes);
  });

  it("reports every problem at once, each with a JSON pointer, message and hint", () => {
    const problems = validateBlueprint(
      (() => {
        const bp = exampleBlueprint("crm");
        bp.ui.pages[3].blocks[0].groupBy = "title";
        bp.security.defaultRole = "intern";
        column(bp, 2, "stage").default = "closed";
        return bp;
      })(),
    ).problems;
    expect(problems.map((p) => p.path).sort()).toEqual([
      "/data/tables/2/columns/2/default",
      "/security/defaultRole",
      "/ui/pages/3/blocks/0/groupBy",
    ]);
    const kanban = problems.find((p) => p.code === "kanban_needs_enum");
    expect(kanban?.message).toContain('"pipeline_board"');
    expect(kanban?.hint).toContain("enum");
    const stage = problems.find((p) => p.code === "default_not_in_enum");
    expect(stage?.hint).toContain('"lead"');
  });

  it("runs only after the schema passes, so shape errors come alone", () => {
    const bp = exampleBlueprint("crm");
    bp.version = 3;
    bp.ui.pages[3].blocks[0].groupBy = "title";
    expect(validateBlueprint(bp).problems.map((p) => p.code)).toEqual(["schema_invalid_value"]);
  });
});

/**
 * What each block asks the data provider for (filters, sorters, pagination, select)
 * and what the user sees and can do, against a fake data provider.
 */
import type { Block, BlueprintV2 } from "@plinth/blueprint";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeDataProvider, type RecordedCall } from "../testing/fake-data-provider";
import { loadExample, loadExamples, renderRuntime, withPage } from "../testing/render-runtime";

/** The blueprint of the example that has a block of this id, with one page at /probe holding just that block. */
function probe(blockId: string, route = "/probe"): { blueprint: BlueprintV2; block: Block } {
  for (const { blueprint } of loadExamples()) {
    const block = blueprint.ui.pages.flatMap((p) => p.blocks).find((b) => b.id === blockId);
    if (block) return { blueprint: withPage(blueprint, route, block), block };
  }
  throw new Error(`no block ${blockId}`);
}

const lists = (calls: RecordedCall[], resource: string) =>
  calls.filter((c) => c.method === "getList" && c.resource === resource);
const lastList = (calls: RecordedCall[], resource: string) => lists(calls, resource).at(-1)?.params;

/** Whole flows of typing and clicking; a machine busy with other work must not fail them. */
const FLOW_TIMEOUT_MS = 30_000;

describe("TABLE", { timeout: FLOW_TIMEOUT_MS }, () => {
  const crm = loadExample("crm");

  it("asks for one page sorted by the default sort, and shows lookup columns by their label", async () => {
    const { calls } = renderRuntime(crm, { path: "/deals" });
    expect(await screen.findByText("Title 1")).toBeInTheDocument();
    expect(lastList(calls, "deals")).toMatchObject({
      pagination: { currentPage: 1, pageSize: 25, mode: "server" },
      sorters: [{ field: "close_date", order: "asc" }],
      filters: [],
    });
    const lookup = calls.find((c) => c.method === "getMany" && c.resource === "companies");
    expect(lookup?.params).toMatchObject({ meta: { select: "id,name" } });
    expect((await screen.findAllByText("Name 1")).length).toBeGreaterThan(0);
  });

  it("searches, filters by column, sorts and pages on the server", async () => {
    const { calls, user } = renderRuntime(crm, { path: "/deals" });
    await screen.findByText("Title 1");
    await user.type(screen.getByRole("searchbox", { name: /search title/i }), "acme");
    await waitFor(() =>
      expect(lastList(calls, "deals")?.filters).toEqual([{ field: "title", operator: "contains", value: "acme" }]),
    );
    await user.clear(screen.getByRole("searchbox", { name: /search title/i }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Filter by Stage" }), "won");
    await waitFor(() =>
      expect(lastList(calls, "deals")?.filters).toEqual([{ field: "stage", operator: "eq", value: "won" }]),
    );
    fireEvent.change(screen.getByLabelText("Expected close from"), { target: { value: "2030-01-01" } });
    await waitFor(() =>
      expect(lastList(calls, "deals")?.filters).toContainEqual({
        field: "close_date",
        operator: "gte",
        value: "2030-01-01",
      }),
    );
    await user.selectOptions(screen.getByRole("combobox", { name: "Filter by Stage" }), "");
    await user.click(await screen.findByRole("button", { name: "Amount" }));
    await waitFor(() => expect(lastList(calls, "deals")?.sorters).toEqual([{ field: "amount", order: "asc" }]));
    await user.click(screen.getByRole("button", { name: "Amount" }));
    await waitFor(() => expect(lastList(calls, "deals")?.sorters).toEqual([{ field: "amount", order: "desc" }]));
  });

  it("pages through results on the server", async () => {
    const { blueprint } = probe("deals_table");
    const page = blueprint.ui.pages.find((p) => p.id === "probe");
    if (page?.blocks[0]?.type === "TABLE") page.blocks[0].pageSize = 5;
    const fake = createFakeDataProvider(blueprint);
    const deals = fake.tables.get("deals") ?? [];
    for (let i = 0; i < 9; i++) deals.push({ ...deals[0], id: `extra-${i}`, title: `Extra ${i}` });
    const { user } = renderRuntime(blueprint, { path: "/probe", dataProvider: fake.provider });
    expect(await screen.findByText("1–5 of 12")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(await screen.findByText("6–10 of 12")).toBeInTheDocument();
    expect(lastList(fake.calls, "deals")?.pagination).toMatchObject({ currentPage: 2, pageSize: 5 });
  });

  it("offers delete and bulk delete only to roles that may delete", async () => {
    renderRuntime(crm, { path: "/deals", role: "manager" });
    await screen.findByText("Title 1");
    expect(await screen.findAllByRole("button", { name: "Delete" })).toHaveLength(3);
    expect(screen.getByRole("checkbox", { name: "Select all on this page" })).toBeInTheDocument();
  });

  it("hides delete from a role without the permission", async () => {
    renderRuntime(crm, { path: "/deals", role: "sales_rep" });
    await screen.findByText("Title 1");
    expect(await screen.findAllByRole("button", { name: "Edit" })).toHaveLength(3);
    expect(screen.queryByRole("button", { name: "Delete" })).toBeNull();
    expect(screen.queryByRole("checkbox", { name: "Select all on this page" })).toBeNull();
  });

  it("bulk deletes the selected rows", async () => {
    const { calls, user } = renderRuntime(crm, { path: "/deals", role: "manager" });
    await screen.findByText("Title 1");
    await user.click(screen.getByRole("checkbox", { name: "Select Title 1" }));
    await user.click(screen.getByRole("checkbox", { name: "Select Title 2" }));
    await user.click(screen.getByRole("button", { name: "Delete 2 selected" }));
    await waitFor(() => expect(calls.find((c) => c.method === "deleteMany")?.params.ids).toHaveLength(2));
  });
});

describe("FORM", () => {
  const crm = loadExample("crm");

  it("checks column rules before sending and shows each problem at its field", async () => {
    const blueprint = withPage(
      crm,
      "/new-company",
      {
        id: "company_form",
        type: "FORM",
        table: "companies",
        mode: "create",
        fields: ["name", "website", "employees"],
      },
      "New company",
    );
    const { calls, user } = renderRuntime(blueprint, { path: "/new-company" });
    await user.type(await screen.findByLabelText("Website"), "not a url");
    await user.type(screen.getByLabelText("Employees"), "-3");
    await user.click(screen.getByRole("button", { name: "Create" }));
    expect(await screen.findByText("Name is required.")).toBeInTheDocument();
    expect(screen.getByText(/web address starting with http/)).toBeInTheDocument();
    expect(screen.getByText("Employees must be at least 0.")).toBeInTheDocument();
    expect(screen.getByLabelText(/Name/)).toHaveFocus();
    expect(calls.some((c) => c.method === "create")).toBe(false);
  });

  it("shows the database's refusal against the field it is about", async () => {
    const blueprint = withPage(
      probe("deals_table").blueprint,
      "/new-contact",
      { id: "contact_form", type: "FORM", table: "contacts", mode: "create", fields: ["full_name", "email"] },
      "New contact",
    );
    const fake = createFakeDataProvider(blueprint, {
      fail: (call) =>
        call.method === "create" && {
          code: "23505",
          message: 'duplicate key value violates unique constraint "plinth_unique_contacts_email"',
          details: "Key (email)=(a@b.co) already exists.",
        },
    });
    const { user } = renderRuntime(blueprint, { path: "/new-contact", dataProvider: fake.provider });
    await user.type(await screen.findByLabelText(/Full name/), "Ada");
    await user.type(screen.getByLabelText("Email"), "a@b.co");
    await user.click(screen.getByRole("button", { name: "Create" }));
    expect(await screen.findByText("This value is already used by another record.")).toBeInTheDocument();
    expect(screen.getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(fake.calls.find((c) => c.method === "create")?.params.variables).toEqual({
      full_name: "Ada",
      email: "a@b.co",
    });
  });

  it("edits the record of the row it was opened from, with inputs by type", async () => {
    const { calls, user } = renderRuntime(crm, { path: "/deals", role: "manager" });
    await screen.findByText("Title 1");
    await user.click((await screen.findAllByRole("button", { name: "Edit" }))[0]!);
    const dialog = await screen.findByRole("dialog");
    const title = await within(dialog).findByLabelText(/Title/);
    expect(title).toHaveValue("Title 1");
    expect(within(dialog).getByLabelText(/Amount/)).toHaveAttribute("inputmode", "decimal");
    expect(within(dialog).getByLabelText(/Expected close/)).toHaveAttribute("type", "date");
    expect(within(dialog).getByRole("combobox", { name: /Stage/ })).toHaveValue("lead");
    await user.clear(title);
    await user.type(title, "Renamed");
    await user.click(within(dialog).getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === "update")?.params.variables).toMatchObject({ title: "Renamed" }),
    );
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
  });
});

describe("DETAIL", () => {
  it("loads the route's record and its one-to-many list", async () => {
    const crm = loadExample("crm");
    const fake = createFakeDataProvider(crm);
    const id = String(fake.tables.get("deals")?.[0]?.id);
    renderRuntime(crm, { path: `/deals/${id}`, dataProvider: fake.provider });
    expect((await screen.findAllByText("Title 1")).length).toBeGreaterThan(0);
    expect(fake.calls.find((c) => c.method === "getOne")?.params).toMatchObject({ id });
    await waitFor(() =>
      expect(lastList(fake.calls, "activities")?.filters).toEqual([{ field: "deal_id", operator: "eq", value: id }]),
    );
    expect(await screen.findByText("Subject 1")).toBeInTheDocument();
  });
});

describe("STAT-CARD and CHART", () => {
  it("ask the database for each aggregate, grouped by the chart's column", async () => {
    const crm = loadExample("crm");
    const { calls } = renderRuntime(crm, { path: "/" });
    await waitFor(() => expect(lists(calls, "deals").length).toBeGreaterThanOrEqual(4));
    const deals = lists(calls, "deals").map((c) => c.params);
    expect(deals).toContainEqual(
      expect.objectContaining({
        meta: expect.objectContaining({ select: "value:count()" }),
        filters: [{ field: "stage", operator: "in", value: ["lead", "qualified", "proposal"] }],
      }),
    );
    expect(deals).toContainEqual(
      expect.objectContaining({
        meta: expect.objectContaining({ select: "value:amount.sum()" }),
        filters: [{ field: "stage", operator: "eq", value: "won" }],
      }),
    );
    expect(deals).toContainEqual(
      expect.objectContaining({ meta: expect.objectContaining({ select: "value:amount.avg()" }) }),
    );
    expect(deals).toContainEqual(
      expect.objectContaining({ meta: expect.objectContaining({ select: "stage,value:amount.sum()" }) }),
    );
    // Sample deals: stages lead, qualified, proposal → 3 open; amounts 10.5, 21, 31.5 → $21.00 on average.
    const open = await screen.findByText("Open deals");
    await waitFor(() => expect(open.closest("[data-block]")?.textContent).toContain("3"));
    const average = await screen.findByText("Average deal");
    await waitFor(() => expect(average.closest("[data-block]")?.textContent).toContain("$21.00"));
  });

  it("total every matching row, not the first thousand", async () => {
    const crm = loadExample("crm");
    const fake = createFakeDataProvider(crm);
    const deals = fake.tables.get("deals") ?? [];
    for (let i = 0; i < 1_500; i++) deals.push({ ...deals[0], id: `won-${i}`, stage: "won", amount: 10 });
    renderRuntime(crm, { path: "/", dataProvider: fake.provider });
    const won = await screen.findByText("Won value");
    await waitFor(() => expect(won.closest("[data-block]")?.textContent).toContain("$15,000.00"));
    expect(screen.queryByText(/Over the first/)).toBeNull();
    const chart = await screen.findByRole("img", { name: /Deal value by stage/ });
    expect(chart.getAttribute("aria-label")).toContain("Won: $15,000.00");
  });
});

describe("STAT-CARD and CHART on a data API without aggregates", () => {
  it("add up the first thousand rows themselves, and say so", async () => {
    const crm = loadExample("crm");
    const fake = createFakeDataProvider(crm, {
      fail: (call) =>
        call.method === "getList" &&
        String((call.params.meta as { select?: string } | undefined)?.select).includes("()") && {
          code: "PGRST123",
          message: "Use of aggregate functions is not allowed",
        },
    });
    const deals = fake.tables.get("deals") ?? [];
    for (let i = 0; i < 1_500; i++) deals.push({ ...deals[0], id: `won-${i}`, stage: "won", amount: 10 });
    renderRuntime(crm, { path: "/", dataProvider: fake.provider });
    const won = await screen.findByText("Won value");
    await waitFor(() => expect(won.closest("[data-block]")?.textContent).toContain("$10,000.00"));
    expect(won.closest("[data-block]")?.textContent).toContain("Over the first 1,000 of 1,500 records.");
    const open = await screen.findByText("Open deals");
    await waitFor(() => expect(open.closest("[data-block]")?.textContent).toContain("3"));
    expect(lists(fake.calls, "deals").map((c) => c.params.meta)).toContainEqual(
      expect.objectContaining({ select: "stage,amount" }),
    );
  });
});

describe("KANBAN", () => {
  it("moves a card at once and puts it back when the database refuses", async () => {
    const crm = loadExample("crm");
    const fake = createFakeDataProvider(crm, {
      fail: (call) => call.method === "update" && { code: "42501", message: "permission denied for table deals" },
    });
    const { user } = renderRuntime(crm, { path: "/pipeline", dataProvider: fake.provider });
    const lead = await screen.findByRole("region", { name: /^Lead/ });
    const card = within(lead).getByRole("article", { name: "Title 1" });
    await user.selectOptions(within(card).getByRole("combobox", { name: "Move to" }), "won");
    await waitFor(() =>
      expect(fake.calls.find((c) => c.method === "update")?.params).toMatchObject({ variables: { stage: "won" } }),
    );
    expect(await screen.findByText(/Could not move “Title 1” to Won/)).toBeInTheDocument();
    await waitFor(() =>
      expect(
        within(screen.getByRole("region", { name: /^Lead/ })).getByRole("button", { name: "Title 1" }),
      ).toBeInTheDocument(),
    );
  });
});

describe("CALENDAR, TIMELINE, GALLERY, TREE, CHAT", () => {
  it("calendar asks for the visible range of its date column and creates on a clicked day", async () => {
    const { blueprint } = probe("event_calendar");
    const { calls, user } = renderRuntime(blueprint, { path: "/probe" });
    await waitFor(() => expect(lists(calls, "events").length).toBeGreaterThan(0));
    const filters = lastList(calls, "events")?.filters as { field: string; operator: string }[];
    expect(filters.map((f) => [f.field, f.operator])).toEqual([
      ["starts_at", "gte"],
      ["starts_at", "lt"],
    ]);
    await user.click(screen.getByRole("button", { name: "Week" }));
    await waitFor(() => expect(lists(calls, "events").length).toBeGreaterThan(1));
    const [days] = await screen.findAllByRole("button", { name: /^Add on / });
    await user.click(days!);
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
  });

  it("timeline sorts newest first over its time column", async () => {
    const { blueprint } = probe("recent_activity");
    const { calls } = renderRuntime(blueprint, { path: "/probe" });
    await screen.findByText("Subject 1");
    expect(lastList(calls, "activities")).toMatchObject({
      sorters: [{ field: "happened_at", order: "desc" }],
      pagination: { currentPage: 1, pageSize: 20 },
    });
  });

  it("gallery asks only for rows with an image and opens a lightbox", async () => {
    const { blueprint } = probe("venue_gallery");
    const { calls, user } = renderRuntime(blueprint, { path: "/probe" });
    await user.click(await screen.findByRole("button", { name: "Open Name 2" }));
    expect(lastList(calls, "venues")?.filters).toEqual([{ field: "photo_url", operator: "nnull", value: null }]);
    const dialog = await screen.findByRole("dialog");
    expect(within(dialog).getByText("2 / 3")).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: /Next/ }));
    expect(within(dialog).getByText("3 / 3")).toBeInTheDocument();
  });

  it("tree expands a parent and moves a node under another", async () => {
    const { blueprint } = probe("cost_center_tree");
    const { calls, user } = renderRuntime(blueprint, { path: "/probe" });
    await user.click(await screen.findByRole("button", { name: /^Expand Name/ }));
    const child = await screen.findByRole("button", { name: "Move Name 3" });
    await user.click(child);
    await user.selectOptions(await screen.findByRole("combobox", { name: "New parent" }), "(top level)");
    await user.click(screen.getByRole("button", { name: "Move" }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === "update")?.params).toMatchObject({ variables: { parent_id: null } }),
    );
  });

  it("chat shows the record's thread oldest to newest, polls, and sends into the thread", async () => {
    const { blueprint } = probe("ticket_conversation", "/probe/:id");
    const ticket = "00000000-0000-4000-8000-000100000007";
    const { calls, user } = renderRuntime(blueprint, { path: `/probe/${ticket}` });
    await waitFor(() => expect(lists(calls, "ticket_comments").length).toBeGreaterThan(0));
    expect(lastList(calls, "ticket_comments")).toMatchObject({
      filters: [{ field: "ticket_id", operator: "eq", value: ticket }],
      sorters: [{ field: "created_at", order: "desc" }],
    });
    await user.type(await screen.findByRole("textbox", { name: "Message" }), "Hello there{Enter}");
    await waitFor(() =>
      expect(calls.find((c) => c.method === "create")?.params.variables).toEqual({
        body: "Hello there",
        ticket_id: ticket,
      }),
    );
  });
});

/**
 * TABLE as a place to work in: its view lives in the URL and in saved views, a cell edits
 * in place with the form's rules (optimistic, rolled back with the database's reason),
 * the grid moves by keyboard, and a file imports with a preview of every failing row.
 */
import type { DataProvider } from "@refinedev/core";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import type { AppServices, SavedView } from "../data/app-services";
import { createFakeDataProvider, type RecordedCall } from "../testing/fake-data-provider";
import { loadExample, renderRuntime } from "../testing/render-runtime";

const crm = loadExample("crm");
/** Whole flows of typing and clicking; a machine busy with other work must not fail them. */
const FLOW_TIMEOUT_MS = 30_000;
const lastList = (calls: RecordedCall[], resource: string) =>
  calls.filter((c) => c.method === "getList" && c.resource === resource).at(-1)?.params;

function fakeServices(
  views: SavedView[] = [],
): AppServices & { saved: unknown[]; deleted: string[]; imported: unknown[][] } {
  const saved: unknown[] = [];
  const deleted: string[] = [];
  const imported: unknown[][] = [];
  return {
    saved,
    deleted,
    imported,
    listViews: async () => views,
    saveView: async (_key, name, shared, state) => {
      saved.push({ name, shared, state });
      const view = { id: `v-${saved.length}`, name, shared, state, mine: true, created_at: new Date().toISOString() };
      views.push(view);
      return view;
    },
    deleteView: async (id) => {
      deleted.push(id);
    },
    importRows: async (_table, _mode, rows, onProgress) => {
      imported.push(rows);
      onProgress(rows.length);
      return { inserted: rows.length, refused: [] };
    },
  };
}

describe("a table's view", { timeout: FLOW_TIMEOUT_MS }, () => {
  it("keeps search, filters, sort and hidden columns in the URL, and comes back with them after a reload", async () => {
    const first = renderRuntime(crm, { path: "/deals" });
    await screen.findByText("Title 1");
    await first.user.type(screen.getByRole("searchbox", { name: /search title/i }), "acme");
    await first.user.selectOptions(screen.getByRole("combobox", { name: "Filter by Stage" }), "lead");
    await first.user.click(screen.getByRole("button", { name: "Amount" }));
    await first.user.click(screen.getByText(/^Columns/));
    await first.user.click(screen.getByRole("checkbox", { name: "Expected close" }));
    await waitFor(() => expect(window.location.search).toContain("deals_table.hide=close_date"));
    const url = window.location.search;
    expect(new URLSearchParams(url).get("deals_table.q")).toBe("acme");
    expect(new URLSearchParams(url).get("deals_table.f.stage")).toBe("lead");
    expect(new URLSearchParams(url).get("deals_table.sort")).toBe("amount");
    first.unmount();

    // A reload: the same URL, a fresh runtime.
    const fake = createFakeDataProvider(crm);
    const again = renderRuntime(crm, { path: "/deals", dataProvider: fake.provider, url });
    expect(await screen.findByRole("searchbox", { name: /search title/i })).toHaveValue("acme");
    await waitFor(() =>
      expect(lastList(fake.calls, "deals")).toMatchObject({
        filters: [
          { field: "title", operator: "contains", value: "acme" },
          { field: "stage", operator: "eq", value: "lead" },
        ],
        sorters: [{ field: "amount", order: "asc" }],
      }),
    );
    expect(screen.queryByRole("columnheader", { name: /expected close/i })).not.toBeInTheDocument();
    again.unmount();
  });

  it("saves the current view and opens a saved one", async () => {
    const services = fakeServices([
      {
        id: "shared-1",
        name: "Won deals",
        shared: true,
        mine: false,
        state: { filters: { stage: { value: "won" } } },
        created_at: "2026-11-01T00:00:00Z",
      },
    ]);
    const { user, calls } = renderRuntime(crm, { path: "/deals", services });
    await screen.findByText("Title 1");
    await user.selectOptions(await screen.findByRole("combobox", { name: "Saved views" }), "shared-1");
    await waitFor(() =>
      expect(lastList(calls, "deals")?.filters).toEqual([{ field: "stage", operator: "eq", value: "won" }]),
    );
    expect(screen.getByRole("combobox", { name: "Filter by Stage" })).toHaveValue("won");

    await user.click(screen.getByRole("button", { name: "Save view" }));
    await user.type(screen.getByRole("textbox", { name: "View name" }), "My won");
    await user.click(screen.getByRole("checkbox", { name: /share with everyone/i }));
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(services.saved).toEqual([
        { name: "My won", shared: true, state: expect.objectContaining({ filters: { stage: { value: "won" } } }) },
      ]),
    );
    // Only one's own view can be deleted: the shared one of someone else offers no delete.
    await user.selectOptions(screen.getByRole("combobox", { name: "Saved views" }), "shared-1");
    expect(screen.queryByRole("button", { name: /delete the view/i })).not.toBeInTheDocument();
    await user.selectOptions(screen.getByRole("combobox", { name: "Saved views" }), "v-1");
    await user.click(screen.getByRole("button", { name: "Delete the view My won" }));
    await waitFor(() => expect(services.deleted).toEqual(["v-1"]));
  });
});

describe("editing a cell in place", { timeout: FLOW_TIMEOUT_MS }, () => {
  it("saves on Enter, showing the new value at once; Escape cancels", async () => {
    const { user, calls } = renderRuntime(crm, { path: "/deals" });
    await user.click(await screen.findByText("Title 1"));
    const input = screen.getByRole("textbox", { name: "Title" });
    await user.clear(input);
    await user.type(input, "Renamed{Enter}");
    expect(await screen.findByText("Renamed")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "update").map((c) => c.params)).toEqual([
      { id: expect.any(String), variables: { title: "Renamed" } },
    ]);

    await user.click(screen.getByText("Title 2"));
    await user.type(screen.getByRole("textbox", { name: "Title" }), " changed{Escape}");
    expect(screen.getByText("Title 2")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "update")).toHaveLength(1);
  });

  it("checks the form's rules before saving", async () => {
    const { user, calls } = renderRuntime(crm, { path: "/deals" });
    await user.click(await screen.findByText("Title 1"));
    await user.clear(screen.getByRole("textbox", { name: "Title" }));
    await user.keyboard("{Enter}");
    expect(await screen.findByText("Title is required.")).toBeInTheDocument();
    expect(calls.filter((c) => c.method === "update")).toHaveLength(0);
  });

  it("rolls a refused edit back and says why", async () => {
    const fake = createFakeDataProvider(crm);
    let refuse: (error: unknown) => void = () => undefined;
    const provider: DataProvider = {
      ...fake.provider,
      update: () =>
        new Promise((_resolve, reject) => {
          refuse = reject;
        }),
    };
    const { user } = renderRuntime(crm, { path: "/deals", dataProvider: provider });
    await user.click(await screen.findByText("Title 1"));
    const input = screen.getByRole("textbox", { name: "Title" });
    await user.clear(input);
    await user.type(input, "Too long{Enter}");
    expect(await screen.findByText("Too long")).toBeInTheDocument();
    act(() =>
      refuse({ code: "23514", message: 'new row violates check constraint "title_max_length"', statusCode: 400 }),
    );
    expect(await screen.findByText('Title of "Title 1" was not saved: This value is too long.')).toBeInTheDocument();
    expect(screen.getByText("Title 1")).toBeInTheDocument();
    expect(screen.queryByText("Too long")).not.toBeInTheDocument();
  });

  it("saves with Tab and moves to the next cell", async () => {
    const { user, calls } = renderRuntime(crm, { path: "/deals" });
    await user.click(await screen.findByText("Title 1"));
    await user.type(screen.getByRole("textbox", { name: "Title" }), "!{Tab}");
    expect(await screen.findByText("Title 1!")).toBeInTheDocument();
    expect((document.activeElement as HTMLElement).dataset.cell).toBe("0:1");
    expect(calls.filter((c) => c.method === "update").map((c) => c.params.variables)).toEqual([{ title: "Title 1!" }]);
  });

  it("moves between cells with the arrow keys and edits the focused one with Enter", async () => {
    const { user } = renderRuntime(crm, { path: "/deals" });
    const first = (await screen.findByText("Title 1")).closest("td") as HTMLElement;
    first.focus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByText("Title 2").closest("td")).toHaveFocus();
    await user.keyboard("{ArrowRight}{ArrowRight}");
    const stageCell = document.activeElement as HTMLElement;
    expect(stageCell.dataset.cell).toBe("1:2");
    await user.keyboard("{Enter}");
    expect(within(stageCell).getByRole("combobox", { name: "Stage" })).toHaveFocus();
  });
});

/** Opens the import of the table at `path` (whose first row reads `firstRow`) and picks a CSV file with this text. */
async function importCsv(services: AppServices, path: string, firstRow: string, csv: string) {
  const view = renderRuntime(crm, { path, services });
  await screen.findByText(firstRow);
  await view.user.click(screen.getByRole("button", { name: "Import" }));
  await view.user.upload(screen.getByLabelText("File"), new File([csv], `${path.slice(1)}.csv`, { type: "text/csv" }));
  return view;
}

describe("importing a file", { timeout: FLOW_TIMEOUT_MS }, () => {
  it("maps columns by header, previews every failing row with its reason, and imports the valid rows", async () => {
    const services = fakeServices();
    const csv = "Name,Industry,Employees\nAcme,software,10\nBroken,spaceships,x\nGlobex,retail,\n";
    const { user } = await importCsv(services, "/companies", "Name 1", csv);
    expect(await screen.findByText("2 rows ready to import, 1 would fail.")).toBeInTheDocument();
    const failing = screen.getByRole("region", { name: "Rows that would fail" });
    expect(
      within(failing)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual([
      "Line 3: Industry must be one of: software, retail, manufacturing, finance, healthcare, other. Employees must be a number.",
    ]);
    expect(screen.getByRole("button", { name: "Import 2 rows" })).toBeDisabled();
    await user.click(screen.getByRole("radio", { name: /import the valid rows/i }));
    await user.click(screen.getByRole("button", { name: "Import 2 rows" }));
    expect(await screen.findByText("Imported 2 rows.")).toBeInTheDocument();
    expect(services.imported).toEqual([
      [
        { name: "Acme", industry: "software", employees: 10 },
        { name: "Globex", industry: "retail" },
      ],
    ]);
  });
});

describe("importing lookups and reading refusals", { timeout: FLOW_TIMEOUT_MS }, () => {
  it("matches a lookup column by the referenced row's label and shows the rows the database refused", async () => {
    const services = fakeServices();
    services.importRows = async (_table, _mode, rows, onProgress) => {
      services.imported.push(rows);
      onProgress(rows.length);
      return {
        inserted: 1,
        refused: [
          {
            index: 1,
            refusal: {
              code: "23505",
              message: "duplicate key",
              details: "Key (email)=(b@x.io) already exists.",
              hint: null,
            },
          },
        ],
      };
    };
    const csv = "Full name,Email,Company\nAda,a@x.io,name 1\nBea,b@x.io,Name 2\nCy,c@x.io,Initech\n";
    const { user } = await importCsv(services, "/contacts", "Full name 1", csv);
    expect(await screen.findByText("2 rows ready to import, 1 would fail.")).toBeInTheDocument();
    expect(screen.getByRole("region", { name: "Rows that would fail" })).toHaveTextContent(
      'Line 4: Company: there is no companies named "Initech".',
    );
    await user.click(screen.getByRole("radio", { name: /import the valid rows/i }));
    await user.click(screen.getByRole("button", { name: "Import 2 rows" }));
    expect(await screen.findByText("Imported 1 row.")).toBeInTheDocument();
    const companies = createFakeDataProvider(crm).tables.get("companies") ?? [];
    expect(services.imported[0]).toEqual([
      { full_name: "Ada", email: "a@x.io", company_id: companies[0]?.id },
      { full_name: "Bea", email: "b@x.io", company_id: companies[1]?.id },
    ]);
    expect(screen.getByRole("region", { name: "Rows the database refused" })).toHaveTextContent(
      "Line 3: This value is already used by another record.",
    );
  });
});

describe("editing permissions", { timeout: FLOW_TIMEOUT_MS }, () => {
  it("offers no cell editor to a role that may not change the table", async () => {
    const { user } = renderRuntime(crm, { path: "/companies", role: "sales_rep" });
    await user.click(await screen.findByText("Name 1"));
    expect(screen.queryByRole("textbox", { name: "Name" })).not.toBeInTheDocument();
  });
});

describe("exporting a view", { timeout: FLOW_TIMEOUT_MS }, () => {
  it("writes the view's shown columns with lookups by label", async () => {
    const blobs: Blob[] = [];
    // jsdom has no object URLs; the file handed to the download is what the user would get.
    Object.assign(URL, {
      createObjectURL: vi.fn((blob: Blob) => {
        blobs.push(blob);
        return "blob:export";
      }),
      revokeObjectURL: vi.fn(),
    });
    const { user, calls } = renderRuntime(crm, { path: "/deals" });
    await screen.findByText("Title 1");
    await user.selectOptions(screen.getByRole("combobox", { name: "Filter by Stage" }), "lead");
    await user.click(screen.getByRole("button", { name: "Export" }));
    await user.click(await screen.findByRole("menuitem", { name: "CSV (.csv)" }));
    await waitFor(() => expect(blobs).toHaveLength(1));
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0] as Blob);
    });
    const lines = text?.split(/\r?\n/) ?? [];
    expect(lines[0]).toBe("Title,Company,Stage,Amount,Expected close");
    expect(lines.slice(1)).toEqual(["Title 1,Name 1,lead,10.5,2030-01-10"]);
    const exportRead = calls.filter((c) => c.method === "getList" && c.resource === "deals").at(-1)?.params;
    expect(exportRead?.filters).toEqual([{ field: "stage", operator: "eq", value: "lead" }]);
    fireEvent.keyDown(document.body, { key: "Escape" });
  });
});

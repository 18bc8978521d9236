import { readFileSync } from "node:fs";
import { type BlueprintV2, validateBlueprint, verifyBlueprint } from "@plinth/blueprint";
import { describe, expect, it } from "vitest";
import { addPage } from "./pages.js";

function helpdesk(): BlueprintV2 {
  const json = JSON.parse(readFileSync(new URL("../../../../schemas/examples/helpdesk.json", import.meta.url), "utf8"));
  const checked = validateBlueprint(json);
  if (!checked.ok) throw new Error("helpdesk is a valid example");
  return checked.blueprint;
}

describe("adding a page by hand", () => {
  it("adds a board of a table by a field with choices, in the menu, and the blueprint stays valid", () => {
    const bp = helpdesk();
    expect(addPage(bp, "KANBAN", "tickets")).toBeNull();
    const page = bp.ui.pages.at(-1);
    expect(page?.route).toBe("/tickets-by-status-board");
    expect(page?.blocks).toEqual([
      {
        id: "tickets_by_status_board",
        type: "KANBAN",
        title: "Tickets by status",
        table: "tickets",
        groupBy: "status",
        titleColumn: "subject",
        cardColumns: [],
      },
    ]);
    expect(bp.ui.navigation.at(-1)).toEqual({ label: "Tickets by status", page: "tickets_by_status_board" });
    expect(verifyBlueprint(bp)).toEqual([]);
  });

  it("gives a second list of the same table an id of its own", () => {
    const bp = helpdesk();
    addPage(bp, "TABLE", "categories");
    addPage(bp, "TABLE", "categories");
    const ids = bp.ui.pages.slice(-2).map((p) => p.id);
    expect(ids[1]).not.toBe(ids[0]);
    expect(bp.ui.pages.at(-1)?.blocks[0]).toMatchObject({
      type: "TABLE",
      columns: ["name", "parent_id", "description"],
    });
    expect(verifyBlueprint(bp)).toEqual([]);
  });

  it("says why a board cannot be grouped when the table has no field with choices", () => {
    const bp = helpdesk();
    const pages = bp.ui.pages.length;
    expect(addPage(bp, "KANBAN", "categories")).toBe("This table has no field with choices to group by.");
    expect(bp.ui.pages).toHaveLength(pages);
  });
});

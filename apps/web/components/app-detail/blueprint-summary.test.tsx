import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { accessExample } from "@/runtime/testing/access-example";
import { BlueprintSummaryView } from "./blueprint-summary";

describe("the founder's summary of who sees and changes what", () => {
  it("gives each role a row per table: what it can do, which rows it sees, and how its changes are limited", () => {
    render(<BlueprintSummaryView blueprint={accessExample()} />);
    const agent = within(screen.getByRole("table", { name: "What Agent can do" }));
    const tickets = agent.getByRole("row", { name: /^Tickets/ });
    expect(
      within(tickets)
        .getAllByRole("cell")
        .map((c) => c.textContent),
    ).toEqual([
      "can list, open, add, edit and delete",
      "all rows",
      "Edits only rows where Assignee is the user; deletes only rows where Assignee is the user; cannot set Priority",
    ]);
    const categories = agent.getByRole("row", { name: /^Categories/ });
    expect(within(categories).getAllByRole("cell").at(-1)).toHaveTextContent("nothing (read only)");
    const admin = within(screen.getByRole("table", { name: "What Admin can do" }));
    expect(
      within(admin.getByRole("row", { name: /^Tickets/ }))
        .getAllByRole("cell")
        .at(-1),
    ).toHaveTextContent("any row they see");
    const employee = within(screen.getByRole("table", { name: "What Employee can do" }));
    expect(within(employee.getByRole("row", { name: /^Tickets/ })).getAllByRole("cell")[1]).toHaveTextContent(
      /^only rows where Requester/,
    );
  });
});

/**
 * People columns and per-row access as a user meets them: names and initials instead of
 * ids, a member picker, "Assigned to me", actions only on rows the role may change,
 * read-only columns, and refusals explained by who may do it.
 */
import { screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { accessExample, ME, OTHER } from "../testing/access-example";
import { createFakeDataProvider, type RecordedCall } from "../testing/fake-data-provider";
import { renderRuntime, withPage } from "../testing/render-runtime";

const FLOW_TIMEOUT_MS = 30_000;
const bp = accessExample();
const members = async () => [
  { id: ME, name: "Ada Lovelace", initials: "AL" },
  { id: OTHER, name: "Grace Hopper", initials: "GH" },
  { id: "user-1", name: "Olive Owner", initials: "OO" },
];
const as = (role: string) => ({ role, user: { id: ME }, loadMembers: members });
const lastList = (calls: RecordedCall[], resource: string) =>
  calls.filter((c) => c.method === "getList" && c.resource === resource).at(-1)?.params;
/** The table's row whose first cell is this subject. */
const rowOf = (subject: string) => screen.getByText(subject).closest("tr") as HTMLElement;

describe("people columns", { timeout: FLOW_TIMEOUT_MS }, () => {
  it("TABLE shows assignee and creator by name with initials; someone who left is a former member", async () => {
    renderRuntime(bp, { path: "/tickets", ...as("admin") });
    await screen.findByText("Subject 1");
    const first = rowOf("Subject 1");
    expect(await within(first).findByText("Ada Lovelace")).toBeInTheDocument();
    expect(within(first).getByText("AL")).toBeInTheDocument();
    expect(within(first).getByText("Olive Owner")).toBeInTheDocument();
    expect(within(rowOf("Subject 2")).getByText("Grace Hopper")).toBeInTheDocument();
    expect(within(rowOf("Subject 3")).getByText("Former member")).toBeInTheDocument();
    expect(screen.queryByText(ME)).toBeNull();
  });

  it("'Assigned to me' and 'Unassigned' filter on the server and stay in the URL", async () => {
    const { calls, user } = renderRuntime(bp, { path: "/tickets", ...as("agent") });
    await screen.findByText("Subject 1");
    await user.click(screen.getByRole("button", { name: "Assigned to me" }));
    await waitFor(() =>
      expect(lastList(calls, "tickets")?.filters).toContainEqual({ field: "assignee_id", operator: "eq", value: ME }),
    );
    expect(new URLSearchParams(window.location.search).get("tickets_table.f.assignee_id")).toBe("me");
    expect(screen.getByRole("button", { name: "Assigned to me" })).toHaveAttribute("aria-pressed", "true");
    expect(await screen.findByText("Subject 1")).toBeInTheDocument();
    expect(screen.queryByText("Subject 2")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Unassigned" }));
    await waitFor(() =>
      expect(lastList(calls, "tickets")?.filters).toContainEqual({
        field: "assignee_id",
        operator: "null",
        value: true,
      }),
    );
    expect(await screen.findByText("Nothing matches")).toBeInTheDocument();
  });

  it("KANBAN cards show the assignee by name", async () => {
    renderRuntime(bp, { path: "/board", ...as("admin") });
    const card = await screen.findByRole("article", { name: "Subject 2" });
    expect(await within(card).findByText("Grace Hopper")).toBeInTheDocument();
  });

  it("DETAIL shows the assignee by name", async () => {
    const fake = createFakeDataProvider(bp);
    const id = String(fake.tables.get("tickets")?.[1]?.id);
    renderRuntime(bp, { path: `/tickets/${id}`, dataProvider: fake.provider, ...as("admin") });
    expect(await screen.findByText("Grace Hopper")).toBeInTheDocument();
    expect(screen.getByText("GH")).toBeInTheDocument();
  });

  it("a form picks the assignee from the members by name and sends their id", async () => {
    const { calls, user } = renderRuntime(bp, { path: "/tickets", ...as("admin") });
    await screen.findByText("Subject 3");
    await user.click(await within(rowOf("Subject 3")).findByRole("button", { name: "Triage" }));
    const picker = await screen.findByRole("combobox", { name: "Assignee" });
    await waitFor(() => expect(within(picker).getByRole("option", { name: "Grace Hopper" })).toBeInTheDocument());
    expect(within(picker).getByRole("option", { name: "Ada Lovelace (you)" })).toBeInTheDocument();
    await user.selectOptions(picker, "Grace Hopper");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === "update")?.params).toMatchObject({
        variables: { assignee_id: OTHER },
      }),
    );
  });

  it("a people column defaulting to the user starts a new record with me chosen", async () => {
    const { calls, user } = renderRuntime(bp, { path: "/tickets", ...as("admin") });
    await screen.findByText("Subject 1");
    await user.click(screen.getByRole("button", { name: "New ticket" }));
    const picker = await screen.findByRole("combobox", { name: "Requester" });
    await waitFor(() => expect(picker).toHaveDisplayValue("Ada Lovelace (you)"));
    await user.type(screen.getByRole("textbox", { name: /Subject/ }), "Printer on fire");
    await user.click(screen.getByRole("button", { name: "Raise ticket" }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === "create")?.params).toMatchObject({
        variables: { subject: "Printer on fire", requester_id: ME },
      }),
    );
  });
});

describe("what a role may change, row by row", { timeout: FLOW_TIMEOUT_MS }, () => {
  it("an agent gets edit and delete only on tickets assigned to them, and edits only their cells", async () => {
    const { user } = renderRuntime(bp, { path: "/tickets", ...as("agent") });
    await screen.findByText("Subject 1");
    const mine = rowOf("Subject 1");
    const theirs = rowOf("Subject 2");
    expect(await within(mine).findByRole("button", { name: "Triage" })).toBeInTheDocument();
    expect(within(mine).getByRole("button", { name: "Delete" })).toBeInTheDocument();
    expect(within(theirs).getByRole("button", { name: "Open" })).toBeInTheDocument();
    expect(within(theirs).queryByRole("button", { name: "Triage" })).toBeNull();
    expect(within(theirs).queryByRole("button", { name: "Delete" })).toBeNull();
    await user.click(within(theirs).getByText("Subject 2"));
    expect(within(theirs).queryByRole("textbox")).toBeNull();
    await user.click(within(mine).getByText("Subject 1"));
    expect(await within(mine).findByRole("textbox", { name: "Subject" })).toBeInTheDocument();
  });

  it("an admin gets them on every row", async () => {
    renderRuntime(bp, { path: "/tickets", ...as("admin") });
    await screen.findByText("Subject 1");
    expect(await within(rowOf("Subject 2")).findByRole("button", { name: "Triage" })).toBeInTheDocument();
  });

  it("KANBAN lets an agent move only the cards assigned to them", async () => {
    renderRuntime(bp, { path: "/board", ...as("agent") });
    await screen.findByRole("article", { name: "Subject 1" });
    expect(screen.getByRole("button", { name: "Drag Subject 1" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Drag Subject 2" })).toBeNull();
  });

  it("a read-only column is locked in the form, says who may change it, and is not sent", async () => {
    const { calls, user } = renderRuntime(bp, { path: "/tickets", ...as("agent") });
    await screen.findByText("Subject 1");
    await user.click(await within(rowOf("Subject 1")).findByRole("button", { name: "Triage" }));
    const priority = await screen.findByRole("combobox", { name: "Priority" });
    expect(priority).toBeDisabled();
    expect(priority).toHaveAccessibleDescription("Only Admins can change Priority.");
    expect(screen.getByRole("textbox", { name: /Subject/ })).toBeEnabled();
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(calls.some((c) => c.method === "update")).toBe(true));
    const sent = calls.find((c) => c.method === "update")?.params.variables as Record<string, unknown>;
    expect(sent).toHaveProperty("subject");
    expect(sent).not.toHaveProperty("priority");
  });

  it("an edit form on a ticket outside the agent's scope says why instead of offering a form", async () => {
    const copy = withPage(
      bp,
      "/tickets/:id/edit",
      { id: "edit_ticket_form", type: "FORM", table: "tickets", mode: "edit", fields: ["subject"] },
      "Edit ticket",
    );
    const fake = createFakeDataProvider(copy);
    const theirs = String(fake.tables.get("tickets")?.[1]?.id);
    renderRuntime(copy, { path: `/tickets/${theirs}/edit`, dataProvider: fake.provider, ...as("agent") });
    expect(
      await screen.findByText(
        "You can see this record but not change it. As Agent, you can change only tickets where Assignee is the user.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
  });

  it("a read-only column is not edited in place", async () => {
    const { user } = renderRuntime(bp, { path: "/tickets", ...as("agent") });
    await screen.findByText("Subject 1");
    const priority = within(rowOf("Subject 1")).getAllByRole("cell")[2] as HTMLElement;
    await user.click(priority);
    expect(within(priority).queryByRole("combobox")).toBeNull();
  });

  it("explains a refused save in the blueprint's words, not the database's", async () => {
    const fake = createFakeDataProvider(bp, {
      fail: (call) =>
        call.method === "update"
          ? {
              code: "42501",
              statusCode: 403,
              message: 'new row violates row-level security policy for table "tickets"',
            }
          : undefined,
    });
    const { user } = renderRuntime(bp, { path: "/tickets", dataProvider: fake.provider, ...as("agent") });
    await screen.findByText("Subject 1");
    await user.click(await within(rowOf("Subject 1")).findByRole("button", { name: "Triage" }));
    await user.selectOptions(await screen.findByRole("combobox", { name: "Assignee" }), "Grace Hopper");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("As Agent, you can change only tickets where Assignee is the user.")).toBeVisible();
    expect(screen.queryByText(/row-level security/)).toBeNull();
  });

  it("explains a refused edit in place", async () => {
    const fake = createFakeDataProvider(bp, {
      fail: (call) => (call.method === "update" ? { code: "42501", statusCode: 403, message: "denied" } : undefined),
    });
    const { user } = renderRuntime(bp, { path: "/tickets", dataProvider: fake.provider, ...as("agent") });
    await screen.findByText("Subject 1");
    await user.click(within(rowOf("Subject 1")).getByText("Subject 1"));
    const box = await screen.findByRole("textbox", { name: "Subject" });
    await user.clear(box);
    await user.type(box, "Renamed{Enter}");
    expect(
      await screen.findByText(
        'Subject of "Subject 1" was not saved: As Agent, you can change only tickets where Assignee is the user.',
      ),
    ).toBeVisible();
  });
});

describe("CALENDAR", () => {
  afterEach(() => vi.useRealTimers());

  it("marks each event with its person's initials", async () => {
    const copy = withPage(
      bp,
      "/due",
      { id: "due_calendar", type: "CALENDAR", table: "tickets", dateColumn: "due_at", titleColumn: "subject" },
      "Due",
    );
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(Date.UTC(2030, 0, 12, 12)));
    renderRuntime(copy, { path: "/due", ...as("admin") });
    const event = await screen.findByRole("button", { name: /Subject 2/ });
    // Initials (hidden from screen readers), the name for them, then the title.
    await waitFor(() => expect(event.textContent).toBe("GHGrace HopperSubject 2"));
  });
});

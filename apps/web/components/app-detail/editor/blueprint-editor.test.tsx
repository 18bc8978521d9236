import type { BlueprintV2 } from "@plinth/blueprint";
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { helpdesk, previewAnswer, projectTracker } from "@/test/examples";
import { fakeApi } from "@/test/fake-api";
import { FakeEventSource } from "@/test/fake-event-source";
import { renderWithApi } from "@/test/render";
import { BlueprintEditor } from "./blueprint-editor";

const shown = previewAnswer({
  proposal_id: "p-ed",
  summary: ["The Due field of Tickets is removed: 5 of 9 tickets have a value there."],
  data_loss: ["The Due field of Tickets is removed: 5 of 9 tickets have a value there."],
  access_changes: ["Agents can no longer add and change Tickets."],
  destructive: true,
});

describe("the editor", () => {
  it("removes a field, changes a choice list and narrows a role, previews them and applies the proposal", async () => {
    const api = fakeApi({
      "POST /api/apps/a1/blueprint/preview": { body: shown },
      "POST /api/apps/a1/refine": { status: 202, body: { job_id: "job-e", app_id: "a1" } },
    });
    const { user } = renderWithApi(
      <BlueprintEditor appId="a1" version={4} blueprint={helpdesk()} createEventSource={FakeEventSource.factory} />,
    );
    expect(screen.getByRole("button", { name: "Preview changes" })).toBeDisabled();

    await user.click(screen.getByRole("button", { name: "Remove field tickets.due_at" }));
    const choices = screen.getByLabelText("Choices of tickets.priority");
    await user.clear(choices);
    await user.type(choices, "low, normal, high");
    await user.tab();
    await user.click(screen.getByRole("tab", { name: "Who can do what" }));
    await user.click(screen.getByLabelText("agent may change tickets"));

    await user.click(screen.getByRole("button", { name: "Preview changes" }));
    const review = await screen.findByRole("region", { name: "What your edits change" });
    expect(within(review).getByText("This removes data")).toBeInTheDocument();
    expect(within(review).getByText("Agents can no longer add and change Tickets.")).toBeInTheDocument();

    const sent = api.callsTo("POST", "/api/apps/a1/blueprint/preview")[0]?.body as { blueprint: BlueprintV2 };
    const tickets = sent.blueprint.data.tables.find((t) => t.name === "tickets");
    expect(tickets?.columns.map((c) => c.name)).not.toContain("due_at");
    expect(tickets?.columns.find((c) => c.name === "priority")?.enum).toEqual(["low", "normal", "high"]);
    // The stat card that counted urgent tickets goes with the choice.
    expect(sent.blueprint.ui.pages.flatMap((p) => p.blocks).map((b) => b.id)).not.toContain("urgent_tickets");
    // Agents keep seeing their own tickets; the update scope goes with the update grant.
    expect(sent.blueprint.security.permissions.find((p) => p.role === "agent" && p.resource === "tickets")).toEqual({
      role: "agent",
      resource: "tickets",
      actions: { list: true, read: true, create: false, update: false, delete: false },
      scopes: { read: { person: "assignee_id" } },
    });

    await user.click(within(review).getByRole("button", { name: "Apply as version 5 and accept these changes" }));
    expect(api.callsTo("POST", "/api/apps/a1/refine").map((c) => c.body)).toEqual([
      { instruction: "Edited in the editor", model: "offline", proposal_id: "p-ed", confirm_destructive: true },
    ]);
    // A whole app's fields and access matrix render at once; on a shared 2-core machine that takes seconds.
  }, 30_000);

  it("says why a field that decides who sees which rows cannot be removed", async () => {
    fakeApi({});
    const { user } = renderWithApi(<BlueprintEditor appId="a1" version={4} blueprint={helpdesk()} />);
    await user.click(screen.getByRole("button", { name: "Remove field tickets.requester_id" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "requester_id decides which tickets requester may see; change that rule first.",
    );
    expect(screen.getByRole("button", { name: "Preview changes" })).toBeDisabled();
  });

  it("sets and clears a number field's bounds", async () => {
    const api = fakeApi({ "POST /api/apps/a1/blueprint/preview": { body: previewAnswer({}) } });
    const { user } = renderWithApi(
      <BlueprintEditor
        appId="a1"
        version={4}
        blueprint={projectTracker()}
        createEventSource={FakeEventSource.factory}
      />,
    );
    const max = screen.getByLabelText("Maximum of projects.budget");
    await user.type(max, "5000");
    const min = screen.getByLabelText("Minimum of projects.budget");
    expect(min).toHaveValue(0);
    await user.clear(min);
    await user.tab();
    await user.click(screen.getByRole("button", { name: "Preview changes" }));
    const sent = api.callsTo("POST", "/api/apps/a1/blueprint/preview")[0]?.body as { blueprint: BlueprintV2 };
    const budget = sent.blueprint.data.tables
      .find((t) => t.name === "projects")
      ?.columns.find((c) => c.name === "budget");
    expect(budget?.max).toBe(5000);
    expect(budget).not.toHaveProperty("min");
  }, 30_000);
});

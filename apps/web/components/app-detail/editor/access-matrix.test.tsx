import type { BlueprintV2 } from "@plinth/blueprint";
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { helpdesk, previewAnswer, projectTracker } from "@/test/examples";
import { fakeApi } from "@/test/fake-api";
import { FakeEventSource } from "@/test/fake-event-source";
import { renderWithApi } from "@/test/render";
import { BlueprintEditor } from "./blueprint-editor";

const narrowed = previewAnswer({
  proposal_id: "p-scope",
  access_changes: [
    "What Agents may read and change in Knowledge base changes from every row to rows they added: they will stop seeing 3 articles (2 members); 0 become visible.",
  ],
  destructive: true,
});

const options = (select: HTMLElement) =>
  within(select)
    .getAllByRole("option")
    .map((o) => o.textContent);

async function openMatrix(blueprint: BlueprintV2) {
  const rendered = renderWithApi(
    <BlueprintEditor appId="a1" version={4} blueprint={blueprint} createEventSource={FakeEventSource.factory} />,
  );
  await rendered.user.click(screen.getByRole("tab", { name: "Who can do what" }));
  return rendered;
}

describe("the who-can-do-what matrix", () => {
  it("says which rows each granted action reaches and offers only the scopes that fit the table", async () => {
    fakeApi({});
    await openMatrix(helpdesk());
    const update = screen.getByLabelText<HTMLSelectElement>("Which tickets rows agent may change");
    expect(update.selectedOptions[0]?.textContent).toBe("Rows where Assignee is the user");
    expect(options(update)).toEqual([
      "All rows",
      "Rows where Requester is the user",
      "Rows where Assignee is the user",
      "Rows they added",
      "Rows whose Category they can see",
    ]);
    // An action not granted has no rows to choose.
    expect(screen.queryByLabelText("Which tickets rows agent may delete")).toBeNull();
    // A row rule that holds whatever the scope is said beside the table.
    expect(screen.getAllByText("Always: Employees read only published articles")).toHaveLength(1);
  }, 30_000);

  it("offers the team's rows where the app has teams", async () => {
    fakeApi({});
    await openMatrix(projectTracker());
    const see = screen.getByLabelText<HTMLSelectElement>("Which projects rows member may see");
    expect(see.selectedOptions[0]?.textContent).toBe("Rows where Team is one of the user's teams");
    expect(options(see)).toContain("Rows whose Team they can see");
  }, 30_000);

  it("narrows a role, shows who stops seeing how many rows and needs the founder to accept it", async () => {
    const api = fakeApi({
      "POST /api/apps/a1/blueprint/preview": { body: narrowed },
      "POST /api/apps/a1/refine": { status: 202, body: { job_id: "job-s", app_id: "a1" } },
    });
    const { user } = await openMatrix(helpdesk());
    await user.selectOptions(screen.getByLabelText("Which kb_articles rows agent may see"), "Rows they added");
    await user.selectOptions(screen.getByLabelText("Which kb_articles rows agent may change"), "Rows they added");
    await user.click(screen.getByRole("button", { name: "Preview changes" }));

    const sent = api.callsTo("POST", "/api/apps/a1/blueprint/preview")[0]?.body as { blueprint: BlueprintV2 };
    expect(
      sent.blueprint.security.permissions.find((p) => p.role === "agent" && p.resource === "kb_articles")?.scopes,
    ).toEqual({ read: { person: "created_by" }, update: { person: "created_by" } });

    const review = await screen.findByRole("region", { name: "What your edits change" });
    expect(within(review).getByText("This changes who can see or change what")).toBeInTheDocument();
    expect(within(review).getByText(narrowed.access_changes[0] as string)).toBeInTheDocument();
    await user.click(within(review).getByRole("button", { name: "Apply as version 5 and accept these changes" }));
    expect(api.callsTo("POST", "/api/apps/a1/refine").map((c) => c.body)).toEqual([
      { instruction: "Edited in the editor", model: "offline", proposal_id: "p-scope", confirm_destructive: true },
    ]);
  }, 30_000);

  it("narrows a role to the rows with a chosen value, on top of whose rows they are", async () => {
    const api = fakeApi({ "POST /api/apps/a1/blueprint/preview": { body: previewAnswer({}) } });
    const { user } = await openMatrix(helpdesk());
    const condition = screen.getByLabelText<HTMLSelectElement>("Only the tickets rows agent may see where");
    expect(condition.selectedOptions[0]?.textContent).toBe("Any row");
    expect(options(condition)).toContain("Only where Status is “open”");
    expect(options(condition)).toContain("Only where Priority is “urgent”");
    // Published is a yes/no field of the articles.
    expect(options(screen.getByLabelText("Only the kb_articles rows agent may see where"))).toEqual([
      "Any row",
      "Only where Published is true",
    ]);
    // A table with no choice or yes/no field has nothing to add.
    expect(screen.queryByLabelText("Only the categories rows agent may see where")).toBeNull();

    await user.selectOptions(condition, "Only where Status is “open”");
    const see = screen.getByLabelText<HTMLSelectElement>("Which tickets rows agent may see");
    expect(see.selectedOptions[0]?.textContent).toBe("Rows where Assignee is the user");
    expect(see).toHaveAttribute("title", "Rows where Assignee is the user and where Status is “open”");
    // Whose rows changes, the condition stays: the tickets they added that are open.
    await user.selectOptions(see, "Rows they added");
    expect(
      screen.getByLabelText<HTMLSelectElement>("Only the tickets rows agent may see where").selectedOptions[0]
        ?.textContent,
    ).toBe("Only where Status is “open”");
    expect(screen.queryByRole("alert", { name: "What is wrong with agent on tickets" })).toBeNull();

    await user.click(screen.getByRole("button", { name: "Preview changes" }));
    const sent = api.callsTo("POST", "/api/apps/a1/blueprint/preview")[0]?.body as { blueprint: BlueprintV2 };
    expect(
      sent.blueprint.security.permissions.find((p) => p.role === "agent" && p.resource === "tickets")?.scopes,
    ).toEqual({
      read: { and: [{ person: "created_by" }, { where: { equals: ["status", "open"] } }] },
      update: { person: "assignee_id" },
    });
  }, 30_000);

  it("keeps a role from setting a field, and says why the verifier would refuse a required one before saving", async () => {
    const api = fakeApi({ "POST /api/apps/a1/blueprint/preview": { body: previewAnswer({}) } });
    const { user } = await openMatrix(helpdesk());
    expect(screen.getByText("All but Assignee, Status")).toBeInTheDocument();

    await user.click(screen.getByLabelText("requester may set tickets.subject"));
    expect(await screen.findByRole("alert", { name: "What is wrong with requester on tickets" })).toHaveTextContent(
      '"subject" is required and has no default, but "requester" may not set it, so they could never add a "tickets" record.',
    );
    await user.click(screen.getByLabelText("requester may set tickets.subject"));
    expect(screen.queryByRole("alert", { name: "What is wrong with requester on tickets" })).toBeNull();

    await user.click(screen.getByLabelText("agent may set tickets.priority"));
    expect(screen.getByText("All but Priority, Assignee")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Preview changes" }));
    const sent = api.callsTo("POST", "/api/apps/a1/blueprint/preview")[0]?.body as { blueprint: BlueprintV2 };
    expect(
      sent.blueprint.security.permissions.find((p) => p.role === "agent" && p.resource === "tickets")?.readOnlyColumns,
    ).toEqual(["priority", "assignee_id"]);
  }, 30_000);
});

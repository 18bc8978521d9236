import type { BlueprintV2 } from "@plinth/blueprint";
import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { helpdesk, previewAnswer } from "@/test/examples";
import { fakeApi } from "@/test/fake-api";
import { FakeEventSource } from "@/test/fake-event-source";
import { renderWithApi } from "@/test/render";
import { BlueprintEditor } from "./blueprint-editor";

describe("the pages editor", () => {
  it("adds a board to the menu, moves a page up and saves both", async () => {
    const api = fakeApi({ "POST /api/apps/a1/blueprint/preview": { body: previewAnswer({}) } });
    const { user } = renderWithApi(
      <BlueprintEditor appId="a1" version={4} blueprint={helpdesk()} createEventSource={FakeEventSource.factory} />,
    );
    await user.click(screen.getByRole("tab", { name: "Pages" }));
    await user.selectOptions(screen.getByLabelText("New page"), "A board");
    await user.selectOptions(screen.getByLabelText("Table of the new page"), "tickets");
    await user.click(screen.getByRole("button", { name: "Add page" }));
    const board = await screen.findByRole("region", { name: "Page Tickets by status" });
    await user.click(within(board).getByRole("button", { name: "Move Tickets by status up in the menu" }));

    await user.click(screen.getByRole("button", { name: "Preview changes" }));
    const sent = api.callsTo("POST", "/api/apps/a1/blueprint/preview")[0]?.body as { blueprint: BlueprintV2 };
    expect(sent.blueprint.ui.navigation.slice(-2).map((n) => n.label)).toEqual([
      "Tickets by status",
      helpdesk().ui.navigation.at(-1)?.label,
    ]);
    expect(sent.blueprint.ui.pages.at(-1)?.blocks[0]).toMatchObject({ type: "KANBAN", groupBy: "status" });
  }, 30_000);

  it("says why a board cannot be added for a table without a field with choices", async () => {
    fakeApi({});
    const { user } = renderWithApi(<BlueprintEditor appId="a1" version={4} blueprint={helpdesk()} />);
    await user.click(screen.getByRole("tab", { name: "Pages" }));
    await user.selectOptions(screen.getByLabelText("New page"), "A board");
    await user.selectOptions(screen.getByLabelText("Table of the new page"), "categories");
    await user.click(screen.getByRole("button", { name: "Add page" }));
    expect(await screen.findByText("This table has no field with choices to group by.")).toBeInTheDocument();
  }, 30_000);
});

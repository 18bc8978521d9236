import { act, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, fakeApi } from "@/test/fake-api";
import { FakeEventSource } from "@/test/fake-event-source";
import { renderWithApi } from "@/test/render";
import { HistoryPanel } from "./history-panel";
import { RefineBox } from "./refine-box";

beforeEach(() => {
  FakeEventSource.instances = [];
});
afterEach(() => vi.unstubAllGlobals());

const models = { body: { models: [{ id: "offline", label: "Offline planner", available: true }] } };
const preview = (over: Record<string, unknown> = {}) => ({
  body: {
    proposal_id: "p-1",
    from_version: 1,
    empty: false,
    summary: ["Add the field Due date to Tasks"],
    data_loss: [],
    access_changes: [],
    destructive: false,
    sql: 'alter table "tasks" add column "due_date" date',
    assumptions: [],
    not_applied: [],
    ...over,
  },
});

/** The founder types a change into the refine box and asks what it would do. */
async function previewChange(instruction: string, currentVersion = 1) {
  const rendered = renderWithApi(
    <RefineBox appId="a1" currentVersion={currentVersion} createEventSource={FakeEventSource.factory} />,
  );
  await rendered.user.type(screen.getByLabelText("What should change?"), instruction);
  await rendered.user.click(screen.getByRole("button", { name: "Preview change" }));
  return rendered;
}

/** The founder previews a change and applies it as version 2; the job's event stream is open when this returns. */
async function applyChange(instruction: string) {
  const api = fakeApi({
    "GET /api/models": models,
    "POST /api/apps/a1/refine/preview": preview(),
    "POST /api/apps/a1/refine": { status: 202, body: { job_id: "job-r", app_id: "a1" } },
  });
  const rendered = await previewChange(instruction);
  await rendered.user.click(await screen.findByRole("button", { name: "Apply as version 2" }));
  await vi.waitFor(() => expect(FakeEventSource.instances).toHaveLength(1));
  return { ...rendered, api, source: FakeEventSource.latest() };
}

describe("refine box", () => {
  it("shows the preview of what will change before applying it", async () => {
    const api = fakeApi({
      "GET /api/models": models,
      "POST /api/apps/a1/refine/preview": preview(),
    });
    await previewChange("add a due date to tasks", 3);

    const review = await screen.findByRole("region", { name: "What will change" });
    expect(within(review).getByText("Add the field Due date to Tasks")).toBeInTheDocument();
    expect(within(review).getByRole("button", { name: "Apply as version 4" })).toBeEnabled();
    expect(api.callsTo("POST", "/api/apps/a1/refine")).toHaveLength(0);
  });

  it.each([
    {
      change: "removes data",
      list: "data_loss",
      line: "Every value of Notes in Deals is deleted",
      warning: "This removes data",
    },
    {
      change: "alters who can see what",
      list: "access_changes",
      line: "What Sales Reps may read in Deals changes from rows they added to every row.",
      warning: "This changes who can see or change what",
    },
  ])("warns when the change $change, and applying it is the confirmation", async ({ list, line, warning }) => {
    const api = fakeApi({
      "GET /api/models": models,
      "POST /api/apps/a1/refine/preview": preview({
        proposal_id: "p-warn",
        summary: [line],
        [list]: [line],
        destructive: true,
      }),
      "POST /api/apps/a1/refine": { status: 202, body: { job_id: "job-w", app_id: "a1" } },
    });
    const { user } = await previewChange("change the deals");

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText(warning)).toBeInTheDocument();
    expect(within(alert).getByText(line)).toBeInTheDocument();
    expect(screen.getAllByRole("alert")).toHaveLength(1);
    await user.click(screen.getByRole("button", { name: "Apply as version 2" }));
    await vi.waitFor(() => expect(api.callsTo("POST", "/api/apps/a1/refine")).toHaveLength(1));
    expect(api.callsTo("POST", "/api/apps/a1/refine")[0]?.body).toEqual({
      instruction: "change the deals",
      model: "offline",
      proposal_id: "p-warn",
      confirm_destructive: true,
    });
  });

  it("cannot apply a preview that changes nothing", async () => {
    fakeApi({
      "GET /api/models": models,
      "POST /api/apps/a1/refine/preview": preview({ empty: true, summary: [], sql: "" }),
    });
    await previewChange("make it nicer");
    expect(await screen.findByText("Nothing in the app would change.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Apply as version 2" })).toBeDisabled();
  });

  it("explains why a change could not be previewed", async () => {
    fakeApi({
      "GET /api/models": models,
      "POST /api/apps/a1/refine/preview": apiError(
        422,
        "refine_failed",
        "The offline planner could not apply this change: colours.",
      ),
    });
    await previewChange("make it purple");
    expect(await screen.findByText(/could not apply this change: colours/)).toBeInTheDocument();
  });

  it("applies the previewed proposal and shows what changed", async () => {
    const { api, source } = await applyChange("add a due date to tasks");

    expect(api.callsTo("POST", "/api/apps/a1/refine")[0]?.body).toEqual({
      instruction: "add a due date to tasks",
      model: "offline",
      proposal_id: "p-1",
      confirm_destructive: false,
    });
    expect(source.url).toBe("/api/jobs/job-r/events");
    act(() => {
      source.send("stage", { stage: "migrating", message: "Changing the database", at: "2026-01-01T00:00:00Z" });
      source.send("stage", {
        stage: "migrated",
        message: "Version 2 is live",
        at: "2026-01-01T00:00:01Z",
        detail: { version: 2, summary: ["Added Due date to Tasks"] },
      });
      source.send("done", { status: "SUCCEEDED", error_message: null, app_id: "a1" });
    });

    expect(await screen.findByText("Version 2 is live", { selector: "div" })).toBeInTheDocument();
    expect(screen.getByText("Added Due date to Tasks")).toBeInTheDocument();
  });

  it("says the app is unchanged when the refinement fails", async () => {
    const { user, source } = await applyChange("make it purple");

    act(() =>
      source.send("done", {
        status: "FAILED",
        error_message: "Colours are not part of a blueprint's data.",
        app_id: "a1",
      }),
    );

    expect(
      await screen.findByText(/Colours are not part of a blueprint's data\. The app still runs the previous version\./),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Edit the change" }));
    expect(screen.getByLabelText("What should change?")).toHaveValue("make it purple");
  });
});

describe("history", () => {
  const history = {
    body: {
      versions: [
        { version: 1, blueprint_hash: "h1", source: "generate", note: null, created_at: "2026-01-01T00:00:00Z" },
        {
          version: 2,
          blueprint_hash: "h2",
          source: "refine",
          note: "add a due date",
          created_at: "2026-01-02T00:00:00Z",
        },
      ],
      events: [
        {
          id: 1,
          event: "member_added",
          actor_email: "founder@acme.com",
          detail: { email: "sam@acme.com", role: "rep" },
          created_at: "2026-01-02T00:00:00Z",
        },
      ],
    },
  };

  it("lists versions newest first and the activity in words", async () => {
    fakeApi({ "GET /api/apps/a1/history": history });
    renderWithApi(<HistoryPanel appId="a1" currentVersion={2} />);

    const versions = await screen.findByRole("list", { name: "Blueprint versions" });
    const rows = within(versions).getAllByRole("listitem");
    expect(rows[0]).toHaveTextContent("Version 2CurrentRefined");
    expect(rows[0]).toHaveTextContent("“add a due date”");
    expect(within(rows[0] as HTMLElement).queryByRole("button")).not.toBeInTheDocument();
    expect(screen.getByText("sam@acme.com was invited as rep")).toBeInTheDocument();
  });

  const lost =
    "The Due date field of Tasks is removed: 7 of 9 tasks have a value there, which disappears from the app.";
  it.each([
    {
      change: "removes data",
      summary: lost,
      destructive: true,
      confirm: "Restore version 1 and accept these changes",
    },
    {
      change: "loses nothing",
      summary: "New field Due date in Tasks (date).",
      destructive: false,
      confirm: "Restore version 1",
    },
  ])(
    "restores a version that $change once the first dialog has said what it does, with figures",
    async ({ summary, destructive, confirm }) => {
      const api = fakeApi({
        "GET /api/apps/a1/history": history,
        "GET /api/apps/a1/blueprints/1/restore/preview": {
          body: {
            from_version: 2,
            to_version: 1,
            empty: false,
            summary: [summary],
            data_loss: destructive ? [summary] : [],
            access_changes: [],
            checks: [],
            destructive,
            sql: "",
          },
        },
        "POST /api/apps/a1/blueprints/1/restore": { body: { app: {}, version: 3 } },
      });
      const { user } = renderWithApi(<HistoryPanel appId="a1" currentVersion={2} />);

      await user.click(await screen.findByRole("button", { name: "Restore version 1" }));
      const dialog = await screen.findByRole("alertdialog", { name: "Restore version 1?" });
      expect(await within(dialog).findByText(summary)).toBeInTheDocument();
      expect(within(dialog).queryByText("This removes data") !== null).toBe(destructive);
      await user.click(within(dialog).getByRole("button", { name: confirm }));

      await vi.waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
      expect(api.callsTo("POST", "/api/apps/a1/blueprints/1/restore").map((c) => c.body)).toEqual([
        { confirm_destructive: destructive },
      ]);
    },
  );
});

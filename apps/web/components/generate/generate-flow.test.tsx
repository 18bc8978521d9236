import { act, screen, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { apiError, fakeApi } from "@/test/fake-api";
import { FakeEventSource } from "@/test/fake-event-source";
import { renderWithApi } from "@/test/render";
import { GenerateFlow } from "./generate-flow";

const offlineOnly = {
  body: {
    models: [
      { id: "openai/gpt-4.1", label: "GPT-4.1", available: false },
      { id: "offline", label: "Offline planner", available: true },
    ],
  },
};

beforeEach(() => {
  FakeEventSource.instances = [];
});
afterEach(() => vi.unstubAllGlobals());

/** The job's last event: it succeeded, or failed with the reason the founder reads. */
const done = (error_message: string | null = null) => ({
  status: error_message === null ? "SUCCEEDED" : "FAILED",
  error_message,
  app_id: "app-1",
});
const stage = (name: string, message: string, second: number, detail?: unknown) => ({
  stage: name,
  message,
  at: new Date(Date.UTC(2026, 0, 1, 12, 0, second)).toISOString(),
  ...(detail ? { detail } : {}),
});

function renderFlow(onSucceeded = vi.fn()) {
  return {
    onSucceeded,
    ...renderWithApi(<GenerateFlow onSucceeded={onSucceeded} createEventSource={FakeEventSource.factory} />),
  };
}

describe("generate form", () => {
  it("chooses Offline when no other model is configured and marks the others unavailable", async () => {
    fakeApi({ "GET /api/models": offlineOnly });
    renderFlow();

    expect(await screen.findByRole("option", { name: "GPT-4.1 — not configured" })).toBeDisabled();
    expect(screen.getByLabelText("Model")).toHaveValue("offline");
    expect(screen.getByLabelText("Model")).toBeEnabled();
  });

  it("chooses a configured model first when there is one", async () => {
    fakeApi({
      "GET /api/models": {
        body: {
          models: [
            { id: "offline", label: "Offline planner", available: true },
            { id: "anthropic/claude", label: "Claude", available: true },
          ],
        },
      },
    });
    renderFlow();

    await vi.waitFor(() => expect(screen.getByLabelText("Model")).toHaveValue("anthropic/claude"));
  });

  it("still offers Offline when the model list cannot be loaded", async () => {
    fakeApi({ "GET /api/models": apiError(500, "internal", "Something went wrong on our side; please try again.") });
    renderFlow();

    expect(await screen.findByText(/the offline planner still works/)).toBeInTheDocument();
    expect(screen.getByLabelText("Model")).toHaveValue("offline");
  });

  it("asks for a description before generating", async () => {
    const api = fakeApi({ "GET /api/models": offlineOnly });
    const { user } = renderFlow();

    await user.click(screen.getByRole("button", { name: "Generate app" }));

    expect(screen.getByText("Describe your app in a few words first.")).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/apps/generate")).toHaveLength(0);
  });

  it("refuses a description longer than the API takes, before sending it", async () => {
    const api = fakeApi({ "GET /api/models": offlineOnly });
    const { user } = renderFlow();

    await user.click(screen.getByLabelText("Describe your app"));
    await user.paste("A CRM ".repeat(1_400));
    await user.click(screen.getByRole("button", { name: "Generate app" }));

    expect(screen.getByText("Keep the description under 8,000 characters.")).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/apps/generate")).toHaveLength(0);
  });

  it("fills the description from an example prompt", async () => {
    fakeApi({ "GET /api/models": offlineOnly });
    const { user } = renderFlow();

    await user.click(screen.getByRole("button", { name: "Use the Helpdesk example" }));

    expect((screen.getByLabelText("Describe your app") as HTMLTextAreaElement).value).toContain("support tickets");
  });

  it("shows the API's reason when the job cannot start", async () => {
    fakeApi({
      "GET /api/models": offlineOnly,
      "POST /api/apps/generate": apiError(429, "rate_limited", "You have generated many apps this hour; wait a bit."),
    });
    const { user } = renderFlow();

    await user.type(screen.getByLabelText("Describe your app"), "A tiny CRM");
    await user.click(screen.getByRole("button", { name: "Generate app" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("You have generated many apps this hour; wait a bit.");
    expect(screen.getByLabelText("Describe your app")).toHaveValue("A tiny CRM");
  });
});

describe("generation progress", () => {
  async function startJob({ sample = true } = {}) {
    const api = fakeApi({
      "GET /api/models": offlineOnly,
      "POST /api/apps/generate": { status: 202, body: { job_id: "job-1", app_id: "app-1" } },
      "POST /api/apps/app-1/sample-data": { status: 201, body: { rows: 32, tables: 4 } },
    });
    const rendered = renderFlow();
    await screen.findByRole("option", { name: "Offline planner" });
    await rendered.user.type(screen.getByLabelText("Describe your app"), "A CRM with deals");
    // The offline planner fills the new app with sample data unless the founder says no.
    expect(screen.getByLabelText("Fill with sample data")).toBeChecked();
    if (!sample) await rendered.user.click(screen.getByLabelText("Fill with sample data"));
    await rendered.user.click(screen.getByRole("button", { name: "Generate app" }));
    await screen.findByRole("heading", { name: "Building…" });
    return { ...rendered, api, source: FakeEventSource.latest() };
  }

  it("sends the prompt and model, then follows the job's event stream", async () => {
    const { api, source } = await startJob();

    expect(api.callsTo("POST", "/api/apps/generate")[0]?.body).toEqual({
      prompt: "A CRM with deals",
      model: "offline",
    });
    expect(source.url).toBe("/api/jobs/job-1/events");
  });

  it("lists each stage as it arrives, with the problems a repair fixes", async () => {
    const { source } = await startJob();

    act(() => {
      source.open();
      source.send("stage", stage("calling_model", "Asking offline for a blueprint", 0));
      source.send("stage", stage("validating", "Checking the blueprint", 1));
      source.send(
        "stage",
        stage("repairing", "Found 2 problems; asking for a fix", 2, {
          problems: [
            {
              path: "/ui/pages/0",
              code: "unknown_table",
              message: 'Page "deals" shows table "deal", which does not exist',
              hint: 'use "deals"',
            },
            {
              path: "/security",
              code: "no_permission",
              message: "Role sales has no permissions",
              hint: "grant it something",
            },
          ],
        }),
      );
    });

    const progress = screen.getByRole("list", { name: "Progress" });
    const steps = within(progress)
      .getAllByRole("listitem")
      .filter((li) => li.parentElement === progress);
    expect(steps.map((li) => li.querySelector("p")?.textContent)).toEqual([
      "Asking the model (done)",
      "Checking the blueprint (done)",
      "Fixing problems (in progress)",
    ]);
    expect(screen.getByText("2 problems found", { exact: false })).toBeInTheDocument();
    expect(screen.getByText(/Page "deals" shows table "deal", which does not exist/)).toBeInTheDocument();
    expect(screen.getByText(/grant it something/)).toBeInTheDocument();
  });

  it("does not repeat stages when the stream reconnects and replays them", async () => {
    const { source } = await startJob();

    act(() => {
      source.open();
      source.send("stage", stage("calling_model", "Asking offline", 0));
      source.open();
      source.send("stage", stage("calling_model", "Asking offline", 0));
      source.send("stage", stage("provisioning", "Creating tables", 3));
    });

    expect(screen.getAllByText("Asking offline")).toHaveLength(1);
    expect(screen.getByText("Creating tables")).toBeInTheDocument();
  });

  it("fills the new app with sample data, then goes to it, when the job succeeds", async () => {
    const { source, api, onSucceeded } = await startJob();

    act(() => {
      source.send("stage", stage("provisioning", "Creating tables", 1));
      source.send("done", done());
    });

    await vi.waitFor(() => expect(onSucceeded).toHaveBeenCalledWith("app-1"));
    expect(api.callsTo("POST", "/api/apps/app-1/sample-data")).toHaveLength(1);
    expect(source.closed).toBe(true);
  });

  it("opens the new app empty when the founder turned sample data off", async () => {
    const { source, api, onSucceeded } = await startJob({ sample: false });

    act(() => source.send("done", done()));

    await vi.waitFor(() => expect(onSucceeded).toHaveBeenCalledWith("app-1"));
    expect(api.callsTo("POST", "/api/apps/app-1/sample-data")).toHaveLength(0);
  });

  it("shows the planner's question as a question when the description names nothing to keep", async () => {
    const { source } = await startJob();

    act(() =>
      source.send("done", done('What should the app keep track of? I read "blorp zing" but found no things to keep.')),
    );

    expect(await screen.findByRole("heading", { name: "Tell Plinth a little more" })).toBeInTheDocument();
    expect(screen.getByText("A question about your app")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Edit the description" })).toBeInTheDocument();
  });

  it("on failure shows the reason and lets the founder retry or edit the description", async () => {
    const { source, api, user, onSucceeded } = await startJob();

    act(() => {
      source.send("stage", stage("calling_model", "Asking offline", 0));
      source.send("done", done("The blueprint still had 3 problems after 2 repairs."));
    });

    expect(await screen.findByRole("heading", { name: "Generation failed" })).toBeInTheDocument();
    expect(screen.getByText("The blueprint still had 3 problems after 2 repairs.")).toBeInTheDocument();
    expect(onSucceeded).not.toHaveBeenCalled();

    await user.click(screen.getByRole("button", { name: "Try again" }));
    await vi.waitFor(() => expect(api.callsTo("POST", "/api/apps/generate")).toHaveLength(2));
    expect(api.callsTo("POST", "/api/apps/generate")[1]?.body).toEqual({
      prompt: "A CRM with deals",
      model: "offline",
    });

    act(() => FakeEventSource.latest().send("done", done("Still broken.")));
    await user.click(await screen.findByRole("button", { name: "Edit the description" }));
    expect(screen.getByLabelText("Describe your app")).toHaveValue("A CRM with deals");
  });

  it("reads the job when the stream gives up, and shows how it ended", async () => {
    fakeApi({
      "GET /api/models": offlineOnly,
      "GET /api/jobs/job-9": {
        body: {
          job: {
            id: "job-9",
            app_id: "app-9",
            status: "FAILED",
            prompt: "A CRM",
            model: "offline",
            stages: [stage("calling_model", "Asking offline", 0)],
            error_message: "The model did not answer in time.",
          },
        },
      },
    });
    renderWithApi(
      <GenerateFlow initialJobId="job-9" onSucceeded={vi.fn()} createEventSource={FakeEventSource.factory} />,
    );

    act(() => FakeEventSource.latest().fail());

    expect(await screen.findByText("The model did not answer in time.")).toBeInTheDocument();
    expect(screen.getByText("Asking offline")).toBeInTheDocument();
  });
});

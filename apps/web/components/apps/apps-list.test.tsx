import type { AppSummary } from "@plinth/contract";
import { screen, within } from "@testing-library/react";
import { Toaster } from "sonner";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, fakeApi } from "@/test/fake-api";
import { renderWithApi } from "@/test/render";
import { AppsList } from "./apps-list";

afterEach(() => vi.unstubAllGlobals());

const app = (over: Partial<AppSummary>): AppSummary => ({
  id: "a1",
  name: "Acme CRM",
  slug: "acme-crm",
  status: "RUNNING",
  status_reason: null,
  created_at: "2026-01-01T10:00:00.000Z",
  updated_at: "2026-01-02T10:00:00.000Z",
  latest_version: 1,
  db_schema: "app_a1",
  runtime_url: "http://localhost:3000/apps/acme-crm",
  ...over,
});

const crm = app({});
const desk = app({ id: "a2", name: "Helpdesk", slug: "helpdesk", status: "STOPPED" });

describe("apps list", () => {
  it("leads to generation when there are no apps", async () => {
    fakeApi({ "GET /api/apps": { body: { apps: [] } } });
    renderWithApi(<AppsList />);

    expect(await screen.findByRole("heading", { name: "No apps yet" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Generate your first app" })).toHaveAttribute("href", "/dashboard/new");
  });

  it("shows why the apps could not be loaded and retries", async () => {
    let failures = 1;
    const api = fakeApi({
      "GET /api/apps": () =>
        failures-- > 0
          ? apiError(500, "internal", "Something went wrong on our side; please try again.")
          : { body: { apps: [crm] } },
    });
    const { user } = renderWithApi(<AppsList />);

    expect(await screen.findByRole("alert")).toHaveTextContent("Something went wrong on our side");
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("listitem", { name: "Acme CRM" })).toBeInTheDocument();
    expect(api.callsTo("GET", "/api/apps")).toHaveLength(2);
  });

  it("shows each app with its slug and status, and opens only running apps", async () => {
    fakeApi({ "GET /api/apps": { body: { apps: [crm, desk] } } });
    renderWithApi(<AppsList />);

    const crmRow = await screen.findByRole("listitem", { name: "Acme CRM" });
    expect(within(crmRow).getByText("/apps/acme-crm")).toBeInTheDocument();
    expect(within(crmRow).getByText("Running")).toBeInTheDocument();
    expect(within(crmRow).getByRole("link", { name: /Open Acme CRM/ })).toHaveAttribute("href", "/apps/acme-crm");
    expect(within(crmRow).getByRole("button", { name: "Stop Acme CRM" })).toBeEnabled();

    const deskRow = screen.getByRole("listitem", { name: "Helpdesk" });
    expect(within(deskRow).getByText("Stopped")).toBeInTheDocument();
    expect(within(deskRow).queryByRole("link", { name: /Open/ })).not.toBeInTheDocument();
    expect(within(deskRow).getByRole("button", { name: /Open Helpdesk/ })).toBeDisabled();
    expect(within(deskRow).getByRole("button", { name: "Start Helpdesk" })).toBeEnabled();
  });

  it("stops an app after a confirmation and updates its row without reloading the list", async () => {
    const api = fakeApi({
      "GET /api/apps": { body: { apps: [crm, desk] } },
      "POST /api/apps/a1/stop": { body: { app: { ...crm, status: "STOPPED" } } },
      "GET /api/apps/a1": { body: { app: { ...crm, status: "STOPPED" }, blueprint: null, latest_job: null } },
    });
    const { user } = renderWithApi(<AppsList />);

    const row = await screen.findByRole("listitem", { name: "Acme CRM" });
    await user.click(within(row).getByRole("button", { name: "Stop Acme CRM" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Stop Acme CRM?" });
    expect(dialog).toHaveTextContent("keeps what they typed on screen");
    expect(api.callsTo("POST", "/api/apps/a1/stop")).toHaveLength(0);
    await user.click(within(dialog).getByRole("button", { name: "Stop Acme CRM" }));

    expect(await within(row).findByText("Stopped")).toBeInTheDocument();
    expect(within(row).getByRole("button", { name: "Start Acme CRM" })).toBeEnabled();
    expect(api.callsTo("POST", "/api/apps/a1/stop")).toHaveLength(1);
    expect(api.callsTo("GET", "/api/apps")).toHaveLength(1);
  });

  it("deletes only after the founder types the app's name", async () => {
    const api = fakeApi({
      "GET /api/apps": () => ({ body: { apps: api.callsTo("DELETE", "/api/apps/a2").length ? [crm] : [crm, desk] } }),
      "DELETE /api/apps/a2": { status: 204 },
    });
    const { user } = renderWithApi(<AppsList />);

    const row = await screen.findByRole("listitem", { name: "Helpdesk" });
    await user.click(within(row).getByRole("button", { name: "Delete Helpdesk" }));

    const dialog = await screen.findByRole("alertdialog", { name: "Delete Helpdesk?" });
    expect(dialog).toHaveTextContent("its database with every record in it");
    // Its data can be taken away first, before the name is typed.
    expect(within(dialog).getByRole("link", { name: "Download Helpdesk's data" })).toHaveAttribute(
      "href",
      "/api/apps/a2/export",
    );
    await user.click(within(dialog).getByRole("button", { name: "Keep app" }));
    expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument();
    expect(api.callsTo("DELETE", "/api/apps/a2")).toHaveLength(0);

    await user.click(within(row).getByRole("button", { name: "Delete Helpdesk" }));
    const again = await screen.findByRole("alertdialog");
    const confirm = within(again).getByRole("button", { name: "Delete Helpdesk" });
    expect(confirm).toBeDisabled();
    await user.type(within(again).getByLabelText(/Type the app's name/), "Helpdesk");
    await user.click(confirm);

    await vi.waitFor(() => expect(screen.queryByRole("listitem", { name: "Helpdesk" })).not.toBeInTheDocument());
    expect(screen.getByRole("listitem", { name: "Acme CRM" })).toBeInTheDocument();
    expect(api.callsTo("DELETE", "/api/apps/a2")).toHaveLength(1);
  });

  it("keeps the app and says why when deleting fails", async () => {
    fakeApi({
      "GET /api/apps": { body: { apps: [crm] } },
      "DELETE /api/apps/a1": apiError(409, "busy", "A job is still running for this app; try again when it finishes."),
    });
    const { user } = renderWithApi(
      <>
        <AppsList />
        <Toaster />
      </>,
    );

    const row = await screen.findByRole("listitem", { name: "Acme CRM" });
    await user.click(within(row).getByRole("button", { name: "Delete Acme CRM" }));
    const dialog = await screen.findByRole("alertdialog");
    await user.type(within(dialog).getByLabelText(/Type the app's name/), "Acme CRM");
    await user.click(within(dialog).getByRole("button", { name: "Delete Acme CRM" }));

    expect(await screen.findByText(/A job is still running for this app/)).toBeInTheDocument();
    expect(screen.getByRole("listitem", { name: "Acme CRM" })).toBeInTheDocument();
  });
});

/** The owner stops the app while an end user is filling in a form. */
import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi } from "@/test/fake-api";
import { renderWithApi } from "@/test/render";
import { loadExample, signInStored } from "../testing/render-runtime";
import { RuntimeEntry } from "./runtime-entry";

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const blueprint = structuredClone(loadExample("crm"));
blueprint.ui.pages.push({
  id: "new_company",
  route: "/new-company",
  title: "New company",
  layout: { type: "single", config: {} },
  blocks: [{ id: "company_form", type: "FORM", table: "companies", mode: "create", fields: ["name", "website"] }],
});
const SLUG = blueprint.app.slug;
const app = { id: "a1", name: "Pipeline CRM", slug: SLUG };
const running = { status: "running", app, version: 1 };
const stopped = { status: "stopped", app, message: "Pipeline CRM is stopped." };

describe("stopping an app under an unsaved form", () => {
  it("keeps the form and what was typed under a banner instead of showing the stopped page", async () => {
    signInStored(SLUG);
    let appStopped = false;
    fakeApi({
      [`GET /api/runtime/${SLUG}`]: () => ({ body: appStopped ? stopped : running }),
      [`GET /api/runtime/${SLUG}/blueprint`]: {
        body: { ...running, blueprint, data_api: { url: null, path: "/rest/v1", schema: "app_a1", anon_key: "anon" } },
      },
      // The save that finds the app stopped, as the data API answers it.
      "POST /rest/v1/companies": () => {
        appStopped = true;
        return { status: 503, body: { code: "PGRST503", message: "This app is stopped.", details: null, hint: null } };
      },
    });
    const { user } = renderWithApi(<RuntimeEntry slug={SLUG} subPath="/new-company" navigate={() => {}} />);
    await user.type(await screen.findByLabelText(/Name/), "Acme");
    await user.click(screen.getByRole("button", { name: "Create" }));

    expect(await screen.findByText("This app is being stopped by its owner")).toBeInTheDocument();
    expect(screen.getByLabelText(/Name/)).toHaveValue("Acme");
    expect(screen.queryByText(/This app is stopped$/)).toBeNull();
  });

  it("shows the stopped page when nothing typed would be lost", async () => {
    signInStored(SLUG);
    fakeApi({ [`GET /api/runtime/${SLUG}`]: { body: stopped } });
    renderWithApi(<RuntimeEntry slug={SLUG} subPath="/new-company" navigate={() => {}} />);
    expect(await screen.findByRole("heading", { name: "This app is stopped" })).toBeInTheDocument();
  });
});

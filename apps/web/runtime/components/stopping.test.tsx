/** The owner stops the app while an end user is filling in a form. */
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi } from "@/test/fake-api";
import { loadExample, withPage } from "../testing/render-runtime";
import { openEntry, runningApp, signInStored } from "../testing/running-app";

const blueprint = withPage(
  loadExample("crm"),
  "/new-company",
  { id: "company_form", type: "FORM", table: "companies", mode: "create", fields: ["name", "website"] },
  "New company",
);
const { slug: SLUG, app, summary, running } = runningApp(blueprint);
const stopped = { status: "stopped", app, message: "Pipeline CRM is stopped." };

describe("stopping an app under an unsaved form", () => {
  it("keeps the form and what was typed under a banner instead of showing the stopped page", async () => {
    signInStored(SLUG);
    let appStopped = false;
    fakeApi({
      [`GET /api/runtime/${SLUG}`]: () => ({ body: appStopped ? stopped : summary }),
      [`GET /api/runtime/${SLUG}/blueprint`]: { body: running },
      // The save that finds the app stopped, as the data API answers it.
      "POST /rest/v1/companies": () => {
        appStopped = true;
        return { status: 503, body: { code: "PGRST503", message: "This app is stopped.", details: null, hint: null } };
      },
    });
    const { user } = openEntry(SLUG, "/new-company");
    await user.type(await screen.findByLabelText(/Name/), "Acme");
    await user.click(screen.getByRole("button", { name: "Create" }));

    expect(await screen.findByText("This app is being stopped by its owner")).toBeInTheDocument();
    expect(screen.getByLabelText(/Name/)).toHaveValue("Acme");
    expect(screen.queryByText(/This app is stopped$/)).toBeNull();
  });

  it("shows the stopped page when nothing typed would be lost", async () => {
    signInStored(SLUG);
    fakeApi({ [`GET /api/runtime/${SLUG}`]: { body: stopped } });
    openEntry(SLUG, "/new-company");
    expect(await screen.findByRole("heading", { name: "This app is stopped" })).toBeInTheDocument();
  });
});

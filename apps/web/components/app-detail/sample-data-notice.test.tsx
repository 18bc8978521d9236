import { screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { apiError, fakeApi } from "@/test/fake-api";
import { renderWithApi } from "@/test/render";
import { SampleDataNotice } from "./sample-data-notice";

afterEach(() => vi.unstubAllGlobals());

describe("sample data on the app's page", () => {
  it("says how many sample rows there are and removes them in one action", async () => {
    const api = fakeApi({
      "GET /api/apps/a1/sample-data": { body: { rows: 32, tables: 4 } },
      "DELETE /api/apps/a1/sample-data": { body: { rows: 0, tables: 0 } },
    });
    const { user } = renderWithApi(<SampleDataNotice appId="a1" />);

    expect(await screen.findByText(/32 example rows in 4 tables/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Remove sample data" }));

    await vi.waitFor(() => expect(screen.queryByText(/example rows/)).not.toBeInTheDocument());
    expect(api.callsTo("DELETE", "/api/apps/a1/sample-data")).toHaveLength(1);
  });

  it("offers to fill an app without sample rows, then says what it added", async () => {
    const api = fakeApi({
      "GET /api/apps/a1/sample-data": { body: { rows: 0, tables: 0 } },
      "POST /api/apps/a1/sample-data": { body: { rows: 24, tables: 3 } },
    });
    const { user } = renderWithApi(<SampleDataNotice appId="a1" />);
    expect(screen.queryByRole("button", { name: "Remove sample data" })).not.toBeInTheDocument();
    await user.click(await screen.findByRole("button", { name: "Fill with sample data" }));
    expect(await screen.findByText(/24 example rows in 3 tables/)).toBeInTheDocument();
    expect(api.callsTo("POST", "/api/apps/a1/sample-data")).toHaveLength(1);
  });

  it("keeps the button and says why when removing is refused", async () => {
    fakeApi({
      "GET /api/apps/a1/sample-data": { body: { rows: 5, tables: 1 } },
      "DELETE /api/apps/a1/sample-data": apiError(409, "app_not_running", "Start the app first."),
    });
    const { user } = renderWithApi(<SampleDataNotice appId="a1" />);
    await user.click(await screen.findByRole("button", { name: "Remove sample data" }));
    expect(await screen.findByText("Start the app first.")).toBeInTheDocument();
  });
});

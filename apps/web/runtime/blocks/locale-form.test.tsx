/** Money typed and shown the way the app's locale writes it. */
import type { BlueprintV2 } from "@plinth/blueprint";
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { loadExample, renderRuntime, withPage } from "../testing/render-runtime";

function dealForm(locale: string, currency: string): BlueprintV2 {
  const blueprint = withPage(
    loadExample("crm"),
    "/new-deal",
    { id: "deal_form", type: "FORM", table: "deals", mode: "create", fields: ["title", "amount"] },
    "New deal",
  );
  blueprint.app.locale = locale;
  blueprint.app.currency = currency;
  return blueprint;
}

describe("money in the app's locale", () => {
  it("saves 3,50 typed in a comma-decimal locale as 3.5, next to the app's currency symbol", async () => {
    const { calls, user } = renderRuntime(dealForm("es-ES", "EUR"), { path: "/new-deal" });
    await user.type(await screen.findByLabelText(/Title/), "Café");
    const amount = screen.getByLabelText("Amount");
    expect(amount.parentElement).toHaveTextContent("€");
    await user.clear(amount);
    await user.type(amount, "3,50");
    await user.click(screen.getByRole("button", { name: "Create" }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === "create")?.params.variables).toEqual({ title: "Café", amount: 3.5 }),
    );
  });

  it("refuses 3,50 in a dot-decimal locale instead of saving 350", async () => {
    const { calls, user } = renderRuntime(dealForm("en-US", "USD"), { path: "/new-deal" });
    await user.type(await screen.findByLabelText(/Title/), "Coffee");
    const amount = screen.getByLabelText("Amount");
    await user.clear(amount);
    await user.type(amount, "3,50");
    await user.click(screen.getByRole("button", { name: "Create" }));
    expect(await screen.findByText("Amount: write decimals like 3.50.")).toBeInTheDocument();
    expect(amount).toHaveValue("3,50");
    expect(calls.some((c) => c.method === "create")).toBe(false);
  });

  it("shows stored money with the app's currency and separators, and the runtime's words in its language", async () => {
    renderRuntime(dealForm("de-DE", "EUR"), { path: "/deals" });
    const cells = await screen.findAllByText(/\d,\d\d\s€$/);
    expect(cells.length).toBeGreaterThan(0);
    expect(screen.getByRole("button", { name: "Abmelden" })).toBeInTheDocument();
  });
});

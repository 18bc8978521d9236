import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { loadExample, renderRuntime } from "../testing/render-runtime";

describe("a page's blocks for a role", () => {
  it("leaves out blocks over a table the role may not read, instead of showing the database's refusal", async () => {
    // Purchasers have no permission on stock movements; the overview charts them.
    const inventory = loadExample("inventory");
    const { calls } = renderRuntime(inventory, { path: "/", role: "purchaser" });
    await waitFor(() => expect(calls.some((c) => c.resource === "purchase_orders")).toBe(true));
    expect(calls.filter((c) => c.resource === "stock_movements")).toEqual([]);
    expect(document.querySelector('[data-block="movements_by_kind"]')).toBeNull();
    expect(document.querySelector('[data-block="latest_movements"]')).toBeNull();
    expect(document.querySelector('[data-block="open_order_value"]')).not.toBeNull();
  });

  it("keeps them for a role that may read the table", async () => {
    const inventory = loadExample("inventory");
    const { calls } = renderRuntime(inventory, { path: "/", role: "manager" });
    await waitFor(() => expect(calls.some((c) => c.resource === "stock_movements")).toBe(true));
    expect(await screen.findAllByRole("heading", { level: 2 })).not.toHaveLength(0);
    expect(document.querySelector('[data-block="movements_by_kind"]')).not.toBeNull();
  });
});

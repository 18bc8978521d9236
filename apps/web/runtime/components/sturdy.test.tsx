/** The runtime when things go wrong or hands are on the keyboard: failed loads, skip link, menu. */
import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { createFakeDataProvider } from "../testing/fake-data-provider";
import { loadExample, renderRuntime } from "../testing/render-runtime";

describe("a failed load", () => {
  it("says the server could not be reached, offers Retry, and shows the rows once it answers", async () => {
    const crm = loadExample("crm");
    let offline = true;
    const fake = createFakeDataProvider(crm, {
      fail: (call) =>
        offline && call.resource === "deals" && { message: "TypeError: Failed to fetch", code: "", details: "" },
    });
    const { user } = renderRuntime(crm, { path: "/deals", dataProvider: fake.provider });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("The app's server could not be reached.");
    offline = false;
    await user.click(within(alert).getByRole("button", { name: "Retry" }));
    expect(await screen.findByText("Title 1")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("offers Retry in the app's language", async () => {
    const crm = structuredClone(loadExample("crm"));
    crm.app.locale = "fr-FR";
    const fake = createFakeDataProvider(crm, { fail: (call) => call.resource === "deals" && { message: "boom" } });
    renderRuntime(crm, { path: "/deals", dataProvider: fake.provider });
    expect(await screen.findByRole("button", { name: "Réessayer" })).toBeInTheDocument();
  });
});

describe("keyboard", () => {
  it("has a skip link that moves focus to the page's content", async () => {
    const { user } = renderRuntime(loadExample("crm"), { path: "/deals" });
    await screen.findByText("Title 1");
    await user.tab();
    expect(screen.getByRole("link", { name: "Skip to content" })).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(screen.getByRole("main")).toHaveFocus();
  });
});

describe("deleting a record others point to", () => {
  it("says how many point to it and what happens to them, and blocks the delete the database would refuse", async () => {
    const { user } = renderRuntime(loadExample("crm"), { path: "/companies", role: "manager" });
    await screen.findByText("Name 1");
    await user.click((await screen.findAllByRole("button", { name: "Delete" }))[0] as HTMLElement);
    const dialog = await screen.findByRole("alertdialog");
    expect(await within(dialog).findByText(/deals point to it, so it cannot be deleted/)).toBeInTheDocument();
    expect(within(dialog).getByText(/contacts? points? to it; (its|their) links? will be cleared/)).toBeInTheDocument();
    expect(within(dialog).getByRole("button", { name: "Delete" })).toBeDisabled();
  });

  it.each([
    ["Delete", "its confirmation", "/companies", "Name 1", "alertdialog"],
    ["Edit", "its form dialog", "/deals", "Title 1", "dialog"],
  ] as const)("returns focus to the %s button after %s closes", async (button, _, path, firstRow, dialog) => {
    const { user } = renderRuntime(loadExample("crm"), { path, role: "manager" });
    await screen.findByText(firstRow);
    const opener = (await screen.findAllByRole("button", { name: button }))[0] as HTMLElement;
    await user.click(opener);
    await screen.findByRole(dialog);
    await user.keyboard("{Escape}");
    await waitFor(() => expect(opener).toHaveFocus());
  });
});

/** Opening an app as a member who is already signed in (a reload, a second tab). */
import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { openWithStatusHeld, runningApp, signInStored } from "../testing/running-app";

const app = runningApp();

describe("a signed-in member opening the app", () => {
  it("asks for the blueprint alongside the app's status, not after it", async () => {
    signInStored(app.slug);
    const api = await openWithStatusHeld(app);
    expect(await screen.findByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(api.callsTo("GET", `/api/runtime/${app.slug}/blueprint`)).toHaveLength(1);
  });
});

/** Opening an app as a member who is already signed in (a reload, a second tab). */
import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { fakeApi } from "@/test/fake-api";
import { heldReply, openEntry, runningApp, signInStored } from "../testing/running-app";

const { slug: SLUG, summary, running } = runningApp();

describe("a signed-in member opening the app", () => {
  it("asks for the blueprint alongside the app's status, not after it", async () => {
    signInStored(SLUG);
    const status = heldReply(summary);
    const api = fakeApi({
      [`GET /api/runtime/${SLUG}`]: status.reply,
      [`GET /api/runtime/${SLUG}/blueprint`]: { body: running },
    });
    openEntry(SLUG, "/companies");
    await waitFor(() => expect(api.callsTo("GET", `/api/runtime/${SLUG}/blueprint`)).toHaveLength(1));
    status.answer();
    expect(await screen.findByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(api.callsTo("GET", `/api/runtime/${SLUG}/blueprint`)).toHaveLength(1);
  });
});

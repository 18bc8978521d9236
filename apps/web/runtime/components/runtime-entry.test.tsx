/** Opening an app as a member who is already signed in (a reload, a second tab). */
import { screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeApi } from "@/test/fake-api";
import { renderWithApi } from "@/test/render";
import { loadExample, signInStored } from "../testing/render-runtime";
import { RuntimeEntry } from "./runtime-entry";

afterEach(() => {
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

const blueprint = loadExample("crm");
const SLUG = blueprint.app.slug;
const running = { status: "running", app: { id: "a1", name: "Pipeline CRM", slug: SLUG }, version: 1 };

describe("a signed-in member opening the app", () => {
  it("asks for the blueprint alongside the app's status, not after it", async () => {
    signInStored(SLUG);
    let answerStatus = () => {};
    const statusAsked = new Promise<void>((resolve) => {
      answerStatus = resolve;
    });
    const api = fakeApi({
      [`GET /api/runtime/${SLUG}`]: async () => {
        await statusAsked;
        return { body: running };
      },
      [`GET /api/runtime/${SLUG}/blueprint`]: {
        body: { ...running, blueprint, data_api: { url: null, path: "/rest/v1", schema: "app_a1", anon_key: "anon" } },
      },
    });
    renderWithApi(<RuntimeEntry slug={SLUG} subPath="/companies" navigate={() => {}} />);
    await waitFor(() => expect(api.callsTo("GET", `/api/runtime/${SLUG}/blueprint`)).toHaveLength(1));
    answerStatus();
    expect(await screen.findByRole("button", { name: "Sign out" })).toBeInTheDocument();
    expect(api.callsTo("GET", `/api/runtime/${SLUG}/blueprint`)).toHaveLength(1);
  });
});

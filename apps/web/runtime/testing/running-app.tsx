/**
 * A running app as the control plane describes it to RuntimeEntry, for tests that open an
 * app the way a browser does: its status, its running blueprint with the data API, the
 * session a member is given, and the entry rendered at a path. Each test starts with no
 * stubbed fetch and no stored sign-in.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { waitFor } from "@testing-library/react";
import { afterEach, expect, vi } from "vitest";
import { fakeApi } from "@/test/fake-api";
import { renderWithApi } from "@/test/render";
import { RuntimeEntry, type RuntimeEntryProps } from "../components/runtime-entry";
import { loadExample } from "./render-runtime";

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

/** A token that never expires. */
export const LASTING_TOKEN = "header.eyJleHAiOjk5OTk5OTk5OTl9.signature";

/** The CRM example (or `blueprint`) running as "Pipeline CRM". */
export function runningApp(blueprint: BlueprintV2 = loadExample("crm")) {
  const slug = blueprint.app.slug;
  const app = { id: "a1", name: "Pipeline CRM", slug };
  const summary = { status: "running", app, version: 1 };
  const running = {
    ...summary,
    blueprint,
    data_api: { url: null, path: "/rest/v1", schema: "app_a1", anon_key: "anon" },
  };
  return { slug, app, summary, running };
}

/** The session the control plane gives a member with this email and role. */
export function memberSession(id: string, email: string, role: string) {
  return { access_token: LASTING_TOKEN, token_type: "bearer", user: { id, email, role, team_ids: [] } };
}

/** A manager signed in to the app at `slug`, stored as the runtime keeps a member's sign-in. */
export function signInStored(slug: string): void {
  const { token_type: _, ...stored } = memberSession("u-lee", "lee@acme.com", "manager");
  localStorage.setItem(`plinth.runtime.${slug}`, JSON.stringify(stored));
}

/**
 * Opens the app at /companies with its status held back until the blueprint has been
 * asked for, then answers it: the blueprint is asked for alongside the status, not after.
 */
export async function openWithStatusHeld(
  { slug, summary, running }: ReturnType<typeof runningApp>,
  routes: Parameters<typeof fakeApi>[0] = {},
) {
  let answer = () => {};
  const statusAsked = new Promise<void>((resolve) => {
    answer = resolve;
  });
  const api = fakeApi({
    [`GET /api/runtime/${slug}`]: async () => {
      await statusAsked;
      return { body: summary };
    },
    [`GET /api/runtime/${slug}/blueprint`]: { body: running },
    ...routes,
  });
  openEntry(slug, "/companies");
  await waitFor(() => expect(api.callsTo("GET", `/api/runtime/${slug}/blueprint`)).toHaveLength(1));
  answer();
  return api;
}

/** RuntimeEntry at `subPath` of the app at `slug`, with navigation ignored. */
export function openEntry(slug: string, subPath: string, props: Partial<RuntimeEntryProps> = {}) {
  return renderWithApi(<RuntimeEntry slug={slug} subPath={subPath} navigate={() => {}} {...props} />);
}

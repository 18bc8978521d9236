/**
 * A running app as the control plane describes it to RuntimeEntry, for tests that open an
 * app the way a browser does: its status, its running blueprint with the data API, the
 * session a member is given, and the entry rendered at a path. Each test starts with no
 * stubbed fetch and no stored sign-in.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { afterEach, vi } from "vitest";
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

/** A reply held back until `answer()`: to see what else is asked meanwhile. */
export function heldReply(body: unknown) {
  let answer = () => {};
  const asked = new Promise<void>((resolve) => {
    answer = resolve;
  });
  const reply = async () => {
    await asked;
    return { body };
  };
  return { answer, reply };
}

/** RuntimeEntry at `subPath` of the app at `slug`, with navigation ignored. */
export function openEntry(slug: string, subPath: string, props: Partial<RuntimeEntryProps> = {}) {
  return renderWithApi(<RuntimeEntry slug={slug} subPath={subPath} navigate={() => {}} {...props} />);
}

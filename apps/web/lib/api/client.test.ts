import { afterEach, describe, expect, it, vi } from "vitest";
import { apiFetch } from "./client";

afterEach(() => vi.unstubAllGlobals());

function recordFetch() {
  const fetch = vi.fn(async (_path: string, _init?: RequestInit) => new Response(null, { status: 204 }));
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

describe("calls to the control-plane API", () => {
  it("sends a write with nothing to say as JSON, which the API requires of cookie-authenticated writes", async () => {
    const fetch = recordFetch();
    await apiFetch("/api/apps/a1/stop", { method: "POST" });
    const init = fetch.mock.calls[0]?.[1];
    expect(new Headers(init?.headers).get("content-type")).toBe("application/json");
    expect(init?.body).toBe("{}");
  });

  it("sends a read without a body", async () => {
    const fetch = recordFetch();
    await apiFetch("/api/apps");
    const init = fetch.mock.calls[0]?.[1];
    expect(init?.body).toBeUndefined();
  });
});

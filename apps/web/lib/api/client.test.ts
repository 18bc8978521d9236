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

  it("sends an app user's token as a bearer header, as the runtime's reads need", async () => {
    const fetch = recordFetch();
    await apiFetch("/api/runtime/crm/blueprint", { bearer: "app-user-token" });
    expect(new Headers(fetch.mock.calls[0]?.[1]?.headers).get("authorization")).toBe("Bearer app-user-token");
  });

  it("turns an answer without the API's error body into a message a person can act on", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => new Response("<html>Bad gateway</html>", { status: 502 })),
    );
    await expect(apiFetch("/api/apps")).rejects.toMatchObject({
      status: 502,
      code: "http_502",
      message: "Something went wrong on our side; please try again.",
    });
  });

  it("passes the API's own refusal on as it is, with its details", async () => {
    const body = { error: { code: "import_refused", message: "2 rows were refused.", details: { refused: [3, 7] } } };
    vi.stubGlobal(
      "fetch",
      vi.fn(async () => Response.json(body, { status: 422 })),
    );
    await expect(apiFetch("/api/apps")).rejects.toMatchObject({ status: 422, ...body.error });
  });

  it("sends a read without a body", async () => {
    const fetch = recordFetch();
    await apiFetch("/api/apps");
    const init = fetch.mock.calls[0]?.[1];
    expect(init?.body).toBeUndefined();
  });
});

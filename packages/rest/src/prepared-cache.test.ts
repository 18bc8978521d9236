/**
 * A read prepared from a cached shape is exactly the read prepared afresh: the same SQL,
 * the same values in the same places, the same plan (its Content-Location included),
 * whatever values and headers the request carries.
 */
import { describe, expect, it } from "vitest";
import { type PreparedRequest, prepareRequest } from "./handle.js";
import { PreparedRequests } from "./prepared-cache.js";
import type { RestRequest } from "./request.js";
import { formatResponse, type RestResponse, type ResultRow } from "./response.js";
import { fixtureModel } from "./testing/index.js";

const ctx = { model: fixtureModel, schema: "fixture", authenticated: true };

function read(query: string, headers: Record<string, string> = {}): RestRequest {
  return { method: "GET", table: "projects", query, headers };
}

/** What a user gets from a prepared read: its statement, and the response it makes of a row. */
function answerOf(prepared: PreparedRequest | { response: RestResponse }) {
  if ("response" in prepared) return prepared.response;
  const row = { body: '[{"id":1}]', page_total: 1, total_result_set: 1 } as unknown as ResultRow;
  return { sql: prepared.sql, oneShot: prepared.oneShot, response: formatResponse(prepared.plan, { row }) };
}

describe("PreparedRequests", () => {
  const cases: [string, Record<string, string>?][] = [
    ["id=eq.1"],
    ["id=eq.2"],
    ["id=eq.3", { accept: "application/vnd.pgrst.object+json" }],
    ["id=eq.4", { Accept: "text/csv" }],
    ["id=eq.5&select=id,name"],
    ["select=id,name&id=eq.6"],
    ["name=eq.b-c.d&client_id=gt.7&order=name"],
    ["name=eq.x.y&client_id=gt.8&order=name"],
    ["client_id=not.eq.9&budget=lte.10&limit=5"],
    ["budget=lte.11&client_id=not.eq.12&limit=5"],
    ["id=eq.13", { "accept-profile": "other" }],
    ["id=eq.14", { prefer: "count=exact" }],
    ["id=eq.15&select=id,tasks(title)&tasks.done=eq.true"],
    ["id=eq.16&select=id,tasks(title)&tasks.done=eq.false"],
    ["id=eq.not-a-number"],
    ["id=in.(1,2)"],
    ["id=eq.%2017"],
  ];

  it("prepares every read as prepareRequest does, the first time and from a cached shape alike", () => {
    const cache = new PreparedRequests();
    for (const round of [1, 2]) {
      for (const [query, headers] of cases) {
        const request = read(query, headers);
        expect(answerOf(cache.prepare(request, ctx)), `round ${round}: ${query}`).toEqual(
          answerOf(prepareRequest(request, ctx)),
        );
      }
    }
  });

  it("keeps a cached shape's statement text, so the connection runs it under one prepared name", () => {
    const cache = new PreparedRequests();
    const first = cache.prepare(read("id=eq.1"), ctx);
    const second = cache.prepare(read("id=eq.2"), ctx);
    if ("response" in first || "response" in second) throw new Error("expected both to be planned");
    expect(second.sql.text).toBe(first.sql.text);
    expect(second.sql.values).toContain("2");
    expect(second.sql.values).not.toContain("1");
  });
});

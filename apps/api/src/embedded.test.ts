/**
 * The newcomer's setup — the embedded database — under the load a runtime dashboard
 * makes: many data-API requests at once. The embedded server interleaves concurrent
 * connections' protocol messages, which once failed such requests with
 * "unnamed prepared statement does not exist".
 */
import { describe, expect, it } from "vitest";
import { exampleAppForFile, testPlinthForFile } from "./testing/per-file.js";

const t = testPlinthForFile({}, { embedded: true });
const app = exampleAppForFile(t, "crm");

describe("the embedded database", () => {
  it("answers thirty concurrent data-API requests, reads and writes mixed", async () => {
    const headers = {
      authorization: `Bearer ${app.owner.token}`,
      "accept-profile": app.schema,
      "content-profile": app.schema,
      "content-type": "application/json",
    };
    const requests = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0
        ? fetch(`${t.url}/rest/v1/companies`, {
            method: "POST",
            headers,
            body: JSON.stringify({ name: `Company ${i}` }),
          })
        : fetch(`${t.url}/rest/v1/${i % 3 === 1 ? "deals" : "companies"}?select=*&limit=5`, { headers }),
    );
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    expect(statuses.filter((s) => s >= 400)).toEqual([]);
    const companies = await fetch(`${t.url}/rest/v1/companies?select=name`, { headers });
    expect(((await companies.json()) as unknown[]).length).toBe(10);
  }, 60_000);
});

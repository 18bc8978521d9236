/** The founder's export before Delete: every table's rows as CSV in a zip, running or stopped, for nobody else. */
import { strFromU8, unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { exampleAppForFile, testPlinthForFile } from "../testing/per-file.js";
import { ApiClient, dataApiRequest } from "../testing/test-plinth.js";
import { tableCsv } from "./export.js";

const t = testPlinthForFile();
const app = exampleAppForFile(t, "crm");
beforeAll(async () => {
  const created = await fetch(
    `${t.url}/rest/v1/companies`,
    dataApiRequest(app.owner.token, app.schema, "POST", [
      { name: 'Acme, "the" Corp', industry: "software" },
      { name: "Globex", industry: "retail" },
    ]),
  );
  expect(created.status).toBe(201);
});

async function download(client: ApiClient) {
  const response = await fetch(`${t.url}/api/apps/${app.id}/export`, {
    headers: { authorization: `Bearer ${client.token}` },
  });
  return { response, files: response.ok ? unzipSync(new Uint8Array(await response.arrayBuffer())) : {} };
}

describe("exporting an app's data", () => {
  it("gives the founder a zip with a CSV per table and the blueprint", async () => {
    const { response, files } = await download(app.founder);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/zip");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${app.slug}-data.zip"`);
    expect(Object.keys(files).sort()).toEqual(
      ["blueprint.json", ...app.blueprint.data.tables.map((table) => `${table.name}.csv`)].sort(),
    );
    const companies = strFromU8(files["companies.csv"] as Uint8Array)
      .trim()
      .split(/\r?\n/);
    const header = companies[0]?.split(",") ?? [];
    expect(header).toEqual(expect.arrayContaining(["id", "name", "industry"]));
    expect(companies).toHaveLength(3);
    expect(companies.join("\n")).toContain('"Acme, ""the"" Corp"');
    expect(
      strFromU8(files["deals.csv"] as Uint8Array)
        .trim()
        .split(/\r?\n/),
    ).toHaveLength(1);
    expect(JSON.parse(strFromU8(files["blueprint.json"] as Uint8Array))).toEqual(app.blueprint);
  });

  it("still exports a stopped app, and refuses anyone but its founder", async () => {
    expect((await app.founder.call("POST", `/api/apps/${app.id}/stop`, {})).status).toBe(200);
    const { response, files } = await download(app.founder);
    expect(response.status).toBe(200);
    expect(strFromU8(files["companies.csv"] as Uint8Array)).toContain("Globex");
    const stranger = new ApiClient(t.url);
    await stranger.signUp();
    expect((await download(stranger)).response.status).toBe(404);
  });
});

describe("a table as CSV", () => {
  it("writes dates as ISO times, lists as JSON and nothing for empty cells", () => {
    const csv = tableCsv(
      ["when", "tags", "note"],
      [{ when: new Date("2026-01-02T03:04:05Z"), tags: ["a", "b"], note: null }],
    );
    expect(csv).toBe('when,tags,note\n2026-01-02T03:04:05.000Z,"[""a"",""b""]",\n');
  });
});

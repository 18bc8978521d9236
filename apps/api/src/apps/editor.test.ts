/**
 * The editor's path: a blueprint the founder edited is verified, previewed with the
 * same words as a refinement and applied through the same proposal; restoring shows
 * what it would do before the founder confirms.
 */
import { describe, expect, it } from "vitest";
import { addMember, provisionExample } from "../testing/example-apps.js";
import { testPlinthForFile } from "../testing/per-file.js";
import { ApiClient } from "../testing/test-plinth.js";

const t = testPlinthForFile();

// biome-ignore lint/suspicious/noExplicitAny: tests reach into blueprint JSON
type Blueprint = any;
interface Preview {
  proposal_id: string;
  from_version: number;
  destructive: boolean;
  data_loss: string[];
  access_changes: string[];
  summary: string[];
}

async function app(api: ApiClient): Promise<{ id: string; blueprint: Blueprint }> {
  await api.signUp();
  const generated = await api.generate("A CRM where sales reps see only their own deals and managers see everything");
  expect((await api.waitForJob(generated.body.job_id)).status).toBe("SUCCEEDED");
  const latest = await api.call<{ blueprint: Blueprint }>(
    "GET",
    `/api/apps/${generated.body.app_id}/blueprints/latest`,
  );
  return { id: generated.body.app_id, blueprint: latest.body.blueprint };
}

describe("the editor's change", () => {
  it("is refused with the verifier's problems when the edited app does not hold together", async () => {
    const api = new ApiClient(t.url);
    const { id, blueprint } = await app(api);
    blueprint.security.permissions[0].resource = "no_such_table";
    const refused = await api.call<{ error: { code: string; message: string; details: unknown[] } }>(
      "POST",
      `/api/apps/${id}/blueprint/preview`,
      { blueprint },
    );
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.error.code).toBe("invalid_blueprint");
    expect(refused.body.error.details.length).toBeGreaterThan(0);
  }, 120_000);

  it("is previewed with figures, applied as the next version, and restoring says what comes back", async () => {
    const api = new ApiClient(t.url);
    const { id, blueprint } = await app(api);
    const table = blueprint.data.tables.find((t: Blueprint) => t.columns.some((c: Blueprint) => c.name === "notes"));
    const name = table.name;
    table.columns = table.columns.filter((c: Blueprint) => c.name !== "notes");
    for (const b of [...blueprint.ui.pages, ...blueprint.ui.modals].flatMap((p: Blueprint) => p.blocks)) {
      if (b.table !== name) continue;
      for (const key of ["columns", "fields", "searchColumns", "filterColumns", "cardColumns"])
        if (b[key]) b[key] = b[key].filter((c: string) => c !== "notes");
    }
    const shown = await api.call<Preview>("POST", `/api/apps/${id}/blueprint/preview`, {
      blueprint,
      note: `Removed notes from ${name}`,
    });
    expect(shown.body, JSON.stringify(shown.body)).not.toHaveProperty("error");
    expect(shown.status).toBe(200);
    expect(shown.body.destructive).toBe(true);
    expect(shown.body.data_loss).toEqual([
      expect.stringMatching(
        new RegExp(
          `^The Notes field of ${table.label} is removed: 0 of 0 ${table.label.toLowerCase()} have a value there`,
        ),
      ),
    ]);
    const applied = await api.call<{ job_id: string }>("POST", `/api/apps/${id}/refine`, {
      instruction: `Removed notes from ${name}`,
      model: "offline",
      proposal_id: shown.body.proposal_id,
      confirm_destructive: true,
    });
    expect((await api.waitForJob(applied.body.job_id)).status).toBe("SUCCEEDED");
    const latest = await api.call<{ version: number }>("GET", `/api/apps/${id}/blueprints/latest`);
    expect(latest.body.version).toBe(2);

    const restore = await api.call<{ to_version: number; summary: string[]; data_loss: string[] }>(
      "GET",
      `/api/apps/${id}/blueprints/1/restore/preview`,
    );
    expect(restore.status).toBe(200);
    expect(restore.body.to_version).toBe(1);
    expect(restore.body.data_loss).toEqual([]);
    expect(restore.body.summary).toContain(`New field Notes in ${table.label} (text).`);
  }, 120_000);

  it("says a removed table's rows are kept, and restoring brings them back with their ids", async () => {
    const api = new ApiClient(t.url);
    const { id, blueprint } = await app(api);
    // A table nothing else links to, so removing it touches no other table.
    const parents = new Set(
      blueprint.data.relationships.map((r: Blueprint) => (r.type === "many_to_one" ? r.toTable : r.fromTable)),
    );
    const leaf = blueprint.data.tables.find((t: Blueprint) => !parents.has(t.name)).name;
    const detail = await api.call<{ app: { db_schema: string } }>("GET", `/api/apps/${id}`);
    const schema = detail.body.app.db_schema;
    const pool = t.plinth.database.pool;
    const { columns, label } = blueprint.data.tables.find((t: Blueprint) => t.name === leaf);
    // One row of the table, in the preview's words: "1 activity".
    const one = label.toLowerCase().replace(/ies$/, "y").replace(/s$/, "");
    const required = columns.filter((c: Blueprint) => c.required && c.default === undefined);
    if (required.some((c: Blueprint) => c.type !== "text")) throw new Error(`${leaf} needs more than text to seed`);
    const row = (
      await pool.query(
        `insert into "${schema}"."${leaf}" (${required.map((c: Blueprint) => `"${c.name}"`).join(", ")}) values (${required.map((_: unknown, i: number) => `$${i + 1}`).join(", ")}) returning *`,
        required.map((c: Blueprint) => `kept ${c.name}`),
      )
    ).rows[0];

    const instruction = `remove the ${leaf} table`;
    const shown = await api.call<Preview>("POST", `/api/apps/${id}/refine/preview`, { instruction, model: "offline" });
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body.data_loss).toContainEqual(
      `The ${label} table is removed: its 1 ${one} disappears from the app. They are kept for 30 days and come back if you restore a version with this table.`,
    );
    const confirmed = { instruction, model: "offline", proposal_id: shown.body.proposal_id, confirm_destructive: true };
    const applied = await api.call<{ job_id: string }>("POST", `/api/apps/${id}/refine`, confirmed);
    expect((await api.waitForJob(applied.body.job_id)).status).toBe("SUCCEEDED");

    const restore = await api.call<{ summary: string[] }>("GET", `/api/apps/${id}/blueprints/1/restore/preview`);
    expect(restore.body.summary).toContain(
      `The ${label} table gets back 1 ${one} kept from an earlier version, with their links.`,
    );
    const restored = await api.call("POST", `/api/apps/${id}/blueprints/1/restore`, { confirm_destructive: true });
    expect(restored.status, JSON.stringify(restored.body)).toBe(200);
    expect((await pool.query(`select * from "${schema}"."${leaf}"`)).rows).toEqual([row]);
  }, 120_000);
});

describe("narrowing only what a role may change", () => {
  it("is counted on the live rows for the role's members and applied only when the founder confirms it", async () => {
    const app = await provisionExample(t, "crm");
    for (const rep of ["sales_rep", "sales_rep"]) await addMember(t, app, rep);
    expect((await app.founder.call("POST", `/api/apps/${app.id}/sample-data`)).status).toBe(201);
    const { rows } = await t.plinth.database.pool.query<{ n: number }>(
      `select count(*)::int as n from "${app.schema}"."contacts"`,
    );
    const contacts = rows[0]?.n ?? 0;
    expect(contacts).toBeGreaterThan(0);

    // Reps keep seeing every contact but change only those they added; they may no longer set a deal's amount.
    const blueprint: Blueprint = structuredClone(app.blueprint);
    const permission = (resource: string) =>
      blueprint.security.permissions.find((p: Blueprint) => p.role === "sales_rep" && p.resource === resource);
    permission("contacts").scopes = { update: { person: "created_by" } };
    permission("deals").readOnlyColumns = ["amount"];
    const shown = await app.founder.call<Preview>("POST", `/api/apps/${app.id}/blueprint/preview`, { blueprint });
    expect(shown.status, JSON.stringify(shown.body)).toBe(200);
    expect(shown.body.destructive).toBe(true);
    expect(shown.body.data_loss).toEqual([]);
    // The sample contacts were added by the founder: neither rep may change any of them any more.
    expect(shown.body.access_changes).toEqual([
      `What Sales Reps may change in Contacts changes from every row to rows they added: ${contacts} contacts can no longer be changed by them (2 members); 0 now can be.`,
      "Sales Reps can no longer set Amount in Deals.",
    ]);

    const apply = (confirm: boolean) =>
      app.founder.call<{ job_id: string }>("POST", `/api/apps/${app.id}/refine`, {
        instruction: "Reps change only their own contacts",
        model: "offline",
        proposal_id: shown.body.proposal_id,
        ...(confirm ? { confirm_destructive: true } : {}),
      });
    const refused = await app.founder.waitForJob((await apply(false)).body.job_id);
    expect(refused.status).toBe("FAILED");
    expect(refused.error_message).toMatch(/who can see or change what: What Sales Reps may change in Contacts/);
    expect(
      (await app.founder.call<{ version: number }>("GET", `/api/apps/${app.id}/blueprints/latest`)).body.version,
    ).toBe(1);
    expect((await app.founder.waitForJob((await apply(true)).body.job_id)).status).toBe("SUCCEEDED");
    expect(
      (await app.founder.call<{ version: number }>("GET", `/api/apps/${app.id}/blueprints/latest`)).body.version,
    ).toBe(2);
  }, 180_000);
});

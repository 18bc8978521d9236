/**
 * Refining a running app over HTTP: a preview applies only onto the version it was
 * made from, and every change to who can see or change what waits for the founder's
 * confirmation, as data loss does.
 */
import { describe, expect, it } from "vitest";
import { testPlinthForFile } from "../testing/per-file.js";
import { ApiClient } from "../testing/test-plinth.js";
import { findBlueprint, insertBlueprintVersion } from "./store.js";

const t = testPlinthForFile();

interface Preview {
  proposal_id: string;
  from_version: number;
  destructive: boolean;
  access_changes: string[];
}

async function crm(api: ApiClient): Promise<string> {
  await api.signUp();
  const generated = await api.call<{ job_id: string; app_id: string }>("POST", "/api/apps/generate", {
    prompt: "A CRM where sales reps see only their own deals and managers see everything",
    model: "offline",
  });
  expect((await api.waitForJob(generated.body.job_id)).status).toBe("SUCCEEDED");
  return generated.body.app_id;
}

const preview = (api: ApiClient, id: string, instruction: string) =>
  api.call<Preview>("POST", `/api/apps/${id}/refine/preview`, { instruction, model: "offline" });

describe("a refine preview", () => {
  it("is refused once a newer version is live, instead of silently undoing it", async () => {
    const api = new ApiClient(t.url);
    const id = await crm(api);
    const stale = await preview(api, id, "add a priority to deals");
    expect(stale.body.from_version).toBe(1);

    const filter = await preview(api, id, "contacts: sales reps see only their own contacts");
    const applied = await api.call<{ job_id: string }>("POST", `/api/apps/${id}/refine`, {
      instruction: "contacts: sales reps see only their own contacts",
      model: "offline",
      proposal_id: filter.body.proposal_id,
      confirm_destructive: true,
    });
    expect((await api.waitForJob(applied.body.job_id)).status).toBe("SUCCEEDED");

    const refused = await api.call<{ error: { code: string; message: string } }>("POST", `/api/apps/${id}/refine`, {
      instruction: "add a priority to deals",
      model: "offline",
      proposal_id: stale.body.proposal_id,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      "This preview was made from version 1, but version 2 is live now; preview the change again.",
    );
    const latest = await api.call<{ version: number; blueprint: { security: { permissions: unknown[] } } }>(
      "GET",
      `/api/apps/${id}/blueprints/latest`,
    );
    expect(latest.body.version).toBe(2);
    expect(latest.body.blueprint.security.permissions).toContainEqual(
      expect.objectContaining({
        role: "sales_rep",
        resource: "contacts",
        scopes: expect.objectContaining({ read: { person: expect.any(String) } }),
      }),
    );
  }, 120_000);
});

describe("a change to who can see or change what", () => {
  it("is listed in the preview and applied only when the founder confirms it", async () => {
    const api = new ApiClient(t.url);
    const id = await crm(api);
    const instruction = "sales reps see all deals";
    const shown = await preview(api, id, instruction);
    expect(shown.status).toBe(200);
    expect(shown.body.destructive).toBe(true);
    expect(shown.body.access_changes.join(" ")).toMatch(/Sales reps/i);

    const unconfirmed = await api.call<{ job_id: string }>("POST", `/api/apps/${id}/refine`, {
      instruction,
      model: "offline",
      proposal_id: shown.body.proposal_id,
    });
    const refused = await api.waitForJob(unconfirmed.body.job_id);
    expect(refused.status).toBe("FAILED");
    expect(refused.error_message).toMatch(/who can see or change what: .*Sales reps/i);
    const history = await api.call<{ versions: unknown[] }>("GET", `/api/apps/${id}/history`);
    expect(history.body.versions).toHaveLength(1);

    const confirmed = await api.call<{ job_id: string }>("POST", `/api/apps/${id}/refine`, {
      instruction,
      model: "offline",
      proposal_id: shown.body.proposal_id,
      confirm_destructive: true,
    });
    expect((await api.waitForJob(confirmed.body.job_id)).status).toBe("SUCCEEDED");
  }, 120_000);
});

describe("a refinement", () => {
  it("starts from the live version, not from a newer one that never went live", async () => {
    const api = new ApiClient(t.url);
    const id = await crm(api);
    // A version stored without going live, as generation stores one before provisioning it.
    const live = await findBlueprint(t.plinth.database.pool, id, 1);
    const unapplied = structuredClone(live?.blueprint_json) as { app: { name: string } };
    unapplied.app.name = "Never went live";
    await insertBlueprintVersion(t.plinth.database.pool, {
      appId: id,
      blueprint: unapplied,
      hash: "unapplied",
      source: "refine",
      note: null,
      createdBy: null,
    });

    const shown = await preview(api, id, "add a priority to deals");
    expect(shown.body.from_version).toBe(1);
    const refined = await api.call<{ job_id: string }>("POST", `/api/apps/${id}/refine`, {
      instruction: "add a priority to deals",
      model: "offline",
    });
    const job = await api.waitForJob(refined.body.job_id);
    expect(job.error_message ?? null).toBeNull();
    expect(job.status).toBe("SUCCEEDED");
    const now = await api.call<{ version: number; blueprint: { app: { name: string } } }>(
      "GET",
      `/api/apps/${id}/blueprints/3`,
    );
    expect(now.body.blueprint.app.name).not.toBe("Never went live");
  }, 120_000);
});

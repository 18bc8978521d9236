import { validateBlueprint } from "@plinth/blueprint";
import {
  ApiError,
  appDetail,
  appList,
  appParams,
  appResponse,
  blueprintParams,
  blueprintPreviewBody,
  blueprintVersion,
  generateBody,
  history,
  type Job,
  jobParams,
  jobResponse,
  modelId,
  refineBody,
  refinePreview,
  refinePreviewBody,
  restoreBody,
  restored,
  restoreParams,
  restorePreview,
  startedJob,
} from "@plinth/contract";
import { inTransaction } from "@plinth/db";
import { refineBlueprint } from "@plinth/generate";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Pool } from "pg";
import { founderOf, founderRoutes } from "../auth/session.js";
import type { TokenService } from "../auth/tokens.js";
import { closedSignal } from "../http/closed-signal.js";
import { notFound } from "../http/errors.js";
import { errorResponses, noContent } from "../http/responses.js";
import type { JobQueue } from "../jobs/queue.js";
import { findOwnedJob, insertJob, latestJob } from "../jobs/store.js";
import { type AppMigrator, staleRefusal } from "./app-migrator.js";
import type { Lifecycle } from "./lifecycle.js";
import { ownedApp } from "./owned-app.js";
import { findProposal, insertProposal } from "./proposals.js";
import { liveBlueprint } from "./running-blueprint.js";
import { liveVersion } from "./runtime-config.js";
import {
  type AppRow,
  findBlueprint,
  insertDraftApp,
  listApps,
  listBlueprintVersions,
  listEvents,
  recordEvent,
} from "./store.js";

export interface AppRoutesDeps {
  pool: Pool;
  tokens: TokenService;
  lifecycle: Lifecycle;
  queue: JobQueue;
  webUrl: string;
  generateRateLimit: number;
  /** Model ids a founder may pick; "offline" is always among them. */
  modelIds: () => string[];
  migrator: AppMigrator;
  /** Where the model settings (OPENROUTER_*) come from. */
  env: Record<string, string | undefined>;
  /** Removes a deleted app's uploaded files. */
  removeFiles: (appId: string) => Promise<void>;
}

/** Statuses every founder route may answer: a bad request, no session, our own failure. */
const READ_ERRORS = [400, 401, 500] as const;
/** Writes also meet the same-origin check (403) and the JSON-only rule (415). */
const WRITE_ERRORS = [...READ_ERRORS, 403, 415] as const;

export async function appRoutes(app: FastifyInstance, deps: AppRoutesDeps): Promise<void> {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const founderRoute = founderRoutes(deps.tokens, "apps");
  const generateLimit = { rateLimit: { max: deps.generateRateLimit, timeWindow: "1 hour" } };
  const modelField = modelId.refine((id) => deps.modelIds().includes(id), {
    message: 'unknown model; pick one from GET /api/models ("offline" always works)',
  });

  /** Hands the job to the worker and answers 202 with where the founder follows it. */
  const queued = async (reply: FastifyReply, jobId: string, appId: string) => {
    await deps.queue.enqueue(jobId);
    return reply.status(202).send({ job_id: jobId, app_id: appId });
  };

  const view = (row: AppRow) => ({
    id: row.id,
    name: row.name,
    slug: row.slug,
    status: row.status,
    status_reason: row.status_reason,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    latest_version: row.latest_version,
    db_schema: row.db_schema,
    runtime_url: `${deps.webUrl}/apps/${row.slug}`,
  });

  api.get(
    "/api/apps",
    founderRoute({ response: { 200: appList, ...errorResponses(...READ_ERRORS) } }),
    async (request) => {
      const rows = await listApps(deps.pool, founderOf(request).sub);
      return { apps: rows.map(view) };
    },
  );

  api.post(
    "/api/apps/generate",
    founderRoute(
      {
        body: generateBody.extend({ model: modelField }),
        response: { 202: startedJob, ...errorResponses(...WRITE_ERRORS, 429) },
      },
      generateLimit,
    ),
    async (request, reply) => {
      const founder = founderOf(request);
      const { prompt, model } = request.body;
      const { created, job } = await inTransaction(deps.pool, {}, async (client) => {
        const created = await insertDraftApp(client, founder.sub, draftName(prompt));
        const job = await insertJob(client, {
          appId: created.id,
          kind: "generate",
          model,
          prompt,
          createdBy: founder.sub,
        });
        await recordEvent(client, created.id, "created", founder.sub, { job_id: job.id, model });
        return { created, job };
      });
      // After the transaction has let go of its connection: the queue needs one too.
      return queued(reply, job.id, created.id);
    },
  );

  api.get(
    "/api/apps/:id",
    founderRoute({ params: appParams, response: { 200: appDetail, ...errorResponses(...READ_ERRORS, 404) } }),
    async (request) => {
      const row = await ownedApp(deps.pool, founderOf(request).sub, request.params.id);
      const blueprint = await findBlueprint(deps.pool, row.id);
      const job = await latestJob(deps.pool, row.id);
      return {
        app: view(row),
        blueprint: blueprint
          ? {
              version: blueprint.version,
              hash: blueprint.blueprint_hash,
              source: blueprint.source,
              created_at: blueprint.created_at.toISOString(),
            }
          : null,
        latest_job: job ? jobView(job) : null,
      };
    },
  );

  for (const action of ["start", "stop"] as const) {
    api.post(
      `/api/apps/:id/${action}`,
      founderRoute({ params: appParams, response: { 200: appResponse, ...errorResponses(...WRITE_ERRORS, 404, 409) } }),
      async (request) => {
        const founder = founderOf(request);
        const row = await ownedApp(deps.pool, founder.sub, request.params.id);
        await deps.lifecycle[action](row, founder.sub);
        return { app: view(await ownedApp(deps.pool, founder.sub, row.id)) };
      },
    );
  }

  api.delete(
    "/api/apps/:id",
    founderRoute({
      params: appParams,
      response: { 204: noContent("Deleted"), ...errorResponses(...WRITE_ERRORS, 404, 409) },
    }),
    async (request, reply) => {
      const founder = founderOf(request);
      const row = await ownedApp(deps.pool, founder.sub, request.params.id);
      await deps.lifecycle.delete(row, founder.sub);
      // The app is gone either way; files left behind are unreachable (no row holds them) and only cost space.
      await deps
        .removeFiles(row.id)
        .catch((err) => request.log.error({ err }, "removing a deleted app's files failed"));
      return reply.status(204).send();
    },
  );

  api.get(
    "/api/apps/:id/blueprints/:version",
    founderRoute({
      params: blueprintParams,
      response: { 200: blueprintVersion, ...errorResponses(...READ_ERRORS, 404) },
    }),
    async (request) => {
      const row = await ownedApp(deps.pool, founderOf(request).sub, request.params.id);
      const version = request.params.version === "latest" ? undefined : request.params.version;
      const blueprint = await findBlueprint(deps.pool, row.id, version);
      if (!blueprint) throw notFound(version ? `Version ${version} of this app's blueprint` : "This app's blueprint");
      return {
        version: blueprint.version,
        hash: blueprint.blueprint_hash,
        source: blueprint.source,
        created_at: blueprint.created_at.toISOString(),
        blueprint: blueprint.blueprint_json,
      };
    },
  );

  api.get(
    "/api/apps/:id/history",
    founderRoute({ params: appParams, response: { 200: history, ...errorResponses(...READ_ERRORS, 404) } }),
    async (request) => {
      const row = await ownedApp(deps.pool, founderOf(request).sub, request.params.id);
      const [versions, events] = await Promise.all([
        listBlueprintVersions(deps.pool, row.id),
        listEvents(deps.pool, row.id),
      ]);
      return {
        versions: versions.map((v) => ({ ...v, created_at: v.created_at.toISOString() })),
        events: events.map((e) => ({ ...e, created_at: e.created_at.toISOString() })),
      };
    },
  );

  api.get(
    "/api/jobs/:id",
    founderRoute({
      tags: ["jobs"],
      params: jobParams,
      response: { 200: jobResponse, ...errorResponses(...READ_ERRORS, 404) },
    }),
    async (request) => {
      const job = await findOwnedJob(deps.pool, founderOf(request).sub, request.params.id);
      if (!job) throw notFound("This job");
      return { job: jobView(job) };
    },
  );

  const refinable = async (ownerId: string, appId: string): Promise<AppRow> => {
    const row = await ownedApp(deps.pool, ownerId, appId);
    if (row.latest_version === null) {
      throw new ApiError(409, "no_blueprint", "This app has no blueprint yet; generate it first.");
    }
    if (row.status !== "RUNNING" && row.status !== "STOPPED") {
      throw new ApiError(409, "not_refinable", `This app is ${row.status.toLowerCase()}; only a built app can change.`);
    }
    return row;
  };

  api.post(
    "/api/apps/:id/refine/preview",
    founderRoute(
      {
        params: appParams,
        body: refinePreviewBody.extend({ model: modelField }),
        response: { 200: refinePreview, ...errorResponses(...WRITE_ERRORS, 404, 409, 422, 429) },
      },
      generateLimit,
    ),
    async (request, reply) => {
      const founder = founderOf(request);
      const row = await refinable(founder.sub, request.params.id);
      const { blueprint: current } = await liveBlueprint(deps.pool, row.id);
      const result = await refineBlueprint({
        blueprint: current,
        instruction: request.body.instruction,
        model: request.body.model,
        env: deps.env,
        signal: closedSignal(reply),
      });
      if (!result.ok) throw new ApiError(422, "refine_failed", result.reason, result.problems);
      const { fromVersion, preview, accessChanges } = await deps.migrator.preview(row, result.blueprint);
      const proposalId = await insertProposal(deps.pool, {
        app_id: row.id,
        from_version: fromVersion,
        instruction: request.body.instruction,
        model: result.model,
        blueprint: result.blueprint,
        assumptions: [...result.assumptions, ...result.notApplied.map((n) => `Not applied: ${n}`)],
        llmCalls: result.calls,
        createdBy: founder.sub,
      });
      return previewAnswer(proposalId, fromVersion, preview, accessChanges, result.assumptions, result.notApplied);
    },
  );

  // The editor's change: the founder's own blueprint, checked and previewed like a refinement, applied by /refine.
  api.post(
    "/api/apps/:id/blueprint/preview",
    founderRoute({
      params: appParams,
      body: blueprintPreviewBody,
      response: { 200: refinePreview, ...errorResponses(...WRITE_ERRORS, 404, 409, 422) },
    }),
    async (request) => {
      const founder = founderOf(request);
      const row = await refinable(founder.sub, request.params.id);
      const checked = validateBlueprint(request.body.blueprint);
      if (!checked.ok) {
        throw new ApiError(
          422,
          "invalid_blueprint",
          `This version of the app has ${checked.problems.length === 1 ? "a problem" : `${checked.problems.length} problems`}: ${checked.problems.map((p) => p.message).join(" ")}`,
          checked.problems,
        );
      }
      const { fromVersion, preview, accessChanges } = await deps.migrator.preview(row, checked.blueprint);
      const proposalId = await insertProposal(deps.pool, {
        app_id: row.id,
        from_version: fromVersion,
        instruction: request.body.note,
        model: "editor",
        blueprint: checked.blueprint,
        assumptions: [],
        llmCalls: [],
        createdBy: founder.sub,
      });
      return previewAnswer(proposalId, fromVersion, preview, accessChanges, [], []);
    },
  );

  api.post(
    "/api/apps/:id/refine",
    founderRoute(
      {
        params: appParams,
        body: refineBody.extend({ model: modelField }),
        response: { 202: startedJob, ...errorResponses(...WRITE_ERRORS, 404, 409, 429) },
      },
      generateLimit,
    ),
    async (request, reply) => {
      const founder = founderOf(request);
      const row = await refinable(founder.sub, request.params.id);
      const { proposal_id: proposalId } = request.body;
      if (proposalId) {
        const proposal = await findProposal(deps.pool, row.id, proposalId);
        if (!proposal) throw new ApiError(404, "not_found", "This preview was not found; preview the change again.");
        const live = await liveVersion(deps.pool, row.id);
        if (live !== null && live !== proposal.from_version) throw staleRefusal(proposal.from_version, live, true);
      }
      const job = await insertJob(deps.pool, {
        appId: row.id,
        kind: "refine",
        model: request.body.model,
        prompt: request.body.instruction,
        createdBy: founder.sub,
        proposalId: proposalId ?? null,
        confirmDestructive: request.body.confirm_destructive,
      });
      return queued(reply, job.id, row.id);
    },
  );

  api.get(
    "/api/apps/:id/blueprints/:version/restore/preview",
    founderRoute({
      params: restoreParams,
      response: { 200: restorePreview, ...errorResponses(...READ_ERRORS, 404, 409, 422) },
    }),
    async (request) => {
      const row = await ownedApp(deps.pool, founderOf(request).sub, request.params.id);
      const { fromVersion, preview, accessChanges } = await deps.migrator.previewRestore(row, request.params.version);
      return {
        from_version: fromVersion,
        to_version: request.params.version,
        empty: preview.empty,
        summary: preview.consequences,
        data_loss: preview.dataLoss,
        access_changes: accessChanges,
        checks: preview.checks,
        destructive: preview.dataLoss.length > 0 || accessChanges.length > 0,
        sql: preview.sql,
      };
    },
  );

  api.post(
    "/api/apps/:id/blueprints/:version/restore",
    founderRoute({
      params: restoreParams,
      body: restoreBody,
      response: { 200: restored, ...errorResponses(...WRITE_ERRORS, 404, 409, 422) },
    }),
    async (request) => {
      const founder = founderOf(request);
      const row = await ownedApp(deps.pool, founder.sub, request.params.id);
      const target = await findBlueprint(deps.pool, row.id, request.params.version);
      if (!target) throw notFound(`Version ${request.params.version} of this app's blueprint`);
      const version = await deps.migrator.restore(row, target.version, founder.sub, request.body.confirm_destructive);
      return { app: view(await ownedApp(deps.pool, founder.sub, row.id)), version };
    },
  );
}

export function jobView(job: import("../jobs/store.js").JobRow): Job {
  return {
    id: job.id,
    app_id: job.app_id,
    kind: job.kind,
    status: job.status,
    model: job.model,
    prompt: job.prompt,
    stages: job.stages,
    // Written by the worker as token counts (and cost); stored as JSON.
    usage: job.usage as Job["usage"],
    problems: job.problems,
    error_message: job.error_message,
    llm_request: job.llm_request,
    llm_response: job.llm_response,
    created_at: job.created_at.toISOString(),
    started_at: job.started_at?.toISOString() ?? null,
    finished_at: job.finished_at?.toISOString() ?? null,
  };
}

/** A readable name for the app until its blueprint names it. */
function draftName(prompt: string): string {
  const firstLine = prompt.split("\n")[0] ?? prompt;
  return firstLine.length > 60 ? `${firstLine.slice(0, 57)}…` : firstLine;
}

type MigratorPreview = Awaited<ReturnType<AppMigrator["preview"]>>;

/** A refinement's or the editor's preview as the founder reads it, stored as `proposalId`. */
function previewAnswer(
  proposalId: string,
  fromVersion: MigratorPreview["fromVersion"],
  preview: MigratorPreview["preview"],
  accessChanges: MigratorPreview["accessChanges"],
  assumptions: string[],
  notApplied: string[],
) {
  return {
    proposal_id: proposalId,
    from_version: fromVersion,
    empty: preview.empty,
    summary: preview.consequences,
    data_loss: preview.dataLoss,
    access_changes: accessChanges,
    checks: preview.checks,
    /** Applying needs confirm_destructive: data is lost, or who can see or change what changes. */
    destructive: preview.dataLoss.length > 0 || accessChanges.length > 0,
    sql: preview.sql,
    assumptions,
    not_applied: notApplied,
  };
}

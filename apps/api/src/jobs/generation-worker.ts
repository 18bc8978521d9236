/**
 * Works one generation job: prompt → verified blueprint (model or offline planner)
 * → provisioned, running app. Every stage is appended to the job row, which the SSE
 * route streams to the founder. A job either ends SUCCEEDED with a RUNNING app or
 * FAILED with the app in ERROR and nothing of it left in the database. A job whose app
 * is deleted (or that is otherwise ended from outside) stops at its next step.
 */
import { validateBlueprint } from "@plinth/blueprint";
import {
  type GenerationResult,
  generateBlueprint,
  OFFLINE_MODEL,
  type ProgressEvent,
  refineBlueprint,
} from "@plinth/generate";
import type { Pool } from "pg";
import type { AppMigrator } from "../apps/app-migrator.js";
import type { Lifecycle } from "../apps/lifecycle.js";
import { findProposal, type ProposalRow } from "../apps/proposals.js";
import { type LiveBlueprint, liveBlueprint } from "../apps/running-blueprint.js";
import {
  AppGoneError,
  findAppById,
  insertBlueprintVersion,
  nameApp,
  recordEvent,
  setAppStatus,
} from "../apps/store.js";
import { Conflict } from "../domain/errors.js";
import type { Logger } from "../observability/logger.js";
import { hashBlueprint } from "./blueprint-hash.js";
import type { JobOutcome } from "./queue.js";
import { capForRecord } from "./record-cap.js";
import { appendStage, claimJob, findJob, finishJob, type JobRow, touchJob } from "./store.js";

export interface WorkerDeps {
  pool: Pool;
  lifecycle: Lifecycle;
  migrator: AppMigrator;
  env: Record<string, string | undefined>;
  log: Logger;
  /** How often a running job reports it is alive; well under the recovery's staleness limit. */
  heartbeatMs: number;
  /** Jobs one founder may have running at once; the rest wait for a free turn. */
  perFounder: number;
}

/** The job was ended from outside (its app deleted): stop, and write nothing more for it. */
class JobStoppedError extends Error {
  override name = "JobStoppedError";
}

export class GenerationWorker {
  constructor(private readonly deps: WorkerDeps) {}

  async run(jobId: string): Promise<JobOutcome> {
    const { pool, log } = this.deps;
    const job = await findJob(pool, jobId);
    if (!job) return "done";
    const claim = await claimJob(pool, jobId, this.deps.perFounder);
    if (claim === "busy") return "later";
    if (claim === "gone") return "done";
    const stopped = new AbortController();
    const heartbeat = setInterval(
      () =>
        void touchJob(pool, jobId).then(
          (running) => running || stopped.abort(),
          () => undefined,
        ),
      this.deps.heartbeatMs,
    );
    const jobLog = log.child({ job_id: job.id, app_id: job.app_id, kind: job.kind, model: job.model });
    jobLog.info("generation job started");
    try {
      if (job.kind === "generate") await this.generate(job, stopped.signal);
      else await this.refine(job, stopped.signal);
    } catch (error) {
      const stoppedFromOutside =
        error instanceof JobStoppedError || error instanceof AppGoneError || !(await touchJob(pool, jobId));
      if (stoppedFromOutside) {
        jobLog.info("generation job stopped: it was ended from outside (its app was deleted)");
        return "done";
      }
      jobLog.error({ err: error }, "generation job failed unexpectedly");
      await this.fail(job, `Something went wrong while building the app: ${(error as Error).message}`, []).catch(
        (failure) => jobLog.error({ err: failure }, "recording the failed job failed"),
      );
    } finally {
      clearInterval(heartbeat);
    }
    return "done";
  }

  private async generate(job: JobRow, signal: AbortSignal): Promise<void> {
    await this.announce(job);
    const progress = this.progressRecorder(job);
    const result = await generateBlueprint({
      prompt: job.prompt,
      model: job.model,
      env: this.deps.env,
      onProgress: progress.record,
      signal,
    });
    await progress.flushed();
    if (!result.ok) {
      await this.failGeneration(job, result);
      return;
    }
    await this.stage(job, "provisioning", "Creating the app's database: schema, roles, grants and row-level security");
    const actor = job.created_by;
    const slug = await nameApp(this.deps.pool, job.app_id, result.blueprint.app.name, result.blueprint.app.slug);
    const version = await insertBlueprintVersion(this.deps.pool, {
      appId: job.app_id,
      blueprint: result.blueprint,
      hash: hashBlueprint(result.blueprint),
      source: "generate",
      note: null,
      createdBy: actor,
    });
    await recordEvent(this.deps.pool, job.app_id, "generated", actor, { job_id: job.id, model: result.model, version });
    try {
      const { plan } = await this.deps.lifecycle.provision(job.app_id, result.blueprint, version, slug, actor);
      for (const [index, step] of plan.steps.entries()) {
        this.deps.log.info(
          { job_id: job.id, app_id: job.app_id, step: index + 1, of: plan.steps.length },
          step.description,
        );
      }
      await this.stage(job, "provisioned", `Created ${plan.steps.length} database objects; the app is running`);
    } catch (error) {
      if (error instanceof AppGoneError || error instanceof JobStoppedError) throw error;
      await this.deps.lifecycle.cleanup(job.app_id).catch(() => undefined);
      await this.fail(
        job,
        `The blueprint was verified but the database refused it: ${(error as Error).message}`,
        [],
        result,
      );
      return;
    }
    await this.succeed(job, result);
  }

  private async refine(job: JobRow, signal: AbortSignal): Promise<void> {
    const app = await findAppById(this.deps.pool, job.app_id);
    const current = await liveBlueprint(this.deps.pool, job.app_id).catch((error: unknown) => {
      if (error instanceof Conflict) return undefined;
      throw error;
    });
    if (!app || !current) {
      await this.fail(job, "This app has no blueprint to refine; generate it first.", []);
      return;
    }
    const proposal = job.proposal_id ? await findProposal(this.deps.pool, job.app_id, job.proposal_id) : undefined;
    const result = job.proposal_id ? await this.previewed(job, proposal) : await this.refined(job, current, signal);
    if (!result.ok) {
      await this.failGeneration(job, result, false);
      return;
    }
    await this.stage(job, "migrating", "Changing the running app's database to the new blueprint");
    try {
      const applied = await this.deps.migrator.migrateTo(app, result.blueprint, {
        source: "refine",
        note: job.prompt,
        actorId: job.created_by,
        confirmDestructive: job.confirm_destructive,
        basedOn: proposal
          ? { version: proposal.from_version, preview: true }
          : { version: current.version, preview: false },
      });
      const changes = applied.summary.length ? `: ${applied.summary.join("; ")}` : "";
      await this.stage(job, "migrated", `Version ${applied.version} is live${changes}`, applied);
    } catch (error) {
      if (error instanceof AppGoneError || error instanceof JobStoppedError) throw error;
      await this.fail(job, (error as Error).message, [], result, false);
      return;
    }
    await this.succeed(job, result);
  }

  private async refined(job: JobRow, { blueprint }: LiveBlueprint, signal: AbortSignal): Promise<GenerationResult> {
    await this.announce(job);
    const progress = this.progressRecorder(job);
    const result = await refineBlueprint({
      blueprint,
      instruction: job.prompt,
      model: job.model,
      env: this.deps.env,
      onProgress: progress.record,
      signal,
    });
    await progress.flushed();
    return result;
  }

  /** The blueprint the founder previewed, applied as shown; it is verified again, as all input is. */
  private async previewed(job: JobRow, proposal: ProposalRow | undefined): Promise<GenerationResult> {
    const checked = proposal ? validateBlueprint(proposal.blueprint) : undefined;
    if (!proposal || !checked?.ok) {
      const reason = "The previewed change is no longer available; preview it again.";
      return {
        ok: false,
        model: job.model,
        reason,
        problems: checked?.problems ?? [],
        warnings: [],
        repairs: 0,
        calls: [],
      };
    }
    await this.stage(job, "verified", "Applying the change you previewed");
    return {
      ok: true,
      blueprint: checked.blueprint,
      model: proposal.model,
      assumptions: proposal.assumptions,
      warnings: [],
      notApplied: [],
      repairs: 0,
      calls: [],
    };
  }

  /** The offline planner emits no model call, so the founder is told what is happening first. */
  private async announce(job: JobRow): Promise<void> {
    if (job.model === OFFLINE_MODEL) {
      await this.stage(job, "planning", "Planning the app offline from your description");
    }
  }

  /** Progress arrives as synchronous callbacks; stages are written one after another, in order. */
  private progressRecorder(job: JobRow) {
    let written = Promise.resolve();
    return {
      record: (event: ProgressEvent) => {
        written = written.then(() => this.progress(job, event));
        // A stopped job rejects here; flushed() hands that to the caller.
        written.catch(() => undefined);
      },
      flushed: () => written,
    };
  }

  private async progress(job: JobRow, event: ProgressEvent): Promise<void> {
    switch (event.stage) {
      case "calling_model":
        return this.stage(job, "calling_model", `Asking ${event.model} for a blueprint (call ${event.call})`);
      case "validating":
        return this.stage(job, "validating", "Checking the blueprint against the schema and its cross references");
      case "repairing":
        return this.stage(
          job,
          "repairing",
          `Found ${event.problems.length} problem${event.problems.length === 1 ? "" : "s"}; asking the model to repair them (repair ${event.repair} of 2)`,
          { problems: event.problems },
        );
      case "done":
        return this.stage(job, "verified", "The blueprint is valid and verified");
    }
  }

  /** Every stage is also the check that the job still runs: a deleted app's job stops here. */
  private async stage(job: JobRow, stage: string, message: string, detail?: unknown): Promise<void> {
    const running = await appendStage(this.deps.pool, job.id, { stage, message, at: new Date().toISOString(), detail });
    if (!running) throw new JobStoppedError(`job ${job.id} no longer runs`);
  }

  /** What intake repaired in the model's answer stays on the job, so a founder can see what Plinth read into it. */
  private async recordIntakeRepairs(job: JobRow, result: GenerationResult): Promise<void> {
    if (result.warnings.length === 0) return;
    const count = result.warnings.length;
    await this.stage(
      job,
      "intake_repaired",
      `Repaired ${count} slip${count === 1 ? "" : "s"} in the model's answer that had exactly one meaning`,
      { warnings: result.warnings },
    );
  }

  private async succeed(job: JobRow, result: Extract<GenerationResult, { ok: true }>): Promise<void> {
    await this.recordIntakeRepairs(job, result);
    // The last stage is written before the status, so a stream that sees the job finished has every stage.
    await this.stage(
      job,
      "done",
      result.assumptions.length ? `Done. Assumed: ${result.assumptions.join("; ")}` : "Done",
    );
    await finishJob(this.deps.pool, job.id, { status: "SUCCEEDED", ...callLog(result) });
    this.deps.log.info({ job_id: job.id, app_id: job.app_id, repairs: result.repairs }, "generation job succeeded");
  }

  private async failGeneration(job: JobRow, result: Extract<GenerationResult, { ok: false }>, appInError = true) {
    await this.recordIntakeRepairs(job, result);
    await this.fail(job, result.reason, result.problems, result, appInError);
  }

  /** A failed generate leaves the app in ERROR; a failed refine leaves the running app as it was. */
  private async fail(
    job: JobRow,
    reason: string,
    problems: unknown[],
    result?: GenerationResult,
    appInError = job.kind === "generate",
  ): Promise<void> {
    await this.stage(job, "failed", reason, problems.length ? { problems } : undefined);
    if (appInError) await setAppStatus(this.deps.pool, job.app_id, "ERROR", reason);
    await recordEvent(this.deps.pool, job.app_id, "failed", job.created_by, { job_id: job.id, reason });
    await finishJob(this.deps.pool, job.id, {
      status: "FAILED",
      errorMessage: reason,
      problems,
      ...(result ? callLog(result) : {}),
    });
    this.deps.log.warn(
      { job_id: job.id, app_id: job.app_id, reason, problems: problems.length },
      "generation job failed",
    );
  }
}

function callLog(result: GenerationResult) {
  const usage = result.calls.reduce(
    (sum, call) => ({
      calls: sum.calls + 1,
      prompt_tokens: sum.prompt_tokens + (call.usage?.promptTokens ?? 0),
      completion_tokens: sum.completion_tokens + (call.usage?.completionTokens ?? 0),
      total_tokens: sum.total_tokens + (call.usage?.totalTokens ?? 0),
      cost_usd: sum.cost_usd + (call.usage?.costUsd ?? 0),
      latency_ms: sum.latency_ms + call.latencyMs,
    }),
    { calls: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, cost_usd: 0, latency_ms: 0 },
  );
  return {
    llmRequest: result.calls.map((call) => capForRecord({ purpose: call.purpose, model: call.model, ...call.request })),
    llmResponse: result.calls.map((call) =>
      capForRecord({ response: call.response, error: call.error, attempts: call.httpAttempts }),
    ),
    usage: { ...usage, repairs: result.repairs, model: result.model },
  };
}

"use client";

import type { Job, JobDone } from "@plinth/contract";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { StageTimeline } from "@/components/generate/job-progress";
import { TimeAgo } from "@/components/time-ago";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { count, duration } from "@/lib/format";
import type { EventSourceFactory } from "@/lib/job-events";
import { useJobProgress } from "@/lib/use-job-progress";
import { JsonViewer } from "./json-viewer";

const finished = (job: Job) => job.status === "SUCCEEDED" || job.status === "FAILED";

/** The tokens a job used, from whatever usage shape the model reported. */
export function tokenCount(usage: Job["usage"]): number | null {
  if (!usage) return null;
  if (typeof usage.total_tokens === "number") return usage.total_tokens;
  const parts = [usage.prompt_tokens, usage.completion_tokens].filter((n): n is number => typeof n === "number");
  return parts.length ? parts.reduce((a, b) => a + b, 0) : null;
}

/** The latest job of an app: what was asked, how it went step by step, and what it cost. */
export function JobLog({ job, createEventSource }: { job: Job; createEventSource?: EventSourceFactory }) {
  const queryClient = useQueryClient();
  const live = useJobProgress(finished(job) ? null : job.id, createEventSource);
  const stages = finished(job) ? job.stages : live.stages.length ? live.stages : job.stages;
  const done: JobDone | null = finished(job)
    ? { status: job.status, error_message: job.error_message, app_id: job.app_id }
    : live.done;

  useEffect(() => {
    if (live.done) void queryClient.invalidateQueries({ queryKey: ["app", job.app_id] });
  }, [live.done, job.app_id, queryClient]);

  const tokens = tokenCount(job.usage);
  const repairs = stages.filter((s) => s.stage === "repairing").length;
  const took = duration(job.started_at, job.finished_at);
  const status = done?.status ?? job.status;

  return (
    <div className="grid gap-6">
      <dl className="grid grid-cols-2 gap-4 rounded-lg border p-4 text-sm sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Kind">{job.kind === "refine" ? "Refinement" : "Generation"}</Fact>
        <Fact label="Result">
          {status === "SUCCEEDED"
            ? "Succeeded"
            : status === "FAILED"
              ? "Failed"
              : status === "QUEUED"
                ? "Waiting"
                : "Running"}
        </Fact>
        <Fact label="Model">
          <span className="font-mono text-xs break-all">{job.model}</span>
        </Fact>
        <Fact label="Tokens">{tokens === null ? "—" : tokens.toLocaleString("en")}</Fact>
        <Fact label="Duration">{took ?? "—"}</Fact>
        <Fact label="Repairs">{repairs === 0 ? "None" : count(repairs, "repair")}</Fact>
      </dl>
      <div className="grid gap-2">
        <h3 className="text-sm font-medium">{job.kind === "refine" ? "Instruction" : "Prompt"}</h3>
        <p className="bg-muted/40 rounded-md border p-3 text-sm whitespace-pre-wrap">{job.prompt}</p>
        <p className="text-muted-foreground text-xs">
          Started <TimeAgo iso={job.created_at} />
        </p>
      </div>
      {done?.status === "FAILED" && (
        <Alert variant="destructive">
          <AlertTitle>Why it failed</AlertTitle>
          <AlertDescription>{done.error_message || "The job failed without a reason."}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-3">
        <h3 className="text-sm font-medium">Steps</h3>
        <div aria-live={finished(job) ? undefined : "polite"}>
          <StageTimeline stages={stages} done={done} />
        </div>
      </div>
      {(job.llm_request != null || job.llm_response != null) && (
        <details className="group rounded-lg border p-4">
          <summary className="cursor-pointer text-sm font-medium outline-none focus-visible:underline">
            Model request and response
          </summary>
          <div className="mt-4 grid gap-4">
            {job.llm_request != null && <JsonViewer value={job.llm_request} label="Model request" />}
            {job.llm_response != null && <JsonViewer value={job.llm_response} label="Model response" />}
          </div>
        </details>
      )}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="font-medium">{children}</dd>
    </div>
  );
}

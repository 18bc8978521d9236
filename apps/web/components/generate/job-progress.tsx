"use client";

import type { JobDone, JobStage } from "@plinth/contract";
import { CheckIcon, CircleAlertIcon, Loader2Icon, RotateCwIcon, WrenchIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { stageProblems, stageTitle } from "@/lib/stages";
import { cn } from "@/lib/utils";

/** The stages of a job as a timeline; the last one spins until the job is done. */
export function StageTimeline({ stages, done }: { stages: JobStage[]; done: JobDone | null }) {
  const startedAt = stages[0] ? new Date(stages[0].at).getTime() : 0;
  const failed = done?.status === "FAILED";

  return (
    <ol className="grid gap-0" aria-label="Progress">
      {stages.length === 0 && !done && (
        <StageRow state="active" title="Waiting for a worker" message="The job is queued and will start in a moment." />
      )}
      {stages.map((stage, index) => {
        const last = index === stages.length - 1;
        const repairing = stage.stage === "repairing";
        const state: StageState = last && !done ? "active" : last && failed ? "failed" : repairing ? "repair" : "done";
        const elapsed = (new Date(stage.at).getTime() - startedAt) / 1000;
        return (
          <StageRow
            key={`${stage.stage}-${stage.at}`}
            state={state}
            title={stageTitle(stage.stage)}
            message={stage.message}
            elapsed={Number.isFinite(elapsed) && index > 0 ? `+${elapsed.toFixed(1)} s` : undefined}
            problems={repairing ? stageProblems(stage) : []}
          />
        );
      })}
    </ol>
  );
}

type StageState = "done" | "active" | "repair" | "failed";

function StageRow({
  state,
  title,
  message,
  elapsed,
  problems = [],
}: {
  state: StageState;
  title: string;
  message: string;
  elapsed?: string;
  problems?: { message: string; hint?: string; path?: string }[];
}) {
  return (
    <li className="relative flex gap-3 pb-5 last:pb-0" aria-current={state === "active" ? "step" : undefined}>
      <span
        className={cn(
          "relative z-10 mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full border",
          state === "done" && "border-emerald-200 bg-emerald-50 text-emerald-700",
          state === "active" && "border-primary/30 bg-accent text-primary",
          state === "repair" && "border-amber-200 bg-amber-50 text-amber-700",
          state === "failed" && "border-red-200 bg-red-50 text-red-700",
        )}
        aria-hidden="true"
      >
        {state === "done" && <CheckIcon className="size-3.5" />}
        {state === "active" && <Loader2Icon className="size-3.5 animate-spin" />}
        {state === "repair" && <WrenchIcon className="size-3.5" />}
        {state === "failed" && <CircleAlertIcon className="size-3.5" />}
      </span>
      <div className="grid min-w-0 flex-1 gap-1">
        <div className="flex items-baseline justify-between gap-3">
          <p className="text-sm font-medium">
            {title}
            <span className="sr-only">
              {state === "active" ? " (in progress)" : state === "failed" ? " (failed)" : " (done)"}
            </span>
          </p>
          {elapsed && <span className="text-muted-foreground shrink-0 font-mono text-xs">{elapsed}</span>}
        </div>
        {message && <p className="text-muted-foreground text-sm break-words">{message}</p>}
        {problems.length > 0 && (
          <div className="mt-1 rounded-md border border-amber-200 bg-amber-50/60 p-3">
            <p className="text-xs font-medium text-amber-900">
              {problems.length === 1 ? "1 problem found" : `${problems.length} problems found`} — asking the model to
              fix {problems.length === 1 ? "it" : "them"}:
            </p>
            <ul className="mt-1.5 grid list-disc gap-1 pl-4 text-xs text-amber-950">
              {problems.map((problem) => (
                <li key={`${problem.path ?? ""}-${problem.message}`}>
                  {problem.message}
                  {problem.hint && <span className="text-amber-800"> — {problem.hint}</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </li>
  );
}

export function ConnectionLost({ message, onReconnect }: { message: string; onReconnect: () => void }) {
  return (
    <div role="status" className="flex flex-wrap items-center gap-3 rounded-md border bg-muted/50 p-3 text-sm">
      <span className="flex-1">{message}</span>
      <Button variant="outline" size="sm" onClick={onReconnect}>
        <RotateCwIcon aria-hidden="true" />
        Reconnect
      </Button>
    </div>
  );
}

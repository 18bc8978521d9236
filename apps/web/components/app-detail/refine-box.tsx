"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import type { JobStage, RefinePreview } from "@plinth/contract";
import { refinePreviewBody } from "@plinth/contract";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2Icon, EyeIcon, WandSparklesIcon } from "lucide-react";
import { useEffect, useId, useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { ConnectionLost, StageTimeline } from "@/components/generate/job-progress";
import { ModelSelect } from "@/components/generate/model-select";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/textarea";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import { Field, FormError } from "@/lib/field";
import type { EventSourceFactory } from "@/lib/job-events";
import { PendingButton } from "@/lib/pending-button";
import { keys } from "@/lib/queries";
import { useJobProgress } from "@/lib/use-job-progress";
import { ChangeNotMade, ChangePreview } from "./change-preview";

/** What a finished refinement changed, from its "migrated" stage. */
export function refineOutcome(stages: JobStage[]): { version?: number; changes: string[] } | null {
  const migrated = stages.findLast((s) => s.stage === "migrated");
  if (!migrated) return null;
  const detail = (migrated.detail ?? {}) as { version?: unknown; summary?: unknown };
  const changes = Array.isArray(detail.summary) ? detail.summary.filter((s): s is string => typeof s === "string") : [];
  return { version: typeof detail.version === "number" ? detail.version : undefined, changes };
}

type Step = { kind: "edit" } | { kind: "review"; preview: RefinePreview } | { kind: "running"; jobId: string };

/** "Add a due date to tasks": preview what will change, apply it as a new version, follow the job. */
export function RefineBox({
  appId,
  currentVersion,
  disabledReason,
  createEventSource,
}: {
  appId: string;
  currentVersion: number | null;
  disabledReason?: string;
  createEventSource?: EventSourceFactory;
}) {
  const id = useId();
  const queryClient = useQueryClient();
  // The API's own rules (@plinth/contract): the same length limits, the same words.
  const form = useForm({ resolver: zodResolver(refinePreviewBody), defaultValues: { instruction: "", model: "" } });
  const problem = form.formState.errors.instruction?.message;
  const [step, setStep] = useState<Step>({ kind: "edit" });
  const progress = useJobProgress(step.kind === "running" ? step.jobId : null, createEventSource);
  const instruction = form.watch("instruction");
  const body = () => ({ instruction: instruction.trim(), model: form.getValues("model") || "offline" });

  const preview = useMutation({
    mutationFn: () => api.previewRefine(appId, body()),
    onSuccess: (result) => setStep({ kind: "review", preview: result }),
  });
  // Applying the reviewed proposal is the founder's confirmation, data loss included: it was shown.
  const apply = useMutation({
    mutationFn: (proposal: RefinePreview) =>
      api.refine(appId, { ...body(), proposal_id: proposal.proposal_id, confirm_destructive: proposal.destructive }),
    onSuccess: (started) => setStep({ kind: "running", jobId: started.job_id }),
  });

  useEffect(() => {
    if (progress.done) void queryClient.invalidateQueries({ queryKey: ["app", appId] });
    if (progress.done?.status === "SUCCEEDED") void queryClient.invalidateQueries({ queryKey: keys.apps });
  }, [progress.done, appId, queryClient]);

  const submit = form.handleSubmit(() => preview.mutate());

  const reset = () => {
    setStep({ kind: "edit" });
    preview.reset();
    apply.reset();
  };

  if (disabledReason) {
    return <p className="text-muted-foreground text-sm">{disabledReason}</p>;
  }

  if (step.kind === "running") {
    const outcome = refineOutcome(progress.stages);
    const failed = progress.done?.status === "FAILED";
    return (
      <div className="grid gap-4">
        <p className="text-sm">
          <span className="text-muted-foreground">Change: </span>“{instruction.trim()}”
        </p>
        <div aria-live="polite">
          <StageTimeline stages={progress.stages} done={progress.done} />
        </div>
        {progress.connectionError && !progress.done && (
          <ConnectionLost message={progress.connectionError} onReconnect={progress.reconnect} />
        )}
        {progress.done?.status === "SUCCEEDED" && (
          <Alert>
            <CheckCircle2Icon className="text-success" />
            <AlertTitle>{outcome?.version ? `Version ${outcome.version} is live` : "The change is live"}</AlertTitle>
            <AlertDescription>
              {outcome && outcome.changes.length > 0 ? (
                <ul className="list-disc pl-4">
                  {outcome.changes.map((change) => (
                    <li key={change}>{change}</li>
                  ))}
                </ul>
              ) : (
                <p>The summary above shows the app as it is now.</p>
              )}
            </AlertDescription>
          </Alert>
        )}
        {failed && (
          <ChangeNotMade
            reason={progress.done?.error_message || "The refinement failed without a reason."}
            running="the previous version"
          />
        )}
        {progress.done && (
          <div className="flex flex-wrap gap-2">
            <Button
              variant="outline"
              onClick={() => {
                if (!failed) form.resetField("instruction");
                reset();
              }}
            >
              {failed ? "Edit the change" : "Make another change"}
            </Button>
          </div>
        )}
      </div>
    );
  }

  return (
    <form noValidate onSubmit={submit} className="grid gap-4">
      <Field id={`${id}-instruction`} label="What should change?" problem={problem}>
        {(control) => (
          <Textarea
            {...control}
            {...form.register("instruction", {
              onChange: () => {
                if (step.kind === "review") reset();
              },
            })}
            rows={3}
            placeholder="Add a due date to tasks"
          />
        )}
      </Field>
      <Field id={`${id}-model`} label="Model" className="sm:max-w-xs">
        {(control) => (
          <Controller
            control={form.control}
            name="model"
            render={({ field }) => <ModelSelect id={control.id} value={field.value ?? ""} onChange={field.onChange} />}
          />
        )}
      </Field>
      <FormError message={preview.isError || apply.isError ? errorMessage(apply.error ?? preview.error) : undefined} />
      {step.kind === "review" ? (
        <ReviewChange
          preview={step.preview}
          currentVersion={currentVersion}
          applying={apply.isPending}
          onApply={() => apply.mutate(step.preview)}
          onCancel={reset}
        />
      ) : (
        <div>
          <PendingButton type="submit" pending={preview.isPending} icon={<EyeIcon aria-hidden="true" />}>
            {preview.isPending ? "Working out the change…" : "Preview change"}
          </PendingButton>
        </div>
      )}
    </form>
  );
}

function ReviewChange({
  preview,
  currentVersion,
  applying,
  onApply,
  onCancel,
}: {
  preview: RefinePreview;
  currentVersion: number | null;
  applying: boolean;
  onApply: () => void;
  onCancel: () => void;
}) {
  const next = currentVersion ? currentVersion + 1 : null;
  return (
    <section aria-label="What will change" className="grid gap-3 rounded-lg border bg-muted/30 p-4">
      <h3 className="text-sm font-medium">What will change</h3>
      <ChangePreview summary={preview.summary} dataLoss={preview.data_loss} accessChanges={preview.access_changes} />
      {preview.not_applied.length > 0 && (
        <p className="text-muted-foreground text-sm">Not part of this change: {preview.not_applied.join("; ")}</p>
      )}
      {preview.sql && (
        <details>
          <summary className="text-muted-foreground cursor-pointer text-xs">Database changes (SQL)</summary>
          <pre className="bg-background mt-2 max-h-60 overflow-auto rounded-md border p-3 font-mono text-xs">
            {preview.sql}
          </pre>
        </details>
      )}
      <div className="flex flex-wrap gap-2">
        <PendingButton
          type="button"
          onClick={onApply}
          pending={applying}
          disabled={preview.empty}
          variant={preview.destructive ? "destructive" : "default"}
          icon={<WandSparklesIcon aria-hidden="true" />}
        >
          {applying ? "Starting…" : next ? `Apply as version ${next}` : "Apply change"}
        </PendingButton>
        <Button type="button" variant="outline" onClick={onCancel} disabled={applying}>
          Cancel
        </Button>
      </div>
    </section>
  );
}

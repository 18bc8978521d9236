"use client";

import type { RefinePreview } from "@plinth/contract";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CheckCircle2Icon, CircleAlertIcon, EyeIcon, Loader2Icon, Undo2Icon, WandSparklesIcon } from "lucide-react";
import { useEffect, useState } from "react";
import { StageTimeline } from "@/components/generate/job-progress";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import type { EventSourceFactory } from "@/lib/job-events";
import { keys } from "@/lib/queries";
import { useJobProgress } from "@/lib/use-job-progress";
import { ChangePreview } from "../change-preview";
import { AccessMatrix } from "./access-matrix";
import { FieldsEditor } from "./fields-editor";
import { PagesEditor } from "./pages-editor";
import type { Blueprint, Edit } from "./types";

type Step =
  | { kind: "edit" }
  | { kind: "review"; preview: RefinePreview }
  | { kind: "running"; jobId: string; next: number };

const NOTE = "Edited in the editor";

/**
 * The direct editor: tables and fields, who can do what, pages and blocks, edited on a
 * draft of the live blueprint. Saving previews the draft like any refinement (verified,
 * with figures) and applies it as the next version through the same migration.
 */
export function BlueprintEditor({
  appId,
  version,
  blueprint,
  createEventSource,
}: {
  appId: string;
  version: number;
  blueprint: Blueprint;
  createEventSource?: EventSourceFactory;
}) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Blueprint>(() => structuredClone(blueprint));
  // The version the draft started from: a draft of an older version would undo what went live since.
  const [base, setBase] = useState(version);
  const restart = () => {
    setDraft(structuredClone(blueprint));
    setBase(version);
  };
  const outdated = base !== version;
  const [step, setStep] = useState<Step>({ kind: "edit" });
  const progress = useJobProgress(step.kind === "running" ? step.jobId : null, createEventSource);
  const changed = JSON.stringify(draft) !== JSON.stringify(blueprint);

  const edit: Edit = (change) => {
    setDraft((current) => {
      const next = structuredClone(current);
      change(next);
      return next;
    });
    if (step.kind === "review") setStep({ kind: "edit" });
  };

  const preview = useMutation({
    mutationFn: () =>
      api.previewBlueprint(appId, { blueprint: draft as unknown as Record<string, unknown>, note: NOTE }),
    onSuccess: (result) => setStep({ kind: "review", preview: result }),
  });
  // Applying the reviewed proposal is the founder's confirmation of what it showed, data loss and access included.
  const apply = useMutation({
    mutationFn: (shown: RefinePreview) =>
      api.refine(appId, {
        instruction: NOTE,
        model: "offline",
        proposal_id: shown.proposal_id,
        confirm_destructive: shown.destructive,
      }),
    onSuccess: (started) => setStep({ kind: "running", jobId: started.job_id, next: version + 1 }),
  });

  useEffect(() => {
    if (!progress.done) return;
    void queryClient.invalidateQueries({ queryKey: ["app", appId] });
    void queryClient.invalidateQueries({ queryKey: keys.apps });
  }, [progress.done, appId, queryClient]);

  if (step.kind === "running") {
    const done = progress.done;
    const live = done?.status === "SUCCEEDED";
    return (
      <div className="grid gap-4" aria-live="polite">
        <StageTimeline stages={progress.stages} done={done} />
        {done && (
          <>
            <Alert variant={live ? "default" : "destructive"}>
              {live ? <CheckCircle2Icon className="text-success" /> : <CircleAlertIcon />}
              <AlertTitle>{live ? `Version ${step.next} is live` : "The change was not made"}</AlertTitle>
              <AlertDescription>
                {live
                  ? "The app runs your edited version now."
                  : `${done.error_message || "The change failed without a reason."} The app still runs version ${version}.`}
              </AlertDescription>
            </Alert>
            <div>
              <Button
                variant="outline"
                onClick={() => {
                  // Once applied, the live blueprint is the new version: edit on from it.
                  if (live) restart();
                  setStep({ kind: "edit" });
                }}
              >
                {live ? "Edit again" : "Back to the editor"}
              </Button>
            </div>
          </>
        )}
      </div>
    );
  }

  return (
    <div className="grid gap-4">
      <Tabs defaultValue="fields" className="gap-4">
        <TabsList aria-label="What to edit">
          <TabsTrigger value="fields">Tables and fields</TabsTrigger>
          <TabsTrigger value="access">Who can do what</TabsTrigger>
          <TabsTrigger value="pages">Pages</TabsTrigger>
        </TabsList>
        <TabsContent value="fields">
          <FieldsEditor tables={draft.data.tables} edit={edit} />
        </TabsContent>
        <TabsContent value="access">
          <AccessMatrix draft={draft} edit={edit} />
        </TabsContent>
        <TabsContent value="pages">
          <PagesEditor draft={draft} edit={edit} />
        </TabsContent>
      </Tabs>

      {(preview.isError || apply.isError) && (
        <Alert variant="destructive">
          <CircleAlertIcon />
          <AlertDescription>{errorMessage(apply.error ?? preview.error)}</AlertDescription>
        </Alert>
      )}

      {step.kind === "review" ? (
        <section aria-label="What your edits change" className="grid gap-3 rounded-lg border bg-muted/30 p-4">
          <h3 className="text-sm font-medium">What your edits change</h3>
          <ChangePreview
            summary={step.preview.summary}
            dataLoss={step.preview.data_loss}
            accessChanges={step.preview.access_changes}
          />
          <div className="flex flex-wrap gap-2">
            <Button
              type="button"
              variant={step.preview.destructive ? "destructive" : "default"}
              disabled={apply.isPending || step.preview.empty}
              onClick={() => apply.mutate(step.preview)}
            >
              {apply.isPending ? (
                <Loader2Icon className="animate-spin" aria-hidden="true" />
              ) : (
                <WandSparklesIcon aria-hidden="true" />
              )}
              Apply as version {version + 1}
              {step.preview.destructive && " and accept these changes"}
            </Button>
            <Button
              type="button"
              variant="outline"
              onClick={() => setStep({ kind: "edit" })}
              disabled={apply.isPending}
            >
              Keep editing
            </Button>
          </div>
        </section>
      ) : (
        <div className="flex flex-wrap gap-2">
          {outdated && (
            <p className="text-destructive basis-full text-sm" role="alert">
              Version {version} went live while you were editing version {base}. Discard your edits to edit the live
              version.
            </p>
          )}
          <Button type="button" disabled={!changed || outdated || preview.isPending} onClick={() => preview.mutate()}>
            {preview.isPending ? (
              <Loader2Icon className="animate-spin" aria-hidden="true" />
            ) : (
              <EyeIcon aria-hidden="true" />
            )}
            Preview changes
          </Button>
          <Button
            type="button"
            variant="outline"
            disabled={!changed && !outdated}
            onClick={() => {
              restart();
              preview.reset();
            }}
          >
            <Undo2Icon aria-hidden="true" />
            Discard edits
          </Button>
        </div>
      )}
    </div>
  );
}

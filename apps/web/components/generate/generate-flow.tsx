"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleAlertIcon, PencilIcon, RotateCwIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { PageHeader } from "@/components/console/page-header";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { errorMessage } from "@/lib/api/client";
import { api } from "@/lib/api/endpoints";
import type { EventSourceFactory } from "@/lib/job-events";
import { keys } from "@/lib/queries";
import { useJobProgress } from "@/lib/use-job-progress";
import { GenerateForm } from "./generate-form";
import { ConnectionLost, StageTimeline } from "./job-progress";

/**
 * Prompt → job → live progress → the new app. The job id is handed out (to the URL)
 * so a reload picks the progress up again.
 */
export function GenerateFlow({
  initialJobId = null,
  onJobStarted,
  onSucceeded,
  createEventSource,
}: {
  initialJobId?: string | null;
  onJobStarted?: (jobId: string | null) => void;
  onSucceeded: (appId: string) => void;
  createEventSource?: EventSourceFactory;
}) {
  const queryClient = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(initialJobId);
  const [draft, setDraft] = useState<{ prompt: string; model: string; sample?: boolean } | null>(null);
  const [sampleError, setSampleError] = useState<string | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const progress = useJobProgress(jobId, createEventSource);
  // After a reload the prompt is only known to the job itself.
  const job = useQuery({
    queryKey: keys.job(jobId ?? ""),
    queryFn: () => api.job(jobId as string),
    enabled: jobId !== null && draft === null,
  });
  const request = draft ?? (job.data ? { prompt: job.data.prompt, model: job.data.model } : null);
  const heading = useRef<HTMLHeadingElement>(null);

  const start = async (prompt: string, model: string, sample = false) => {
    setDraft({ prompt, model, sample });
    setSubmitError(null);
    try {
      const started = await api.generate({ prompt, model });
      void queryClient.invalidateQueries({ queryKey: keys.apps });
      setJobId(started.job_id);
      onJobStarted?.(started.job_id);
    } catch (error) {
      setSubmitError(errorMessage(error));
    }
  };

  const done = progress.done;
  const sample = draft?.sample === true;
  useEffect(() => {
    if (done?.status !== "SUCCEEDED") return;
    void queryClient.invalidateQueries({ queryKey: keys.apps });
    if (!sample) {
      onSucceeded(done.app_id);
      return;
    }
    // The app runs now: sample rows go in through it, then the founder sees it filled.
    api
      .fillSampleData(done.app_id)
      .then(() => onSucceeded(done.app_id))
      .catch((error: unknown) => setSampleError(errorMessage(error)));
  }, [done, onSucceeded, queryClient, sample]);

  useEffect(() => {
    if (jobId) heading.current?.focus();
  }, [jobId]);

  if (!jobId) {
    return (
      <>
        <PageHeader
          title="Generate an app"
          description="Plinth turns your description into tables, roles, permissions and pages, then sets up its database."
        />
        <Card>
          <CardContent>
            <GenerateForm
              key={draft?.prompt ?? ""}
              initialPrompt={request?.prompt}
              initialModel={request?.model}
              error={submitError}
              onSubmit={start}
            />
          </CardContent>
        </Card>
      </>
    );
  }

  const failed = done?.status === "FAILED";
  // The offline planner asks instead of inventing an app when the description names nothing to keep.
  const asked = failed && /^[^.!]*\?/.test(done.error_message ?? "");
  const editPrompt = () => {
    setDraft(request ?? { prompt: "", model: "" });
    setJobId(null);
    onJobStarted?.(null);
  };

  return (
    <>
      <PageHeader
        title="Generating your app"
        description={request?.prompt ? <Quote text={request.prompt} /> : undefined}
      />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2 ref={heading} tabIndex={-1} className="outline-none">
              {asked
                ? "Tell Plinth a little more"
                : failed
                  ? "Generation failed"
                  : done
                    ? "Your app is ready"
                    : "Building…"}
            </h2>
          </CardTitle>
          <CardDescription>
            {asked
              ? "Nothing was set up yet. Answer the question below in your description, then generate again."
              : failed
                ? "Nothing was set up. Read the reason below, then try again or change the description."
                : done
                  ? "Opening your app…"
                  : "Each step appears here as it happens. This usually takes a few seconds."}
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-6">
          <div aria-live="polite" aria-relevant="additions text">
            <StageTimeline stages={progress.stages} done={done} />
          </div>
          {progress.connectionError && !done && (
            <ConnectionLost message={progress.connectionError} onReconnect={progress.reconnect} />
          )}
          {sampleError && done && (
            <Alert variant="destructive">
              <CircleAlertIcon />
              <AlertTitle>The app is ready, but the sample data was not added</AlertTitle>
              <AlertDescription>
                {sampleError}{" "}
                <Button variant="link" className="h-auto p-0" onClick={() => onSucceeded(done.app_id)}>
                  Open the app without it
                </Button>
              </AlertDescription>
            </Alert>
          )}
          {failed && (
            <Alert variant="destructive">
              <CircleAlertIcon />
              <AlertTitle>{asked ? "A question about your app" : "Why it failed"}</AlertTitle>
              <AlertDescription>{done.error_message || "The job failed without a reason; try again."}</AlertDescription>
            </Alert>
          )}
          {failed && submitError && (
            <Alert variant="destructive">
              <CircleAlertIcon />
              <AlertDescription>{submitError}</AlertDescription>
            </Alert>
          )}
          {failed && (
            <div className="flex flex-wrap gap-2">
              <Button onClick={() => request && start(request.prompt, request.model, sample)} disabled={!request}>
                <RotateCwIcon aria-hidden="true" />
                Try again
              </Button>
              <Button variant="outline" onClick={editPrompt}>
                <PencilIcon aria-hidden="true" />
                Edit the description
              </Button>
            </div>
          )}
        </CardContent>
      </Card>
    </>
  );
}

function Quote({ text }: { text: string }) {
  return <span className="line-clamp-2 italic">“{text}”</span>;
}

"use client";

import type { JobDone, JobStage } from "@plinth/contract";
import { useCallback, useEffect, useState } from "react";
import { errorMessage } from "./api/client";
import { api } from "./api/endpoints";
import { type EventSourceFactory, watchJob } from "./job-events";

export interface JobProgress {
  stages: JobStage[];
  done: JobDone | null;
  /** Set when the live stream broke and the job's state could not be read either. */
  connectionError: string | null;
  reconnect: () => void;
}

/** A job's stages as they happen; falls back to reading the job once if the stream gives up. */
export function useJobProgress(jobId: string | null, createEventSource?: EventSourceFactory): JobProgress {
  const [stages, setStages] = useState<JobStage[]>([]);
  const [done, setDone] = useState<JobDone | null>(null);
  const [connectionError, setConnectionError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-subscribes on purpose
  useEffect(() => {
    if (!jobId) return;
    setStages([]);
    setDone(null);
    setConnectionError(null);
    let active = true;
    const stop = watchJob(
      jobId,
      {
        onStages: (next) => active && setStages(next),
        onDone: (result) => active && setDone(result),
        onLost: async () => {
          try {
            const job = await api.job(jobId);
            if (!active) return;
            setStages(job.stages);
            if (job.status === "SUCCEEDED" || job.status === "FAILED") {
              setDone({ status: job.status, error_message: job.error_message, app_id: job.app_id });
            } else {
              setConnectionError("The live progress stream was interrupted; the job is still running.");
            }
          } catch (error) {
            if (active) setConnectionError(errorMessage(error));
          }
        },
      },
      createEventSource,
    );
    return () => {
      active = false;
      stop();
    };
  }, [jobId, createEventSource, attempt]);

  const reconnect = useCallback(() => setAttempt((n) => n + 1), []);
  return { stages, done, connectionError, reconnect };
}

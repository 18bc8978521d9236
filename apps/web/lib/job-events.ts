/**
 * Follows a job's progress over Server-Sent Events (GET /api/jobs/:id/events).
 * The server replays every stage from the start on each connection, so a reconnect
 * (which EventSource does by itself) resets the list instead of duplicating it.
 */
import type { JobDone, JobStage } from "@plinth/contract";

export interface JobWatcher {
  /** The stages so far, in order; called again with the whole list after a reconnect. */
  onStages(stages: JobStage[]): void;
  onDone(done: JobDone): void;
  /** The stream closed for good before the job finished (e.g. signed out, job gone). */
  onLost(): void;
}

export type EventSourceFactory = (url: string) => EventSource;

/** EventSource.CLOSED, spelled out so this module also loads where EventSource is not defined. */
const CLOSED = 2;

const browserEventSource: EventSourceFactory = (url) => new EventSource(url, { withCredentials: true });

export function watchJob(
  jobId: string,
  watcher: JobWatcher,
  createEventSource: EventSourceFactory = browserEventSource,
): () => void {
  const source = createEventSource(`/api/jobs/${encodeURIComponent(jobId)}/events`);
  let stages: JobStage[] = [];
  let finished = false;

  source.addEventListener("open", () => {
    stages = [];
  });
  source.addEventListener("stage", (event) => {
    const stage = parse<JobStage>(event);
    if (!stage) return;
    stages = [...stages, stage];
    watcher.onStages(stages);
  });
  source.addEventListener("done", (event) => {
    const done = parse<JobDone>(event);
    if (!done) return;
    finished = true;
    source.close();
    watcher.onDone(done);
  });
  source.addEventListener("error", () => {
    // EventSource retries by itself while readyState is CONNECTING; CLOSED means it gave up.
    if (!finished && source.readyState === CLOSED) watcher.onLost();
  });

  return () => {
    finished = true;
    source.close();
  };
}

function parse<T>(event: Event): T | undefined {
  const data = (event as MessageEvent<string>).data;
  try {
    return JSON.parse(data) as T;
  } catch {
    return undefined;
  }
}

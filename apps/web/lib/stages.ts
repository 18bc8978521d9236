/** How a job's stages read to a founder. Unknown stages still show, with their own message. */
import type { JobStage } from "@plinth/contract";

const TITLES: Record<string, string> = {
  queued: "Waiting to start",
  started: "Started",
  planning: "Planning the app",
  calling_model: "Asking the model",
  validating: "Checking the blueprint",
  verifying: "Checking the blueprint",
  verified: "Blueprint verified",
  repairing: "Fixing problems",
  intake_repaired: "Read the model's answer",
  planning_sql: "Planning the database",
  provisioning: "Setting up the database",
  provisioned: "Database ready",
  starting: "Starting the app",
  migrating: "Updating the database",
  migrated: "New version is live",
  running: "App is running",
  done: "Done",
  succeeded: "Done",
  failed: "Failed",
};

export function stageTitle(stage: string): string {
  return TITLES[stage] ?? humanize(stage);
}

function humanize(code: string): string {
  const words = code.replaceAll(/[_-]+/g, " ").trim();
  return words ? words[0]?.toUpperCase() + words.slice(1) : "Working";
}

export interface StageProblem {
  message: string;
  hint?: string;
  path?: string;
}

/** The problems a repair stage carries, whether the detail is the list itself or {problems}. */
export function stageProblems(stage: Pick<JobStage, "detail">): StageProblem[] {
  const detail = stage.detail as unknown;
  const list = Array.isArray(detail)
    ? detail
    : detail && typeof detail === "object" && Array.isArray((detail as { problems?: unknown }).problems)
      ? (detail as { problems: unknown[] }).problems
      : [];
  return list.flatMap((item): StageProblem[] => {
    if (typeof item === "string") return [{ message: item }];
    if (item && typeof item === "object" && typeof (item as StageProblem).message === "string") {
      const { message, hint, path } = item as StageProblem;
      return [
        {
          message,
          hint: typeof hint === "string" ? hint : undefined,
          path: typeof path === "string" ? path : undefined,
        },
      ];
    }
    return [];
  });
}

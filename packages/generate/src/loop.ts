/**
 * The generation loop: call → intake → validation → verification → at most two
 * repair calls carrying the structured problems → a verified blueprint or a clear
 * failure. Nothing a model writes leaves this loop unverified.
 */
import type { BlueprintV2, Problem } from "@plinth/blueprint";
import { type CallPurpose, callModel, type ModelCallRecord } from "./call.js";
import { checkModelOutput } from "./checks.js";
import type { ModelClientConfig } from "./client.js";
import { type ChatMessage, repairMessages } from "./prompt.js";

export const MAX_REPAIRS = 2;

export type ProgressEvent =
  | { stage: "calling_model"; model: string; call: number }
  | { stage: "validating"; call: number }
  | { stage: "repairing"; repair: number; problems: Problem[] }
  | { stage: "done"; blueprint: BlueprintV2 }
  | { stage: "failed"; reason: string; problems: Problem[] };

export type ProgressListener = (event: ProgressEvent) => void;

export interface GenerationSuccess {
  ok: true;
  blueprint: BlueprintV2;
  model: string;
  /** What the planner or the intake assumed or fixed, in plain words for the founder. */
  assumptions: string[];
  warnings: string[];
  /** Changes the offline planner could not make (refine only). */
  notApplied: string[];
  repairs: number;
  calls: ModelCallRecord[];
}

export interface GenerationFailure {
  ok: false;
  model: string;
  /** One sentence for the founder: what went wrong and what to do. */
  reason: string;
  /** The last problems found; empty when the model could not be reached at all. */
  problems: Problem[];
  repairs: number;
  calls: ModelCallRecord[];
}

export type GenerationResult = GenerationSuccess | GenerationFailure;

export interface LoopOptions {
  config: ModelClientConfig;
  model: string;
  supportsJsonSchema: boolean;
  messages: ChatMessage[];
  purpose: Exclude<CallPurpose, "repair">;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  logger?: Parameters<typeof callModel>[0]["logger"];
}

export async function runModelLoop(options: LoopOptions): Promise<GenerationResult> {
  const { model, onProgress } = options;
  const emit = (event: ProgressEvent) => onProgress?.(event);
  const calls: ModelCallRecord[] = [];
  let messages = options.messages;
  let problems: Problem[] = [];

  for (let repair = 0; repair <= MAX_REPAIRS; repair++) {
    if (repair > 0) emit({ stage: "repairing", repair, problems });
    emit({ stage: "calling_model", model, call: calls.length + 1 });
    const outcome = await callModel({
      config: options.config,
      model,
      supportsJsonSchema: options.supportsJsonSchema,
      messages,
      purpose: repair === 0 ? options.purpose : "repair",
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    calls.push(outcome.record);
    if (!outcome.ok) {
      const reason = outcome.record.error ?? "The model call failed.";
      emit({ stage: "failed", reason, problems: [] });
      return { ok: false, model, reason, problems: [], repairs: repair, calls };
    }
    emit({ stage: "validating", call: calls.length });
    const checked = checkModelOutput(outcome.text);
    if (checked.ok) {
      emit({ stage: "done", blueprint: checked.blueprint });
      return {
        ok: true,
        blueprint: checked.blueprint,
        model,
        assumptions: [],
        warnings: checked.warnings,
        notApplied: [],
        repairs: repair,
        calls,
      };
    }
    problems = checked.problems;
    messages = repairMessages(options.messages, outcome.text, problems);
  }

  const reason = `The model's blueprint still had ${problems.length} problem${problems.length === 1 ? "" : "s"} after ${MAX_REPAIRS} repairs. Try rephrasing the request, another model, or "Offline".`;
  emit({ stage: "failed", reason, problems });
  return { ok: false, model, reason, problems, repairs: MAX_REPAIRS, calls };
}

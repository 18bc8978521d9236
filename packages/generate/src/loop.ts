/**
 * The generation loop: call → intake → validation → verification → at most two
 * repair calls carrying the structured problems → a verified blueprint or a failure
 * that says what happened. A refusal ends it at once; an empty answer is asked again
 * once without counting as a repair; an answer cut off at the output limit is
 * repaired by asking for a shorter app. Nothing a model writes leaves this loop
 * unverified.
 */
import type { BlueprintV2, Problem } from "@plinth/blueprint";
import { type CallPurpose, callModel, type ModelCallRecord, type ResponseFormat } from "./call.js";
import { checkModelOutput } from "./checks.js";
import type { ModelClientConfig } from "./client.js";
import { type Ending, endingProblem, failureReason } from "./endings.js";
import { type ChatMessage, repairMessages } from "./prompt.js";

export const MAX_REPAIRS = 2;

/** A failure is not a progress event: it arrives once, as the result. */
export type ProgressEvent =
  | { stage: "calling_model"; model: string; call: number }
  | { stage: "validating"; call: number }
  | { stage: "repairing"; repair: number; problems: Problem[] }
  | { stage: "done"; blueprint: BlueprintV2 };

export type ProgressListener = (event: ProgressEvent) => void;

export interface GenerationSuccess {
  ok: true;
  blueprint: BlueprintV2;
  model: string;
  /** What the planner or the intake assumed or fixed, in plain words for the founder. */
  assumptions: string[];
  /** Each repair intake made to the model's answer ("/path: what was changed"), for the job record. */
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
  /** What ended the loop; absent when no model was called. */
  ending?: Ending;
  /** The last problems found; empty when the model could not be reached at all. */
  problems: Problem[];
  /** Intake repairs made to the last answer, as on a success. */
  warnings: string[];
  repairs: number;
  calls: ModelCallRecord[];
}

export type GenerationResult = GenerationSuccess | GenerationFailure;

export interface LoopOptions {
  config: ModelClientConfig;
  model: string;
  format: ResponseFormat;
  messages: ChatMessage[];
  purpose: Exclude<CallPurpose, "repair" | "retry">;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  logger?: Parameters<typeof callModel>[0]["logger"];
}

export async function runModelLoop(options: LoopOptions): Promise<GenerationResult> {
  const { model, onProgress } = options;
  const emit = (event: ProgressEvent) => onProgress?.(event);
  const calls: ModelCallRecord[] = [];
  let messages = options.messages;
  let format = options.format;
  let problems: Problem[] = [];
  let warnings: string[] = [];
  let repairs = 0;
  let purpose: CallPurpose = options.purpose;
  let retriedEmpty = false;
  const fail = (ending: Exclude<Ending, "needs_detail">, last: Problem[], reason?: string): GenerationFailure => ({
    ok: false,
    model,
    reason: reason ?? (ending === "call_failed" ? "The model call failed." : failureReason(ending, last, { repairs })),
    ending,
    problems: last,
    warnings,
    repairs,
    calls,
  });

  for (;;) {
    emit({ stage: "calling_model", model, call: calls.length + 1 });
    const outcome = await callModel({
      config: options.config,
      model,
      format,
      messages,
      purpose,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
    calls.push(outcome.record);
    if (!outcome.ok) {
      return fail("call_failed", [], outcome.record.error ?? undefined);
    }
    format = outcome.format;
    if (outcome.refusal) return fail("model_refused", [endingProblem("model_refused", outcome.refusal)]);
    if (outcome.finishReason === "content_filter") {
      return fail("content_filter", [endingProblem("content_filter", outcome.text)]);
    }
    if (outcome.text.trim() === "" && outcome.finishReason !== "length") {
      if (retriedEmpty) return fail("empty_answer", [endingProblem("empty_answer", "")]);
      retriedEmpty = true;
      purpose = "retry";
      continue;
    }

    emit({ stage: "validating", call: calls.length });
    const checked = checkModelOutput(outcome.text);
    warnings = checked.warnings;
    if (checked.ok) {
      emit({ stage: "done", blueprint: checked.blueprint });
      return {
        ok: true,
        blueprint: checked.blueprint,
        model,
        assumptions: [],
        warnings,
        notApplied: [],
        repairs,
        calls,
      };
    }
    problems = outcome.finishReason === "length" ? [endingProblem("answer_cut_off", outcome.text)] : checked.problems;
    if (problems.some((p) => p.code === "model_refused")) return fail("model_refused", problems);
    if (repairs === MAX_REPAIRS) return fail(endingOf(problems), problems);
    repairs++;
    purpose = "repair";
    emit({ stage: "repairing", repair: repairs, problems });
    messages = repairMessages(options.messages, outcome.text, problems);
  }
}

/** What the last answer was, when the repairs ran out. */
function endingOf(problems: Problem[]): Exclude<Ending, "needs_detail"> {
  const only = problems.length === 1 ? problems[0]?.code : undefined;
  if (only === "answer_cut_off" || only === "truncated_json") return "answer_cut_off";
  if (
    only === "no_json" ||
    only === "question_instead_of_blueprint" ||
    only === "yaml_instead_of_json" ||
    only === "json_schema_instead_of_blueprint" ||
    only === "invalid_json"
  ) {
    return "not_a_blueprint";
  }
  return "problems_remain";
}

/**
 * @plinth/generate: a founder's prompt → a verified BlueprintV2, through a model
 * (OpenRouter or any OpenAI-compatible endpoint) or the offline planner.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import { checkBlueprint } from "./checks.js";
import { modelClientConfig } from "./client.js";
import {
  type GenerationFailure,
  type GenerationResult,
  type LoopOptions,
  type ProgressListener,
  runModelLoop,
} from "./loop.js";
import { defaultModel, type GenerateEnv, modelInfo, OFFLINE_MODEL, remoteModelsAvailable } from "./models.js";
import { planOffline as plan } from "./offline/planner.js";
import { refineOffline } from "./offline/refine.js";
import { generateMessages, refineMessages } from "./prompt.js";

export type { ModelCallRecord, ResponseFormat } from "./call.js";
export { modelClientConfig, OPENROUTER_BASE_URL } from "./client.js";
export type { Ending } from "./endings.js";
export type {
  GenerationFailure,
  GenerationResult,
  GenerationSuccess,
  ProgressEvent,
  ProgressListener,
} from "./loop.js";
export { MAX_REPAIRS } from "./loop.js";
export { defaultModel, listModels, type ModelInfo, OFFLINE_MODEL } from "./models.js";
export { fenceFounderText, systemPrompt } from "./prompt.js";

export const MAX_PROMPT_CHARS = 8_000;

interface CommonOptions {
  /** A model id from listModels(), any id the endpoint knows, or "offline". Defaults to defaultModel(env). */
  model?: string;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
  /** Where OPENROUTER_* settings come from; process.env by default. */
  env?: GenerateEnv;
  /** Receives the SDK's debug log (tests); nothing is logged otherwise. */
  logger?: LoopOptions["logger"];
}

export interface GenerateOptions extends CommonOptions {
  prompt: string;
}

export interface RefineOptions extends CommonOptions {
  blueprint: BlueprintV2;
  instruction: string;
}

/** Prompt → verified blueprint (or a failure that says why). Never throws for a user's mistake. */
export async function generateBlueprint(options: GenerateOptions): Promise<GenerationResult> {
  const start = begin(options, options.prompt, "Describe the app you want");
  if ("refused" in start) return start.refused;
  const { text: prompt, env, model, note } = start;
  if (model === OFFLINE_MODEL) {
    const offline = plan(prompt);
    if ("question" in offline) return ask(offline.question);
    return finishOffline(offline.blueprint, [...note, ...offline.assumptions], [], options.onProgress);
  }
  return runModelLoop(loopOptions(options, env, model, generateMessages(prompt), "generate"));
}

/** Current blueprint + an instruction ("add a priority to tasks") → the next verified version. */
export async function refineBlueprint(options: RefineOptions): Promise<GenerationResult> {
  const start = begin(options, options.instruction, "Describe the change you want");
  if ("refused" in start) return start.refused;
  const { text: instruction, env, model, note } = start;
  if (model === OFFLINE_MODEL) {
    const refined = refineOffline(options.blueprint, instruction);
    if (refined.applied.length === 0) {
      return fail(`The offline planner could not apply this change: ${refined.notApplied.join("; ")}`, []);
    }
    return finishOffline(refined.blueprint, [...note, ...refined.applied], refined.notApplied, options.onProgress);
  }
  return runModelLoop(loopOptions(options, env, model, refineMessages(options.blueprint, instruction), "refine"));
}

/** The offline planner alone, verified: what `generateBlueprint({model: "offline"})` returns. */
export function planOffline(prompt: string): GenerationResult {
  const offline = plan(prompt);
  if ("question" in offline) return ask(offline.question);
  return finishOffline(offline.blueprint, offline.assumptions, []);
}

/** The planner found no app in the request: its question, as an ending the generate screen shows. */
function ask(question: string): GenerationFailure {
  return { ...fail(question, []), ending: "needs_detail" };
}

/** What generating and refining both do first: refuse an unusable request, then pick the model. */
function begin(
  options: CommonOptions,
  request: string | undefined,
  ask: string,
): { refused: GenerationFailure } | { text: string; env: GenerateEnv; model: string; note: string[] } {
  const env = options.env ?? process.env;
  // Callers from plain JavaScript may leave the request out.
  const text = request?.trim() ?? "";
  const refused = refuseText(text, ask);
  if (refused) return { refused };
  const { model, note } = chooseModel(options.model, env);
  // The offline planner answers at once: its one stage is checking what it built.
  if (model === OFFLINE_MODEL) options.onProgress?.({ stage: "validating", call: 0 });
  return { text, env, model, note };
}

function chooseModel(requested: string | undefined, env: GenerateEnv): { model: string; note: string[] } {
  const model = requested?.trim() || defaultModel(env);
  if (model !== OFFLINE_MODEL && !remoteModelsAvailable(env)) {
    return {
      model: OFFLINE_MODEL,
      note: [
        `No model key is configured on this server (OPENROUTER_API_KEY), so the offline planner built this instead of ${model}.`,
      ],
    };
  }
  return { model, note: [] };
}

function loopOptions(
  options: CommonOptions,
  env: GenerateEnv,
  model: string,
  messages: LoopOptions["messages"],
  purpose: LoopOptions["purpose"],
): LoopOptions {
  return {
    config: modelClientConfig(env),
    model,
    format: modelInfo(model, env).responseFormat,
    messages,
    purpose,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
}

function finishOffline(
  candidate: unknown,
  assumptions: string[],
  notApplied: string[],
  onProgress?: ProgressListener,
): GenerationResult {
  const checked = checkBlueprint(candidate);
  if (!checked.ok) {
    return fail(
      "The offline planner produced a blueprint that failed verification (a Plinth bug); pick a model or rephrase the request.",
      checked.problems,
    );
  }
  onProgress?.({ stage: "done", blueprint: checked.blueprint });
  return {
    ok: true,
    blueprint: checked.blueprint,
    model: OFFLINE_MODEL,
    assumptions,
    warnings: checked.warnings,
    notApplied,
    repairs: 0,
    calls: [],
  };
}

function refuseText(text: string, ask: string): GenerationFailure | null {
  if (!text) return fail(`The request is empty. ${ask} in a sentence or two.`, []);
  if (text.length > MAX_PROMPT_CHARS) {
    return fail(`The request is ${text.length} characters long; keep it under ${MAX_PROMPT_CHARS}.`, []);
  }
  return null;
}

function fail(reason: string, problems: GenerationFailure["problems"]): GenerationFailure {
  return { ok: false, model: OFFLINE_MODEL, reason, problems, warnings: [], repairs: 0, calls: [] };
}

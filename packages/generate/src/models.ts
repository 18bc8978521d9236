/**
 * The models a founder can pick in the UI. Ids are OpenRouter's; any other
 * OpenAI-compatible endpoint (Ollama, vLLM) accepts its own ids, which callers may
 * pass even though they are not listed here.
 */
import type { ResponseFormat } from "./call.js";

export interface ModelInfo {
  id: string;
  label: string;
  /** Context window in tokens; 0 for the offline planner. */
  contextTokens: number;
  /**
   * How the answer's format is requested: the JSON Schema enforced strictly (OpenAI's
   * structured outputs), the JSON Schema as guidance, or plain JSON mode.
   */
  responseFormat: ResponseFormat;
  /** False when this deployment cannot call the model (no key configured). */
  available: boolean;
}

export const OFFLINE_MODEL = "offline";

const CURATED: readonly Omit<ModelInfo, "available">[] = [
  {
    id: "openai/gpt-4.1-mini",
    label: "GPT-4.1 mini (OpenAI)",
    contextTokens: 1_047_576,
    responseFormat: "json_schema_strict",
  },
  { id: "openai/gpt-4.1", label: "GPT-4.1 (OpenAI)", contextTokens: 1_047_576, responseFormat: "json_schema_strict" },
  {
    id: "openai/gpt-4o-mini",
    label: "GPT-4o mini (OpenAI)",
    contextTokens: 128_000,
    responseFormat: "json_schema_strict",
  },
  {
    id: "google/gemini-2.5-flash",
    label: "Gemini 2.5 Flash (Google)",
    contextTokens: 1_048_576,
    responseFormat: "json_schema",
  },
  {
    id: "anthropic/claude-sonnet-4",
    label: "Claude Sonnet 4 (Anthropic)",
    contextTokens: 200_000,
    responseFormat: "json_object",
  },
  {
    id: "meta-llama/llama-3.3-70b-instruct",
    label: "Llama 3.3 70B Instruct (Meta)",
    contextTokens: 131_072,
    responseFormat: "json_object",
  },
  {
    id: "deepseek/deepseek-chat-v3-0324",
    label: "DeepSeek V3 (DeepSeek)",
    contextTokens: 163_840,
    responseFormat: "json_object",
  },
];

const OFFLINE: Omit<ModelInfo, "available"> = {
  id: OFFLINE_MODEL,
  label: "Offline planner (no network)",
  contextTokens: 0,
  responseFormat: "json_object",
};

export type GenerateEnv = Partial<Record<string, string | undefined>>;

/** A remote model can be called when a key is set, or when the endpoint is a custom (e.g. local) one. */
export function remoteModelsAvailable(env: GenerateEnv): boolean {
  return Boolean(env.OPENROUTER_API_KEY?.trim() || env.OPENROUTER_BASE_URL?.trim());
}

/** The model dropdown: the curated models, then "offline", which is always available. */
export function listModels(env: GenerateEnv = process.env): ModelInfo[] {
  const remote = remoteModelsAvailable(env);
  return [...CURATED.map((m) => ({ ...m, available: remote })), { ...OFFLINE, available: true }];
}

/** The model used when the founder picks none: the first curated one when reachable, else offline. */
export function defaultModel(env: GenerateEnv = process.env): string {
  return remoteModelsAvailable(env) ? (CURATED[0]?.id ?? OFFLINE_MODEL) : OFFLINE_MODEL;
}

/** Facts about a model id; unknown ids (a local endpoint's own models) get JSON mode. */
export function modelInfo(id: string, env: GenerateEnv = process.env): ModelInfo {
  const known = listModels(env).find((m) => m.id === id);
  return (
    known ?? { id, label: id, contextTokens: 0, responseFormat: "json_object", available: remoteModelsAvailable(env) }
  );
}

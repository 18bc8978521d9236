/**
 * One recorded model call. The record is what the generation job's log keeps: the
 * request (never the key), the answer, token usage, cost when the provider reports
 * it (OpenRouter's usage.cost), latency and how many HTTP attempts it took.
 */
import { blueprintJsonSchema, strictBlueprintSchema } from "@plinth/blueprint";
import OpenAI from "openai";
import { type AttemptCounter, createModelClient, isOpenRouter, type ModelClientConfig } from "./client.js";
import type { ChatMessage } from "./prompt.js";

/** "retry" is the one new call after an empty answer: the same request again, not a repair. */
export type CallPurpose = "generate" | "refine" | "repair" | "retry";

/** How the answer's format is requested: the JSON Schema (strictly enforced or not), or plain JSON mode. */
export type ResponseFormat = "json_schema_strict" | "json_schema" | "json_object";

export interface ModelCallRecord {
  purpose: CallPurpose;
  model: string;
  startedAt: string;
  request: {
    baseURL: string;
    headers: Record<string, string>;
    body: Record<string, unknown>;
  };
  response: { id: string | null; text: string; finishReason: string | null; refusal: string | null } | null;
  usage: { promptTokens: number; completionTokens: number; totalTokens: number; costUsd: number | null } | null;
  latencyMs: number;
  /** The first try plus the SDK's retries (429, 5xx, timeouts, network errors). */
  httpAttempts: number;
  error: string | null;
}

export type CallOutcome =
  | {
      ok: true;
      text: string;
      /** "stop", "length" (cut off at the output limit), "content_filter", …; null when not reported. */
      finishReason: string | null;
      /** The model's refusal (OpenAI's message.refusal), when it declined. */
      refusal: string | null;
      /** The format the answer was requested in, after any fallback to JSON mode. */
      format: ResponseFormat;
      record: ModelCallRecord;
    }
  | { ok: false; record: ModelCallRecord };

export interface CallOptions {
  config: ModelClientConfig;
  model: string;
  format: ResponseFormat;
  messages: ChatMessage[];
  purpose: CallPurpose;
  signal?: AbortSignal;
  /** Receives the SDK's debug log; tests use it to prove the key never reaches a log. */
  logger?: OpenAI["logger"];
}

const SCHEMA_PLACEHOLDER = "(the BlueprintV2 JSON Schema, schemas/blueprint-v2.schema.json)";

/** What to ask for when a provider rejects a format: the schema without strictness, then plain JSON mode. */
const FALLBACK: Record<ResponseFormat, ResponseFormat | undefined> = {
  json_schema_strict: "json_schema",
  json_schema: "json_object",
  json_object: undefined,
};

/**
 * One model call. A provider that rejects the requested format (HTTP 400 naming
 * response_format or the schema) is asked again in the next simpler one; the outcome
 * says which was used, and the loop keeps it for the calls after.
 */
export async function callModel(options: CallOptions): Promise<CallOutcome> {
  let outcome = await callOnce(options);
  let attempts = outcome.record.httpAttempts;
  let format = FALLBACK[options.format];
  while (!outcome.ok && format && rejectedFormat(outcome.record)) {
    outcome = await callOnce({ ...options, format });
    attempts += outcome.record.httpAttempts;
    outcome.record.httpAttempts = attempts;
    format = FALLBACK[format];
  }
  return outcome;
}

function rejectedFormat(record: ModelCallRecord): boolean {
  return /HTTP 400/.test(record.error ?? "") && /response_format|json_schema|schema/i.test(record.error ?? "");
}

async function callOnce(options: CallOptions): Promise<CallOutcome> {
  const { config, model, purpose } = options;
  const counter: AttemptCounter = { attempts: 0 };
  const client = createModelClient(config, counter, options.logger);
  const body = requestBody(options);
  const record: ModelCallRecord = {
    purpose,
    model,
    startedAt: new Date().toISOString(),
    request: { baseURL: config.baseURL, headers: { ...config.headers }, body: recordedBody(body) },
    response: null,
    usage: null,
    latencyMs: 0,
    httpAttempts: 0,
    error: null,
  };
  const started = performance.now();
  try {
    const completion = await client.chat.completions.create(
      body as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming,
      options.signal ? { signal: options.signal } : {},
    );
    const choice = completion.choices?.[0];
    const text = redact(choice?.message?.content ?? "", config.apiKey);
    const refusal = choice?.message?.refusal ? redact(choice.message.refusal, config.apiKey) : null;
    const finishReason = choice?.finish_reason ?? null;
    record.response = { id: completion.id ?? null, text, finishReason, refusal };
    record.usage = usageOf(completion.usage);
    return { ok: true, text, finishReason, refusal, format: options.format, record };
  } catch (error) {
    record.error = redact(describeError(error, config, counter.attempts), config.apiKey);
    return { ok: false, record };
  } finally {
    record.latencyMs = Math.round(performance.now() - started);
    record.httpAttempts = counter.attempts;
  }
}

function requestBody({ config, model, messages, format }: CallOptions): Record<string, unknown> {
  return {
    model,
    messages,
    temperature: 0.2,
    response_format:
      format === "json_schema_strict"
        ? { type: "json_schema", json_schema: { name: "blueprint_v2", strict: true, schema: strictBlueprintSchema() } }
        : format === "json_schema"
          ? { type: "json_schema", json_schema: { name: "blueprint_v2", strict: false, schema: blueprintJsonSchema() } }
          : { type: "json_object" },
    // OpenRouter reports cost only when asked; other endpoints may reject unknown keys.
    ...(isOpenRouter(config) ? { usage: { include: true } } : {}),
  };
}

/** The request as logged: the schema (66 kB, always the same) is named rather than copied. */
function recordedBody(body: Record<string, unknown>): Record<string, unknown> {
  const format = body.response_format as { type: string; json_schema?: Record<string, unknown> };
  if (format.type !== "json_schema") return structuredClone(body);
  return {
    ...structuredClone(body),
    response_format: { type: "json_schema", json_schema: { ...format.json_schema, schema: SCHEMA_PLACEHOLDER } },
  };
}

function usageOf(usage: OpenAI.CompletionUsage | undefined): ModelCallRecord["usage"] {
  if (!usage) return null;
  const cost = (usage as { cost?: unknown }).cost;
  return {
    promptTokens: usage.prompt_tokens ?? 0,
    completionTokens: usage.completion_tokens ?? 0,
    totalTokens: usage.total_tokens ?? 0,
    costUsd: typeof cost === "number" ? cost : null,
  };
}

function describeError(error: unknown, config: ModelClientConfig, attempts: number): string {
  const tries = `after ${attempts} attempt${attempts === 1 ? "" : "s"}`;
  if (error instanceof OpenAI.APIUserAbortError) return "The generation was cancelled.";
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return `The model did not answer within ${config.timeoutMs / 1000} s (${tries}). Try again, pick a faster model, or raise PLINTH_MODEL_TIMEOUT_MS.`;
  }
  if (error instanceof OpenAI.APIConnectionError) {
    return `Could not reach the model endpoint ${config.baseURL} (${tries}). Check OPENROUTER_BASE_URL and the network, or pick "Offline".`;
  }
  if (error instanceof OpenAI.APIError) {
    const status = error.status;
    if (status === 401 || status === 403) {
      return `The model provider refused the API key (HTTP ${status}). Check OPENROUTER_API_KEY on the server, or pick "Offline".`;
    }
    if (status === 402)
      return "The model provider account has no credits left (HTTP 402). Add credits or pick another model.";
    if (status === 404)
      return `The model endpoint does not know this model (HTTP 404): ${error.message}. Pick another model.`;
    if (status === 429)
      return `The model provider is rate-limiting requests (HTTP 429, ${tries}). Wait a minute and try again.`;
    return `The model provider answered with an error (HTTP ${status ?? "?"}, ${tries}): ${error.message}`;
  }
  return `The model call failed: ${error instanceof Error ? error.message : String(error)}`;
}

/** Belt and braces: a provider's error text may echo (part of) the key; it never reaches a record. */
export function redact(text: string, secret: string): string {
  if (secret.length < 8) return text;
  return text.replaceAll(secret, "[redacted]").replaceAll(secret.slice(-8), "[redacted]");
}

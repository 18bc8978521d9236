/**
 * The model client: the `openai` SDK pointed at OpenRouter (or any OpenAI-compatible
 * endpoint). Retries with exponential backoff on 408/409/429/5xx and network errors
 * are the SDK's own (it honours Retry-After and retry-after-ms); this module caps a
 * provider's Retry-After so a bad header cannot stall a generation job for an hour.
 */
import OpenAI from "openai";
import type { GenerateEnv } from "./models.js";

export const OPENROUTER_BASE_URL = "https://openrouter.ai/api/v1";

export interface ModelClientConfig {
  baseURL: string;
  /** Never logged, never recorded: it only ever travels in the Authorization header. */
  apiKey: string;
  /** Attribution headers OpenRouter shows in its rankings; never secret. */
  headers: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  /** The longest Retry-After the client will honour; longer waits are shortened to this. */
  maxRetryAfterMs: number;
}

export function modelClientConfig(env: GenerateEnv = process.env): ModelClientConfig {
  const baseURL = env.OPENROUTER_BASE_URL?.trim() || OPENROUTER_BASE_URL;
  const headers: Record<string, string> = { "X-Title": env.OPENROUTER_APP_NAME?.trim() || "Plinth" };
  const site = env.OPENROUTER_SITE_URL?.trim();
  if (site) headers["HTTP-Referer"] = site;
  return {
    baseURL,
    // A local endpoint (Ollama, vLLM) needs no key, but the SDK refuses an empty one.
    apiKey: env.OPENROUTER_API_KEY?.trim() || "no-key",
    headers,
    timeoutMs: positiveInt(env.PLINTH_MODEL_TIMEOUT_MS, 120_000),
    maxRetries: positiveInt(env.PLINTH_MODEL_MAX_RETRIES, 3),
    maxRetryAfterMs: positiveInt(env.PLINTH_MODEL_MAX_RETRY_AFTER_MS, 30_000),
  };
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

export function isOpenRouter(config: ModelClientConfig): boolean {
  return new URL(config.baseURL).hostname.endsWith("openrouter.ai");
}

/** Counts the HTTP attempts (first try plus SDK retries) of one generation, for its job log. */
export interface AttemptCounter {
  attempts: number;
}

export function createModelClient(
  config: ModelClientConfig,
  counter: AttemptCounter = { attempts: 0 },
  logger?: OpenAI["logger"],
): OpenAI {
  return new OpenAI({
    baseURL: config.baseURL,
    apiKey: config.apiKey,
    defaultHeaders: config.headers,
    timeout: config.timeoutMs,
    maxRetries: config.maxRetries,
    fetch: countingFetch(counter, config.maxRetryAfterMs),
    ...(logger ? { logger, logLevel: "debug" as const } : { logLevel: "off" as const }),
  });
}

function countingFetch(counter: AttemptCounter, maxRetryAfterMs: number): typeof fetch {
  return async (input, init) => {
    counter.attempts += 1;
    return capRetryAfter(await fetch(input, init), maxRetryAfterMs);
  };
}

function capRetryAfter(response: Response, maxMs: number): Response {
  const seconds = response.headers.get("retry-after");
  const millis = response.headers.get("retry-after-ms");
  const askedMs = millis ? Number(millis) : seconds ? retryAfterMs(seconds) : 0;
  if (!(askedMs > maxMs)) return response;
  const headers = new Headers(response.headers);
  headers.delete("retry-after");
  headers.set("retry-after-ms", String(maxMs));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

function retryAfterMs(header: string): number {
  const seconds = Number(header);
  return Number.isNaN(seconds) ? Date.parse(header) - Date.now() : seconds * 1000;
}

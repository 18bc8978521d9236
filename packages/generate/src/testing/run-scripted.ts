/**
 * One generation through the real `openai` client against a scripted local server:
 * the harness the loop tests, the corpus test and the benchmark share.
 */
import { type GenerationResult, generateBlueprint, type ProgressEvent } from "../index.js";
import { type ReceivedRequest, type ScriptedReply, startScriptedServer } from "./scripted-server.js";

export interface ScriptedRun {
  result: GenerationResult;
  events: ProgressEvent[];
  received: ReceivedRequest[];
}

export async function runScripted(
  script: ScriptedReply[],
  options: { model?: string; prompt?: string; env?: Record<string, string> } = {},
): Promise<ScriptedRun> {
  const server = await startScriptedServer(script);
  const events: ProgressEvent[] = [];
  try {
    const result = await generateBlueprint({
      prompt: options.prompt ?? "A CRM where sales reps see only their own deals",
      model: options.model ?? "openai/gpt-4o-mini",
      env: {
        OPENROUTER_BASE_URL: server.baseURL,
        OPENROUTER_API_KEY: "sk-test-scripted-0123456789",
        PLINTH_MODEL_TIMEOUT_MS: "5000",
        PLINTH_MODEL_MAX_RETRIES: "0",
        ...options.env,
      },
      onProgress: (e) => events.push(e),
    });
    return { result, events, received: server.received };
  } finally {
    await server.close();
  }
}

/**
 * Names what a model sent instead of a blueprint, so the repair prompt and the
 * founder hear what actually happened: nothing, a refusal, a question, YAML, or the
 * JSON Schema itself. Each has its own problem code; the loop stops at once on a
 * refusal and asks again for the rest.
 */
import type { Problem } from "../problems.js";

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What the model said, short enough to quote in one line. */
function quote(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "I can't …", or an apology followed by one, at the start of an answer without JSON. */
const REFUSAL =
  /^((i'?m sorry|i am sorry|sorry|unfortunately)[^.!?\n]{0,80}\b(can'?t|cannot|can not|unable|won'?t|will not|not able)\b|(i cannot|i can'?t|i can not|i won'?t|i will not|i am unable|i'?m unable|i'?m not able|i am not able|as an ai)\b)/i;

/** The model declined to design the app; the loop stops on this problem at once. */
export function refusalProblem(said: string): Problem {
  return {
    path: "",
    code: "model_refused",
    message: `The model declined: "${quote(said)}"`,
    hint: "Rephrase the request as the business app you want, or pick another model.",
  };
}

export function noJson(): Problem {
  return {
    path: "",
    code: "no_json",
    message: "The answer contains no JSON object.",
    hint: "Answer with one complete BlueprintV2 JSON object and nothing else.",
  };
}

/** The problem with an answer that is not a blueprint, or undefined when `value` may still be one. */
export function describeNonJson(text: string, value: unknown): Problem | undefined {
  if (isRecord(value)) {
    if ("$schema" in value || ("properties" in value && (value.type === "object" || "required" in value))) {
      return {
        path: "",
        code: "json_schema_instead_of_blueprint",
        message:
          'The answer is a JSON Schema (it has "properties"/"$schema"), not a blueprint: it describes the format instead of filling it in.',
        hint: 'Answer with the app itself: {"version": 2, "app": {…}, "data": {"tables": […]}, "security": {…}, "ui": {…}}.',
      };
    }
    return undefined;
  }
  const said = text.trim();
  if (said === "") {
    return {
      path: "",
      code: "empty_answer",
      message: "The answer was empty.",
      hint: "Answer with one complete BlueprintV2 JSON object.",
    };
  }
  if (REFUSAL.test(said)) return refusalProblem(said);
  const lines = said.split("\n").filter((l) => l.trim() !== "");
  const keyLines = lines.filter((l) => /^\s*(- )?[A-Za-z_][\w ]*:(\s|$)/.test(l)).length;
  if (keyLines >= 3 && keyLines >= lines.length / 2) {
    return {
      path: "",
      code: "yaml_instead_of_json",
      message: "The answer is YAML (key: value lines), not JSON.",
      hint: "Write the same blueprint as one JSON object: double-quoted keys, braces and brackets, no YAML.",
    };
  }
  if (/\?(\s|$)/.test(said)) {
    return {
      path: "",
      code: "question_instead_of_blueprint",
      message: `The model asked a question instead of answering with a blueprint: "${quote(said)}"`,
      hint: "Do not ask: decide anything unclear yourself, sensibly, and answer with the complete BlueprintV2 JSON.",
    };
  }
  return {
    ...noJson(),
    message: `The answer contains no JSON object; it says: "${quote(said)}"`,
  };
}

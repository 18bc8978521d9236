/**
 * The gate every blueprint passes, whatever produced it: tolerant intake of the raw
 * model text, then schema validation and semantic verification by @plinth/blueprint.
 */
import { type BlueprintV2, type Problem, validateBlueprint } from "@plinth/blueprint";

export type Checked = { ok: true; blueprint: BlueprintV2; warnings: string[] } | { ok: false; problems: Problem[] };

/** Raw model text → verified blueprint, or the problems a repair call must fix. */
export function checkModelOutput(text: string): Checked {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start < 0 || end <= start) return { ok: false, problems: [notJson("the answer contains no JSON object")] };
  try {
    return checkBlueprint(JSON.parse(text.slice(start, end + 1)));
  } catch (error) {
    return { ok: false, problems: [notJson((error as Error).message)] };
  }
}

function notJson(detail: string): Problem {
  return {
    path: "",
    code: "not_json",
    message: `The answer is not a JSON document (${detail}).`,
    hint: "Answer with one complete BlueprintV2 JSON object and nothing else.",
  };
}

/** A parsed value → verified blueprint, or every problem found. */
export function checkBlueprint(value: unknown): Checked {
  const result = validateBlueprint(value);
  return result.ok ? { ok: true, blueprint: result.blueprint, warnings: [] } : { ok: false, problems: result.problems };
}

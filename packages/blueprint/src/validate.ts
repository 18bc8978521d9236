import type { z } from "zod";
import { type Problem, toJsonPointer } from "./problems.js";
import { type BlueprintV2, blueprintSchema } from "./schema.js";
import { verifyBlueprint } from "./verify.js";

export type ValidationResult = { ok: true; blueprint: BlueprintV2; problems: [] } | { ok: false; problems: Problem[] };

/**
 * Checks a blueprint against the BlueprintV2 schema and then, when its shape is
 * right, verifies its meaning; reports every problem of the failing stage at once.
 */
export function validateBlueprint(input: unknown): ValidationResult {
  const parsed = blueprintSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(issueToProblem) };
  const problems = verifyBlueprint(parsed.data);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, blueprint: parsed.data, problems: [] };
}

function issueToProblem(issue: z.core.$ZodIssue): Problem {
  const plinthCode = (issue as { params?: { plinth?: string } }).params?.plinth;
  return {
    path: toJsonPointer(issue.path),
    code: plinthCode ?? `schema_${issue.code}`,
    message: issue.message,
    hint: hintFor(issue),
  };
}

function hintFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "unrecognized_keys":
      return `Remove ${issue.keys.map((k) => `"${k}"`).join(", ")}: BlueprintV2 allows only the keys its schema names.`;
    case "invalid_type":
      return `Give a value of type ${issue.expected} here.`;
    case "invalid_value":
      return `Use one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}.`;
    case "invalid_union":
      return "This value matches none of the allowed shapes; compare it with the BlueprintV2 schema.";
    case "too_small":
      return `Provide at least ${String(issue.minimum)} here.`;
    case "too_big":
      return `Keep this to at most ${String(issue.maximum)}.`;
    default:
      return "Change this value to satisfy the rule in the message.";
  }
}

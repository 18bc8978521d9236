/**
 * Tolerant intake of a model's answer, run before validation: finds the JSON, repairs
 * the harmless mistakes (see intake/normalize.ts) and reports each repair as a
 * warning. What it cannot read it refuses with a problem a repair prompt can quote.
 */
import { extractJson, type IntakeWarning } from "./intake/extract-json.js";
import { normalizeBlueprint } from "./intake/normalize.js";
import type { Problem } from "./problems.js";

export type { IntakeWarning } from "./intake/extract-json.js";
export { refusalProblem } from "./intake/non-json.js";

/**
 * `problems` on a readable answer are the parts intake refuses to guess (a SQL row
 * filter it cannot translate); they are reported with the schema's and verifier's.
 */
export type IntakeResult =
  | { ok: true; value: unknown; warnings: IntakeWarning[]; problems: Problem[] }
  | { ok: false; problems: Problem[] };

export function intakeModelOutput(text: string): IntakeResult {
  const extracted = extractJson(text);
  if (!extracted.ok) return { ok: false, problems: [extracted.problem] };
  const warnings = [...extracted.warnings];
  const problems: Problem[] = [];
  const value = normalizeBlueprint(extracted.value, warnings, problems);
  return { ok: true, value, warnings, problems };
}

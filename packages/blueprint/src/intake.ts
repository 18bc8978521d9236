/**
 * Tolerant intake of a model's answer, run before validation: finds the JSON, repairs
 * the harmless mistakes (see intake/normalize.ts) and reports each repair as a
 * warning. What it cannot read it refuses with a problem a repair prompt can quote.
 */
import { extractJson, type IntakeWarning } from "./intake/extract-json.js";
import { normalizeBlueprint } from "./intake/normalize.js";
import type { Problem } from "./problems.js";

export type { IntakeWarning } from "./intake/extract-json.js";

export type IntakeResult = { ok: true; value: unknown; warnings: IntakeWarning[] } | { ok: false; problems: Problem[] };

export function intakeModelOutput(text: string): IntakeResult {
  const extracted = extractJson(text);
  if (!extracted.ok) return { ok: false, problems: [extracted.problem] };
  const warnings = [...extracted.warnings];
  const value = normalizeBlueprint(extracted.value, warnings);
  return { ok: true, value, warnings };
}

/**
 * The gate every blueprint passes, whatever produced it: tolerant intake of the raw
 * model text, then schema validation and semantic verification (validateBlueprint
 * runs both) by @plinth/blueprint.
 */
import { type BlueprintV2, intakeModelOutput, type Problem, validateBlueprint } from "@plinth/blueprint";

export type Checked = { ok: true; blueprint: BlueprintV2; warnings: string[] } | { ok: false; problems: Problem[] };

/** Raw model text → verified blueprint, or the problems a repair call must fix. */
export function checkModelOutput(text: string): Checked {
  const intake = intakeModelOutput(text);
  if (!intake.ok) return { ok: false, problems: intake.problems };
  const checked = checkBlueprint(intake.value);
  const fixed = intake.warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message));
  return checked.ok ? { ...checked, warnings: [...fixed, ...checked.warnings] } : checked;
}

/** A parsed value → verified blueprint, or every problem found. */
export function checkBlueprint(value: unknown): Checked {
  const result = validateBlueprint(value);
  return result.ok ? { ok: true, blueprint: result.blueprint, warnings: [] } : { ok: false, problems: result.problems };
}

/**
 * The gate every blueprint passes, whatever produced it: tolerant intake of the raw
 * model text, then schema validation and semantic verification (validateBlueprint
 * runs both) by @plinth/blueprint.
 */
import { type BlueprintV2, intakeModelOutput, type Problem, validateBlueprint } from "@plinth/blueprint";

/** `warnings` are intake's repairs, kept on failures too so the job record shows what was read. */
export type Checked =
  | { ok: true; blueprint: BlueprintV2; warnings: string[] }
  | { ok: false; problems: Problem[]; warnings: string[] };

/** Raw model text → verified blueprint, or every problem a repair call must fix, in one list. */
export function checkModelOutput(text: string): Checked {
  const intake = intakeModelOutput(text);
  if (!intake.ok) return { ok: false, problems: intake.problems, warnings: [] };
  const warnings = intake.warnings.map((w) => (w.path ? `${w.path}: ${w.message}` : w.message));
  const checked = checkBlueprint(intake.value);
  if (checked.ok && intake.problems.length === 0) return { ...checked, warnings };
  // A filter intake refused also fails the schema; its own problem says more, so it replaces that one.
  const refused = new Set(intake.problems.map((p) => p.path));
  const rest = checked.ok ? [] : checked.problems.filter((p) => !refused.has(p.path));
  return { ok: false, problems: [...intake.problems, ...rest], warnings };
}

/** A parsed value → verified blueprint, or every problem found. */
export function checkBlueprint(value: unknown): Checked {
  const result = validateBlueprint(value, { allProblems: true });
  return result.ok
    ? { ok: true, blueprint: result.blueprint, warnings: [] }
    : { ok: false, problems: result.problems, warnings: [] };
}

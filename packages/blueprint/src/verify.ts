/**
 * The semantic verifier: everything the schema alone cannot say about a blueprint —
 * cross references, types that must agree, and anything the runtime or Postgres would
 * trip on. Returns every problem at once so a model can repair them in one pass.
 */
import { nearestName } from "./nearest.js";
import type { Problem } from "./problems.js";
import type { Notice } from "./resolved/notices.js";
import { resolveBlueprint } from "./resolved/resolve.js";
import { checkApp } from "./rules/app.js";
import { BlueprintModel, Problems } from "./rules/model.js";
import { checkUi } from "./rules/pages.js";
import { checkRelationships } from "./rules/relationships.js";
import { checkSecurity } from "./rules/security.js";
import { checkTables } from "./rules/tables.js";
import type { BlueprintV2 } from "./schema.js";

export function verifyBlueprint(bp: BlueprintV2): Problem[] {
  const model = new BlueprintModel(bp);
  const out = new Problems();
  checkApp(model, out);
  checkTables(model, out);
  checkRelationships(model, out);
  checkSecurity(model, out);
  checkUi(model, out);
  return out.list.map((problem) => withSuggestion(bp, problem));
}

/**
 * What a valid blueprint does that its author may not have meant (a role that sees
 * activities only through the deals it can see). Not problems: nothing needs repair,
 * so they never fail validation; the summary says them in words.
 */
export function noticesOf(bp: BlueprintV2): Notice[] {
  return resolveBlueprint(bp).notices;
}

/**
 * A reference to something that does not exist is usually a near miss: the hint
 * names the nearest of the names it lists ("did you mean "contacts"?").
 */
function withSuggestion(bp: BlueprintV2, problem: Problem): Problem {
  if (!problem.code.startsWith("unknown_")) return problem;
  const written = problem.path
    .split("/")
    .slice(1)
    .reduce<unknown>(
      (v, k) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined),
      bp,
    );
  if (typeof written !== "string") return problem;
  const listed = [...problem.hint.matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
  const near = nearestName(written, listed);
  return near === undefined ? problem : { ...problem, hint: `Did you mean "${near}"? ${problem.hint}` };
}

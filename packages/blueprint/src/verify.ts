/**
 * The semantic verifier: everything the schema alone cannot say about a blueprint —
 * cross references, types that must agree, and anything the runtime or Postgres would
 * trip on. Returns every problem at once so a model can repair them in one pass.
 */
import type { Problem } from "./problems.js";
import { BlueprintModel, Problems } from "./rules/model.js";
import { checkUi } from "./rules/pages.js";
import { checkRelationships } from "./rules/relationships.js";
import { checkSecurity } from "./rules/security.js";
import { checkTables } from "./rules/tables.js";
import type { BlueprintV2 } from "./schema.js";

export function verifyBlueprint(bp: BlueprintV2): Problem[] {
  const model = new BlueprintModel(bp);
  const out = new Problems();
  checkTables(model, out);
  checkRelationships(model, out);
  checkSecurity(model, out);
  checkUi(model, out);
  return out.list;
}

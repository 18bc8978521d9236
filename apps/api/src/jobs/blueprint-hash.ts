import { createHash } from "node:crypto";
import type { BlueprintV2 } from "@plinth/blueprint";
import { stringify } from "safe-stable-stringify";

/**
 * A version's fingerprint. Keys are sorted before hashing: the same blueprint must hash the
 * same whether it came from the model, an edit or a jsonb column (which reorders keys).
 */
export function hashBlueprint(blueprint: BlueprintV2): string {
  return createHash("sha256")
    .update(stringify(blueprint) ?? "")
    .digest("hex");
}

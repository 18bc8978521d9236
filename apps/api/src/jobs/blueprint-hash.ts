import { createHash } from "node:crypto";
import type { BlueprintV2 } from "@plinth/blueprint";

export function hashBlueprint(blueprint: BlueprintV2): string {
  return createHash("sha256").update(JSON.stringify(blueprint)).digest("hex");
}

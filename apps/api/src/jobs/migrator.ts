/**
 * Moves a running app to a new blueprint version in place (refine and restore),
 * keeping its data: implemented on the provisioning package's migration planner.
 */
import type { BlueprintV2 } from "@plinth/blueprint";
import type { AppRow } from "../apps/store.js";

export interface MigrationOutcome {
  version: number;
  /** Plain-language consequences, e.g. "adds column Priority to Tickets". */
  summary: string[];
}

export interface Migrator {
  migrateTo(
    app: AppRow,
    blueprint: BlueprintV2,
    options: { source: "refine" | "restore"; note: string | null; actorId: string | null; confirmDestructive: boolean },
  ): Promise<MigrationOutcome>;
}

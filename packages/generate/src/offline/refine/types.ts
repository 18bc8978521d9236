/** What one clause of a refine instruction did to the blueprint. */
import type { BlueprintV2 } from "@plinth/blueprint";

export type Blueprint = BlueprintV2;
export type Table = Blueprint["data"]["tables"][number];
export type Column = Table["columns"][number];
export type Block = Blueprint["ui"]["pages"][number]["blocks"][number];
export type Permission = Blueprint["security"]["permissions"][number];

/**
 * `applied`: done, in plain words. `refused`: the clause was understood but cannot be
 * applied; the message says why and what the nearest possible change is. `null`: the
 * clause is not this edit's kind, so the next edit is tried.
 */
export type Outcome = { applied: string } | { refused: string } | null;

export type Edit = (bp: Blueprint, clause: string) => Outcome;

export const applied = (message: string): Outcome => ({ applied: message });
export const refused = (message: string): Outcome => ({ refused: message });

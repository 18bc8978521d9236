import { type BlueprintV2, validateBlueprint } from "@plinth/blueprint";
import type { RefinePreview } from "@plinth/contract";
import helpdeskExample from "../../../schemas/examples/helpdesk.json";
import trackerExample from "../../../schemas/examples/project-tracker.json";

/** An example app's blueprint as the API hands it out: validated, defaults filled in, a fresh copy each time. */
function valid(example: unknown): BlueprintV2 {
  const checked = validateBlueprint(structuredClone(example));
  if (!checked.ok) throw new Error("the examples are valid blueprints");
  return checked.blueprint;
}

export const helpdesk = () => valid(helpdeskExample);
export const projectTracker = () => valid(trackerExample);

/** The API's answer to a preview that changes nothing worth a warning; tests override what they show. */
export function previewAnswer(shown: Partial<RefinePreview>): RefinePreview {
  return {
    proposal_id: "p-1",
    from_version: 4,
    empty: false,
    summary: [],
    data_loss: [],
    access_changes: [],
    checks: [],
    destructive: false,
    sql: "",
    assumptions: [],
    not_applied: [],
    ...shown,
  };
}

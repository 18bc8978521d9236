/**
 * How a generation that produced no blueprint ended, and the one sentence the
 * founder reads about it. Each ending names what the model did (refused, sent
 * nothing, ran out of room, sent something that is not a blueprint, or left
 * problems unfixed), so a failure never hides behind a count of problems.
 */
import { type Problem, refusalProblem } from "@plinth/blueprint";

export type Ending =
  | "call_failed"
  | "model_refused"
  | "content_filter"
  | "empty_answer"
  | "answer_cut_off"
  | "not_a_blueprint"
  | "problems_remain"
  /** The offline planner found no app in the request and asks what it should keep (the reason is the question). */
  | "needs_detail";

/** The problem that stands for an ending the model's answer itself shows. */
export function endingProblem(
  ending: "model_refused" | "content_filter" | "empty_answer" | "answer_cut_off",
  said: string,
): Problem {
  switch (ending) {
    case "model_refused":
      return refusalProblem(said);
    case "content_filter":
      return {
        path: "",
        code: "content_filter",
        message: "The provider's content filter stopped the answer.",
        hint: "Rephrase the request, or pick another model.",
      };
    case "empty_answer":
      return {
        path: "",
        code: "empty_answer",
        message: "The model answered with nothing, twice.",
        hint: "Try again, or pick another model.",
      };
    case "answer_cut_off":
      return {
        path: "",
        code: "answer_cut_off",
        message: `The answer was cut off at the model's output limit after ${said.length} characters, so the blueprint is incomplete.`,
        hint: "Answer with a shorter app: the same tables, but fewer pages and blocks, no descriptions, and labels only where the name is not enough.",
      };
  }
}

/** Why the generation failed, for the founder; a failed call's reason is the call's own error. */
export function failureReason(
  ending: Exclude<Ending, "call_failed" | "needs_detail">,
  problems: Problem[],
  tally: { repairs: number },
): string {
  const first = problems[0];
  switch (ending) {
    case "model_refused":
      return `The model refused to design this app: ${first?.message.replace(/^The model declined: /, "") ?? ""} Rephrase the request or pick another model.`;
    case "content_filter":
      return "The model provider's content filter stopped the answer. Rephrase the request or pick another model.";
    case "empty_answer":
      return "The model sent an empty answer, and again when asked a second time. Try again later or pick another model.";
    case "answer_cut_off":
      return `The model's answer was cut off before the blueprint ended, ${tally.repairs === 0 ? "once" : `even after being asked ${tally.repairs} time${tally.repairs === 1 ? "" : "s"} for a shorter app`}. Ask for fewer tables or pages, or pick a model with a larger output limit.`;
    case "not_a_blueprint":
      return `The model did not answer with a blueprint (${first?.message ?? "no JSON"}), even after ${tally.repairs} request${tally.repairs === 1 ? "" : "s"} to. Try another model, or "Offline".`;
    case "problems_remain": {
      const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
      return `The model's blueprint still had ${count} after ${tally.repairs} repairs, for example: ${first ? `${first.path || "/"}: ${first.message}` : "none listed"}. Try rephrasing the request, another model, or "Offline".`;
    }
  }
}

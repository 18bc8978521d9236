import { z } from "zod";

/** Every failure of the control-plane API answers with this body; `message` is written to be shown as it is. */
export const apiErrorBody = z.object({
  error: z.object({
    /** Stable and machine-readable, e.g. "invalid_request", "not_found", "email_taken". */
    code: z.string(),
    message: z.string(),
    /** What exactly was wrong, when there is more to say (validation problems, a blueprint's problems). */
    details: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>;

/**
 * A failure as the control-plane API answers it: the HTTP status and the body's error.
 * The API throws it to answer with it; the web app's client throws it on such an answer.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The API's structured details, when there are any (e.g. which rows an import refused). */
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

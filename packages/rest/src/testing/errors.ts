import { PostgrestError } from "../errors.js";

/** The PostgREST error `fn` throws; any other outcome fails the test. */
export function postgrestErrorOf(fn: () => unknown): PostgrestError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PostgrestError) return err;
    throw err;
  }
  throw new Error("expected a PostgREST error");
}

/**
 * What the control plane's services refuse, in the founder's words and with a stable
 * code, but without HTTP: `http/errors.ts` decides the status each kind is answered with.
 */
export abstract class DomainError extends Error {
  constructor(
    /** Stable, machine-readable, e.g. "stale_preview"; clients may branch on it. */
    readonly code: string,
    /** Says what was wrong and what to do, shown to the founder as it is. */
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist (or is not the caller's to see). */
export class NotFound extends DomainError {}

/** The request is sound but the app's current state refuses it (busy, stale, needs confirming). */
export class Conflict extends DomainError {}

/** What was sent cannot be done at all, e.g. a blueprint that does not verify. */
export class Invalid extends DomainError {}

/** The credentials given do not identify anyone. */
export class Unauthenticated extends DomainError {}

/** Too many attempts; worth trying again after `retryAfterSeconds`. */
export class TooManyAttempts extends DomainError {
  constructor(
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(code, message);
  }
}

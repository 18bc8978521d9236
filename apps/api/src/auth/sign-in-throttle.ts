/**
 * Failed sign-ins counted per account, whatever address they come from, so guessing
 * one founder's password from many addresses is as slow as from one. Kept in memory:
 * each API process counts its own failures.
 */
export interface SignInThrottleOptions {
  /** Failures allowed inside the window before the account is held. */
  maxFailures: number;
  windowMs: number;
  now?: () => number;
}

export class SignInThrottle {
  readonly #failures = new Map<string, number[]>();
  readonly #options: Required<SignInThrottleOptions>;

  constructor(options: SignInThrottleOptions) {
    this.#options = { now: Date.now, ...options };
  }

  /** Seconds until `account` may try again, or undefined when it may try now. */
  retryAfterSeconds(account: string): number | undefined {
    const recent = this.#recent(account);
    if (recent.length < this.#options.maxFailures) return undefined;
    const oldest = recent[recent.length - this.#options.maxFailures] as number;
    return Math.max(1, Math.ceil((oldest + this.#options.windowMs - this.#options.now()) / 1000));
  }

  recordFailure(account: string): void {
    this.#failures.set(account, [...this.#recent(account), this.#options.now()]);
    // Accounts nobody tries again would otherwise stay in memory for good.
    if (this.#failures.size > 10_000) for (const key of this.#failures.keys()) this.#recent(key);
  }

  /** A successful sign-in clears the account's failures. */
  reset(account: string): void {
    this.#failures.delete(account);
  }

  #recent(account: string): number[] {
    const since = this.#options.now() - this.#options.windowMs;
    const recent = (this.#failures.get(account) ?? []).filter((at) => at > since);
    if (recent.length === 0) this.#failures.delete(account);
    else this.#failures.set(account, recent);
    return recent;
  }
}

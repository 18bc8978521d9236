/**
 * At most `limit` tasks at once, the rest in arrival order: live updates re-read rows on
 * the data API's pool, and must leave most of its connections to /rest/v1 requests.
 */
export class Gate {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      // The slot passes straight to the next task, so the count stays right.
      if (next) next();
      else this.#running--;
    }
  }
}

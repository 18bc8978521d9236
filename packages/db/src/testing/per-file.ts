/**
 * Test-file fixtures made once in beforeAll and released in afterAll, instead of the same
 * `let x; beforeAll(…); afterAll(…)` at the top of every file. The value returned stands
 * for the one beforeAll makes, so tests read `db.pool` as before.
 */
import { afterAll, beforeAll } from "vitest";
import { openTestDatabase, type TestDatabase } from "./test-database.js";

/** An object made in beforeAll, usable wherever the object is once that has run. */
function madeInBeforeAll<T extends object>(what: string): { proxy: T; set(value: T): void; current(): T | undefined } {
  let value: T | undefined;
  const target = (): T => {
    if (!value) throw new Error(`${what} is made in beforeAll: read it inside a test or a later hook`);
    return value;
  };
  const proxy = new Proxy({} as T, {
    get(_, key) {
      const object = target();
      const found = Reflect.get(object, key, object);
      return typeof found === "function" ? found.bind(object) : found;
    },
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
  const set = (made: T) => {
    value = made;
  };
  return { proxy, set, current: () => value };
}

/**
 * `make` runs in beforeAll and `release` in afterAll (afterAll hooks registered later run
 * first, so a file can still clean up with what was made).
 */
export function madeForFile<T extends object>(
  what: string,
  make: () => Promise<T>,
  release: (made: T) => Promise<unknown>,
  timeoutMs = 60_000,
): T {
  const made = madeInBeforeAll<T>(what);
  beforeAll(async () => made.set(await make()), timeoutMs);
  afterAll(async () => {
    const value = made.current();
    if (value) await release(value);
  }, 60_000);
  return made.proxy;
}

/** The test database for this file. */
export const testDatabaseForFile = (): TestDatabase =>
  madeForFile("the test database", openTestDatabase, (db) => db.close());

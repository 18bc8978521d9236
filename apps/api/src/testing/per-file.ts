/**
 * What most API test files share: one Plinth started before the file's tests and closed
 * after them, and an example app provisioned into it. `const t = testPlinthForFile()`
 * replaces the same let/beforeAll/afterAll in every file; the value it returns stands
 * for the one beforeAll makes, so tests read `t.url` as before.
 */
import { afterAll, beforeAll } from "vitest";
import { type ExampleApp, provisionExample } from "./example-apps.js";
import { startTestPlinth, type TestPlinth } from "./test-plinth.js";

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
  return { proxy, set: (made) => void (value = made), current: () => value };
}

/** A Plinth for this test file, started in beforeAll and closed in afterAll. */
export function testPlinthForFile(...args: Parameters<typeof startTestPlinth>): TestPlinth {
  const plinth = madeInBeforeAll<TestPlinth>("the test Plinth");
  beforeAll(async () => plinth.set(await startTestPlinth(...args)), 60_000);
  afterAll(async () => {
    await plinth.current()?.close();
  }, 60_000);
  return plinth.proxy;
}

/** An example app provisioned into `t` in beforeAll (after `t` has started). */
export function exampleAppForFile(t: TestPlinth, ...args: DropFirst<Parameters<typeof provisionExample>>): ExampleApp {
  const app = madeInBeforeAll<ExampleApp>(`the example app "${args[0]}"`);
  beforeAll(async () => app.set(await provisionExample(t, ...args)), 120_000);
  return app.proxy;
}

type DropFirst<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;

/**
 * What most API test files share: one Plinth started before the file's tests and closed
 * after them, and an example app provisioned into it. `const t = testPlinthForFile()`
 * replaces the same let/beforeAll/afterAll in every file; the value it returns stands
 * for the one beforeAll makes, so tests read `t.url` as before.
 */
import { madeInBeforeAll } from "@plinth/db/testing";
import { afterAll, beforeAll } from "vitest";
import { type ExampleApp, provisionExample } from "./example-apps.js";
import { startTestPlinth, type TestPlinth } from "./test-plinth.js";

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

/**
 * What most API test files share: one Plinth started before the file's tests and closed
 * after them, and an example app provisioned into it. `const t = testPlinthForFile()`
 * replaces the same let/beforeAll/afterAll in every file; the value it returns stands
 * for the one beforeAll makes, so tests read `t.url` as before.
 */
import { madeForFile } from "@plinth/db/testing";
import { type ExampleApp, provisionExample } from "./example-apps.js";
import { startTestPlinth, type TestPlinth } from "./test-plinth.js";

/** A Plinth for this test file, started in beforeAll and closed in afterAll. */
export const testPlinthForFile = (...args: Parameters<typeof startTestPlinth>): TestPlinth =>
  madeForFile(
    "the test Plinth",
    () => startTestPlinth(...args),
    (t) => t.close(),
  );

/** An example app provisioned into `t` in beforeAll (after `t` has started); its roles go when `t` closes. */
export const exampleAppForFile = (t: TestPlinth, ...args: DropFirst<Parameters<typeof provisionExample>>): ExampleApp =>
  madeForFile(
    `the example app "${args[0]}"`,
    () => provisionExample(t, ...args),
    async () => undefined,
    120_000,
  );

type DropFirst<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;

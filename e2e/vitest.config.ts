import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "e2e",
    include: ["specs/**/*.spec.ts"],
    globalSetup: ["support/global-setup.ts"],
    // One browser and one pair of servers, shared by specs that build on each other.
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});

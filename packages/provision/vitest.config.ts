import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "provision",
    include: ["src/**/*.test.ts"],
    // Every test here runs DDL or HTTP against a real Postgres; on 2 shared cores a 5 s default fails healthy tests.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

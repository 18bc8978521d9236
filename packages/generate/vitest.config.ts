import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "generate", include: ["src/**/*.test.ts"] },
});

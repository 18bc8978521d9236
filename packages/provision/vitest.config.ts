import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "provision", include: ["src/**/*.test.ts"] },
});

import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "blueprint", include: ["src/**/*.test.ts"] },
});

import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  // esbuild's automatic runtime compiles JSX without @vitejs/plugin-react.
  esbuild: { jsx: "automatic" },
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)) } },
  test: {
    name: "web",
    environment: "jsdom",
    include: ["**/*.test.{ts,tsx}"],
    exclude: ["node_modules/**", ".next/**"],
    setupFiles: ["./vitest.setup.ts"],
    globals: true,
  },
});

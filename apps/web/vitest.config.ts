import { fileURLToPath } from "node:url";
import { defineProject } from "vitest/config";

export default defineProject({
  // esbuild's automatic runtime compiles JSX without @vitejs/plugin-react.
  esbuild: { jsx: "automatic" },
  // As tsconfig.json's paths: shadcn/ui's generated components live under vendor/ (see its README).
  resolve: {
    alias: [
      { find: /^@\/components\/ui\//, replacement: fileURLToPath(new URL("./vendor/shadcn-ui/", import.meta.url)) },
      { find: /^@\//, replacement: fileURLToPath(new URL("./", import.meta.url)) },
    ],
  },
  test: {
    name: "web",
    environment: "jsdom",
    include: ["**/*.test.{ts,tsx}"],
    exclude: ["node_modules/**", ".next/**"],
    setupFiles: ["./vitest.setup.ts"],
    globals: true,
  },
});

import { defineConfig } from "vitest/config";

// Workspace packages resolve to their TypeScript sources through the "source"
// export condition, so tests never need a prior build.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"] } },
  test: {
    include: ["**/test/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**", "test/.generated/**"],
    testTimeout: 30_000,
    pool: "forks",
  },
});

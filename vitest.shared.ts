import { defineConfig } from "vitest/config";

// Resolve workspace packages to their TypeScript sources (the "@lab/source" export condition), so
// tests run across packages without building them first.
export const sharedTestConfig = defineConfig({
  resolve: { conditions: ["@lab/source", "import", "module", "node", "default"] },
  ssr: { resolve: { conditions: ["@lab/source", "import", "module", "node", "default"] } },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts", "examples/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from "vitest/config";

// One vitest process over every workspace project gives one summary line for CI.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"],
  },
});

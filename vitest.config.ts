import { defineConfig } from "vitest/config";

// One vitest process over every workspace project gives one summary, and the JSON report lets
// .ci/run print a single "N passed, N failed" closing line.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"],
    reporters: ["default", "json"],
    outputFile: { json: ".vitest-report.json" },
  },
});

import { describe, expect, it } from "vitest";
import { type GradcheckResult, gradcheck, summarizeGradchecks } from "./gradcheck.js";
import { GRADCHECK_CASES } from "./gradcheck-cases.js";

describe("gradcheck of every backward rule and loss against central differences in onnxruntime", () => {
  it.each(GRADCHECK_CASES.map((testCase) => [`${testCase.op} (${testCase.variant})`, testCase] as const))(
    "%s",
    async (_, testCase) => {
      const result = await gradcheck(testCase);
      console.log(
        `${result.op} | ${result.variant} | ${result.dtype} | ${result.maxRelativeError.toExponential(2)}`,
      );
      expect(result.maxRelativeError).toBeLessThanOrEqual(result.tolerance);
    },
  );
});

describe("summarizeGradchecks", () => {
  it("keeps the worst error per op and fails an op when any of its cases fails", () => {
    const results: GradcheckResult[] = [
      { op: "A", variant: "1", dtype: "float64", maxRelativeError: 1e-9, tolerance: 1e-6, passed: true },
      { op: "A", variant: "2", dtype: "float64", maxRelativeError: 1e-3, tolerance: 1e-6, passed: false },
      { op: "B", variant: "1", dtype: "float32", maxRelativeError: 1e-4, tolerance: 2e-2, passed: true },
    ];
    const summary = summarizeGradchecks(results);
    expect(summary).toEqual([
      { op: "A", maxRelativeError: 1e-3, cases: 2, passed: false },
      { op: "B", maxRelativeError: 1e-4, cases: 1, passed: true },
    ]);
  });
});

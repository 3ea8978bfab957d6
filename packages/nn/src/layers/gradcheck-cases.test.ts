import { describe, expect, it } from "vitest";
import { gradcheckLayers, LAYER_GRADCHECK_CASES } from "./gradcheck-cases.js";

describe("gradcheck of every layer's parameters against central differences in onnxruntime", () => {
  it.each(
    LAYER_GRADCHECK_CASES.map((testCase) => [`${testCase.layer} (${testCase.variant})`, testCase] as const),
  )("%s", async (_, testCase) => {
    const [result] = await gradcheckLayers([testCase]);
    expect(result.dtype).toBe("float64");
    expect(result.parameters.length).toBeGreaterThan(0);
    expect(result.maxRelativeError).toBeLessThanOrEqual(result.tolerance);
  });
});

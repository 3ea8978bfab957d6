import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { mae, mse, rmse } from "./regression.js";

describe("regression metrics", () => {
  // Errors 0.5, -0.5, 0, -1.
  const yTrue = [3, -0.5, 2, 7];
  const yPred = Float64Array.of(2.5, 0, 2, 8);

  it("mse is the mean squared error", () => {
    // (0.25 + 0.25 + 0 + 1) / 4 = 0.375
    expect(mse(yTrue, yPred)).toBe(0.375);
  });

  it("rmse is its square root", () => {
    expect(rmse(yTrue, yPred)).toBeCloseTo(Math.sqrt(0.375), 15); // 0.6123724...
  });

  it("mae is the mean absolute error", () => {
    // (0.5 + 0.5 + 0 + 1) / 4 = 0.5
    expect(mae(yTrue, yPred)).toBe(0.5);
  });

  it("rejects length mismatch and empty input", () => {
    for (const metric of [mse, rmse, mae]) {
      expect(() => metric([1, 2], [1])).toThrow(InvalidArgumentError);
      expect(() => metric([], [])).toThrow(InvalidArgumentError);
    }
  });
});

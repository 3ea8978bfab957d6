import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { add, hadamard, scale, subtract } from "./elementwise.js";

const a = Matrix.fromRows([
  [1, -2, 3],
  [4, 5, -6],
]);
const b = Matrix.fromRows([
  [0.5, 2, -1],
  [3, -5, 2],
]);

describe("elementwise operations", () => {
  it("add, subtract, scale and hadamard act entry by entry", () => {
    expect(add(a, b).toArray()).toEqual([
      [1.5, 0, 2],
      [7, 0, -4],
    ]);
    expect(subtract(a, b).toArray()).toEqual([
      [0.5, -4, 4],
      [1, 10, -8],
    ]);
    expect(scale(a, -2).toArray()).toEqual([
      [-2, 4, -6],
      [-8, -10, 12],
    ]);
    expect(hadamard(a, b).toArray()).toEqual([
      [0.5, -4, -3],
      [12, -25, -12],
    ]);
  });

  it("leaves its inputs untouched", () => {
    const before = a.clone();
    add(a, b);
    scale(a, 3);
    expect(a.data).toEqual(before.data);
  });

  it("rejects mismatched shapes naming both", () => {
    expect(() => add(a, a.transpose())).toThrow("add needs matrices of the same shape, got 2×3 and 3×2");
    expect(() => hadamard(a, new Matrix(2, 2))).toThrow("2×3 and 2×2");
  });
});

import { describe, expect, it } from "vitest";
import { Matrix } from "./matrix.js";

describe("Matrix", () => {
  it("stores rows contiguously and returns row views", () => {
    const m = Matrix.fromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.shape).toEqual([2, 3]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
    m.row(1)[0] = 40;
    expect(m.get(1, 0)).toBe(40);
    expect(Array.from(m.column(2))).toEqual([3, 6]);
  });

  it("transposes non-square matrices larger than a block", () => {
    const m = new Matrix(
      37,
      70,
      Float64Array.from({ length: 37 * 70 }, (_, k) => k),
    );
    const t = m.transpose();
    expect(t.shape).toEqual([70, 37]);
    for (let i = 0; i < 37; i++) for (let j = 0; j < 70; j++) expect(t.get(j, i)).toBe(m.get(i, j));
  });

  it("builds identity and rectangular diagonal matrices", () => {
    expect(Matrix.identity(2).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(Matrix.diagonal([3, 4], 3, 2).toArray()).toEqual([
      [3, 0],
      [0, 4],
      [0, 0],
    ]);
  });

  it("rejects ragged rows and wrong data lengths", () => {
    expect(() => Matrix.fromRows([[1, 2], [3]])).toThrow("row 1 has 1 values; row 0 has 2");
    expect(() => new Matrix(2, 2, new Float64Array(3))).toThrow("a 2×2 matrix needs 4 values, got 3");
  });
});

import { CsrMatrix, Matrix } from "@lab/linalg";
import { describe, expect, it } from "vitest";
import { distinctRows } from "./distinct-rows.js";
import { randomOneHot } from "./test-support.js";

describe("distinctRows", () => {
  it("groups equal rows in order of first occurrence and counts them", () => {
    const matrix = CsrMatrix.fromDense(
      Matrix.fromRows([
        [1, 0, 1],
        [0, 0, 0],
        [1, 0, 1],
        [2, 0, 1], // same columns as row 0, different value
        [0, 0, 0],
        [1, 0, 1],
      ]),
    );
    const result = distinctRows(matrix);
    expect(result.matrix.toDense().toArray()).toEqual([
      [1, 0, 1],
      [0, 0, 0],
      [2, 0, 1],
    ]);
    expect(Array.from(result.counts)).toEqual([3, 2, 1]);
    expect(Array.from(result.rowToDistinct)).toEqual([0, 1, 0, 2, 1, 0]);
    expect(Array.from(result.firstRow)).toEqual([0, 1, 3]);
  });

  it("maps every row of skewed one-hot data to an equal distinct row, and distinct rows differ", () => {
    const matrix = randomOneHot(7, 3000, [4, 8, 5, 2]);
    const { matrix: distinct, counts, rowToDistinct } = distinctRows(matrix);
    expect(distinct.rows).toBeLessThan(matrix.rows / 3);
    const dense = matrix.toDense().toArray();
    const distinctDense = distinct.toDense().toArray();
    dense.forEach((row, i) => {
      expect(distinctDense[rowToDistinct[i]!]).toEqual(row);
    });
    expect(new Set(distinctDense.map((row) => row.join(","))).size).toBe(distinct.rows);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(matrix.rows);
  });
});

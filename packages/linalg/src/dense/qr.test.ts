import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { qr } from "./qr.js";
import {
  hilbert,
  maxAbs,
  maxAbsDifference,
  naiveProduct,
  orthonormalityError,
  randomLowRank,
  randomMatrix,
} from "./test-support.js";

const cases: [string, Matrix][] = [
  ["square", randomMatrix(6, 6, 1)],
  ["tall", randomMatrix(40, 7, 2)],
  ["wide", randomMatrix(5, 12, 3)],
  ["1×n", randomMatrix(1, 6, 4)],
  ["n×1", randomMatrix(6, 1, 5)],
  ["rank-deficient", randomLowRank(20, 10, 3, 6)],
  ["zero", new Matrix(5, 3)],
  ["Hilbert", hilbert(10)],
  ["large tall (rows go four at a time)", randomMatrix(150, 61, 7)],
  ["large wide", randomMatrix(45, 130, 8)],
  ["huge entries", scaled(randomMatrix(9, 6, 9), 1e200)],
  ["tiny entries", scaled(randomMatrix(9, 6, 10), 1e-200)],
];

function scaled(a: Matrix, factor: number): Matrix {
  return new Matrix(
    a.rows,
    a.cols,
    a.data.map((value) => value * factor),
  );
}

describe("qr", () => {
  it.each(cases)("reconstructs A = QR with orthonormal Q and upper-triangular R (%s)", (_name, a) => {
    for (const mode of ["thin", "full"] as const) {
      const { q, r } = qr(a, { mode });
      const k = mode === "full" ? a.rows : Math.min(a.rows, a.cols);
      expect(q.shape).toEqual([a.rows, k]);
      expect(r.shape).toEqual([k, a.cols]);
      expect(orthonormalityError(q)).toBeLessThan(1e-14);
      expect(maxAbsDifference(naiveProduct(q, r), a)).toBeLessThanOrEqual(1e-14 * maxAbs(a) * a.rows);
      for (let i = 0; i < r.rows; i++)
        for (let j = 0; j < Math.min(i, r.cols); j++) expect(r.get(i, j)).toBe(0);
    }
  });

  it("rejects an unknown mode", () => {
    expect(() => qr(new Matrix(2, 2), { mode: "economic" as "thin" })).toThrow(
      'qr mode must be "thin" or "full"',
    );
  });
});

import { InvalidArgumentError, Rng } from "@lab/core";
import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { CsrMatrix } from "./csr-matrix.js";
import type { LinearOperator } from "./linear-operator.js";

/** A rows×cols matrix with about `density` of its entries set to small integers (some negative). */
function randomSparseDense(rng: Rng, rows: number, cols: number, density: number): Matrix {
  const result = new Matrix(rows, cols);
  for (let t = 0; t < result.data.length; t++) {
    if (rng.uniform() < density) result.data[t] = rng.int(9) - 4 || 5;
  }
  return result;
}

function randomDense(rng: Rng, rows: number, cols: number): Matrix {
  const result = new Matrix(rows, cols);
  for (let t = 0; t < result.data.length; t++) result.data[t] = rng.normal();
  return result;
}

/** The textbook triple loop, as the reference for every product. */
function denseProduct(a: Matrix, b: Matrix): Matrix {
  const result = new Matrix(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < b.cols; j++) {
      let sum = 0;
      for (let t = 0; t < a.cols; t++) sum += a.get(i, t) * b.get(t, j);
      result.set(i, j, sum);
    }
  }
  return result;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let t = 0; t < expected.length; t++)
    expect(Math.abs(actual[t]! - expected[t]!)).toBeLessThanOrEqual(tolerance);
}

function expectSortedRows(matrix: CsrMatrix): void {
  for (let i = 0; i < matrix.rows; i++) {
    const columns = matrix.rowIndices(i);
    for (let t = 1; t < columns.length; t++) expect(columns[t]).toBeGreaterThan(columns[t - 1]!);
  }
}

describe("CsrMatrix construction", () => {
  it("builds from triplets with duplicates summed, zeros dropped and columns sorted per row", () => {
    const rng = new Rng(11);
    const rows = 23;
    const cols = 17;
    const expected = new Matrix(rows, cols);
    const rowIndices: number[] = [];
    const colIndices: number[] = [];
    const values: number[] = [];
    for (let t = 0; t < 300; t++) {
      // Few distinct coordinates for this many triplets, so many repeat.
      const i = rng.int(rows);
      const j = rng.int(cols);
      const value = rng.int(7) - 3;
      rowIndices.push(i);
      colIndices.push(j);
      values.push(value);
      expected.set(i, j, expected.get(i, j) + value);
    }
    const matrix = CsrMatrix.fromTriplets(rows, cols, rowIndices, colIndices, values);
    expect(matrix.toDense().toArray()).toEqual(expected.toArray());
    expectSortedRows(matrix);
    let nonzeros = 0;
    for (const value of expected.data) if (value !== 0) nonzeros++;
    expect(matrix.nnz).toBe(nonzeros);
    expect(Array.from(matrix.values).every((value) => value !== 0)).toBe(true);
  });

  it("sums a repeated coordinate by default and rejects it when sumDuplicates is false", () => {
    const matrix = CsrMatrix.fromTriplets(2, 3, [1, 0, 1], [2, 1, 2], [1.5, 4, 2]);
    expect(matrix.toDense().toArray()).toEqual([
      [0, 4, 0],
      [0, 0, 3.5],
    ]);
    expect(() =>
      CsrMatrix.fromTriplets(2, 3, [1, 0, 1], [2, 1, 2], [1.5, 4, 2], { sumDuplicates: false }),
    ).toThrow("(row 1, column 2) is given more than once");
    expect(CsrMatrix.fromTriplets(2, 3, [1, 0], [2, 1], [1.5, 4], { sumDuplicates: false }).nnz).toBe(2);
  });

  it("rejects out-of-range indices, non-integers, non-finite values and ragged triplets", () => {
    expect(() => CsrMatrix.fromTriplets(2, 2, [2], [0], [1])).toThrow(InvalidArgumentError);
    expect(() => CsrMatrix.fromTriplets(2, 2, [0], [-1], [1])).toThrow("column index at position 0 is -1");
    expect(() => CsrMatrix.fromTriplets(2, 2, [0.5], [0], [1])).toThrow("row index at position 0 is 0.5");
    expect(() => CsrMatrix.fromTriplets(2, 2, [0], [0], [Number.NaN])).toThrow("not finite");
    expect(() => CsrMatrix.fromTriplets(2, 2, [0, 1], [0], [1, 2])).toThrow(
      "triplet arrays differ in length",
    );
  });

  it("round-trips through dense form", () => {
    const dense = randomSparseDense(new Rng(3), 19, 13, 0.2);
    const matrix = CsrMatrix.fromDense(dense);
    expect(matrix.toDense().toArray()).toEqual(dense.toArray());
    expectSortedRows(matrix);
    expect(matrix.get(4, 7)).toBe(dense.get(4, 7));
    for (let i = 0; i < dense.rows; i++)
      for (let j = 0; j < dense.cols; j++) expect(matrix.get(i, j)).toBe(dense.get(i, j));
  });

  it("builds binary rows from unordered sets with repeats, including empty rows", () => {
    const matrix = CsrMatrix.fromRowSets([[3, 0, 3], [], [1, 2, 0]], 4);
    expect(matrix.toDense().toArray()).toEqual([
      [1, 0, 0, 1],
      [0, 0, 0, 0],
      [1, 1, 1, 0],
    ]);
    expect(Array.from(matrix.rowIndices(0))).toEqual([0, 3]);
    expect(() => CsrMatrix.fromRowSets([[4]], 4)).toThrow("row set 0 lists column 4");
  });

  it("validates raw CSR arrays", () => {
    const indptr = Int32Array.from([0, 2, 3]);
    expect(
      new CsrMatrix(2, 3, indptr, Int32Array.from([0, 2, 1]), Float64Array.from([1, 2, 3]))
        .toDense()
        .toArray(),
    ).toEqual([
      [1, 0, 2],
      [0, 3, 0],
    ]);
    expect(
      () => new CsrMatrix(2, 3, indptr, Int32Array.from([2, 0, 1]), Float64Array.from([1, 2, 3])),
    ).toThrow("strictly increasing");
    expect(
      () => new CsrMatrix(2, 3, indptr, Int32Array.from([0, 3, 1]), Float64Array.from([1, 2, 3])),
    ).toThrow("below 3");
    expect(
      () => new CsrMatrix(3, 3, indptr, Int32Array.from([0, 2, 1]), Float64Array.from([1, 2, 3])),
    ).toThrow("needs 4 entries");
    expect(() => new CsrMatrix(2, 3, indptr, Int32Array.from([0, 2]), Float64Array.from([1, 2]))).toThrow(
      "CSR arrays disagree",
    );
  });

  it("handles empty shapes", () => {
    const empty = CsrMatrix.fromTriplets(0, 0, [], [], []);
    expect(empty.shape).toEqual([0, 0]);
    expect(empty.transpose().shape).toEqual([0, 0]);
    const noEntries = CsrMatrix.fromTriplets(3, 2, [], [], []);
    expect(Array.from(noEntries.multiplyVector([1, 2]))).toEqual([0, 0, 0]);
    expect(Array.from(noEntries.rowNorms())).toEqual([0, 0, 0]);
  });
});

describe("CsrMatrix operations", () => {
  const rng = new Rng(2024);
  const dense = randomSparseDense(rng, 31, 22, 0.15);
  // Two empty rows, so kernels cannot assume every row has entries.
  dense.row(5).fill(0);
  dense.row(30).fill(0);
  const sparse = CsrMatrix.fromDense(dense);

  it("transposes into a CSR matrix of the transpose with sorted rows", () => {
    const transposed = sparse.transpose();
    expect(transposed.shape).toEqual([22, 31]);
    expect(transposed.toDense().toArray()).toEqual(dense.transpose().toArray());
    expectSortedRows(transposed);
    const back = transposed.transpose();
    expect(Array.from(back.indptr)).toEqual(Array.from(sparse.indptr));
    expect(Array.from(back.indices)).toEqual(Array.from(sparse.indices));
  });

  it("multiplies vectors on either side like the dense matrix", () => {
    const x = Float64Array.from({ length: 22 }, () => rng.normal());
    const y = Float64Array.from({ length: 31 }, () => rng.normal());
    expectClose(sparse.multiplyVector(x), denseProduct(dense, Matrix.column(x)).data);
    expectClose(sparse.transposeMultiplyVector(y), denseProduct(dense.transpose(), Matrix.column(y)).data);
    const out = new Float64Array(31).fill(99);
    expect(sparse.multiplyVector(x, out)).toBe(out);
    expectClose(out, denseProduct(dense, Matrix.column(x)).data);
    expect(() => sparse.multiplyVector(y)).toThrow("needs a vector of length 22, got 31");
    expect(() => sparse.transposeMultiplyVector(x)).toThrow("needs a vector of length 31, got 22");
  });

  it("multiplies dense matrices as A·B and Aᵀ·B", () => {
    const b = randomDense(rng, 22, 5);
    const c = randomDense(rng, 31, 7);
    expectClose(sparse.multiplyDense(b).data, denseProduct(dense, b).data);
    expectClose(sparse.transposeMultiplyDense(c).data, denseProduct(dense.transpose(), c).data);
    expect(sparse.multiplyDense(b).shape).toEqual([31, 5]);
    expect(sparse.transposeMultiplyDense(c).shape).toEqual([22, 7]);
    expect(() => sparse.multiplyDense(c)).toThrow("cannot multiply a 31×22 sparse matrix by a 31×7 matrix");
    expect(() => sparse.transposeMultiplyDense(b)).toThrow(InvalidArgumentError);
  });

  it("serves as a linear operator", () => {
    const operator: LinearOperator = sparse;
    const b = randomDense(rng, 22, 3);
    const c = randomDense(rng, 31, 3);
    expect(operator.rows).toBe(31);
    expect(operator.cols).toBe(22);
    expectClose(operator.multiply(b).data, denseProduct(dense, b).data);
    expectClose(operator.multiplyTranspose(c).data, denseProduct(dense.transpose(), c).data);
  });

  it("computes row norms, row counts and column sums", () => {
    const l2 = sparse.rowNorms("l2");
    const l1 = sparse.rowNorms("l1");
    const counts = sparse.rowNnz();
    for (let i = 0; i < dense.rows; i++) {
      const row = dense.row(i);
      expect(l2[i]).toBeCloseTo(Math.hypot(...row), 12);
      expect(l1[i]).toBe(row.reduce((sum, value) => sum + Math.abs(value), 0));
      expect(counts[i]).toBe(row.filter((value) => value !== 0).length);
    }
    expect(counts[5]).toBe(0);
    const sums = sparse.columnSums();
    for (let j = 0; j < dense.cols; j++)
      expect(sums[j]).toBe(dense.column(j).reduce((sum, value) => sum + value, 0));
    expect(() => sparse.rowNorms("max" as "l2")).toThrow('row norm must be "l2" or "l1"');
  });

  it("normalises rows to unit norm and leaves empty rows empty", () => {
    const counts = sparse.rowNnz();
    for (const norm of ["l2", "l1"] as const) {
      const normalised = sparse.normalizeRows(norm);
      const norms = normalised.rowNorms(norm);
      for (let i = 0; i < dense.rows; i++) {
        if (counts[i] === 0) expect(norms[i]).toBe(0);
        else expect(norms[i]).toBeCloseTo(1, 12);
      }
      expect(Array.from(normalised.indices)).toEqual(Array.from(sparse.indices));
      expect(normalised.values.every((value) => Number.isFinite(value))).toBe(true);
    }
    // The original is untouched.
    expect(sparse.toDense().toArray()).toEqual(dense.toArray());
  });

  it("removes stored zeros and slices rows", () => {
    const withZeros = new CsrMatrix(
      2,
      3,
      Int32Array.from([0, 2, 4]),
      Int32Array.from([0, 1, 1, 2]),
      Float64Array.from([0, 5, 6, 0]),
    );
    const cleaned = withZeros.eliminateZeros();
    expect(cleaned.nnz).toBe(2);
    expect(cleaned.toDense().toArray()).toEqual(withZeros.toDense().toArray());
    expect(sparse.eliminateZeros()).toBe(sparse);

    const slice = sparse.sliceRows(3, 9);
    expect(slice.toDense().toArray()).toEqual(dense.toArray().slice(3, 9));
    expect(sparse.sliceRows(4, 4).rows).toBe(0);
    expect(() => sparse.sliceRows(9, 3)).toThrow("row range [9, 3)");
  });
});

import { InvalidArgumentError } from "@lab/core";
import { Matrix } from "../matrix.js";
import type { LinearOperator } from "./linear-operator.js";

export interface FromTripletsOptions {
  /**
   * What to do when a (row, col) pair appears more than once. `true` (the default, as in scipy's
   * COO → CSR conversion) adds the values; `false` rejects the input, for callers whose triplets
   * must be unique and who want a mistake reported rather than silently summed.
   */
  readonly sumDuplicates?: boolean;
}

/** Which norm `rowNorms` and `normalizeRows` use. */
export type RowNorm = "l2" | "l1";

const INT32_MAX = 2147483647;

function checkDimension(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > INT32_MAX) {
    throw new InvalidArgumentError(`${name} must be an integer in [0, ${INT32_MAX}], got ${value}`);
  }
}

function checkIndex(value: number, bound: number, what: string, position: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= bound) {
    throw new InvalidArgumentError(
      `${what} at position ${position} is ${value}; it must be an integer in [0, ${bound})`,
    );
  }
}

/**
 * A sparse matrix in compressed sparse row form: the stored entries of row i are
 * `indices[indptr[i]..indptr[i+1])` (column numbers, strictly increasing) with `values` alongside.
 *
 * Storage choice: `indptr` and `indices` are Int32Array (so at most 2^31 − 1 stored entries and
 * dimensions, far beyond what fits in memory as Float64 anyway); `values` is always Float64Array.
 * One value type keeps every kernel monomorphic for V8 and matches the dense `Matrix`; Float32
 * would save 4 of the 12 bytes per entry, which is not worth a second copy of each kernel.
 *
 * The constructor validates the structure, so any instance has sorted, in-range, unique column
 * indices per row. Entries may be explicit zeros when given to the constructor; every factory
 * (`fromTriplets`, `fromDense`, `fromRowSets`) stores nonzeros only, and `eliminateZeros` removes
 * them, which pattern-based operations (Jaccard) rely on.
 */
export class CsrMatrix implements LinearOperator {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;

  constructor(rows: number, cols: number, indptr: Int32Array, indices: Int32Array, values: Float64Array) {
    checkDimension(rows, "row count");
    checkDimension(cols, "column count");
    if (indptr.length !== rows + 1) {
      throw new InvalidArgumentError(
        `indptr of a ${rows}-row CSR matrix needs ${rows + 1} entries, got ${indptr.length}`,
      );
    }
    const nnz = indptr[rows]!;
    if (indptr[0] !== 0 || indices.length !== nnz || values.length !== nnz) {
      throw new InvalidArgumentError(
        `CSR arrays disagree: indptr runs from ${indptr[0]} to ${nnz}, indices has ${indices.length} entries, values ${values.length}`,
      );
    }
    for (let i = 0; i < rows; i++) {
      const start = indptr[i]!;
      const end = indptr[i + 1]!;
      if (end < start) throw new InvalidArgumentError(`indptr decreases at row ${i} (${start} then ${end})`);
      let previous = -1;
      for (let t = start; t < end; t++) {
        const col = indices[t]!;
        if (col <= previous || col >= cols) {
          throw new InvalidArgumentError(
            `row ${i}: column indices must be strictly increasing and below ${cols}, found ${col} after ${previous}`,
          );
        }
        if (!Number.isFinite(values[t]!))
          throw new InvalidArgumentError(`row ${i}, column ${col}: value ${values[t]} is not finite`);
        previous = col;
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.indptr = indptr;
    this.indices = indices;
    this.values = values;
  }

  /**
   * From coordinate (COO) triplets: entry t is `values[t]` at (`rowIndices[t]`, `colIndices[t]`).
   * Duplicates are summed (or rejected, see options); entries that are, or sum to, zero are dropped.
   * Runs in O(nnz + rows + cols) with two stable counting sorts, no comparison sort.
   */
  static fromTriplets(
    rows: number,
    cols: number,
    rowIndices: ArrayLike<number>,
    colIndices: ArrayLike<number>,
    values: ArrayLike<number>,
    options: FromTripletsOptions = {},
  ): CsrMatrix {
    checkDimension(rows, "row count");
    checkDimension(cols, "column count");
    const count = values.length;
    if (rowIndices.length !== count || colIndices.length !== count) {
      throw new InvalidArgumentError(
        `triplet arrays differ in length: ${rowIndices.length} rows, ${colIndices.length} columns, ${count} values`,
      );
    }
    const sumDuplicates = options.sumDuplicates ?? true;
    for (let t = 0; t < count; t++) {
      checkIndex(rowIndices[t]!, rows, "row index", t);
      checkIndex(colIndices[t]!, cols, "column index", t);
      if (!Number.isFinite(values[t]!))
        throw new InvalidArgumentError(`value at position ${t} is ${values[t]}, not finite`);
    }

    // Stable bucket pass by column, then stable bucket pass by row: the result is ordered by
    // (row, column), with duplicates adjacent in their input order.
    const byColumn = new Int32Array(count);
    const columnStart = new Int32Array(cols + 1);
    for (let t = 0; t < count; t++) columnStart[colIndices[t]! + 1]++;
    for (let c = 0; c < cols; c++) columnStart[c + 1] += columnStart[c]!;
    for (let t = 0; t < count; t++) byColumn[columnStart[colIndices[t]!]++] = t;

    const rowStart = new Int32Array(rows + 1);
    for (let t = 0; t < count; t++) rowStart[rowIndices[t]! + 1]++;
    for (let r = 0; r < rows; r++) rowStart[r + 1] += rowStart[r]!;
    const ordered = new Int32Array(count);
    const rowNext = rowStart.slice(0, rows);
    for (let s = 0; s < count; s++) {
      const t = byColumn[s]!;
      ordered[rowNext[rowIndices[t]!]++] = t;
    }

    const indptr = new Int32Array(rows + 1);
    const indices = new Int32Array(count);
    const merged = new Float64Array(count);
    let nnz = 0;
    for (let r = 0; r < rows; r++) {
      let s = rowStart[r]!;
      const end = rowStart[r + 1]!;
      while (s < end) {
        const col = colIndices[ordered[s]!]!;
        let sum = values[ordered[s]!]!;
        s++;
        while (s < end && colIndices[ordered[s]!] === col) {
          if (!sumDuplicates) {
            throw new InvalidArgumentError(
              `(row ${r}, column ${col}) is given more than once and sumDuplicates is false`,
            );
          }
          sum += values[ordered[s]!]!;
          s++;
        }
        if (sum !== 0) {
          indices[nnz] = col;
          merged[nnz] = sum;
          nnz++;
        }
      }
      indptr[r + 1] = nnz;
    }
    return new CsrMatrix(rows, cols, indptr, indices.slice(0, nnz), merged.slice(0, nnz));
  }

  /** The nonzero entries of a dense matrix. */
  static fromDense(matrix: Matrix): CsrMatrix {
    const { rows, cols, data } = matrix;
    let nnz = 0;
    for (let t = 0; t < data.length; t++) if (data[t] !== 0) nnz++;
    const indptr = new Int32Array(rows + 1);
    const indices = new Int32Array(nnz);
    const values = new Float64Array(nnz);
    let next = 0;
    for (let i = 0; i < rows; i++) {
      const offset = i * cols;
      for (let j = 0; j < cols; j++) {
        const value = data[offset + j]!;
        if (value !== 0) {
          indices[next] = j;
          values[next] = value;
          next++;
        }
      }
      indptr[i + 1] = next;
    }
    return new CsrMatrix(rows, cols, indptr, indices, values);
  }

  /**
   * A binary matrix from the set of columns present in each row (one-hot / multi-hot data):
   * row i has a 1 in every column listed in `sets[i]`. Order within a set does not matter and a
   * column listed twice counts once.
   */
  static fromRowSets(sets: readonly ArrayLike<number>[], cols: number): CsrMatrix {
    checkDimension(cols, "column count");
    const rows = sets.length;
    let total = 0;
    for (let i = 0; i < rows; i++) total += sets[i]!.length;
    const indptr = new Int32Array(rows + 1);
    const indices = new Int32Array(total);
    let nnz = 0;
    for (let i = 0; i < rows; i++) {
      const set = sets[i]!;
      const start = nnz;
      for (let t = 0; t < set.length; t++) {
        const col = set[t]!;
        if (!Number.isInteger(col) || col < 0 || col >= cols) {
          throw new InvalidArgumentError(
            `row set ${i} lists column ${col}; columns must be integers in [0, ${cols})`,
          );
        }
        indices[nnz++] = col;
      }
      // Sets are short (a handful of categories per row), where sorting a typed subarray is cheap.
      indices.subarray(start, nnz).sort();
      let unique = start;
      for (let t = start; t < nnz; t++) {
        if (t === start || indices[t] !== indices[unique - 1]) indices[unique++] = indices[t]!;
      }
      nnz = unique;
      indptr[i + 1] = nnz;
    }
    return new CsrMatrix(rows, cols, indptr, indices.slice(0, nnz), new Float64Array(nnz).fill(1));
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** Number of stored entries. */
  get nnz(): number {
    return this.indptr[this.rows]!;
  }

  /** Entry (row, col), found by binary search in the row. */
  get(row: number, col: number): number {
    let lo = this.indptr[row]!;
    let hi = this.indptr[row + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const found = this.indices[mid]!;
      if (found === col) return this.values[mid]!;
      if (found < col) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /** Zero-copy view of the column numbers stored in row i. */
  rowIndices(row: number): Int32Array {
    return this.indices.subarray(this.indptr[row]!, this.indptr[row + 1]!);
  }

  /** Zero-copy view of the values stored in row i, aligned with `rowIndices(row)`. */
  rowValues(row: number): Float64Array {
    return this.values.subarray(this.indptr[row]!, this.indptr[row + 1]!);
  }

  /** Rows start..end-1 as a new matrix (copies the entries). */
  sliceRows(start: number, end: number): CsrMatrix {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.rows || start > end) {
      throw new InvalidArgumentError(`row range [${start}, ${end}) is not within [0, ${this.rows}]`);
    }
    const from = this.indptr[start]!;
    const to = this.indptr[end]!;
    const indptr = new Int32Array(end - start + 1);
    for (let i = start; i <= end; i++) indptr[i - start] = this.indptr[i]! - from;
    return new CsrMatrix(
      end - start,
      this.cols,
      indptr,
      this.indices.slice(from, to),
      this.values.slice(from, to),
    );
  }

  toDense(): Matrix {
    const result = new Matrix(this.rows, this.cols);
    const { indptr, indices, values, cols } = this;
    const out = result.data;
    for (let i = 0; i < this.rows; i++) {
      const offset = i * cols;
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) out[offset + indices[t]!] = values[t]!;
    }
    return result;
  }

  /**
   * The transpose, in CSR form (equivalently this matrix in CSC form). Row-ordered traversal
   * makes each output row's column indices come out already sorted.
   */
  transpose(): CsrMatrix {
    const { rows, cols, indptr, indices, values } = this;
    const nnz = this.nnz;
    const outIndptr = new Int32Array(cols + 1);
    for (let t = 0; t < nnz; t++) outIndptr[indices[t]! + 1]++;
    for (let c = 0; c < cols; c++) outIndptr[c + 1] += outIndptr[c]!;
    const next = outIndptr.slice(0, cols);
    const outIndices = new Int32Array(nnz);
    const outValues = new Float64Array(nnz);
    for (let i = 0; i < rows; i++) {
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
        const slot = next[indices[t]!]++;
        outIndices[slot] = i;
        outValues[slot] = values[t]!;
      }
    }
    return new CsrMatrix(cols, rows, outIndptr, outIndices, outValues);
  }

  /** A·x for a dense vector x of length `cols`; writes into `out` (length `rows`) when given. */
  multiplyVector(x: ArrayLike<number>, out?: Float64Array): Float64Array {
    if (x.length !== this.cols) {
      throw new InvalidArgumentError(
        `a ${this.rows}×${this.cols} matrix needs a vector of length ${this.cols}, got ${x.length}`,
      );
    }
    const result = out ?? new Float64Array(this.rows);
    if (result.length !== this.rows) {
      throw new InvalidArgumentError(`output vector must have length ${this.rows}, got ${result.length}`);
    }
    const { indptr, indices, values } = this;
    for (let i = 0; i < this.rows; i++) {
      let sum = 0;
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) sum += values[t]! * x[indices[t]!]!;
      result[i] = sum;
    }
    return result;
  }

  /** Aᵀ·x for a dense vector x of length `rows`, without forming the transpose. */
  transposeMultiplyVector(x: ArrayLike<number>, out?: Float64Array): Float64Array {
    if (x.length !== this.rows) {
      throw new InvalidArgumentError(
        `Aᵀx for a ${this.rows}×${this.cols} matrix needs a vector of length ${this.rows}, got ${x.length}`,
      );
    }
    const result = out ?? new Float64Array(this.cols);
    if (result.length !== this.cols) {
      throw new InvalidArgumentError(`output vector must have length ${this.cols}, got ${result.length}`);
    }
    result.fill(0);
    const { indptr, indices, values } = this;
    for (let i = 0; i < this.rows; i++) {
      const xi = x[i]!;
      if (xi === 0) continue;
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) result[indices[t]!] += values[t]! * xi;
    }
    return result;
  }

  /** A·B for a dense B with `cols` rows: each stored a_ic adds a_ic times row c of B to row i. */
  multiplyDense(b: Matrix): Matrix {
    if (b.rows !== this.cols) {
      throw new InvalidArgumentError(
        `cannot multiply a ${this.rows}×${this.cols} sparse matrix by a ${b.rows}×${b.cols} matrix`,
      );
    }
    const width = b.cols;
    const result = new Matrix(this.rows, width);
    const out = result.data;
    const bData = b.data;
    const { indptr, indices, values } = this;
    for (let i = 0; i < this.rows; i++) {
      const outOffset = i * width;
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
        const value = values[t]!;
        const bOffset = indices[t]! * width;
        for (let q = 0; q < width; q++) out[outOffset + q] += value * bData[bOffset + q]!;
      }
    }
    return result;
  }

  /** Aᵀ·B for a dense B with `rows` rows, scattering row i of B into the rows of its columns. */
  transposeMultiplyDense(b: Matrix): Matrix {
    if (b.rows !== this.rows) {
      throw new InvalidArgumentError(
        `cannot multiply the transpose of a ${this.rows}×${this.cols} sparse matrix by a ${b.rows}×${b.cols} matrix`,
      );
    }
    const width = b.cols;
    const result = new Matrix(this.cols, width);
    const out = result.data;
    const bData = b.data;
    const { indptr, indices, values } = this;
    for (let i = 0; i < this.rows; i++) {
      const bOffset = i * width;
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
        const value = values[t]!;
        const outOffset = indices[t]! * width;
        for (let q = 0; q < width; q++) out[outOffset + q] += value * bData[bOffset + q]!;
      }
    }
    return result;
  }

  /** `LinearOperator`: A·X. */
  multiply(x: Matrix): Matrix {
    return this.multiplyDense(x);
  }

  /** `LinearOperator`: Aᵀ·X. */
  multiplyTranspose(x: Matrix): Matrix {
    return this.transposeMultiplyDense(x);
  }

  /** L2 (Euclidean) or L1 norm of every row. */
  rowNorms(norm: RowNorm = "l2"): Float64Array {
    const result = new Float64Array(this.rows);
    const { indptr, values } = this;
    if (norm === "l2") {
      for (let i = 0; i < this.rows; i++) {
        let sum = 0;
        for (let t = indptr[i]!; t < indptr[i + 1]!; t++) sum += values[t]! * values[t]!;
        result[i] = Math.sqrt(sum);
      }
    } else if (norm === "l1") {
      for (let i = 0; i < this.rows; i++) {
        let sum = 0;
        for (let t = indptr[i]!; t < indptr[i + 1]!; t++) sum += Math.abs(values[t]!);
        result[i] = sum;
      }
    } else {
      throw new InvalidArgumentError(`row norm must be "l2" or "l1", got ${JSON.stringify(norm)}`);
    }
    return result;
  }

  /** Stored entries per row (the set size, for binary rows). */
  rowNnz(): Int32Array {
    const result = new Int32Array(this.rows);
    for (let i = 0; i < this.rows; i++) result[i] = this.indptr[i + 1]! - this.indptr[i]!;
    return result;
  }

  /** Each row divided by its norm; all-zero rows stay zero rather than becoming NaN. */
  normalizeRows(norm: RowNorm = "l2"): CsrMatrix {
    const norms = this.rowNorms(norm);
    const values = new Float64Array(this.nnz);
    const { indptr } = this;
    for (let i = 0; i < this.rows; i++) {
      const rowNorm = norms[i]!;
      if (rowNorm === 0) continue;
      for (let t = indptr[i]!; t < indptr[i + 1]!; t++) values[t] = this.values[t]! / rowNorm;
    }
    return new CsrMatrix(this.rows, this.cols, this.indptr.slice(), this.indices.slice(), values);
  }

  columnSums(): Float64Array {
    const result = new Float64Array(this.cols);
    const nnz = this.nnz;
    for (let t = 0; t < nnz; t++) result[this.indices[t]!] += this.values[t]!;
    return result;
  }

  /** This matrix without stored zeros; returns `this` when there are none. */
  eliminateZeros(): CsrMatrix {
    const nnz = this.nnz;
    let zeros = 0;
    for (let t = 0; t < nnz; t++) if (this.values[t] === 0) zeros++;
    if (zeros === 0) return this;
    const indptr = new Int32Array(this.rows + 1);
    const indices = new Int32Array(nnz - zeros);
    const values = new Float64Array(nnz - zeros);
    let next = 0;
    for (let i = 0; i < this.rows; i++) {
      for (let t = this.indptr[i]!; t < this.indptr[i + 1]!; t++) {
        if (this.values[t] === 0) continue;
        indices[next] = this.indices[t]!;
        values[next] = this.values[t]!;
        next++;
      }
      indptr[i + 1] = next;
    }
    return new CsrMatrix(this.rows, this.cols, indptr, indices, values);
  }
}

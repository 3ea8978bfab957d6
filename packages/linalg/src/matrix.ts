import { InvalidArgumentError } from "@lab/core";

/**
 * A dense real matrix stored row-major in one Float64Array: element (i, j) is data[i * cols + j].
 * Rows are contiguous, so `row(i)` is a zero-copy view; hot loops should index `data` directly.
 */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new InvalidArgumentError(`matrix shape must be non-negative integers, got ${rows}×${cols}`);
    }
    const size = rows * cols;
    if (data && data.length !== size) {
      throw new InvalidArgumentError(`a ${rows}×${cols} matrix needs ${size} values, got ${data.length}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(size);
  }

  static zeros(rows: number, cols: number): Matrix {
    return new Matrix(rows, cols);
  }

  static identity(size: number): Matrix {
    const result = new Matrix(size, size);
    for (let i = 0; i < size; i++) result.data[i * size + i] = 1;
    return result;
  }

  /** A square matrix with `values` on the diagonal, or rows×cols when given. */
  static diagonal(values: ArrayLike<number>, rows = values.length, cols = values.length): Matrix {
    const result = new Matrix(rows, cols);
    const count = Math.min(values.length, rows, cols);
    for (let i = 0; i < count; i++) result.data[i * cols + i] = values[i]!;
    return result;
  }

  /** From nested arrays; every row must have the same length. */
  static fromRows(values: readonly ArrayLike<number>[]): Matrix {
    const rows = values.length;
    const cols = rows === 0 ? 0 : values[0]!.length;
    const result = new Matrix(rows, cols);
    for (let i = 0; i < rows; i++) {
      const row = values[i]!;
      if (row.length !== cols) {
        throw new InvalidArgumentError(`row ${i} has ${row.length} values; row 0 has ${cols}`);
      }
      for (let j = 0; j < cols; j++) result.data[i * cols + j] = row[j]!;
    }
    return result;
  }

  /** A column vector (n×1). */
  static column(values: ArrayLike<number>): Matrix {
    return new Matrix(values.length, 1, Float64Array.from(values));
  }

  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  get size(): number {
    return this.data.length;
  }

  get(row: number, col: number): number {
    return this.data[row * this.cols + col]!;
  }

  set(row: number, col: number, value: number): void {
    this.data[row * this.cols + col] = value;
  }

  /** Zero-copy view of row i; writing into it writes into the matrix. */
  row(index: number): Float64Array {
    return this.data.subarray(index * this.cols, (index + 1) * this.cols);
  }

  /** Copy of column j. */
  column(index: number): Float64Array {
    const result = new Float64Array(this.rows);
    for (let i = 0; i < this.rows; i++) result[i] = this.data[i * this.cols + index]!;
    return result;
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  transpose(): Matrix {
    const { rows, cols, data } = this;
    const result = new Matrix(cols, rows);
    const out = result.data;
    // Blocked so that both the reads and the writes stay within cache lines for large matrices.
    const block = 32;
    for (let i0 = 0; i0 < rows; i0 += block) {
      const iEnd = Math.min(i0 + block, rows);
      for (let j0 = 0; j0 < cols; j0 += block) {
        const jEnd = Math.min(j0 + block, cols);
        for (let i = i0; i < iEnd; i++) {
          for (let j = j0; j < jEnd; j++) out[j * rows + i] = data[i * cols + j]!;
        }
      }
    }
    return result;
  }

  toArray(): number[][] {
    const result: number[][] = [];
    for (let i = 0; i < this.rows; i++) result.push(Array.from(this.row(i)));
    return result;
  }
}

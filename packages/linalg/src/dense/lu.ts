import { InvalidArgumentError } from "@lab/core";
import { Matrix } from "../matrix.js";
import { SingularMatrixError } from "./errors.js";
import { assertSquare } from "./validate.js";

/**
 * P·A = L·U with partial pivoting. `factors` holds U on and above the diagonal and L's multipliers
 * (unit diagonal implied) below it; row i of P·A is row `pivots[i]` of A.
 */
export interface LuDecomposition {
  readonly factors: Matrix;
  readonly pivots: Int32Array;
  /** det(P): +1 or −1, the parity of the row exchanges. */
  readonly permutationSign: 1 | -1;
}

/**
 * LU factorisation with partial pivoting (largest |entry| of the column as pivot). It never throws for
 * a singular matrix (the determinant is then 0); solving with it does.
 */
export function luDecompose(a: Matrix): LuDecomposition {
  assertSquare(a, "luDecompose");
  const n = a.rows;
  const factors = a.clone();
  const data = factors.data;
  const pivots = new Int32Array(n);
  for (let i = 0; i < n; i++) pivots[i] = i;
  let permutationSign: 1 | -1 = 1;
  for (let k = 0; k < n; k++) {
    let pivotRow = k;
    let largest = Math.abs(data[k * n + k]);
    for (let i = k + 1; i < n; i++) {
      const magnitude = Math.abs(data[i * n + k]);
      if (magnitude > largest) {
        largest = magnitude;
        pivotRow = i;
      }
    }
    if (pivotRow !== k) {
      // Whole rows swap, including the multipliers already stored left of the diagonal, so that
      // L ends up describing the permuted matrix.
      const rowK = k * n;
      const rowP = pivotRow * n;
      for (let j = 0; j < n; j++) {
        const held = data[rowK + j];
        data[rowK + j] = data[rowP + j];
        data[rowP + j] = held;
      }
      const heldIndex = pivots[k];
      pivots[k] = pivots[pivotRow];
      pivots[pivotRow] = heldIndex;
      permutationSign = permutationSign === 1 ? -1 : 1;
    }
    const pivot = data[k * n + k];
    if (pivot === 0) continue;
    const pivotRowStart = k * n;
    for (let i = k + 1; i < n; i++) {
      const row = i * n;
      const multiplier = data[row + k] / pivot;
      data[row + k] = multiplier;
      if (multiplier === 0) continue;
      for (let j = k + 1; j < n; j++) data[row + j] -= multiplier * data[pivotRowStart + j];
    }
  }
  return { factors, pivots, permutationSign };
}

/** Solves A·x = b from A's LU factors; b is a vector or an n×k matrix of right-hand sides. */
export function luSolve(lu: LuDecomposition, b: Matrix): Matrix;
export function luSolve(lu: LuDecomposition, b: ArrayLike<number>): Float64Array;
export function luSolve(lu: LuDecomposition, b: Matrix | ArrayLike<number>): Matrix | Float64Array {
  const { factors, pivots } = lu;
  const n = factors.rows;
  const rhs = b instanceof Matrix ? b : new Matrix(b.length, 1, Float64Array.from(b));
  if (rhs.rows !== n) {
    throw new InvalidArgumentError(
      `luSolve: factors are ${n}×${n} but the right-hand side has ${rhs.rows} rows`,
    );
  }
  const data = factors.data;
  for (let k = 0; k < n; k++) {
    if (data[k * n + k] === 0) {
      throw new SingularMatrixError(
        `matrix is singular: LU pivot ${k} of ${n} is exactly 0 after partial pivoting, so A·x = b has no unique solution; ` +
          "use leastSquares or the SVD pseudoinverse for a minimum-norm answer",
      );
    }
  }
  const width = rhs.cols;
  const solution = new Matrix(n, width);
  const x = solution.data;
  for (let i = 0; i < n; i++) x.set(rhs.data.subarray(pivots[i] * width, (pivots[i] + 1) * width), i * width);
  // Forward substitution with unit-diagonal L, then back substitution with U, row axpys throughout.
  for (let i = 0; i < n; i++) {
    const row = i * width;
    for (let p = 0; p < i; p++) {
      const multiplier = data[i * n + p];
      if (multiplier === 0) continue;
      const other = p * width;
      for (let j = 0; j < width; j++) x[row + j] -= multiplier * x[other + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    const row = i * width;
    for (let p = i + 1; p < n; p++) {
      const coefficient = data[i * n + p];
      if (coefficient === 0) continue;
      const other = p * width;
      for (let j = 0; j < width; j++) x[row + j] -= coefficient * x[other + j];
    }
    const inverse = 1 / data[i * n + i];
    for (let j = 0; j < width; j++) x[row + j] *= inverse;
  }
  return b instanceof Matrix ? solution : solution.data;
}

/** x with A·x = b for square A (LU with partial pivoting). */
export function solve(a: Matrix, b: Matrix): Matrix;
export function solve(a: Matrix, b: ArrayLike<number>): Float64Array;
export function solve(a: Matrix, b: Matrix | ArrayLike<number>): Matrix | Float64Array {
  const lu = luDecompose(a);
  return b instanceof Matrix ? luSolve(lu, b) : luSolve(lu, b);
}

/** A⁻¹, by solving A·X = I. Throws `SingularMatrixError` for an exactly singular A. */
export function inverse(a: Matrix): Matrix {
  return luSolve(luDecompose(a), Matrix.identity(a.rows));
}

/** det(A) as the signed product of the LU pivots. */
export function determinant(a: Matrix): number {
  const { factors, permutationSign } = luDecompose(a);
  const n = factors.rows;
  let product: number = permutationSign;
  for (let k = 0; k < n; k++) product *= factors.data[k * n + k];
  // A row swap times a zero pivot gives −0, which prints oddly for a singular matrix.
  return product === 0 ? 0 : product;
}

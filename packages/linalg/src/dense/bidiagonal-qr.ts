import { ConvergenceError } from "./errors.js";
import { applyRotationsBackward, applyRotationsForward, rotateColumns } from "./rotations.js";

const EPSILON = Number.EPSILON;

/** Row-major storage whose columns 0…n−1 receive the bidiagonal's left or right rotations. */
export interface RotationTarget {
  readonly data: Float64Array;
  readonly rows: number;
  readonly stride: number;
}

/**
 * Diagonalises the upper bidiagonal B (diagonal d, superdiagonal e, both overwritten; d ends up
 * holding the singular values, unsorted and possibly negative) by implicit-shift QR sweeps
 * (Golub & Van Loan, Algorithm 8.6.2), applying the left rotations to `left`'s columns and the right
 * rotations to `right`'s columns when given.
 *
 * Each sweep chases the bulge from the end of the block with the larger diagonal entry towards the
 * smaller one (Demmel & Kahan's advice, so graded matrices converge at the small end), with a
 * Wilkinson shift from the 2×2 at the far end. A superdiagonal entry is negligible below
 * ε·(|d_i| + |d_{i+1}|), and a diagonal entry below ε times its neighbours counts as zero; a zero on
 * the diagonal is chased out of its row (or column) by extra rotations so the block splits.
 *
 * Rotations of one sweep are collected and then applied to the vectors in one row-chain pass.
 */
export function bidiagonalQr(
  d: Float64Array,
  e: Float64Array,
  left: RotationTarget | null,
  right: RotationTarget | null,
): void {
  const n = d.length;
  if (n <= 1) return;
  const leftCos = new Float64Array(n);
  const leftSin = new Float64Array(n);
  const rightCos = new Float64Array(n);
  const rightSin = new Float64Array(n);
  const reversedDiagonal = new Float64Array(n);
  const reversedSuper = new Float64Array(n);
  const sweepLimit = 40 * n + 100;
  let sweeps = 0;
  let hi = n - 1;
  let blockLo = -1;
  let blockHi = -1;
  let chaseDown = true;

  for (;;) {
    for (let i = 0; i < hi; i++) {
      if (Math.abs(e[i]) <= EPSILON * (Math.abs(d[i]) + Math.abs(d[i + 1]))) e[i] = 0;
    }
    while (hi > 0 && e[hi - 1] === 0) hi--;
    if (hi === 0) return;
    let lo = hi - 1;
    while (lo > 0 && e[lo - 1] !== 0) lo--;

    if (chaseOutZeroDiagonal(d, e, lo, hi, left, right)) continue;

    if (++sweeps > sweepLimit) {
      throw new ConvergenceError(
        `bidiagonal SVD did not converge after ${sweepLimit} QR sweeps (block ${lo}…${hi} of ${n}); the input may contain extreme values`,
      );
    }
    if (lo !== blockLo || hi !== blockHi) {
      // Decide the direction once per block, as LAPACK's dbdsqr does, so it cannot oscillate.
      blockLo = lo;
      blockHi = hi;
      chaseDown = Math.abs(d[lo]) >= Math.abs(d[hi]);
    }
    const count = hi - lo;
    if (chaseDown) {
      qrSweep(d, e, lo, hi, leftCos, leftSin, rightCos, rightSin);
      if (left) applyRotationsForward(left.data, left.rows, left.stride, lo, count, leftCos, leftSin);
      if (right) applyRotationsForward(right.data, right.rows, right.stride, lo, count, rightCos, rightSin);
    } else {
      // Chasing upwards on B is chasing downwards on B' = P·Bᵀ·P (P reverses the block): B' is upper
      // bidiagonal with the block's d and e reversed, and its left/right rotations become B's
      // right/left rotations, conjugated by P (pair order reversed, sine negated).
      for (let j = 0; j <= count; j++) reversedDiagonal[j] = d[hi - j];
      for (let j = 0; j < count; j++) reversedSuper[j] = e[hi - 1 - j];
      qrSweep(reversedDiagonal, reversedSuper, 0, count, rightCos, rightSin, leftCos, leftSin);
      for (let j = 0; j <= count; j++) d[hi - j] = reversedDiagonal[j];
      for (let j = 0; j < count; j++) e[hi - 1 - j] = reversedSuper[j];
      reverseAndNegate(leftCos, leftSin, count);
      reverseAndNegate(rightCos, rightSin, count);
      if (left) applyRotationsBackward(left.data, left.rows, left.stride, lo, count, leftCos, leftSin);
      if (right) applyRotationsBackward(right.data, right.rows, right.stride, lo, count, rightCos, rightSin);
    }
  }
}

/**
 * One implicit-shift QR sweep on the block lo…hi, chasing the bulge downwards. Rotation j acts on
 * pair (lo + j, lo + j + 1): the right ones on B's columns, the left ones on B's rows.
 */
function qrSweep(
  d: Float64Array,
  e: Float64Array,
  lo: number,
  hi: number,
  leftCos: Float64Array,
  leftSin: Float64Array,
  rightCos: Float64Array,
  rightSin: Float64Array,
): void {
  // Wilkinson shift: the eigenvalue of the trailing 2×2 of BᵀB closer to its last diagonal entry.
  const penultimate = d[hi - 1];
  const beforeLast = hi - 1 > lo ? e[hi - 2] : 0;
  const a = penultimate * penultimate + beforeLast * beforeLast;
  const b = penultimate * e[hi - 1];
  const c = d[hi] * d[hi] + e[hi - 1] * e[hi - 1];
  let shift = c;
  if (b !== 0) {
    const half = (a - c) / 2;
    const root = Math.hypot(half, b);
    shift = c - (b * b) / (half >= 0 ? half + root : half - root);
  }

  let y = d[lo] * d[lo] - shift;
  let z = d[lo] * e[lo];
  for (let k = lo; k < hi; k++) {
    // Right rotation on columns k, k+1: zeroes z (the bulge above, or the shifted first column).
    let r = Math.hypot(y, z);
    let cos = r === 0 ? 1 : y / r;
    let sin = r === 0 ? 0 : z / r;
    if (k > lo) e[k - 1] = r;
    const dk = d[k];
    const ek = e[k];
    let f = cos * dk + sin * ek;
    e[k] = cos * ek - sin * dk;
    const bulge = sin * d[k + 1];
    d[k + 1] = cos * d[k + 1];
    rightCos[k - lo] = cos;
    rightSin[k - lo] = sin;

    // Left rotation on rows k, k+1: zeroes the bulge below the diagonal.
    r = Math.hypot(f, bulge);
    cos = r === 0 ? 1 : f / r;
    sin = r === 0 ? 0 : bulge / r;
    d[k] = r;
    const superValue = e[k];
    f = cos * superValue + sin * d[k + 1];
    d[k + 1] = cos * d[k + 1] - sin * superValue;
    e[k] = f;
    leftCos[k - lo] = cos;
    leftSin[k - lo] = sin;
    if (k + 1 < hi) {
      y = f;
      z = sin * e[k + 1];
      e[k + 1] = cos * e[k + 1];
    }
  }
}

/**
 * If some d_i in lo…hi is negligible, sets it to zero and rotates its superdiagonal neighbour away,
 * which splits the block (G&VL §8.6.2). Returns whether it did anything.
 */
function chaseOutZeroDiagonal(
  d: Float64Array,
  e: Float64Array,
  lo: number,
  hi: number,
  left: RotationTarget | null,
  right: RotationTarget | null,
): boolean {
  for (let i = lo; i <= hi; i++) {
    const neighbours = (i > lo ? Math.abs(e[i - 1]) : 0) + (i < hi ? Math.abs(e[i]) : 0);
    if (Math.abs(d[i]) > EPSILON * neighbours) continue;
    d[i] = 0;
    if (i < hi) {
      // Row i is (0, e_i): rotate it against rows i+1…hi, pushing the entry right until it falls off.
      let carried = e[i];
      e[i] = 0;
      for (let j = i + 1; j <= hi && carried !== 0; j++) {
        const r = Math.hypot(d[j], carried);
        const cos = d[j] / r;
        const sin = carried / r;
        d[j] = r;
        if (left) rotateColumns(left.data, left.rows, left.stride, j, i, cos, sin);
        if (j < hi) {
          carried = -sin * e[j];
          e[j] = cos * e[j];
        }
      }
    } else {
      // Column hi is (e_{hi−1}, 0)ᵀ: rotate it against columns hi−1…lo, pushing the entry upwards.
      let carried = e[hi - 1];
      e[hi - 1] = 0;
      for (let j = hi - 1; j >= lo && carried !== 0; j--) {
        const r = Math.hypot(d[j], carried);
        const cos = d[j] / r;
        const sin = carried / r;
        d[j] = r;
        if (right) rotateColumns(right.data, right.rows, right.stride, j, hi, cos, sin);
        if (j > lo) {
          carried = -sin * e[j - 1];
          e[j - 1] = cos * e[j - 1];
        }
      }
    }
    return true;
  }
  return false;
}

/** Reverses the first `count` rotations and negates their sines (conjugation by the reversal P). */
function reverseAndNegate(cosines: Float64Array, sines: Float64Array, count: number): void {
  for (let a = 0, b = count - 1; a <= b; a++, b--) {
    const cosA = cosines[a];
    const sinA = sines[a];
    cosines[a] = cosines[b];
    sines[a] = -sines[b];
    cosines[b] = cosA;
    sines[b] = -sinA;
  }
}

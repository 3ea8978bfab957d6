/*
 * Divide-and-conquer SVD of an upper bidiagonal matrix (Gu & Eisenstat, "A divide-and-conquer
 * algorithm for the bidiagonal SVD", SIAM J. Matrix Anal. Appl. 16, 1995; the method behind LAPACK's
 * gesdd). Implicit-shift QR spends ~10n³ flops rotating the singular vectors; here the vectors come
 * from merging the halves' vectors with matrix products, ~(8/3)n³ flops at matmul speed.
 *
 * B is n×(n+extra), extra ∈ {0, 1}: B[i, i] = d_i, B[i, i+1] = e_i (e has n − 1 + extra entries).
 * Splitting at row k gives B₁ = rows 0…k−1 (a k×(k+1) bidiagonal, so children carry the extra
 * column), the coupling row k (d_k at column k, e_k at column k+1) and B₂ = rows k+1…, which
 * inherits the parent's shape. With B₁ = U₁[Σ₁ 0]W₁ᵀ and B₂ = U₂[Σ₂ (0)]W₂ᵀ,
 *
 *   B = diag(U₁, 1, U₂) · M · diag(W₁, W₂)ᵀ,
 *
 * where M is diagonal (Σ₁, Σ₂) except for row k, z = (d_k·W₁[k, :], e_k·W₂[0, :]). The null column
 * of W₁ (and of W₂, rotated into it) gives a pole at 0. M's singular values are the roots ω of the
 * secular equation 1 + Σⱼ zⱼ²/(δⱼ² − ω²) = 0 between consecutive poles δⱼ, with right vectors
 * ∝ zⱼ/(δⱼ² − ω²) and left vectors ∝ (−1, δⱼzⱼ/(δⱼ² − ω²)). Two refinements make this accurate:
 * deflation (a tiny zⱼ, or two poles closer than the tolerance, splits off a singular value
 * directly), and Gu–Eisenstat's recomputation of z from the computed roots, which keeps the vectors
 * orthogonal to working precision. Every ω is stored as (nearest pole, offset) so the differences
 * δⱼ − ω are computed without cancellation.
 */
import type { KernelWorkspace } from "../kernels/workspace.js";
import { Matrix } from "../matrix.js";
import { bidiagonalQr } from "./bidiagonal-qr.js";
import { ConvergenceError } from "./errors.js";
import { matmul } from "./matmul.js";
import { rotateColumns } from "./rotations.js";

/** Subproblems this small are solved by implicit-shift QR, cheaper than recursing further. */
const LEAF_SIZE = 48;
const EPSILON = Number.EPSILON;
const MAX_SECULAR_ITERATIONS = 200;

/** B = U·[diag(values) 0]·Wᵀ; `left` is n×n, `right` is (n+extra)×(n+extra), both row-major. */
export interface BidiagonalSvd {
  /** Non-negative singular values, in no particular order; column j of U and W belongs to values[j]. */
  readonly values: Float64Array;
  readonly left: Float64Array;
  /** Column n (when extra = 1) spans B's null space. */
  readonly right: Float64Array;
}

/**
 * SVD of the bidiagonal (d, e); the inputs are not modified. With `kernels`, the merges' matrix
 * products run in that workspace, which needs room for `divideAndConquerScratch(n)` doubles.
 */
export function bidiagonalDivideAndConquer(
  d: Float64Array,
  e: Float64Array,
  extra: 0 | 1,
  kernels: KernelWorkspace | null = null,
): BidiagonalSvd {
  const n = d.length;
  if (n <= LEAF_SIZE) return solveLeaf(d, e, extra);
  const k = n >> 1;
  const rightSize = n - k - 1;
  const first = bidiagonalDivideAndConquer(d.subarray(0, k), e.subarray(0, k), 1, kernels);
  const second = bidiagonalDivideAndConquer(
    d.subarray(k + 1),
    e.subarray(k + 1, k + 1 + rightSize - 1 + extra),
    extra,
    kernels,
  );
  return merge(first, second, d[k], e[k], k, rightSize, extra, kernels);
}

/**
 * Workspace doubles the merges of an n-row problem use at once: one product's factors and result
 * (at most (n+1)² each), plus rounding slack.
 */
export function divideAndConquerScratch(n: number): number {
  return 3 * (n + 1) * (n + 1) + 16;
}

function identity(size: number): Float64Array {
  const result = new Float64Array(size * size);
  for (let i = 0; i < size; i++) result[i * size + i] = 1;
  return result;
}

/** Small problems: rotate the extra column away (B·G = [B' 0]), then QR-iterate the square B'. */
function solveLeaf(d: Float64Array, e: Float64Array, extra: 0 | 1): BidiagonalSvd {
  const n = d.length;
  const columns = n + extra;
  const diagonal = d.slice();
  const superdiagonal = e.slice();
  const left = identity(n);
  const right = identity(columns);
  if (extra === 1) {
    // e_{n−1} sits in column n; each rotation of columns (j, n) against d_j pushes it one row up.
    let carried = superdiagonal[n - 1];
    for (let j = n - 1; j >= 0 && carried !== 0; j--) {
      const r = Math.hypot(diagonal[j], carried);
      const cos = diagonal[j] / r;
      const sin = carried / r;
      diagonal[j] = r;
      rotateColumns(right, columns, columns, j, n, cos, sin);
      if (j > 0) {
        carried = -sin * superdiagonal[j - 1];
        superdiagonal[j - 1] = cos * superdiagonal[j - 1];
      }
    }
  }
  bidiagonalQr(
    diagonal,
    superdiagonal.subarray(0, Math.max(n - 1, 0)),
    { data: left, rows: n, stride: n },
    { data: right, rows: columns, stride: columns },
  );
  for (let j = 0; j < n; j++) {
    if (diagonal[j] < 0) {
      diagonal[j] = -diagonal[j];
      for (let i = 0; i < n; i++) left[i * n + j] = -left[i * n + j];
    }
  }
  return { values: diagonal, left, right };
}

/** Which row blocks of the big U/W matrices a pole's column has entries in. */
const TOP = 1;
const BOTTOM = 2;

interface Pole {
  value: number;
  z: number;
  /** Column of the big W. */
  readonly wColumn: number;
  /** Column of the big U, or −1 for the pole at zero (it has no row of M). */
  readonly uColumn: number;
  wBlocks: number;
  uBlocks: number;
}

function merge(
  first: BidiagonalSvd,
  second: BidiagonalSvd,
  alpha: number,
  beta: number,
  k: number,
  rightSize: number,
  extra: 0 | 1,
  kernels: KernelWorkspace | null,
): BidiagonalSvd {
  const n = k + 1 + rightSize;
  const columns = n + extra;
  const firstColumns = k + 1;
  const secondColumns = rightSize + extra;

  // The big block-diagonal factors, which the deflation rotations act on in place.
  const bigU = new Float64Array(n * n);
  for (let i = 0; i < k; i++) bigU.set(first.left.subarray(i * k, (i + 1) * k), i * n);
  bigU[k * n + k] = 1;
  for (let i = 0; i < rightSize; i++) {
    bigU.set(second.left.subarray(i * rightSize, (i + 1) * rightSize), (k + 1 + i) * n + k + 1);
  }
  const bigW = new Float64Array(columns * columns);
  for (let i = 0; i < firstColumns; i++) {
    bigW.set(first.right.subarray(i * firstColumns, (i + 1) * firstColumns), i * columns);
  }
  for (let i = 0; i < secondColumns; i++) {
    bigW.set(
      second.right.subarray(i * secondColumns, (i + 1) * secondColumns),
      (firstColumns + i) * columns + firstColumns,
    );
  }

  const lastRowOfFirst = k * firstColumns; // row k of W₁
  const poles: Pole[] = [
    {
      value: 0,
      z: alpha * first.right[lastRowOfFirst + k],
      wColumn: k,
      uColumn: -1,
      wBlocks: TOP,
      uBlocks: 0,
    },
  ];
  for (let i = 0; i < k; i++) {
    poles.push({
      value: first.values[i],
      z: alpha * first.right[lastRowOfFirst + i],
      wColumn: i,
      uColumn: i,
      wBlocks: TOP,
      uBlocks: TOP,
    });
  }
  for (let i = 0; i < rightSize; i++) {
    poles.push({
      value: second.values[i],
      z: beta * second.right[i],
      wColumn: firstColumns + i,
      uColumn: k + 1 + i,
      wBlocks: BOTTOM,
      uBlocks: BOTTOM,
    });
  }
  const nullColumn = firstColumns + rightSize;
  if (extra === 1) {
    // W₂'s null column also meets only row k; rotate its weight into the zero pole, leaving a
    // column of M that is entirely zero: the parent's null vector.
    const zero = poles[0]!;
    const other = beta * second.right[rightSize];
    const h = Math.hypot(zero.z, other);
    if (h > 0) {
      rotateColumns(bigW, columns, columns, zero.wColumn, nullColumn, zero.z / h, other / h);
      zero.z = h;
      zero.wBlocks = TOP | BOTTOM;
    }
  }

  let scale = Math.max(Math.abs(alpha), Math.abs(beta));
  for (const pole of poles) scale = Math.max(scale, pole.value);
  const values = new Float64Array(n);
  const left = new Float64Array(n * n);
  const right = new Float64Array(columns * columns);
  if (scale === 0) {
    // B = 0: any orthonormal bases will do.
    left.set(bigU);
    right.set(bigW);
    return { values, left, right };
  }
  let largestZ = 0;
  for (const pole of poles) {
    pole.value /= scale;
    pole.z /= scale;
    largestZ = Math.max(largestZ, Math.abs(pole.z));
  }
  // The zero pole sorts first among equal values: it must stay the first active pole.
  poles.sort((p, q) => p.value - q.value || (p.uColumn < 0 ? -1 : q.uColumn < 0 ? 1 : 0));
  let largestValue = 0;
  for (const pole of poles) largestValue = Math.max(largestValue, pole.value);
  const tolerance = 8 * EPSILON * Math.max(largestValue, largestZ);

  const { active, deflated } = deflate(poles, tolerance, bigU, n, bigW, columns);
  const count = active.length;
  const delta = Float64Array.from(active, (pole) => pole.value);
  const z = Float64Array.from(active, (pole) => pole.z);
  const roots = solveSecularEquation(delta, z);
  const zHat = recomputeZ(delta, z, roots);

  // Singular vectors of the deflated M (count × count): column t for root t.
  const smallRight = new Float64Array(count * count);
  const smallLeft = new Float64Array(count * count);
  for (let t = 0; t < count; t++) {
    const origin = delta[roots.origin[t]];
    const offset = roots.offset[t];
    let rightNorm = 0;
    let leftNorm = 1; // the −1 in the z row
    for (let j = 0; j < count; j++) {
      const difference = delta[j] - origin - offset;
      const sum = delta[j] + origin + offset;
      const entry = zHat[j] / (difference * sum);
      smallRight[j * count + t] = entry;
      rightNorm += entry * entry;
      if (j > 0) {
        const leftEntry = delta[j] * entry;
        smallLeft[j * count + t] = leftEntry;
        leftNorm += leftEntry * leftEntry;
      }
    }
    smallLeft[t] = -1;
    const rightScale = 1 / Math.sqrt(rightNorm);
    const leftScale = 1 / Math.sqrt(leftNorm);
    for (let j = 0; j < count; j++) {
      smallRight[j * count + t] *= rightScale;
      smallLeft[j * count + t] *= leftScale;
    }
    values[t] = (origin + offset) * scale;
  }

  // W = bigW[:, active]·smallRight, block by block so the zero quarters of bigW are skipped.
  combineColumns(
    bigW,
    columns,
    0,
    firstColumns,
    active,
    (pole) => pole.wColumn,
    (pole) => pole.wBlocks & TOP,
    smallRight,
    0,
    right,
    columns,
    kernels,
  );
  combineColumns(
    bigW,
    columns,
    firstColumns,
    columns,
    active,
    (pole) => pole.wColumn,
    (pole) => pole.wBlocks & BOTTOM,
    smallRight,
    0,
    right,
    columns,
    kernels,
  );
  // U = bigU[:, rows of M]·smallLeft; M's first row is the coupling row, whose U column is e_k.
  combineColumns(
    bigU,
    n,
    0,
    k,
    active,
    (pole) => pole.uColumn,
    (pole) => pole.uBlocks & TOP,
    smallLeft,
    1,
    left,
    n,
    kernels,
  );
  combineColumns(
    bigU,
    n,
    k + 1,
    n,
    active,
    (pole) => pole.uColumn,
    (pole) => pole.uBlocks & BOTTOM,
    smallLeft,
    1,
    left,
    n,
    kernels,
  );
  for (let t = 0; t < count; t++) left[k * n + t] = smallLeft[t];

  // Deflated poles keep their own (rotated) columns.
  for (let index = 0; index < deflated.length; index++) {
    const pole = deflated[index]!;
    const t = count + index;
    values[t] = pole.value * scale;
    for (let i = 0; i < columns; i++) right[i * columns + t] = bigW[i * columns + pole.wColumn];
    for (let i = 0; i < n; i++) left[i * n + t] = bigU[i * n + pole.uColumn];
  }
  if (extra === 1) {
    for (let i = 0; i < columns; i++) right[i * columns + n] = bigW[i * columns + nullColumn];
  }
  return { values, left, right };
}

/**
 * Splits off poles whose z is negligible, and merges poles closer than `tolerance` by a rotation
 * that moves all their z weight onto one of them (the other is then deflated). Rotations are applied
 * to the big U and W so the factorisation stays exact up to the tolerance.
 */
function deflate(
  poles: Pole[],
  tolerance: number,
  bigU: Float64Array,
  n: number,
  bigW: Float64Array,
  columns: number,
): { active: Pole[]; deflated: Pole[] } {
  const zero = poles[0]!;
  // The zero pole has no row of M, so it cannot be deflated; a tiny z there is raised to the
  // tolerance instead (a perturbation of M below the tolerance), as LAPACK's dlasd2 does.
  if (Math.abs(zero.z) < tolerance) zero.z = zero.z < 0 ? -tolerance : tolerance;
  const active: Pole[] = [zero];
  const deflated: Pole[] = [];
  for (let index = 1; index < poles.length; index++) {
    const pole = poles[index]!;
    if (Math.abs(pole.z) <= tolerance) {
      deflated.push(pole);
      continue;
    }
    const previous = active[active.length - 1]!;
    if (pole.value - previous.value > tolerance) {
      active.push(pole);
      continue;
    }
    const h = Math.hypot(pole.z, previous.z);
    if (previous === zero) {
      // Move this pole's weight into the zero pole; the entry this leaves in M is
      // (sine)·value ≤ tolerance, and is dropped.
      rotateColumns(bigW, columns, columns, zero.wColumn, pole.wColumn, zero.z / h, pole.z / h);
      zero.z = h;
      zero.wBlocks |= pole.wBlocks;
      pole.wBlocks |= zero.wBlocks;
      pole.z = 0;
      deflated.push(pole);
      continue;
    }
    // Equal singular values: rotate both the columns (W) and rows (U) of the 2×2 block, which
    // keeps it diagonal, so that the previous pole's z becomes 0.
    const cos = pole.z / h;
    const sin = previous.z / h;
    rotateColumns(bigW, columns, columns, pole.wColumn, previous.wColumn, cos, sin);
    rotateColumns(bigU, n, n, pole.uColumn, previous.uColumn, cos, sin);
    pole.z = h;
    previous.z = 0;
    const wBlocks = pole.wBlocks | previous.wBlocks;
    const uBlocks = pole.uBlocks | previous.uBlocks;
    pole.wBlocks = wBlocks;
    previous.wBlocks = wBlocks;
    pole.uBlocks = uBlocks;
    previous.uBlocks = uBlocks;
    active[active.length - 1] = pole;
    deflated.push(previous);
  }
  return { active, deflated };
}

/**
 * target[rowStart…rowEnd, 0…count) = big[rowStart…rowEnd, columns of the selected active poles] ·
 * small[selected rows, :]. Row p of `small` belongs to active pole p; poles whose column is zero in
 * this row block are skipped, and so are poles before `firstPole` (for U that is the zero pole,
 * whose row 0 of M is the coupling row, handled by the caller).
 */
function combineColumns(
  big: Float64Array,
  stride: number,
  rowStart: number,
  rowEnd: number,
  active: readonly Pole[],
  columnOf: (pole: Pole) => number,
  inBlock: (pole: Pole) => number,
  small: Float64Array,
  firstPole: 0 | 1,
  target: Float64Array,
  targetStride: number,
  kernels: KernelWorkspace | null,
): void {
  const rows = rowEnd - rowStart;
  const count = active.length;
  if (rows <= 0) return;
  const selected: number[] = [];
  for (let p = firstPole; p < count; p++) if (inBlock(active[p]!)) selected.push(p);
  const mark = kernels?.mark() ?? 0;
  const gathered = new Matrix(rows, selected.length, kernels?.alloc(rows * selected.length));
  const weights = new Matrix(selected.length, count, kernels?.alloc(selected.length * count));
  for (let s = 0; s < selected.length; s++) {
    const p = selected[s]!;
    const column = columnOf(active[p]!);
    for (let i = 0; i < rows; i++)
      gathered.data[i * selected.length + s] = big[(rowStart + i) * stride + column];
    weights.data.set(small.subarray(p * count, (p + 1) * count), s * count);
  }
  let product: Float64Array;
  if (kernels) {
    product = kernels.alloc(rows * count);
    const depth = selected.length;
    kernels.gemm(rows, count, depth, gathered.data, 0, depth, 1, weights.data, 0, count, product, 0, count);
  } else {
    product = matmul(gathered, weights).data;
  }
  for (let i = 0; i < rows; i++)
    target.set(product.subarray(i * count, (i + 1) * count), (rowStart + i) * targetStride);
  kernels?.release(mark);
}

interface SecularRoots {
  /** Index of the pole each root is measured from. */
  readonly origin: Int32Array;
  /** root = delta[origin] + offset, with |offset| at most half the gap to the other neighbour. */
  readonly offset: Float64Array;
}

/**
 * Roots ω_t ∈ (δ_t, δ_{t+1}) (the last one above δ_{K−1}) of f(ω) = 1 + Σⱼ zⱼ²/((δⱼ − ω)(δⱼ + ω)),
 * for 0 = δ₀ < δ₁ < … with every zⱼ ≠ 0. f increases from −∞ to +∞ on each interval, so a
 * bracketed Newton iteration (bisecting whenever Newton leaves the bracket) always converges. Each
 * root is measured from the closer pole of its interval, so δⱼ − ω = (δⱼ − δ_origin) − offset keeps
 * full relative accuracy.
 */
function solveSecularEquation(delta: Float64Array, z: Float64Array): SecularRoots {
  const count = delta.length;
  const origin = new Int32Array(count);
  const offset = new Float64Array(count);
  const zSquared = Float64Array.from(z, (value) => value * value);
  let zNormSquared = 0;
  for (const value of zSquared) zNormSquared += value;
  const gaps = new Float64Array(count);
  const sums = new Float64Array(count);

  for (let t = 0; t < count; t++) {
    const lower = delta[t];
    let low: number;
    let high: number;
    let originIndex: number;
    if (t === count - 1) {
      // Above the last pole: ω² ≤ δ² + ‖z‖², written without cancellation.
      originIndex = t;
      low = 0;
      high = zNormSquared / (lower + Math.sqrt(lower * lower + zNormSquared));
    } else {
      const upper = delta[t + 1];
      const width = upper - lower;
      // The sign of f at the midpoint says which half holds the root, hence the closer pole.
      originIndex = t;
      const middle = secularValue(delta, zSquared, t, width / 2, gaps, sums);
      if (middle >= 0) {
        low = 0;
        high = width / 2;
      } else {
        originIndex = t + 1;
        low = -width / 2;
        high = 0;
      }
    }
    const base = delta[originIndex];
    for (let j = 0; j < count; j++) {
      gaps[j] = delta[j] - base;
      sums[j] = delta[j] + base;
    }
    let tau = (low + high) / 2;
    let converged = false;
    for (let iteration = 0; iteration < MAX_SECULAR_ITERATIONS; iteration++) {
      let value = 1;
      let slope = 0;
      let magnitude = 1;
      for (let j = 0; j < count; j++) {
        const product = (gaps[j] - tau) * (sums[j] + tau);
        const term = zSquared[j] / product;
        value += term;
        magnitude += Math.abs(term);
        slope += term / product;
      }
      if (value < 0) low = tau;
      else high = tau;
      // Once f is within its own rounding error of zero, no better root is representable.
      if (Math.abs(value) <= 4 * EPSILON * count * magnitude || high - low <= 2 * EPSILON * Math.abs(tau)) {
        converged = true;
        break;
      }
      // f'(ω) = 2ω·Σ zⱼ²/(δⱼ² − ω²)²; ω = base + τ.
      const derivative = 2 * (base + tau) * slope;
      let next = tau - value / derivative;
      if (!(next > low && next < high)) next = (low + high) / 2;
      if (next === tau) {
        converged = true;
        break;
      }
      tau = next;
    }
    if (!converged) {
      throw new ConvergenceError(
        `secular equation root ${t} of ${count} did not converge; the input may be extreme`,
      );
    }
    origin[t] = originIndex;
    offset[t] = tau;
  }
  return { origin, offset };
}

/** f at δ_t + τ, reusing `gaps`/`sums` as scratch. */
function secularValue(
  delta: Float64Array,
  zSquared: Float64Array,
  t: number,
  tau: number,
  gaps: Float64Array,
  sums: Float64Array,
): number {
  const base = delta[t];
  let value = 1;
  for (let j = 0; j < delta.length; j++) {
    gaps[j] = delta[j] - base;
    sums[j] = delta[j] + base;
    value += zSquared[j] / ((gaps[j] - tau) * (sums[j] + tau));
  }
  return value;
}

/**
 * Gu–Eisenstat: the ẑ for which the computed roots are the *exact* singular values of the broken
 * arrow matrix with poles δ. Vectors built from ẑ are then orthogonal to working precision even
 * when roots cluster, whereas vectors from the original z can lose orthogonality entirely.
 *   ẑⱼ² = (ω_{K−1}² − δⱼ²) · Π_{i<j} (ωᵢ² − δⱼ²)/(δᵢ² − δⱼ²) · Π_{j≤i<K−1} (ωᵢ² − δⱼ²)/(δ_{i+1}² − δⱼ²)
 */
function recomputeZ(delta: Float64Array, z: Float64Array, roots: SecularRoots): Float64Array {
  const count = delta.length;
  const result = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const dj = delta[j];
    let product = rootMinusPole(delta, roots, count - 1, dj);
    for (let i = 0; i < j; i++) {
      product *= rootMinusPole(delta, roots, i, dj) / ((delta[i] - dj) * (delta[i] + dj));
    }
    for (let i = j; i < count - 1; i++) {
      product *= rootMinusPole(delta, roots, i, dj) / ((delta[i + 1] - dj) * (delta[i + 1] + dj));
    }
    const magnitude = Math.sqrt(Math.abs(product));
    result[j] = z[j] < 0 ? -magnitude : magnitude;
  }
  return result;
}

/** ωᵢ² − δ², with ωᵢ − δ formed from the root's offset to its own pole. */
function rootMinusPole(delta: Float64Array, roots: SecularRoots, i: number, pole: number): number {
  const base = delta[roots.origin[i]];
  const tau = roots.offset[i];
  return (base - pole + tau) * (base + pole + tau);
}

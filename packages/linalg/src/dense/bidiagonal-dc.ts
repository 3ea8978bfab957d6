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
import { KernelCommands, type KernelWorkspace, type ProductRunner } from "../kernels/workspace.js";
import { Matrix } from "../matrix.js";
import { bidiagonalQr } from "./bidiagonal-qr.js";
import { ConvergenceError } from "./errors.js";
import { matmul } from "./matmul.js";
import { rotateColumns } from "./rotations.js";

/**
 * Merges of at least this many active poles lend W's products to the helper thread: smaller ones
 * take well under a millisecond, less than handing them over costs.
 */
const LENT_MERGE_SIZE = 96;

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
 * products and temporaries live in that workspace, which needs room for
 * `divideAndConquerScratch(n)` doubles.
 */
export function bidiagonalDivideAndConquer(
  d: Float64Array,
  e: Float64Array,
  extra: 0 | 1,
  kernels: KernelWorkspace | null = null,
): BidiagonalSvd {
  const n = d.length;
  const columns = n + extra;
  const result = {
    values: new Float64Array(n),
    left: new Float64Array(n * n),
    right: new Float64Array(columns * columns),
  };
  bidiagonalDivideAndConquerInto(
    d,
    e,
    extra,
    { values: result.values, left: result.left, leftOffset: 0, leftStride: n },
    { right: result.right, rightOffset: 0, rightStride: columns },
    kernels,
  );
  return result;
}

/** Where a subproblem's singular values and U (n×n) go: U(i, j) at left[leftOffset + i·leftStride + j]. */
export interface LeftDestination {
  readonly values: Float64Array;
  readonly left: Float64Array;
  readonly leftOffset: number;
  readonly leftStride: number;
}

/** Where a subproblem's W ((n+extra)×(n+extra)) goes, as for U. */
export interface RightDestination {
  readonly right: Float64Array;
  readonly rightOffset: number;
  readonly rightStride: number;
}

/**
 * As `bidiagonalDivideAndConquer`, writing into the given places: every entry of the U and W blocks
 * is written. Each subproblem's result lands directly in its parent's block-diagonal factors, so
 * nothing is copied between levels; with `kernels`, destinations inside the workspace also receive
 * the merge products directly.
 */
export function bidiagonalDivideAndConquerInto(
  d: Float64Array,
  e: Float64Array,
  extra: 0 | 1,
  leftTo: LeftDestination,
  rightTo: RightDestination,
  kernels: KernelWorkspace | null = null,
): void {
  const n = d.length;
  if (n <= LEAF_SIZE) {
    solveLeaf(d, e, extra, leftTo, rightTo);
    return;
  }
  const memory: Allocator = kernels ?? HEAP;
  const mark = memory.mark();
  const k = n >> 1;
  const rightSize = n - k - 1;
  const columns = n + extra;
  const firstColumns = k + 1;
  // The block-diagonal factors diag(U₁, 1, U₂) and diag(W₁, W₂), which the halves fill in.
  const bigU = memory.alloc(n * n);
  const bigW = memory.alloc(columns * columns);
  bigU[k * n + k] = 1;
  const firstValues = new Float64Array(k);
  const secondValues = new Float64Array(rightSize);
  bidiagonalDivideAndConquerInto(
    d.subarray(0, k),
    e.subarray(0, k),
    1,
    { values: firstValues, left: bigU, leftOffset: 0, leftStride: n },
    { right: bigW, rightOffset: 0, rightStride: columns },
    kernels,
  );
  bidiagonalDivideAndConquerInto(
    d.subarray(k + 1),
    e.subarray(k + 1, k + 1 + rightSize - 1 + extra),
    extra,
    { values: secondValues, left: bigU, leftOffset: (k + 1) * n + k + 1, leftStride: n },
    { right: bigW, rightOffset: firstColumns * columns + firstColumns, rightStride: columns },
    kernels,
  );
  merge(bigU, bigW, firstValues, secondValues, d[k], e[k], k, rightSize, extra, leftTo, rightTo, kernels);
  memory.release(mark);
}

/**
 * Doubles of workspace divide and conquer on n rows needs at most: the top merge's block-diagonal
 * factors (2(n+1)²), its secular vectors (2(n+1)²), W's gathered columns and weights, kept while
 * the helper thread may still be reading them (3(n+1)²), and U's (2(n+1)²); the levels below need
 * less. Plus rounding slack.
 */
export function divideAndConquerScratch(n: number): number {
  return 10 * (n + 1) * (n + 1) + 64 * Math.log2(n + 2);
}

/** Array allocation with stack discipline: the kernel workspace, or the JavaScript heap. */
interface Allocator {
  /** Zeroed. */
  alloc(length: number): Float64Array;
  /** Contents unspecified. */
  scratch(length: number): Float64Array;
  mark(): number;
  release(mark: number): void;
}

const HEAP: Allocator = {
  alloc: (length) => new Float64Array(length),
  scratch: (length) => new Float64Array(length),
  mark: () => 0,
  release: () => {},
};

function identity(size: number): Float64Array {
  const result = new Float64Array(size * size);
  for (let i = 0; i < size; i++) result[i * size + i] = 1;
  return result;
}

/** Copies a rows×cols row-major block into `target` at `offset` with row stride `stride`. */
function copyBlock(
  source: Float64Array,
  rows: number,
  cols: number,
  target: Float64Array,
  offset: number,
  stride: number,
): void {
  for (let i = 0; i < rows; i++) target.set(source.subarray(i * cols, (i + 1) * cols), offset + i * stride);
}

/** Small problems: rotate the extra column away (B·G = [B' 0]), then QR-iterate the square B'. */
function solveLeaf(
  d: Float64Array,
  e: Float64Array,
  extra: 0 | 1,
  leftTo: LeftDestination,
  rightTo: RightDestination,
): void {
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
  leftTo.values.set(diagonal);
  copyBlock(left, n, n, leftTo.left, leftTo.leftOffset, leftTo.leftStride);
  copyBlock(right, columns, columns, rightTo.right, rightTo.rightOffset, rightTo.rightStride);
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

/**
 * Merges the halves' SVDs, held in bigU = diag(U₁, 1, U₂) and bigW = diag(W₁, W₂) (both modified by
 * deflation), into the parent's, written to the destinations.
 */
function merge(
  bigU: Float64Array,
  bigW: Float64Array,
  firstValues: Float64Array,
  secondValues: Float64Array,
  alpha: number,
  beta: number,
  k: number,
  rightSize: number,
  extra: 0 | 1,
  leftTo: LeftDestination,
  rightTo: RightDestination,
  kernels: KernelWorkspace | null,
): void {
  const n = k + 1 + rightSize;
  const columns = n + extra;
  const firstColumns = k + 1;
  const { values, left, leftOffset, leftStride } = leftTo;
  const { right, rightOffset, rightStride } = rightTo;

  const lastRowOfFirst = k * columns; // row k of W₁, inside bigW
  const firstRowOfSecond = firstColumns * columns + firstColumns; // row 0 of W₂
  const poles: Pole[] = [
    {
      value: 0,
      z: alpha * bigW[lastRowOfFirst + k],
      wColumn: k,
      uColumn: -1,
      wBlocks: TOP,
      uBlocks: 0,
    },
  ];
  for (let i = 0; i < k; i++) {
    poles.push({
      value: firstValues[i],
      z: alpha * bigW[lastRowOfFirst + i],
      wColumn: i,
      uColumn: i,
      wBlocks: TOP,
      uBlocks: TOP,
    });
  }
  for (let i = 0; i < rightSize; i++) {
    poles.push({
      value: secondValues[i],
      z: beta * bigW[firstRowOfSecond + i],
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
    const other = beta * bigW[firstRowOfSecond + rightSize];
    const h = Math.hypot(zero.z, other);
    if (h > 0) {
      rotateColumns(bigW, columns, columns, zero.wColumn, nullColumn, zero.z / h, other / h);
      zero.z = h;
      zero.wBlocks = TOP | BOTTOM;
    }
  }

  let scale = Math.max(Math.abs(alpha), Math.abs(beta));
  for (const pole of poles) scale = Math.max(scale, pole.value);
  if (scale === 0) {
    // B = 0: any orthonormal bases will do.
    values.fill(0);
    copyBlock(bigU, n, n, left, leftOffset, leftStride);
    copyBlock(bigW, columns, columns, right, rightOffset, rightStride);
    return;
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

  const memory: Allocator = kernels ?? HEAP;
  const mark = memory.mark();
  const { smallLeft, smallRight, leftScales, rightScales } = secularVectors(
    delta,
    zHat,
    roots,
    scale,
    values,
    memory,
  );

  // W = bigW[:, active]·smallRight, block by block so the zero quarters of bigW are skipped.
  const wColumn = (pole: Pole) => pole.wColumn;
  const uColumn = (pole: Pole) => pole.uColumn;
  const wTop = (pole: Pole) => pole.wBlocks & TOP;
  const wBottom = (pole: Pole) => pole.wBlocks & BOTTOM;
  const uTop = (pole: Pole) => pole.uBlocks & TOP;
  const uBottom = (pole: Pole) => pole.uBlocks & BOTTOM;
  // W's and U's products are independent: for large merges W's are recorded and lent to the helper
  // thread (when there is one) while this thread does U's. Only products that land straight in the
  // workspace can be recorded (the others are copied out once computed).
  const lend = kernels !== null && count >= LENT_MERGE_SIZE && kernels.owns(right);
  const wRunner = lend ? new KernelCommands() : kernels;
  const wTo = [right, rightOffset, rightStride, { kernels, runner: wRunner, count }] as const;
  const wSmall = [smallRight, rightScales, 0] as const;
  combineColumns(bigW, columns, 0, firstColumns, active, wColumn, wTop, ...wSmall, ...wTo);
  combineColumns(bigW, columns, firstColumns, columns, active, wColumn, wBottom, ...wSmall, ...wTo);
  const background = lend && wRunner instanceof KernelCommands ? kernels.runInBackground(wRunner) : null;
  // U = bigU[:, rows of M]·smallLeft; M's first row is the coupling row, whose U column is e_k.
  const uTo = [left, leftOffset, leftStride, { kernels, runner: kernels, count }] as const;
  const uSmall = [smallLeft, leftScales, 1] as const;
  combineColumns(bigU, n, 0, k, active, uColumn, uTop, ...uSmall, ...uTo);
  combineColumns(bigU, n, k + 1, n, active, uColumn, uBottom, ...uSmall, ...uTo);
  background?.finish();
  const coupling = leftOffset + k * leftStride;
  for (let t = 0; t < count; t++) left[coupling + t] = -leftScales[t];
  memory.release(mark);

  // Deflated poles keep their own (rotated) columns.
  for (let index = 0; index < deflated.length; index++) {
    const pole = deflated[index]!;
    const t = count + index;
    values[t] = pole.value * scale;
    for (let i = 0; i < columns; i++)
      right[rightOffset + i * rightStride + t] = bigW[i * columns + pole.wColumn];
    for (let i = 0; i < n; i++) left[leftOffset + i * leftStride + t] = bigU[i * n + pole.uColumn];
  }
  if (extra === 1) {
    for (let i = 0; i < columns; i++)
      right[rightOffset + i * rightStride + n] = bigW[i * columns + nullColumn];
  }
}

/**
 * Singular vectors of the deflated M (count × count), unnormalised: column t of `smallRight` (W's)
 * and `smallLeft` (U's) for root t, filled row by row (contiguous writes) with each column's squared
 * norm summed alongside. The reciprocal norms come back separately and are applied as the columns
 * are copied into the products' weights, saving a pass over both matrices. Also writes the roots,
 * scaled back, into `values`.
 */
function secularVectors(
  delta: Float64Array,
  zHat: Float64Array,
  roots: SecularRoots,
  scale: number,
  values: Float64Array,
  memory: Allocator,
): SecularVectors {
  const count = delta.length;
  // Every entry is written below.
  const smallRight = memory.scratch(count * count);
  const smallLeft = memory.scratch(count * count);
  const origins = new Float64Array(count);
  const rightScales = new Float64Array(count);
  const leftScales = new Float64Array(count).fill(1); // the −1 in the z row
  const offsets = roots.offset;
  for (let t = 0; t < count; t++) {
    origins[t] = delta[roots.origin[t]];
    values[t] = (origins[t] + offsets[t]) * scale;
  }
  smallLeft.fill(-1, 0, count);
  for (let j = 0; j < count; j++) {
    const pole = delta[j];
    const weight = zHat[j];
    const row = j * count;
    if (j === 0) {
      for (let t = 0; t < count; t++) {
        const entry = weight / ((pole - origins[t] - offsets[t]) * (pole + origins[t] + offsets[t]));
        smallRight[row + t] = entry;
        rightScales[t] += entry * entry;
      }
      continue;
    }
    for (let t = 0; t < count; t++) {
      const entry = weight / ((pole - origins[t] - offsets[t]) * (pole + origins[t] + offsets[t]));
      smallRight[row + t] = entry;
      rightScales[t] += entry * entry;
      const leftEntry = pole * entry;
      smallLeft[row + t] = leftEntry;
      leftScales[t] += leftEntry * leftEntry;
    }
  }
  for (let t = 0; t < count; t++) {
    rightScales[t] = 1 / Math.sqrt(rightScales[t]);
    leftScales[t] = 1 / Math.sqrt(leftScales[t]);
  }
  return { smallLeft, smallRight, leftScales, rightScales };
}

/** Unnormalised secular vectors with their columns' reciprocal norms (see secularVectors). */
interface SecularVectors {
  readonly smallLeft: Float64Array;
  readonly smallRight: Float64Array;
  readonly leftScales: Float64Array;
  readonly rightScales: Float64Array;
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
 * target[rowStart…rowEnd, 0…count) (at `offset`, row stride `targetStride`) = big[rowStart…rowEnd,
 * columns of the selected active poles] · small[selected rows, :]·diag(scales). Row p of `small` belongs to
 * active pole p; poles whose column is zero in this row block are skipped, and so are poles before
 * `firstPole` (for U that is the zero pole, whose row 0 of M is the coupling row, handled by the
 * caller).
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
  scales: Float64Array,
  firstPole: 0 | 1,
  target: Float64Array,
  offset: number,
  targetStride: number,
  product: {
    readonly kernels: KernelWorkspace | null;
    /** Runs (or records) the product when it lands straight in the workspace. */
    readonly runner: ProductRunner | null;
    readonly count: number;
  },
): void {
  const rows = rowEnd - rowStart;
  const { kernels, runner, count } = product;
  if (rows <= 0) return;
  const selected: number[] = [];
  for (let p = firstPole; p < count; p++) if (inBlock(active[p]!)) selected.push(p);
  const memory: Allocator = kernels ?? HEAP;
  const mark = memory.mark();
  const width = selected.length;
  // Both are overwritten entirely below.
  const gathered = memory.scratch(rows * width);
  const weights = memory.scratch(width * count);
  const columns = new Int32Array(width);
  for (let s = 0; s < width; s++) {
    const p = selected[s]!;
    columns[s] = columnOf(active[p]!);
    const from = p * count;
    const to = s * count;
    for (let t = 0; t < count; t++) weights[to + t] = small[from + t] * scales[t];
  }
  // Row by row, so both sides are read and written in order.
  for (let i = 0; i < rows; i++) {
    const source = (rowStart + i) * stride;
    const start = i * width;
    for (let s = 0; s < width; s++) gathered[start + s] = big[source + columns[s]];
  }
  const first = offset + rowStart * targetStride;
  if (runner && kernels?.owns(target)) {
    // Straight into the destination, which gemm accumulates into. A recorded product reads
    // `gathered` and `weights` later, so they stay allocated (the caller releases them).
    for (let i = 0; i < rows; i++) target.fill(0, first + i * targetStride, first + i * targetStride + count);
    runner.gemm(rows, count, width, gathered, 0, width, 1, weights, 0, count, target, first, targetStride);
    if (runner !== kernels) return;
  } else {
    let result: Float64Array;
    if (kernels) {
      result = kernels.alloc(rows * count);
      kernels.gemm(rows, count, width, gathered, 0, width, 1, weights, 0, count, result, 0, count);
    } else {
      result = matmul(new Matrix(rows, width, gathered), new Matrix(width, count, weights)).data;
    }
    copyBlock(result, rows, count, target, first, targetStride);
  }
  memory.release(mark);
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
 * bracketed iteration (steps to the root of a two-pole rational model, see `rationalStep`,
 * bisecting whenever a step leaves the bracket) always converges. Each root is measured from the
 * closer pole of its interval, so δⱼ − ω = (δⱼ − δ_origin) − offset keeps full relative accuracy.
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
  const sample = new Float64Array(SAMPLE_SIZE);

  for (let t = 0; t < count; t++) {
    const lower = delta[t];
    const last = t === count - 1;
    let low: number;
    let high: number;
    let tau: number;
    let originIndex = t;
    setOrigin(delta, lower, gaps, sums);
    if (last) {
      // Above the last pole: ω² ≤ δ² + ‖z‖², written without cancellation.
      low = 0;
      high = zNormSquared / (lower + Math.sqrt(lower * lower + zNormSquared));
      tau = high;
    } else {
      const half = (delta[t + 1] - lower) / 2;
      // The sign of f at the midpoint says which half holds the root, hence the closer pole; the
      // same sample gives the first step.
      evaluateSecular(gaps, sums, zSquared, t, half, sample);
      const value = sample[VALUE];
      const step = rationalStep(
        gaps,
        sums,
        t,
        half,
        lower,
        value,
        sample[PSI_SLOPE],
        sample[PHI_SLOPE],
        false,
      );
      if (value >= 0) {
        low = 0;
        high = half;
        tau = half + step;
      } else {
        originIndex = t + 1;
        setOrigin(delta, delta[originIndex], gaps, sums);
        low = -half;
        high = 0;
        tau = -half + step;
      }
      if (!(tau > low && tau < high)) tau = (low + high) / 2;
    }
    const base = delta[originIndex];
    let converged = false;
    for (let iteration = 0; iteration < MAX_SECULAR_ITERATIONS; iteration++) {
      evaluateSecular(gaps, sums, zSquared, t, tau, sample);
      const value = sample[VALUE];
      if (value < 0) low = tau;
      else high = tau;
      // Once f is within its own rounding error of zero, no better root is representable.
      if (
        Math.abs(value) <= 4 * EPSILON * count * sample[MAGNITUDE] ||
        high - low <= 2 * EPSILON * Math.abs(tau)
      ) {
        converged = true;
        break;
      }
      let next =
        tau + rationalStep(gaps, sums, t, tau, base, value, sample[PSI_SLOPE], sample[PHI_SLOPE], last);
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

/** gaps ← δ − base and sums ← δ + base, so δⱼ² − (base + τ)² = (gapⱼ − τ)(sumⱼ + τ) stays accurate. */
function setOrigin(delta: Float64Array, base: number, gaps: Float64Array, sums: Float64Array): void {
  for (let j = 0; j < delta.length; j++) {
    gaps[j] = delta[j] - base;
    sums[j] = delta[j] + base;
  }
}

// Slots of evaluateSecular's output.
const VALUE = 0;
const PSI_SLOPE = 1;
const PHI_SLOPE = 2;
const MAGNITUDE = 3;
const SAMPLE_SIZE = 4;

/**
 * f = 1 + ψ + φ at ω = base + τ, where ψ sums the poles up to t and φ those above, with ψ' and φ'
 * (derivatives in ω²) and the size 1 + φ − ψ of the sum's terms: every term below the root is
 * negative and every one above positive, so that is Σ|terms| without taking absolute values.
 */
function evaluateSecular(
  gaps: Float64Array,
  sums: Float64Array,
  zSquared: Float64Array,
  t: number,
  tau: number,
  out: Float64Array,
): void {
  let psi = 0;
  let psiSlope = 0;
  let phi = 0;
  let phiSlope = 0;
  for (let j = 0; j <= t; j++) {
    const inverse = 1 / ((gaps[j] - tau) * (sums[j] + tau));
    const term = zSquared[j] * inverse;
    psi += term;
    psiSlope += term * inverse;
  }
  for (let j = t + 1; j < gaps.length; j++) {
    const inverse = 1 / ((gaps[j] - tau) * (sums[j] + tau));
    const term = zSquared[j] * inverse;
    phi += term;
    phiSlope += term * inverse;
  }
  out[VALUE] = 1 + psi + phi;
  out[PSI_SLOPE] = psiSlope;
  out[PHI_SLOPE] = phiSlope;
  out[MAGNITUDE] = 1 + phi - psi;
}

/**
 * The change in τ towards the root of the secular equation's two-pole model at the current point
 * ("middle way", Li 1993; LAPACK's dlasd4): in λ = ω², with a = δ_t² − λ and b = δ_{t+1}² − λ,
 * f(λ + η) ≈ c + s/(a − η) + S/(b − η), with s = a²ψ' and S = b²φ' so the model matches ψ and φ in
 * slope, and c so it matches f in value. The model's root in (a, b) is a quadratic's; it needs
 * about three iterations where Newton on f needed nine. Returns NaN when the model has no usable
 * root (the caller then bisects).
 */
function rationalStep(
  gaps: Float64Array,
  sums: Float64Array,
  t: number,
  tau: number,
  base: number,
  value: number,
  psiSlope: number,
  phiSlope: number,
  last: boolean,
): number {
  const a = (gaps[t] - tau) * (sums[t] + tau);
  const s = a * a * psiSlope;
  let eta: number;
  if (last) {
    // No pole above: c + s/(a − η) = 0.
    const c = value - a * psiSlope;
    eta = c > 0 ? a + s / c : Number.NaN;
  } else {
    const b = (gaps[t + 1] - tau) * (sums[t + 1] + tau);
    const S = b * b * phiSlope;
    const c = value - a * psiSlope - b * phiSlope;
    // c·η² − (c(a + b) + s + S)·η + (c·a·b + s·b + S·a) = 0, solved without cancellation.
    const linear = -(c * (a + b) + s + S);
    const constant = c * a * b + s * b + S * a;
    const discriminant = linear * linear - 4 * c * constant;
    if (discriminant < 0) return Number.NaN;
    const q = -(linear + (linear < 0 ? -1 : 1) * Math.sqrt(discriminant)) / 2;
    const small = constant / q;
    const large = q / c;
    eta = small > a && small < b ? small : large > a && large < b ? large : Number.NaN;
  }
  // ω_new² = ω² + η, so τ moves by η/(ω + ω_new).
  const omega = base + tau;
  const squared = omega * omega + eta;
  if (!(squared >= 0)) return Number.NaN;
  return eta / (omega + Math.sqrt(squared));
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

import { InvalidArgumentError, type ProgressListener, startProgress } from "@lab/core";
import type { CsrMatrix } from "@lab/linalg";
import { type DistinctRows, distinctRows, identityRows } from "./distinct-rows.js";
import { type Linkage, linkageFromMerges } from "./linkage.js";
import { type ClusterRows, squaredRowNorms, toCsrRows } from "./rows.js";

/** How the condensed distance matrix is stored. */
export type WardPrecision = "float64" | "float32";

export interface WardOptions {
  /**
   * Cluster the distinct rows weighted by multiplicity (default true). Identical rows are at
   * distance 0, so they merge before anything else; w identical rows then act as one cluster of size
   * w at that row, and the Ward distance of two such clusters, √(2·w_i·w_j/(w_i+w_j))·‖x_i − x_j‖, is
   * what the Lance–Williams update would have produced from the zero-height merges. So the tree above
   * 0 is the same (up to how ties between equal heights are broken, which follows row order either
   * way). The zero-height merges are reported as a chain per group, rows in index order.
   */
  readonly dedupe?: boolean;
  /**
   * Storage of the condensed matrix of Ward distances. "auto" (default) uses float64 up to
   * `float64LimitBytes` and float32 above it; float32 halves the memory and costs about 7 significant
   * digits in the merge heights (ties can then break differently).
   */
  readonly precision?: "auto" | WardPrecision;
  /** Largest float64 matrix "auto" accepts. Default 256 MiB (about 8,200 distinct rows). */
  readonly float64LimitBytes?: number;
  /** Largest matrix accepted at all, in bytes. Default 2 GiB (about 32,000 distinct rows in float32). */
  readonly maxMatrixBytes?: number;
  readonly onProgress?: ProgressListener;
}

export interface WardLinkage extends Linkage {
  /** Rows the nearest-neighbour chain ran on (distinct rows when de-duplicating). */
  readonly clusteredRows: number;
  readonly precision: WardPrecision;
  /** Size of the condensed matrix that was allocated. */
  readonly matrixBytes: number;
}

const WHAT = "wardLinkage";
const MIB = 1024 * 1024;

/**
 * Ward agglomerative clustering by the nearest-neighbour chain (Murtagh; the algorithm scipy's
 * `linkage(method="ward")` runs), over a condensed matrix of Ward distances updated by the
 * Lance–Williams formula with scipy's own expression, so that on all rows in float64 the output is
 * scipy's merge for merge, ties included, whenever the starting distances agree bit for bit (0/1
 * rows, where both are √ of an integer). That matters because ties are everywhere in one-hot data
 * and scipy breaks them partly by rounding. Output is scipy's linkage: merge t joins clusters `left[t] < right[t]`
 * into cluster n + t at `distances[t]` = √(2|A||B|/(|A|+|B|))·‖c_A − c_B‖, merges sorted by distance.
 *
 * Cost: O(m²) memory and O(m²) time after O(m²·(nnz per row)) to fill the matrix, for m distinct
 * rows (with `dedupe`) or all rows.
 */
export function wardLinkage(rows: ClusterRows, options: WardOptions = {}): WardLinkage {
  const csr = toCsrRows(rows, WHAT);
  const distinct = (options.dedupe ?? true) ? distinctRows(csr) : identityRows(csr);
  const m = distinct.matrix.rows;
  const pairs = (m * (m - 1)) / 2;
  const precision = choosePrecision(pairs, options);
  const matrixBytes = pairs * (precision === "float64" ? 8 : 4);
  const condensed = precision === "float64" ? new Float64Array(pairs) : new Float32Array(pairs);
  const progress = startProgress(options.onProgress, "ward linkage", { total: 2 * m, unit: "rows" });
  const rowOffset = condensedOffsets(m);
  fillWardDistances(distinct.matrix, distinct.counts, condensed, rowOffset, (done) =>
    progress.update(done, "distances"),
  );
  const merges = nearestNeighbourChain(condensed, rowOffset, distinct.counts, (done) =>
    progress.update(m + done, "merges"),
  );
  progress.end();
  return {
    ...toObservationLinkage(merges, distinct),
    clusteredRows: m,
    precision,
    matrixBytes,
  };
}

function choosePrecision(pairs: number, options: WardOptions): WardPrecision {
  const requested = options.precision ?? "auto";
  if (requested !== "auto" && requested !== "float64" && requested !== "float32") {
    throw new InvalidArgumentError(
      `${WHAT}: precision must be "auto", "float64" or "float32", got ${String(requested)}`,
    );
  }
  const limit64 = options.float64LimitBytes ?? 256 * MIB;
  const limit = options.maxMatrixBytes ?? 2048 * MIB;
  for (const [name, value] of [
    ["float64LimitBytes", limit64],
    ["maxMatrixBytes", limit],
  ] as const) {
    if (typeof value !== "number" || !(value >= 0)) {
      throw new InvalidArgumentError(`${WHAT}: ${name} must be a number of bytes ≥ 0, got ${String(value)}`);
    }
  }
  const precision: WardPrecision =
    requested === "auto" ? (pairs * 8 <= limit64 ? "float64" : "float32") : requested;
  const bytes = pairs * (precision === "float64" ? 8 : 4);
  // Int32 offsets address the matrix; 2^31 entries is also far beyond any sane memory budget here.
  if (bytes > limit || pairs >= 2 ** 31) {
    throw new InvalidArgumentError(
      `${WHAT}: the ${precision} distance matrix would take ${(bytes / MIB).toFixed(0)} MiB, over the ${(limit / MIB).toFixed(0)} MiB limit; reduce the rows first (e.g. kmeans into a few thousand clusters) or raise maxMatrixBytes`,
    );
  }
  return precision;
}

/** offset[i] + j is the position of pair (i, j), i < j, in the condensed upper triangle of an m × m matrix. */
function condensedOffsets(m: number): Int32Array {
  const offsets = new Int32Array(Math.max(m, 1));
  for (let i = 0; i < m; i++) offsets[i] = i * m - (i * (i + 1)) / 2 - i - 1;
  return offsets;
}

/**
 * Fills the condensed matrix with the Ward distance of every pair of (weighted) rows,
 * √((2·w_i·w_j/(w_i+w_j))·‖x_i − x_j‖²) — the distance of two clusters of w identical points,
 * ‖x_i − x_j‖ for two single rows as in scipy. ‖x_i − x_j‖² = ‖x_i‖² + ‖x_j‖² − 2x_i·x_j, with the dot
 * products accumulated through the columns' posting lists, so a row only touches the rows it shares
 * a column with (exact for 0/1 data; on real-valued rows the usual cancellation applies).
 */
function fillWardDistances(
  x: CsrMatrix,
  weights: Float64Array,
  condensed: Float64Array | Float32Array,
  rowOffset: Int32Array,
  report: (done: number) => void,
): void {
  const m = x.rows;
  const squares = squaredRowNorms(x);
  const transposed = x.transpose();
  const { indptr: colStart, indices: colRows, values: colValues } = transposed;
  const { indptr, indices, values } = x;
  /** Next position in each column's posting list; rows arrive in order, so it only moves forward. */
  const cursor = colStart.slice(0, x.cols);
  const dots = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    for (let t = indptr[i]!; t < indptr[i + 1]!; t++) {
      const col = indices[t]!;
      const value = values[t]!;
      // The list's entry at the cursor is row i itself; the rows after it are all > i.
      const from = ++cursor[col]!;
      const to = colStart[col + 1]!;
      for (let p = from; p < to; p++) dots[colRows[p]!] += value * colValues[p]!;
    }
    const wi = weights[i]!;
    const si = squares[i]!;
    const base = rowOffset[i]!;
    for (let j = i + 1; j < m; j++) {
      let squared = si + squares[j]! - 2 * dots[j]!;
      dots[j] = 0;
      if (squared < 0) squared = 0;
      const wj = weights[j]!;
      condensed[base + j] = Math.sqrt(((2 * wi * wj) / (wi + wj)) * squared);
    }
    if ((i & 255) === 0) report(i);
  }
}

/** Merges in the order the chain found them, between slots (distinct-row indices). */
interface SlotMerges {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly heights: Float64Array;
}

/**
 * The nearest-neighbour chain as scipy's `nn_chain` runs it (same scan order and tie rule: the
 * first strictly smaller distance wins, the chain's previous element is preferred on ties), on
 * distances. A merge of slots x < y keeps the new cluster in slot y. Active slots are kept in
 * an ascending linked list, so scans skip merged slots without visiting them.
 */
function nearestNeighbourChain(
  condensed: Float64Array | Float32Array,
  rowOffset: Int32Array,
  weights: Float64Array,
  report: (done: number) => void,
): SlotMerges {
  const m = weights.length;
  const merges = Math.max(m - 1, 0);
  const left = new Int32Array(merges);
  const right = new Int32Array(merges);
  const heights = new Float64Array(merges);
  const size = Float64Array.from(weights);
  const next = new Int32Array(m);
  const previous = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    next[i] = i + 1 < m ? i + 1 : -1;
    previous[i] = i - 1;
  }
  let head = 0;
  const chain = new Int32Array(m);
  let length = 0;
  for (let step = 0; step < merges; step++) {
    if (length === 0) {
      chain[0] = head;
      length = 1;
    }
    let x = 0;
    let y = 0;
    let current = 0;
    for (;;) {
      x = chain[length - 1]!;
      if (length > 1) {
        y = chain[length - 2]!;
        current = x < y ? condensed[rowOffset[x]! + y]! : condensed[rowOffset[y]! + x]!;
      } else {
        y = -1;
        current = Number.POSITIVE_INFINITY;
      }
      let i = head;
      // Slots below x: pair (i, x) lives in row i; slots above x: pair (x, i) lives in row x.
      for (; i !== -1 && i < x; i = next[i]!) {
        const distance = condensed[rowOffset[i]! + x]!;
        if (distance < current) {
          current = distance;
          y = i;
        }
      }
      if (i === x) i = next[i]!;
      const base = rowOffset[x]!;
      for (; i !== -1; i = next[i]!) {
        const distance = condensed[base + i]!;
        if (distance < current) {
          current = distance;
          y = i;
        }
      }
      if (length > 1 && y === chain[length - 2]) break;
      chain[length++] = y;
    }
    length -= 2;
    const a = Math.min(x, y);
    const b = Math.max(x, y);
    const sizeA = size[a]!;
    const sizeB = size[b]!;
    left[step] = a;
    right[step] = b;
    heights[step] = current;
    // Unlink a; b carries the merged cluster.
    const after = next[a]!;
    const before = previous[a]!;
    if (before === -1) head = after;
    else next[before] = after;
    if (after !== -1) previous[after] = before;
    size[a] = 0;
    size[b] = sizeA + sizeB;
    // Lance–Williams for Ward, written as scipy's _ward writes it (same operations, same order):
    // d(a∪b, i) = √((n_i + n_a)·t·d(a,i)² + (n_i + n_b)·t·d(b,i)² − n_i·t·d(a,b)²), t = 1/(n_a + n_b + n_i).
    const offsetA = rowOffset[a]!;
    const offsetB = rowOffset[b]!;
    for (let i = head; i !== -1; i = next[i]!) {
      if (i === b) continue;
      const sizeI = size[i]!;
      const ai = i < a ? rowOffset[i]! + a : offsetA + i;
      const bi = i < b ? rowOffset[i]! + b : offsetB + i;
      const t = 1 / (sizeA + sizeB + sizeI);
      const dai = condensed[ai]!;
      const dbi = condensed[bi]!;
      const squared =
        (sizeI + sizeA) * t * dai * dai + (sizeI + sizeB) * t * dbi * dbi - sizeI * t * current * current;
      const updated = squared > 0 ? Math.sqrt(squared) : 0;
      condensed[bi] = updated;
    }
    if ((step & 255) === 0) report(step);
  }
  return { left, right, heights };
}

/**
 * From merges between weighted slots to scipy's linkage over the n input rows: each group of w
 * identical rows first merges at distance 0 (w − 1 merges, rows in index order), then the slot
 * merges follow with each slot standing for any of its rows. `linkageFromMerges` sorts by distance
 * (stable) and renumbers clusters with a union-find, as scipy's `label` does.
 */
function toObservationLinkage(merges: SlotMerges, distinct: DistinctRows): Linkage {
  const n = distinct.rowToDistinct.length;
  const m = distinct.firstRow.length;
  const a = new Int32Array(n - 1);
  const b = new Int32Array(n - 1);
  const heights = new Float64Array(n - 1);
  let t = 0;
  if (m < n) {
    const { rowToDistinct, firstRow } = distinct;
    for (let row = 0; row < n; row++) {
      const group = rowToDistinct[row]!;
      const first = firstRow[group]!;
      if (first === row) continue;
      a[t] = first;
      b[t] = row;
      heights[t] = 0;
      t++;
    }
  }
  for (let s = 0; s < merges.left.length; s++) {
    a[t] = distinct.firstRow[merges.left[s]!]!;
    b[t] = distinct.firstRow[merges.right[s]!]!;
    heights[t] = merges.heights[s]!;
    t++;
  }
  return linkageFromMerges(n, a, b, heights);
}

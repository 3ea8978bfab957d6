import type { SparseAffinities } from "./affinities.js";
import { SpacePartitionTree } from "./space-tree.js";

/**
 * Objective and gradient of t-SNE: KL(P‖Q) with Student-t (one degree of freedom) similarities
 * q_ij = w_ij / Z, w_ij = 1 / (1 + |y_i - y_j|²), Z = Σ_{k≠l} w_kl. Its gradient is
 *   ∂KL/∂y_i = 4 Σ_j (p_ij - q_ij) w_ij (y_i - y_j)
 * split into an attractive part 4 Σ_j p_ij w_ij (y_i - y_j) and a repulsive part
 * -4/Z Σ_j w_ij² (y_i - y_j). During early exaggeration P is multiplied by `exaggeration`.
 *
 * Positions and gradients are row-major (N × dims) Float64Arrays.
 */
export interface GradientEvaluator {
  /**
   * Writes ∂KL/∂Y (with P scaled by `exaggeration`) into `gradient`. When `withKl` is set, returns
   * KL(P‖Q) for the unscaled P at `positions`; otherwise returns NaN and skips the logarithms.
   */
  evaluate(positions: Float64Array, exaggeration: number, gradient: Float64Array, withKl: boolean): number;
}

/**
 * Exact O(N²) gradient over a dense symmetric P (N×N row-major, zero diagonal, summing to 1).
 *
 * One pass over the pairs i < j accumulates both halves of the gradient at once, the attraction
 * Σ_j p_ij w_ij (y_i - y_j) and the unnormalised repulsion Σ_j w_ij² (y_i - y_j); Z is only needed
 * to combine them afterwards, so no N×N buffer of the kernel is kept. KL uses the same split:
 * KL = Σ p log(p / w) + (Σ p) log Z.
 */
export class ExactGradient implements GradientEvaluator {
  private readonly attraction: Float64Array;
  private readonly repulsion: Float64Array;

  constructor(
    private readonly affinities: Float64Array,
    private readonly size: number,
    private readonly dims: 2 | 3,
  ) {
    this.attraction = new Float64Array(size * dims);
    this.repulsion = new Float64Array(size * dims);
  }

  evaluate(positions: Float64Array, exaggeration: number, gradient: Float64Array, withKl: boolean): number {
    const { size, dims, affinities, attraction, repulsion } = this;
    attraction.fill(0);
    repulsion.fill(0);
    const pass = dims === 2 ? exactPairs2d : exactPairs3d;
    const totals = pass(affinities, size, positions, attraction, repulsion, withKl);
    const normalizer = totals[0];
    const attractionScale = 4 * exaggeration;
    const repulsionScale = 4 / normalizer;
    for (let e = 0; e < gradient.length; e++) {
      gradient[e] = attractionScale * attraction[e] - repulsionScale * repulsion[e];
    }
    return withKl ? totals[1] + totals[2] * Math.log(normalizer) : Number.NaN;
  }
}

/** Pair-loop results: [Z, Σ p log(p/w), Σ p]; reused so the loops return without allocating. */
const pairTotals = new Float64Array(3);

/*
 * The O(N²) pair loops, one per dimension count so coordinates and accumulators for point i stay
 * in locals. Each pair (i < j) is visited once and its terms are added to i and subtracted from j.
 */
function exactPairs2d(
  affinities: Float64Array,
  size: number,
  positions: Float64Array,
  attraction: Float64Array,
  repulsion: Float64Array,
  withKl: boolean,
): Float64Array {
  let normalizer = 0;
  let klTerm = 0;
  let mass = 0;
  for (let i = 0; i < size; i++) {
    const x = positions[2 * i];
    const y = positions[2 * i + 1];
    const row = i * size;
    let attractX = 0;
    let attractY = 0;
    let repelX = 0;
    let repelY = 0;
    for (let j = i + 1; j < size; j++) {
      const dx = x - positions[2 * j];
      const dy = y - positions[2 * j + 1];
      const w = 1 / (1 + dx * dx + dy * dy);
      const p = affinities[row + j];
      const pull = p * w;
      const push = w * w;
      normalizer += w;
      attractX += pull * dx;
      attractY += pull * dy;
      repelX += push * dx;
      repelY += push * dy;
      attraction[2 * j] -= pull * dx;
      attraction[2 * j + 1] -= pull * dy;
      repulsion[2 * j] -= push * dx;
      repulsion[2 * j + 1] -= push * dy;
      if (withKl && p > 0) {
        klTerm += p * Math.log(p / w);
        mass += p;
      }
    }
    attraction[2 * i] += attractX;
    attraction[2 * i + 1] += attractY;
    repulsion[2 * i] += repelX;
    repulsion[2 * i + 1] += repelY;
  }
  // Every pair stands for both (i, j) and (j, i): Z and the KL sums count it twice.
  pairTotals[0] = 2 * normalizer;
  pairTotals[1] = 2 * klTerm;
  pairTotals[2] = 2 * mass;
  return pairTotals;
}

function exactPairs3d(
  affinities: Float64Array,
  size: number,
  positions: Float64Array,
  attraction: Float64Array,
  repulsion: Float64Array,
  withKl: boolean,
): Float64Array {
  let normalizer = 0;
  let klTerm = 0;
  let mass = 0;
  for (let i = 0; i < size; i++) {
    const x = positions[3 * i];
    const y = positions[3 * i + 1];
    const z = positions[3 * i + 2];
    const row = i * size;
    let attractX = 0;
    let attractY = 0;
    let attractZ = 0;
    let repelX = 0;
    let repelY = 0;
    let repelZ = 0;
    for (let j = i + 1; j < size; j++) {
      const dx = x - positions[3 * j];
      const dy = y - positions[3 * j + 1];
      const dz = z - positions[3 * j + 2];
      const w = 1 / (1 + dx * dx + dy * dy + dz * dz);
      const p = affinities[row + j];
      const pull = p * w;
      const push = w * w;
      normalizer += w;
      attractX += pull * dx;
      attractY += pull * dy;
      attractZ += pull * dz;
      repelX += push * dx;
      repelY += push * dy;
      repelZ += push * dz;
      attraction[3 * j] -= pull * dx;
      attraction[3 * j + 1] -= pull * dy;
      attraction[3 * j + 2] -= pull * dz;
      repulsion[3 * j] -= push * dx;
      repulsion[3 * j + 1] -= push * dy;
      repulsion[3 * j + 2] -= push * dz;
      if (withKl && p > 0) {
        klTerm += p * Math.log(p / w);
        mass += p;
      }
    }
    attraction[3 * i] += attractX;
    attraction[3 * i + 1] += attractY;
    attraction[3 * i + 2] += attractZ;
    repulsion[3 * i] += repelX;
    repulsion[3 * i + 1] += repelY;
    repulsion[3 * i + 2] += repelZ;
  }
  pairTotals[0] = 2 * normalizer;
  pairTotals[1] = 2 * klTerm;
  pairTotals[2] = 2 * mass;
  return pairTotals;
}

/**
 * Barnes–Hut gradient: exact attraction over the sparse P (O(nnz)), repulsion approximated with a
 * space-partitioning tree (O(N log N)). `theta` trades accuracy for speed: 0 is exact, 0.5 is the
 * usual choice. The returned KL is exact over P's pattern (P is zero elsewhere) but uses the
 * tree's estimate of Z, so it carries the approximation's error (typically well under 1%).
 */
export class BarnesHutGradient implements GradientEvaluator {
  private readonly tree: SpacePartitionTree;
  private readonly repulsion: Float64Array;

  constructor(
    private readonly affinities: SparseAffinities,
    private readonly dims: 2 | 3,
    private readonly theta: number,
  ) {
    this.tree = new SpacePartitionTree(dims, affinities.size);
    this.repulsion = new Float64Array(affinities.size * dims);
  }

  evaluate(positions: Float64Array, exaggeration: number, gradient: Float64Array, withKl: boolean): number {
    const { dims, theta, tree, repulsion } = this;
    const size = this.affinities.size;
    tree.build(positions, size, theta);
    repulsion.fill(0);
    let normalizer = 0;
    for (let i = 0; i < size; i++) normalizer += tree.repulsion(positions, i * dims, repulsion);

    const scale = -4 / normalizer;
    for (let e = 0; e < repulsion.length; e++) gradient[e] = scale * repulsion[e];
    const attract = dims === 2 ? addAttraction2d : addAttraction3d;
    attract(this.affinities, positions, 4 * exaggeration, gradient);
    return withKl ? sparseKlDivergence(this.affinities, positions, dims, normalizer) : Number.NaN;
  }
}

/*
 * Attraction over the sparse P: gradient_i += factor · Σ_j p_ij w_ij (y_i - y_j). One function per
 * dimension count so coordinates stay in locals (a generic `for d < dims` loop here measured about
 * twice as slow, since rows hold only 2–3 values).
 */
function addAttraction2d(
  affinities: SparseAffinities,
  positions: Float64Array,
  factor: number,
  gradient: Float64Array,
): void {
  const { size, rowStart, columns, values } = affinities;
  for (let i = 0; i < size; i++) {
    const x = positions[2 * i];
    const y = positions[2 * i + 1];
    let forceX = 0;
    let forceY = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const j = columns[e];
      const dx = x - positions[2 * j];
      const dy = y - positions[2 * j + 1];
      const weight = values[e] / (1 + dx * dx + dy * dy);
      forceX += weight * dx;
      forceY += weight * dy;
    }
    gradient[2 * i] += factor * forceX;
    gradient[2 * i + 1] += factor * forceY;
  }
}

function addAttraction3d(
  affinities: SparseAffinities,
  positions: Float64Array,
  factor: number,
  gradient: Float64Array,
): void {
  const { size, rowStart, columns, values } = affinities;
  for (let i = 0; i < size; i++) {
    const x = positions[3 * i];
    const y = positions[3 * i + 1];
    const z = positions[3 * i + 2];
    let forceX = 0;
    let forceY = 0;
    let forceZ = 0;
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const j = columns[e];
      const dx = x - positions[3 * j];
      const dy = y - positions[3 * j + 1];
      const dz = z - positions[3 * j + 2];
      const weight = values[e] / (1 + dx * dx + dy * dy + dz * dz);
      forceX += weight * dx;
      forceY += weight * dy;
      forceZ += weight * dz;
    }
    gradient[3 * i] += factor * forceX;
    gradient[3 * i + 1] += factor * forceY;
    gradient[3 * i + 2] += factor * forceZ;
  }
}

/**
 * Σ p_ij log(p_ij / q_ij) over P's pattern with q_ij = w_ij / Z, as Σ p log(p / w) + (Σ p) log Z
 * (w ≤ 1 never underflows, unlike w / Z for huge N).
 */
function sparseKlDivergence(
  affinities: SparseAffinities,
  positions: Float64Array,
  dims: number,
  normalizer: number,
): number {
  const { size, rowStart, columns, values } = affinities;
  let klTerm = 0;
  let mass = 0;
  for (let i = 0; i < size; i++) {
    for (let e = rowStart[i]; e < rowStart[i + 1]; e++) {
      const p = values[e];
      if (p <= 0) continue;
      const w = 1 / (1 + distanceSquaredBetween(positions, i, columns[e], dims));
      klTerm += p * Math.log(p / w);
      mass += p;
    }
  }
  return klTerm + mass * Math.log(normalizer);
}

/** KL(P‖Q) of a dense P at `positions`, computed directly (a reference for tests). */
export function exactKlDivergence(
  affinities: Float64Array,
  positions: Float64Array,
  size: number,
  dims: number,
): number {
  let normalizer = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (i !== j) normalizer += 1 / (1 + distanceSquaredBetween(positions, i, j, dims));
    }
  }
  let kl = 0;
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      const p = affinities[i * size + j];
      if (i === j || p <= 0) continue;
      const q = 1 / (1 + distanceSquaredBetween(positions, i, j, dims)) / normalizer;
      kl += p * Math.log(p / q);
    }
  }
  return kl;
}

function distanceSquaredBetween(positions: Float64Array, i: number, j: number, dims: number): number {
  let sum = 0;
  for (let d = 0; d < dims; d++) {
    const diff = positions[i * dims + d] - positions[j * dims + d];
    sum += diff * diff;
  }
  return sum;
}

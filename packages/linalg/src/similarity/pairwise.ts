import { InvalidArgumentError } from "@lab/core";

/** A sparse vector: `values[t]` at position `indices[t]`, indices strictly increasing. */
export interface SparseVector {
  readonly indices: ArrayLike<number>;
  readonly values: ArrayLike<number>;
}

/** A dense vector (any array of numbers) or a sparse one. */
export type Vector = ArrayLike<number> | SparseVector;

export function isSparseVector(vector: Vector): vector is SparseVector {
  return (
    typeof (vector as SparseVector).indices === "object" &&
    typeof (vector as SparseVector).values === "object"
  );
}

function checkSparse(vector: SparseVector, name: string): void {
  const { indices, values } = vector;
  if (indices.length !== values.length) {
    throw new InvalidArgumentError(
      `sparse vector ${name} has ${indices.length} indices but ${values.length} values`,
    );
  }
  for (let t = 0; t < indices.length; t++) {
    const index = indices[t]!;
    if (!Number.isInteger(index) || index < 0 || (t > 0 && index <= indices[t - 1]!)) {
      throw new InvalidArgumentError(
        `sparse vector ${name}: indices must be strictly increasing non-negative integers`,
      );
    }
  }
}

function checkPair(a: Vector, b: Vector): [SparseVector, SparseVector] | null {
  const aSparse = isSparseVector(a);
  const bSparse = isSparseVector(b);
  if (!aSparse && !bSparse) {
    if (a.length !== b.length)
      throw new InvalidArgumentError(`vectors differ in length: ${a.length} and ${b.length}`);
    return null;
  }
  const left = aSparse ? a : toSparseVector(a);
  const right = bSparse ? b : toSparseVector(b);
  checkSparse(left, "a");
  checkSparse(right, "b");
  return [left, right];
}

/** The nonzero entries of a dense vector. */
export function toSparseVector(dense: ArrayLike<number>): SparseVector {
  let count = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) count++;
  const indices = new Int32Array(count);
  const values = new Float64Array(count);
  let next = 0;
  for (let i = 0; i < dense.length; i++) {
    if (dense[i] === 0) continue;
    indices[next] = i;
    values[next] = dense[i]!;
    next++;
  }
  return { indices, values };
}

/**
 * Cosine similarity a·b / (‖a‖‖b‖). Defined as 0 when either vector is all zeros (the 0/0 case),
 * as scikit-learn's cosine_similarity does, so empty rows rank below any positive match.
 *
 * The arithmetic (sums in index order, one division by the product of the two norms) is the same
 * as in the top-k kernels, so a brute-force loop over this function reproduces their scores bit
 * for bit.
 */
export function cosine(a: Vector, b: Vector): number {
  const sparse = checkPair(a, b);
  let dot = 0;
  let aSquares = 0;
  let bSquares = 0;
  if (sparse === null) {
    const x = a as ArrayLike<number>;
    const y = b as ArrayLike<number>;
    for (let i = 0; i < x.length; i++) {
      dot += x[i]! * y[i]!;
      aSquares += x[i]! * x[i]!;
      bSquares += y[i]! * y[i]!;
    }
  } else {
    const [x, y] = sparse;
    for (let t = 0; t < x.values.length; t++) aSquares += x.values[t]! * x.values[t]!;
    for (let t = 0; t < y.values.length; t++) bSquares += y.values[t]! * y.values[t]!;
    let s = 0;
    let u = 0;
    while (s < x.indices.length && u < y.indices.length) {
      const i = x.indices[s]!;
      const j = y.indices[u]!;
      if (i === j) dot += x.values[s++]! * y.values[u++]!;
      else if (i < j) s++;
      else u++;
    }
  }
  const denominator = Math.sqrt(aSquares) * Math.sqrt(bSquares);
  return denominator === 0 ? 0 : dot / denominator;
}

/**
 * Jaccard similarity |A∩B| / |A∪B| of the sets of positions where each vector is nonzero (so it
 * suits binary one-hot rows; magnitudes are ignored). Two empty sets give 0, not 1 as in scipy:
 * a model with no features should not look identical to every other featureless model.
 */
export function jaccard(a: Vector, b: Vector): number {
  const sparse = checkPair(a, b);
  let both = 0;
  let either = 0;
  if (sparse === null) {
    const x = a as ArrayLike<number>;
    const y = b as ArrayLike<number>;
    for (let i = 0; i < x.length; i++) {
      const inA = x[i] !== 0;
      const inB = y[i] !== 0;
      if (inA && inB) both++;
      if (inA || inB) either++;
    }
  } else {
    const [x, y] = sparse;
    let aSize = 0;
    let bSize = 0;
    for (let t = 0; t < x.values.length; t++) if (x.values[t] !== 0) aSize++;
    for (let t = 0; t < y.values.length; t++) if (y.values[t] !== 0) bSize++;
    let s = 0;
    let u = 0;
    while (s < x.indices.length && u < y.indices.length) {
      const i = x.indices[s]!;
      const j = y.indices[u]!;
      if (i === j) {
        if (x.values[s] !== 0 && y.values[u] !== 0) both++;
        s++;
        u++;
      } else if (i < j) s++;
      else u++;
    }
    either = aSize + bSize - both;
  }
  return either === 0 ? 0 : both / either;
}

/**
 * Jaccard similarity of two sets given as sorted arrays of distinct integers (for example the
 * category ids of two models). Two empty sets give 0, as in `jaccard`.
 */
export function jaccardSortedSets(a: ArrayLike<number>, b: ArrayLike<number>): number {
  for (const [set, name] of [
    [a, "a"],
    [b, "b"],
  ] as const) {
    for (let t = 1; t < set.length; t++) {
      if (!(set[t]! > set[t - 1]!))
        throw new InvalidArgumentError(`set ${name} must be sorted with no repeats`);
    }
  }
  let both = 0;
  let s = 0;
  let u = 0;
  while (s < a.length && u < b.length) {
    if (a[s] === b[u]) {
      both++;
      s++;
      u++;
    } else if (a[s]! < b[u]!) s++;
    else u++;
  }
  const either = a.length + b.length - both;
  return either === 0 ? 0 : both / either;
}

/**
 * Euclidean distance ‖a − b‖, summing squared differences in index order. Computed directly
 * rather than as ‖a‖² + ‖b‖² − 2a·b, so near-duplicates keep their small distances exactly.
 */
export function euclidean(a: Vector, b: Vector): number {
  const sparse = checkPair(a, b);
  if (sparse === null) {
    const x = a as ArrayLike<number>;
    const y = b as ArrayLike<number>;
    let sum = 0;
    for (let i = 0; i < x.length; i++) {
      const difference = x[i]! - y[i]!;
      sum += difference * difference;
    }
    return Math.sqrt(sum);
  }
  const [x, y] = sparse;
  return Math.sqrt(
    sparseSquaredDistance(x.indices, x.values, 0, x.indices.length, y.indices, y.values, 0, y.indices.length),
  );
}

/**
 * Σ (a_i − b_i)² over the union of two sorted sparse index ranges, in index order: the same sum,
 * term for term, as the dense loop (positions missing from both contribute exact zeros).
 */
export function sparseSquaredDistance(
  aIndices: ArrayLike<number>,
  aValues: ArrayLike<number>,
  aStart: number,
  aEnd: number,
  bIndices: ArrayLike<number>,
  bValues: ArrayLike<number>,
  bStart: number,
  bEnd: number,
): number {
  let sum = 0;
  let s = aStart;
  let u = bStart;
  while (s < aEnd || u < bEnd) {
    const i = s < aEnd ? aIndices[s]! : Number.POSITIVE_INFINITY;
    const j = u < bEnd ? bIndices[u]! : Number.POSITIVE_INFINITY;
    let difference: number;
    if (i === j) difference = aValues[s++]! - bValues[u++]!;
    else if (i < j) difference = aValues[s++]!;
    else difference = -bValues[u++]!;
    sum += difference * difference;
  }
  return sum;
}

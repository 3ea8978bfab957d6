import { InvalidArgumentError } from "@lab/core";

/**
 * A hierarchical clustering in scipy's linkage form: n observations (cluster ids 0..n−1) and n − 1
 * merges; merge t joins clusters `left[t]` and `right[t]` (left < right) into cluster n + t, at
 * height `distances[t]`, and the new cluster has `sizes[t]` observations. Merges are sorted by
 * height.
 */
export interface Linkage {
  readonly n: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly distances: Float64Array;
  readonly sizes: Int32Array;
}

/** How to cut: into exactly `clusters` clusters, or at a height (merges at or below it are kept). */
export type CutTreeOptions = { readonly clusters: number } | { readonly distance: number };

/**
 * Builds a linkage from merges given as (any observation of one side, any observation of the other,
 * height), in the order an algorithm produced them: sorts them by height (stable, like scipy's
 * mergesort) and names clusters with a union-find, as scipy's `label` does for `nn_chain` output.
 */
export function linkageFromMerges(n: number, a: Int32Array, b: Int32Array, heights: Float64Array): Linkage {
  const count = heights.length;
  const order = Array.from({ length: count }, (_, t) => t);
  order.sort((p, q) => heights[p]! - heights[q]!);
  const parent = new Int32Array(2 * n - 1);
  const size = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  size.fill(1, 0, n);
  const find = (node: number): number => {
    let root = node;
    while (parent[root] !== root) root = parent[root]!;
    while (parent[node] !== root) {
      const up = parent[node]!;
      parent[node] = root;
      node = up;
    }
    return root;
  };
  const left = new Int32Array(count);
  const right = new Int32Array(count);
  const distances = new Float64Array(count);
  const sizes = new Int32Array(count);
  for (let t = 0; t < count; t++) {
    const source = order[t]!;
    const rootA = find(a[source]!);
    const rootB = find(b[source]!);
    const created = n + t;
    left[t] = Math.min(rootA, rootB);
    right[t] = Math.max(rootA, rootB);
    distances[t] = heights[source]!;
    sizes[t] = size[created] = size[rootA]! + size[rootB]!;
    parent[rootA] = created;
    parent[rootB] = created;
  }
  return { n, left, right, distances, sizes };
}

function checkLinkage(linkage: Linkage, what: string): void {
  if (linkage === null || typeof linkage !== "object" || !Number.isInteger(linkage.n) || linkage.n < 1) {
    throw new InvalidArgumentError(
      `${what}: expected a linkage { n, left, right, distances, sizes } with n ≥ 1`,
    );
  }
  const { n, left, right, distances, sizes } = linkage;
  const merges = n - 1;
  for (const [name, array] of [
    ["left", left],
    ["right", right],
    ["distances", distances],
    ["sizes", sizes],
  ] as const) {
    if (!array || array.length !== merges) {
      throw new InvalidArgumentError(`${what}: linkage.${name} must have n − 1 = ${merges} entries`);
    }
  }
  const used = new Uint8Array(2 * n - 1);
  for (let t = 0; t < merges; t++) {
    for (const id of [left[t]!, right[t]!]) {
      if (!Number.isInteger(id) || id < 0 || id >= n + t || used[id]) {
        throw new InvalidArgumentError(
          `${what}: merge ${t} refers to cluster ${id}, which is not an unmerged cluster below ${n + t}`,
        );
      }
      used[id] = 1;
    }
    if (!(distances[t]! >= 0)) {
      throw new InvalidArgumentError(`${what}: merge ${t} has height ${distances[t]}; heights must be ≥ 0`);
    }
  }
}

/**
 * Flat clusters from a linkage, labelled 0.. in order of first appearance by row (scipy's
 * `cut_tree` numbering). `{ clusters: k }` undoes the last k − 1 merges (scipy's `cut_tree`,
 * scikit-learn's n_clusters); `{ distance: h }` keeps every merge of height ≤ h (scipy's
 * `fcluster(criterion="distance")`). Where merges tie in height at the cut, which of them counts as
 * "last" follows the linkage's order.
 */
export function cutTree(linkage: Linkage, cut: CutTreeOptions): Int32Array {
  checkLinkage(linkage, "cutTree");
  const { n, left, right, distances } = linkage;
  let applied: (t: number) => boolean;
  if (cut !== null && typeof cut === "object" && "clusters" in cut) {
    const k = cut.clusters;
    if (!Number.isInteger(k) || k < 1 || k > n) {
      throw new InvalidArgumentError(`cutTree: clusters must be an integer in [1, ${n}], got ${String(k)}`);
    }
    applied = (t) => t < n - k;
  } else if (cut !== null && typeof cut === "object" && "distance" in cut) {
    const height = cut.distance;
    if (typeof height !== "number" || Number.isNaN(height) || height < 0) {
      throw new InvalidArgumentError(`cutTree: distance must be a number ≥ 0, got ${String(height)}`);
    }
    applied = (t) => distances[t]! <= height;
  } else {
    throw new InvalidArgumentError("cutTree: give { clusters: k } or { distance: h }");
  }
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  for (let t = 0; t < n - 1; t++) {
    if (!applied(t)) continue;
    parent[left[t]!] = n + t;
    parent[right[t]!] = n + t;
  }
  const labelOf = new Int32Array(2 * n - 1).fill(-1);
  const labels = new Int32Array(n);
  let next = 0;
  for (let i = 0; i < n; i++) {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    // Path compression: chains of zero-height merges over repeated rows can be thousands deep.
    for (let node = i; parent[node] !== root; ) {
      const up = parent[node]!;
      parent[node] = root;
      node = up;
    }
    if (labelOf[root] === -1) labelOf[root] = next++;
    labels[i] = labelOf[root]!;
  }
  return labels;
}

/** The linkage as scipy's Z matrix: one [left, right, distance, size] row per merge. */
export function linkageMatrix(linkage: Linkage): number[][] {
  checkLinkage(linkage, "linkageMatrix");
  return Array.from(linkage.distances, (distance, t) => [
    linkage.left[t]!,
    linkage.right[t]!,
    distance,
    linkage.sizes[t]!,
  ]);
}

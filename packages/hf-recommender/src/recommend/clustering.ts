import { InvalidArgumentError, type ProgressListener } from "@lab/core";
import type { CsrMatrix } from "@lab/linalg";
import { clusterSizes, cutTree, dbscan, kmeans, wardLinkage } from "../cluster/index.js";

export const CLUSTER_METHODS = ["kmeans", "hierarchical", "dbscan"] as const;
export type ClusterMethod = (typeof CLUSTER_METHODS)[number];

export interface KMeansSettings {
  readonly k: number;
  readonly nInit: number;
  readonly maxIter: number;
  readonly seed: number;
}

/** Ward's tree cut into a number of clusters, or at a merge height (scipy's fcluster criterion "distance"). */
export type HierarchicalSettings = { readonly clusters: number } | { readonly distance: number };

export interface DbscanSettings {
  /** Radius in cosine distance (1 − cosine similarity). */
  readonly eps: number;
  /** Rows within eps, the row itself included, that make a core row (scikit-learn's min_samples). */
  readonly minPts: number;
}

export interface ClusterSettings {
  readonly kmeans: KMeansSettings;
  readonly hierarchical: HierarchicalSettings;
  readonly dbscan: DbscanSettings;
}

/**
 * Defaults. KMeans: the seed's k = 10 with scikit-learn 1.2's n_init = 10. Ward: cut into 10
 * clusters like KMeans, so the two compare. DBSCAN: on the seed's one-hot rows (one value in each
 * of 4 fields), two models that differ in one field are at cosine distance 1 − 3/4 = 0.25, so eps
 * 0.26 joins them and nothing looser; minPts 5 asks for a few such models before a region counts.
 * On the seed's file that gives 168 clusters (largest 1,560) and 898 noise models; at eps 0.3
 * chains of partial matches already merge 7,275 models into one cluster.
 */
export const DEFAULT_CLUSTER_SETTINGS: ClusterSettings = {
  kmeans: { k: 10, nInit: 10, maxIter: 300, seed: 0 },
  hierarchical: { clusters: 10 },
  dbscan: { eps: 0.26, minPts: 5 },
};

/**
 * Settings a caller overrides: any KMeans or DBSCAN field, or Ward's whole cut (a cut is either a
 * cluster count or a height, so it replaces the default rather than merging with it).
 */
export interface ClusterSettingsOverrides {
  readonly kmeans?: Partial<KMeansSettings>;
  readonly hierarchical?: HierarchicalSettings;
  readonly dbscan?: Partial<DbscanSettings>;
}

/** The defaults with the overrides applied. */
export function resolveClusterSettings(overrides: ClusterSettingsOverrides = {}): ClusterSettings {
  return {
    kmeans: { ...DEFAULT_CLUSTER_SETTINGS.kmeans, ...overrides.kmeans },
    hierarchical: overrides.hierarchical ?? DEFAULT_CLUSTER_SETTINGS.hierarchical,
    dbscan: { ...DEFAULT_CLUSTER_SETTINGS.dbscan, ...overrides.dbscan },
  };
}

/** Cluster labels of every model and the members of each cluster. */
export class Clustering {
  readonly method: ClusterMethod;
  /** Cluster of every row, 0..clusters−1, or −1 for DBSCAN noise. */
  readonly labels: Int32Array;
  readonly clusters: number;
  readonly sizes: readonly number[];
  readonly noise: number;
  /** Method-specific numbers: KMeans inertia and iterations, Ward's cut height. */
  readonly details: Readonly<Record<string, number | string>>;
  readonly seconds: number;
  private readonly memberStart: Int32Array;
  private readonly memberRows: Int32Array;

  constructor(
    method: ClusterMethod,
    labels: Int32Array,
    details: Record<string, number | string>,
    seconds: number,
  ) {
    const { sizes, noise } = clusterSizes(labels);
    this.method = method;
    this.labels = labels;
    this.clusters = sizes.length;
    this.sizes = sizes;
    this.noise = noise;
    this.details = details;
    this.seconds = seconds;
    // Members grouped by label with a counting sort, so each list is in row order.
    const start = new Int32Array(sizes.length + 1);
    for (let c = 0; c < sizes.length; c++) start[c + 1] = start[c]! + sizes[c]!;
    const next = start.slice(0, sizes.length);
    const rows = new Int32Array(labels.length - noise);
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!;
      if (label >= 0) rows[next[label]!++] = i;
    }
    this.memberStart = start;
    this.memberRows = rows;
  }

  /** Rows of one cluster, ascending (a view: do not modify). */
  members(label: number): Int32Array {
    if (!Number.isInteger(label) || label < 0 || label >= this.clusters) {
      throw new InvalidArgumentError(`cluster ${label} does not exist; labels are 0..${this.clusters - 1}`);
    }
    return this.memberRows.subarray(this.memberStart[label]!, this.memberStart[label + 1]!);
  }
}

/** Runs one clustering method on the rows with the clustering engineer's src/cluster algorithms. */
export function clusterRows(
  rows: CsrMatrix,
  method: ClusterMethod,
  settings: ClusterSettings,
  onProgress?: ProgressListener,
): Clustering {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  switch (method) {
    case "kmeans": {
      const { k, nInit, maxIter, seed } = settings.kmeans;
      const result = kmeans(rows, { k, nInit, maxIter, seed, ...(onProgress ? { onProgress } : {}) });
      return new Clustering(
        method,
        result.labels,
        { k, n_init: nInit, seed, inertia: result.inertia, iterations: result.iterations },
        seconds(),
      );
    }
    case "hierarchical": {
      const cut = settings.hierarchical;
      const linkage = wardLinkage(rows, onProgress ? { onProgress } : {});
      const labels = cutTree(linkage, cut);
      return new Clustering(
        method,
        labels,
        {
          ...("clusters" in cut ? { cut_clusters: cut.clusters } : { cut_distance: cut.distance }),
          clustered_rows: linkage.clusteredRows,
          precision: linkage.precision,
        },
        seconds(),
      );
    }
    case "dbscan": {
      const { eps, minPts } = settings.dbscan;
      const result = dbscan(rows, { eps, minPts, metric: "cosine", ...(onProgress ? { onProgress } : {}) });
      return new Clustering(method, result.labels, { eps, min_pts: minPts, metric: "cosine" }, seconds());
    }
    default:
      throw new InvalidArgumentError(
        `cluster method must be one of ${CLUSTER_METHODS.join(", ")}; got ${JSON.stringify(method)}`,
      );
  }
}

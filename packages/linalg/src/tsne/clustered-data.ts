import { Rng } from "@lab/core";
import { Matrix } from "../matrix.js";

/** Seeded points with known cluster structure, for t-SNE's tests and benchmark (not exported). */
export interface ClusteredPoints {
  readonly points: Matrix;
  /** Cluster of each point, 0..clusters-1. */
  readonly labels: Int32Array;
}

/**
 * `clusters` isotropic Gaussian blobs of unit variance in `dims` dimensions, points assigned
 * round-robin. Centres are drawn from N(0, separation²) per coordinate, so with separation well
 * above 1 the blobs are far apart relative to their width (distance between centres is about
 * separation·√(2·dims) against a blob diameter of about 2·√dims).
 */
export function gaussianClusters(options: {
  clusters: number;
  pointsPerCluster: number;
  dims: number;
  separation: number;
  seed: number;
}): ClusteredPoints {
  const { clusters, pointsPerCluster, dims, separation, seed } = options;
  const rng = new Rng(seed);
  const centers = new Float64Array(clusters * dims);
  rng.fillNormal(centers, 0, separation);
  const size = clusters * pointsPerCluster;
  const points = Matrix.zeros(size, dims);
  const labels = new Int32Array(size);
  for (let i = 0; i < size; i++) {
    const cluster = i % clusters;
    labels[i] = cluster;
    for (let d = 0; d < dims; d++) points.data[i * dims + d] = centers[cluster * dims + d] + rng.normal();
  }
  return { points, labels };
}

import { InvalidArgumentError, type ProgressEvent } from "@lab/core";
import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { gaussianClusters } from "./clustered-data.js";
import { neighborLabelAgreement, neighborPreservation, trustworthiness } from "./quality.js";
import { EXACT_METHOD_MAX_POINTS, tsne } from "./tsne.js";

const fourClusters = gaussianClusters({
  clusters: 4,
  pointsPerCluster: 50,
  dims: 20,
  separation: 2,
  seed: 1,
});

describe("tsne", () => {
  describe.each([
    ["exact", 2],
    ["exact", 3],
    ["barnes-hut", 2],
    ["barnes-hut", 3],
  ] as const)("%s in %i-D", (method, dimensions) => {
    it("separates well-separated Gaussian clusters from a random start", () => {
      const { points, labels } = fourClusters;
      const options = { dimensions, method, init: "random", perplexity: 20, seed: 3 } as const;
      // The random start carries no cluster information; this is what the optimisation has to fix.
      const start = tsne(points, { ...options, iterations: 1 });
      expect(neighborLabelAgreement(start.embedding, labels, 5)).toBeLessThan(0.6);

      const result = tsne(points, { ...options, iterations: 500 });
      expect(result.method).toBe(method);
      expect(result.iterations).toBe(500);
      expect(result.embedding.rows).toBe(points.rows);
      expect(result.embedding.cols).toBe(dimensions);
      expect(neighborLabelAgreement(result.embedding, labels, 5)).toBeGreaterThanOrEqual(0.95);
      expect(result.klDivergence).toBeGreaterThan(0);
      expect(result.klDivergence).toBeLessThan(start.klDivergence);
    });
  });

  it("gives the same embedding for the same seed and a different one for another seed", () => {
    const { points } = gaussianClusters({
      clusters: 4,
      pointsPerCluster: 25,
      dims: 10,
      separation: 2,
      seed: 9,
    });
    for (const method of ["exact", "barnes-hut"] as const) {
      const options = { dimensions: 2, method, init: "random", perplexity: 10, iterations: 200 } as const;
      const first = tsne(points, { ...options, seed: 11 });
      const again = tsne(points, { ...options, seed: 11 });
      const other = tsne(points, { ...options, seed: 12 });
      expect(Array.from(again.embedding.data)).toEqual(Array.from(first.embedding.data));
      expect(again.klDivergence).toBe(first.klDivergence);
      expect(Array.from(other.embedding.data)).not.toEqual(Array.from(first.embedding.data));
    }
  });

  it("keeps neighbourhoods of 1,000 points in 30-D with Barnes–Hut", () => {
    const { points } = gaussianClusters({
      clusters: 10,
      pointsPerCluster: 100,
      dims: 30,
      separation: 1,
      seed: 5,
    });
    const result = tsne(points, { dimensions: 2, method: "barnes-hut", seed: 2, iterations: 500 });
    // scikit-learn 1.2 (barnes_hut, init="pca", same settings) reached trustworthiness 0.973 and
    // 10-NN preservation 0.368 on this data; a random layout scores 0.50 and 0.01.
    expect(trustworthiness(points, result.embedding, 10)).toBeGreaterThan(0.96);
    expect(neighborPreservation(points, result.embedding, 10)).toBeGreaterThan(0.35);
  });

  it("agrees between methods on the final KL divergence for the same data", () => {
    const { points } = fourClusters;
    const options = { dimensions: 2, seed: 4, perplexity: 10, iterations: 400 } as const;
    const exact = tsne(points, { ...options, method: "exact" });
    const barnesHut = tsne(points, { ...options, method: "barnes-hut" });
    // Barnes–Hut keeps only 3·perplexity neighbours in P and approximates repulsion, so its optimum
    // differs slightly; both should land at a similar objective value.
    expect(Math.abs(exact.klDivergence - barnesHut.klDivergence)).toBeLessThan(0.1 * exact.klDivergence);
  });

  it('uses the exact method up to EXACT_METHOD_MAX_POINTS points under "auto", and the sklearn learning-rate rule', () => {
    const small = tsne(fourClusters.points, { dimensions: 2, iterations: 1 });
    expect(small.method).toBe("exact");
    expect(small.learningRate).toBe(50);
    const { points } = gaussianClusters({
      clusters: 3,
      pointsPerCluster: 240,
      dims: 3,
      separation: 2,
      seed: 6,
    });
    expect(points.rows).toBeGreaterThan(EXACT_METHOD_MAX_POINTS);
    const large = tsne(points, { dimensions: 2, iterations: 1, earlyExaggeration: 3 });
    expect(large.method).toBe("barnes-hut");
    expect(large.learningRate).toBe(720 / 3 / 4);
    expect(tsne(points, { dimensions: 2, iterations: 1, learningRate: 200 }).learningRate).toBe(200);
  });

  it("reports affinity and optimisation progress, with KL every 50 iterations", () => {
    const events: ProgressEvent[] = [];
    tsne(fourClusters.points, {
      dimensions: 2,
      iterations: 120,
      onProgress: (event) => events.push(event),
    });
    const tasks = [...new Set(events.map((event) => event.task))];
    expect(tasks).toEqual(["t-SNE affinities", "t-SNE exact"]);
    const optimisation = events.filter((event) => event.task === "t-SNE exact");
    expect(optimisation[0]).toMatchObject({ phase: "start", total: 120, unit: "iterations" });
    expect(optimisation.at(-1)).toMatchObject({ phase: "end", done: 120 });
    expect(optimisation.at(-1)!.message).toMatch(/^KL \d+\.\d{4}$/);
  });

  it("stops early once the gradient vanishes", () => {
    // Two identical pairs: any layout with each pair together and the pairs apart is a fixed
    // point the gradient reaches quickly, so a loose threshold ends the run early.
    const points = Matrix.fromRows([[0], [0], [10], [10]]);
    const result = tsne(points, {
      dimensions: 2,
      perplexity: 1.5,
      iterations: 5000,
      minGradientNorm: 1e-4,
      seed: 1,
    });
    expect(result.iterations).toBeLessThan(5000);
    for (const value of result.embedding.data) expect(Number.isFinite(value)).toBe(true);
  });

  it("rejects invalid input with a message naming the problem", () => {
    const { points } = fourClusters;
    const bad = (options: object, input: Matrix = points) =>
      expect(() => tsne(input, { dimensions: 2, ...options })).toThrow(InvalidArgumentError);
    bad({ dimensions: 4 });
    bad({ perplexity: 200 });
    bad({ perplexity: 0 });
    bad({ iterations: 0 });
    bad({ iterations: 2.5 });
    bad({ learningRate: -1 });
    bad({ learningRate: "fast" });
    bad({ theta: -0.1 });
    bad({ method: "fft" });
    bad({ init: "spectral" });
    bad({ earlyExaggeration: 0.5 });
    bad({ seed: 1.5 });
    bad({}, Matrix.zeros(1, 3));
    bad(
      {},
      Matrix.fromRows([
        [0, 1],
        [Number.NaN, 2],
        [3, 4],
      ]),
    );
    expect(() => tsne(points, { dimensions: 2, perplexity: 200 })).toThrow(
      /perplexity must be in \(0, 200\)/,
    );
  });
});

import { InvalidArgumentError, type ProgressListener, type Seed, scatterPlot } from "@lab/core";
import { fitPca, pcaTransform, tsne } from "@lab/linalg";
import type { WordVectors } from "./vectors.js";

export interface WordMapOptions {
  /** How many words to place (default 60): the most frequent by `counts`, else the first rows. */
  readonly words?: number;
  /** Occurrences per row, to pick the most frequent words (rows are by frequency when absent). */
  readonly counts?: ArrayLike<number>;
  /** "pca" (default): the top two principal axes. "tsne": t-SNE from @lab/linalg. */
  readonly method?: "pca" | "tsne";
  /** t-SNE perplexity (default min(30, (n − 1) / 3)). */
  readonly perplexity?: number;
  readonly seed?: Seed;
  readonly title?: string;
  readonly width?: number;
  readonly height?: number;
  readonly onProgress?: ProgressListener;
}

export interface WordMap {
  readonly svg: string;
  readonly words: readonly string[];
  /** n × 2, row-major. */
  readonly coordinates: Float64Array;
  readonly method: "pca" | "tsne";
  /** Share of the variance along each PCA axis (PCA only). */
  readonly explainedVarianceRatio?: readonly [number, number];
}

/** The `n` most frequent words (ties: lower row first), or the first n rows without counts. */
export function mostFrequentWords(vectors: WordVectors, n: number, counts?: ArrayLike<number>): string[] {
  const rows = Array.from({ length: vectors.size }, (_, i) => i);
  if (counts !== undefined) {
    if (counts.length !== vectors.size) {
      throw new InvalidArgumentError(`${vectors.size} words but ${counts.length} counts`);
    }
    rows.sort((a, b) => counts[b]! - counts[a]! || a - b);
  }
  return rows.slice(0, n).map((row) => vectors.words[row]!);
}

/**
 * A 2-D map of the most frequent words with their labels, as a standalone SVG: their vectors
 * projected on the top two principal axes, or laid out by t-SNE.
 */
export async function wordMap(vectors: WordVectors, options: WordMapOptions = {}): Promise<WordMap> {
  const wanted = options.words ?? 60;
  if (!Number.isSafeInteger(wanted) || wanted < 3) {
    throw new InvalidArgumentError(`a word map needs at least 3 words, got ${wanted}`);
  }
  const method = options.method ?? "pca";
  if (method !== "pca" && method !== "tsne") {
    throw new InvalidArgumentError(`method must be "pca" or "tsne", got "${String(method)}"`);
  }
  if (vectors.dim < 2)
    throw new InvalidArgumentError("a 2-D word map needs vectors of at least 2 dimensions");
  const words = mostFrequentWords(vectors, wanted, options.counts);
  if (words.length < 3) {
    throw new InvalidArgumentError(`a word map needs at least 3 words; the vocabulary has ${words.length}`);
  }
  const points = vectors.subset(words).matrix();
  let coordinates: Float64Array;
  let explainedVarianceRatio: [number, number] | undefined;
  if (method === "pca") {
    const pca = fitPca(points, { components: 2 });
    coordinates = pcaTransform(pca, points).data;
    explainedVarianceRatio = [pca.explainedVarianceRatio[0]!, pca.explainedVarianceRatio[1]!];
  } else {
    const perplexity = options.perplexity ?? Math.min(30, (words.length - 1) / 3);
    coordinates = tsne(points, {
      dimensions: 2,
      perplexity,
      seed: options.seed ?? 1,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    }).embedding.data;
  }
  const x = new Float64Array(words.length);
  const y = new Float64Array(words.length);
  for (let i = 0; i < words.length; i++) {
    x[i] = coordinates[2 * i]!;
    y[i] = coordinates[2 * i + 1]!;
  }
  const axis = (k: number) =>
    method === "pca"
      ? `PC${k + 1} (${(100 * explainedVarianceRatio![k]!).toFixed(1)}% of variance)`
      : `t-SNE ${k + 1}`;
  const svg = await scatterPlot({
    x,
    y,
    text: words,
    title: options.title ?? `The ${words.length} most frequent words (${method === "pca" ? "PCA" : "t-SNE"})`,
    xLabel: axis(0),
    yLabel: axis(1),
    width: options.width ?? 900,
    height: options.height ?? 640,
    pointSize: 20,
  });
  return {
    svg,
    words,
    coordinates: Float64Array.from(coordinates),
    method,
    ...(explainedVarianceRatio ? { explainedVarianceRatio } : {}),
  };
}

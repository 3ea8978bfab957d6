import type { ProgressTask } from "@lab/core";
import type { TopKHeaps } from "./top-k-heaps.js";

/** Similarity measures the top-k search supports. */
export type SimilarityMetric = "cosine" | "jaccard" | "euclidean";

/** The tie-break order over collection rows: lower position wins an exact score tie. */
export interface TieOrder {
  /** Position of each collection row in the order. */
  readonly position: Int32Array;
  /** Collection rows by position: the inverse permutation. */
  readonly rows: Int32Array;
}

/** What one search call needs besides the index: where results go and which candidates to skip. */
export interface SearchPlan {
  readonly heaps: TopKHeaps;
  /** When true, query row q never gets collection row q (all-pairs search of a set against itself). */
  readonly skipSelf: boolean;
  /** Collection rows no query may get (1 = excluded), or null. */
  readonly excluded: Uint8Array | null;
  readonly progress: ProgressTask;
}

/** Query rows between two progress updates: frequent enough for a bar, rare enough to cost nothing. */
export const PROGRESS_BLOCK_ROWS = 256;

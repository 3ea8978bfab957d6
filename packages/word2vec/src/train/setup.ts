import type { HuffmanTree } from "../huffman.js";
import type { NegativeSampler, SigmoidTables } from "./tables.js";

export type Word2VecModel = "skipgram" | "cbow";
export type Word2VecMethod = "hs" | "ns";

/** SIMD width in floats: rows are padded with zeros to a multiple of it. */
export const LANES = 4;
/** The dot products sum vector k of a row into accumulator k mod ACCUMULATORS (latency hiding). */
export const ACCUMULATORS = 4;

/**
 * Everything fixed during training that both engines read. Rows of the weight matrices are `stride`
 * floats (dim rounded up to LANES; the padding stays zero because every update of a padding lane adds
 * g * 0).
 */
export interface EngineSetup {
  readonly model: Word2VecModel;
  readonly method: Word2VecMethod;
  readonly vocabSize: number;
  readonly dim: number;
  readonly stride: number;
  readonly window: number;
  readonly negative: number;
  readonly corpus: Int32Array;
  readonly sentenceEnds: Int32Array;
  readonly maxSentenceLength: number;
  /** Subsampling thresholds (tables.keepThresholds). */
  readonly keep: Uint32Array;
  /** Negative-sampling alias table (ns only; empty arrays for hs). */
  readonly sampler: NegativeSampler;
  /** Huffman paths (hs only): word w's entries are paths[pathOffsets[w] .. pathOffsets[w+1]), each (innerNode << 1) | bit. */
  readonly pathOffsets: Int32Array;
  readonly paths: Int32Array;
  readonly tables: SigmoidTables;
}

/** A thread's mutable state between chunks: its generator and its running loss. */
export interface ThreadState {
  rng: number;
  loss: number;
  lossTerms: number;
}

/** Rows up to this many floats get fully unrolled kernel code; wider rows a loop (kernel.ts). */
export const MAX_UNROLLED_STRIDE = 512;

/** dim rounded up to whole vectors, or to whole blocks of ACCUMULATORS vectors for looped rows. */
export function paddedStride(dim: number): number {
  const unrolled = Math.ceil(dim / LANES) * LANES;
  if (unrolled <= MAX_UNROLLED_STRIDE) return unrolled;
  const block = LANES * ACCUMULATORS;
  return Math.ceil(dim / block) * block;
}

/** Huffman codes and points packed the way the kernels read them. */
export function packPaths(tree: HuffmanTree): { pathOffsets: Int32Array; paths: Int32Array } {
  const paths = new Int32Array(tree.codes.length);
  for (let i = 0; i < paths.length; i++) paths[i] = (tree.points[i]! << 1) | tree.codes[i]!;
  return { pathOffsets: tree.codeOffsets, paths };
}

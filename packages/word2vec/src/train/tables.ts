import { InvalidArgumentError } from "@lab/core";

/**
 * The lookup tables both training engines (the WebAssembly kernel and the TypeScript reference) read,
 * so that for one seed they take exactly the same decisions.
 */

/** word2vec.c's sigmoid table: EXP_TABLE_SIZE bins over [-MAX_EXP, MAX_EXP). */
export const MAX_EXP = 6;
export const EXP_TABLE_SIZE = 1000;
/** (f + MAX_EXP) * INDEX_SCALE is the bin of f; rounded to f32 because the kernel computes in f32. */
export const INDEX_SCALE = Math.fround(EXP_TABLE_SIZE / MAX_EXP / 2);

export interface SigmoidTables {
  /** sigmoid(x_i) at the left edge x_i of bin i; one extra entry so f32 rounding at MAX_EXP stays inside. */
  readonly sigmoid: Float32Array;
  /** log sigmoid(x_i) and log(1 - sigmoid(x_i)): the loss of a positive and of a negative label. */
  readonly logSigmoid: Float32Array;
  readonly logOneMinusSigmoid: Float32Array;
}

export function sigmoidTables(): SigmoidTables {
  const sigmoid = new Float32Array(EXP_TABLE_SIZE + 1);
  const logSigmoid = new Float32Array(EXP_TABLE_SIZE + 1);
  const logOneMinusSigmoid = new Float32Array(EXP_TABLE_SIZE + 1);
  for (let i = 0; i <= EXP_TABLE_SIZE; i++) {
    const x = ((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP;
    sigmoid[i] = 1 / (1 + Math.exp(-x));
    // log sigmoid(x) = -log(1 + e^-x) and log(1 - sigmoid(x)) = -log(1 + e^x), both stable here.
    logSigmoid[i] = -Math.log1p(Math.exp(-x));
    logOneMinusSigmoid[i] = -Math.log1p(Math.exp(x));
  }
  return { sigmoid, logSigmoid, logOneMinusSigmoid };
}

/**
 * word2vec.c's subsampling: a word seen `count` times out of `total` is kept with probability
 * (sqrt(count / (sample * total)) + 1) * (sample * total) / count, capped at 1 (gensim's formula too).
 * Returned as 32-bit thresholds: a uniform 32-bit draw r in [1, 2^32) keeps the word when r <= threshold.
 * sample = 0 keeps every word.
 */
export function keepThresholds(counts: ArrayLike<number>, sample: number): Uint32Array {
  const size = counts.length;
  const thresholds = new Uint32Array(size).fill(0xffffffff);
  if (sample <= 0) return thresholds;
  let total = 0;
  for (let w = 0; w < size; w++) total += counts[w]!;
  const threshold = sample * total;
  for (let w = 0; w < size; w++) {
    const count = counts[w]!;
    if (count <= 0) continue;
    const keep = (Math.sqrt(count / threshold) + 1) * (threshold / count);
    if (keep < 1) thresholds[w] = Math.floor(keep * 2 ** 32);
  }
  return thresholds;
}

/**
 * Walker's alias table (Vose's construction) for negative samples from the unigram distribution
 * raised to `power` (0.75 in word2vec). A draw takes two 32-bit random numbers r1, r2: the column
 * c = r1 mod V, then c itself when r2 < keep[c], else alias[c]. Thresholds are integers so that
 * the kernel decides with one unsigned comparison; the modulo bias is below V / 2^32.
 */
export interface NegativeSampler {
  readonly keep: Uint32Array;
  readonly alias: Int32Array;
}

export function negativeSampler(counts: ArrayLike<number>, power = 0.75): NegativeSampler {
  const size = counts.length;
  const weights = new Float64Array(size);
  let total = 0;
  for (let w = 0; w < size; w++) {
    weights[w] = counts[w]! > 0 ? counts[w]! ** power : 0;
    total += weights[w]!;
  }
  if (!(total > 0))
    throw new InvalidArgumentError("negative sampling needs at least one word with a count > 0");
  const keep = new Uint32Array(size);
  const alias = new Int32Array(size);
  const scaled = new Float64Array(size);
  const small: number[] = [];
  const large: number[] = [];
  for (let w = 0; w < size; w++) {
    scaled[w] = (weights[w]! * size) / total;
    (scaled[w]! < 1 ? small : large).push(w);
  }
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large.pop()!;
    keep[s] = Math.floor(scaled[s]! * 2 ** 32);
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    (scaled[l]! < 1 ? small : large).push(l);
  }
  // Columns left over are full up to rounding: they always return themselves.
  for (const w of [...small, ...large]) {
    keep[w] = 0xffffffff;
    alias[w] = w;
  }
  return { keep, alias };
}

/** The probability of each word under a sampler, for tests. */
export function samplerProbabilities(sampler: NegativeSampler): Float64Array {
  const size = sampler.keep.length;
  const p = new Float64Array(size);
  for (let c = 0; c < size; c++) {
    // r2 is uniform on [1, 2^32): P(r2 < keep) = (keep - 1) / (2^32 - 1) for keep >= 1.
    const stay = sampler.keep[c]! === 0 ? 0 : (sampler.keep[c]! - 1) / (2 ** 32 - 1);
    p[c] += stay / size;
    p[sampler.alias[c]!] += (1 - stay) / size;
  }
  return p;
}

/** Marsaglia's xorshift32: the per-thread generator of both engines (never 0 when seeded non-zero). */
export function xorshift32(state: number): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return state >>> 0;
}

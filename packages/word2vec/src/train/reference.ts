import { ACCUMULATORS, type EngineSetup, LANES, type ThreadState } from "./setup.js";
import { EXP_TABLE_SIZE, INDEX_SCALE, MAX_EXP, xorshift32 } from "./tables.js";

const fround = Math.fround;
const MAX_EXP_F = fround(MAX_EXP);
const ALL_KEPT = 0xffffffff;

/**
 * The training step in plain TypeScript: the specification the WebAssembly kernel (kernel.ts) is
 * tested against, and the engine used where WebAssembly SIMD is missing. It performs the same f32
 * operations in the same order as the kernel's f32x4 code (Math.fround after every operation, the
 * same lane and accumulator layout in dot products), so for one seed both give identical vectors.
 *
 * Per sentence, as in word2vec.c: subsample the words (one draw per word that may be dropped), then
 * for each position draw the reduced window b and train on the pairs within window - b of it.
 * Skip-gram uses each context word's input vector to predict the centre word, like word2vec.c and
 * gensim; CBOW predicts the centre from the mean of the context's input vectors and adds the
 * resulting input gradient to each context vector.
 */
export class ReferenceEngine {
  private readonly neu1e: Float32Array;
  private readonly neu1: Float32Array;
  private readonly sentence: Int32Array;
  private readonly acc = new Float32Array(ACCUMULATORS * LANES);
  private readonly lanes = new Float32Array(LANES);

  constructor(
    private readonly setup: EngineSetup,
    readonly syn0: Float32Array,
    readonly syn1: Float32Array,
  ) {
    this.neu1e = new Float32Array(setup.stride);
    this.neu1 = new Float32Array(setup.stride);
    this.sentence = new Int32Array(setup.maxSentenceLength);
  }

  /** Trains on sentences [first, end) at learning rate alpha; returns the words kept by subsampling. */
  trainChunk(state: ThreadState, first: number, end: number, alpha: number): number {
    const { corpus, sentenceEnds, keep, window, model } = this.setup;
    const buffer = this.sentence;
    const alphaF = fround(alpha);
    let kept = 0;
    for (let s = first; s < end; s++) {
      const from = s === 0 ? 0 : sentenceEnds[s - 1]!;
      const to = sentenceEnds[s]!;
      let n = 0;
      for (let p = from; p < to; p++) {
        const word = corpus[p]!;
        const threshold = keep[word]!;
        if (threshold !== ALL_KEPT) {
          state.rng = xorshift32(state.rng);
          if (state.rng > threshold) continue;
        }
        buffer[n++] = word;
      }
      kept += n;
      for (let i = 0; i < n; i++) {
        state.rng = xorshift32(state.rng);
        const reduced = window - (state.rng % window);
        const lo = Math.max(0, i - reduced);
        const hi = Math.min(n - 1, i + reduced);
        if (model === "skipgram") {
          for (let j = lo; j <= hi; j++) {
            if (j !== i) this.trainPair(state, buffer[j]!, buffer[i]!, alphaF);
          }
        } else {
          if (hi - lo === 0) continue;
          const stride = this.setup.stride;
          this.neu1.fill(0);
          for (let j = lo; j <= hi; j++) {
            if (j === i) continue;
            this.addTo(this.neu1, 0, this.syn0.subarray(buffer[j]! * stride, buffer[j]! * stride + stride));
          }
          const count = fround(hi - lo);
          for (let c = 0; c < stride; c++) this.neu1[c] = fround(this.neu1[c]! / count);
          this.neu1e.fill(0);
          this.predict(state, this.neu1, 0, buffer[i]!, alphaF);
          for (let j = lo; j <= hi; j++) {
            if (j !== i) this.addTo(this.syn0, buffer[j]! * stride, this.neu1e);
          }
        }
      }
    }
    return kept;
  }

  /**
   * One skip-gram step: predict `center` from `context`'s input vector, update the output vectors
   * involved, then the input vector (by the sum of the output-layer gradients, as word2vec.c does).
   */
  trainPair(state: ThreadState, context: number, center: number, alpha: number): void {
    this.neu1e.fill(0);
    const input = context * this.setup.stride;
    this.predict(state, this.syn0, input, center, fround(alpha));
    this.addTo(this.syn0, input, this.neu1e);
  }

  /** Every output-layer update of one prediction of `word` from the input row at inputs[input..]. */
  private predict(
    state: ThreadState,
    inputs: Float32Array,
    input: number,
    word: number,
    alpha: number,
  ): void {
    const { method, stride } = this.setup;
    if (method === "hs") {
      const { pathOffsets, paths } = this.setup;
      for (let k = pathOffsets[word]!; k < pathOffsets[word + 1]!; k++) {
        const entry = paths[k]!;
        const output = (entry >>> 1) * stride;
        const label = 1 - (entry & 1);
        const f = this.dot(inputs, input, this.syn1, output);
        const t = fround(fround(f + MAX_EXP_F) * INDEX_SCALE);
        this.addLoss(state, t, label);
        // word2vec.c skips the update where the sigmoid table has no entry.
        if (f <= -MAX_EXP_F || f >= MAX_EXP_F) continue;
        const g = fround(fround(label - this.setup.tables.sigmoid[t | 0]!) * alpha);
        this.update(inputs, input, output, g);
      }
    } else {
      const { negative, vocabSize, sampler } = this.setup;
      for (let d = 0; d <= negative; d++) {
        let target = word;
        let label = 1;
        if (d > 0) {
          state.rng = xorshift32(state.rng);
          const column = state.rng % vocabSize;
          state.rng = xorshift32(state.rng);
          target = state.rng < sampler.keep[column]! ? column : sampler.alias[column]!;
          if (target === word) continue;
          label = 0;
        }
        const output = target * stride;
        const f = this.dot(inputs, input, this.syn1, output);
        const t = fround(fround(f + MAX_EXP_F) * INDEX_SCALE);
        this.addLoss(state, t, label);
        const sigmoid = f > MAX_EXP_F ? 1 : f < -MAX_EXP_F ? 0 : this.setup.tables.sigmoid[t | 0]!;
        const g = fround(fround(label - sigmoid) * alpha);
        this.update(inputs, input, output, g);
      }
    }
  }

  private addLoss(state: ThreadState, t: number, label: number): void {
    const index = Math.min(Math.max(t, 0), EXP_TABLE_SIZE) | 0;
    const { logSigmoid, logOneMinusSigmoid } = this.setup.tables;
    state.loss -= label === 1 ? logSigmoid[index]! : logOneMinusSigmoid[index]!;
    state.lossTerms++;
  }

  /** a[ai..]·syn1[bi..] with the kernel's lane/accumulator layout and f32 rounding. */
  private dot(a: Float32Array, ai: number, b: Float32Array, bi: number): number {
    const acc = this.acc;
    acc.fill(0);
    const stride = this.setup.stride;
    for (let c = 0; c < stride; c++) {
      const slot = (Math.floor(c / LANES) % ACCUMULATORS) * LANES + (c % LANES);
      acc[slot] = acc[slot]! + fround(a[ai + c]! * b[bi + c]!);
    }
    // Accumulators pairwise ((0+1)+(2+3)), then lanes the same way, as the kernel reduces them.
    const lanes = this.lanes;
    for (let l = 0; l < LANES; l++) {
      lanes[l] = fround(
        fround(acc[l]! + acc[LANES + l]!) + fround(acc[2 * LANES + l]! + acc[3 * LANES + l]!),
      );
    }
    return fround(fround(lanes[0]! + lanes[1]!) + fround(lanes[2]! + lanes[3]!));
  }

  /** neu1e += g·syn1[out]; syn1[out] += g·inputs[in] (reading the output row before changing it). */
  private update(inputs: Float32Array, input: number, output: number, g: number): void {
    const { neu1e, syn1 } = this;
    const stride = this.setup.stride;
    for (let c = 0; c < stride; c++) {
      const out = syn1[output + c]!;
      neu1e[c] = neu1e[c]! + fround(g * out);
      syn1[output + c] = out + fround(g * inputs[input + c]!);
    }
  }

  private addTo(target: Float32Array, at: number, values: Float32Array): void {
    for (let c = 0; c < values.length; c++) target[at + c] = target[at + c]! + values[c]!;
  }
}

import { InvalidArgumentError } from "../errors.js";
import { type Seed, seedToXoshiroState } from "./seed.js";
import { checkedWeightTotal } from "./weights.js";

/** A snapshot of an {@link Rng}, plain data so it can go into a JSON checkpoint. */
export interface RngState {
  /** The four 32-bit words of the xoshiro128** state, each an integer in [0, 2^32), not all zero. */
  readonly words: readonly [number, number, number, number];
  /** The standard normal the next `normal()` call returns without drawing, if one is cached. */
  readonly spareNormal: number | null;
}

/** Anything indexable and writable by position: plain arrays and every typed array. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

const TWO_POW_26 = 67108864;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
const TWO_POW_MINUS_53 = 1 / TWO_POW_53;
/** Below this bound a uint32 times the bound stays under 2^53, so the double product is exact. */
const EXACT_PRODUCT_BOUND = 2097152;
/** Jump polynomial of xoshiro128**, equivalent to 2^64 calls of nextUint32 (from the algorithm's paper). */
const JUMP_POLYNOMIAL = [0x8764000b, 0xf542d2d3, 0x6fa035c3, 0x77f2db5b] as const;

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

function checkCount(value: number, name: string, max: number): void {
  if (!(Number.isInteger(value) && value >= 0 && value <= max)) {
    throw new InvalidArgumentError(`${name} must be an integer in [0, ${max}], got ${value}`);
  }
}

/**
 * Seeded pseudo-random generator: xoshiro128** (Blackman and Vigna) with 32-bit integer arithmetic,
 * seeded by SplitMix64, so a seed gives the same sequence on every machine and Node version. Period
 * 2^128 - 1. Not cryptographically secure.
 */
export class Rng {
  // Int32Array rather than Uint32Array: the bit operations yield int32 values, which V8 keeps unboxed;
  // it measured faster here than converting words above 2^31 on every step.
  private readonly words: Int32Array;
  private spareNormal = 0;
  private hasSpareNormal = false;

  constructor(seed: Seed) {
    this.words = new Int32Array(seedToXoshiroState(seed).buffer);
  }

  /** A generator that continues exactly where the one that produced `state` was. */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** The next raw output, an integer in [0, 2^32). */
  nextUint32(): number {
    const words = this.words;
    const s0 = words[0];
    const s1 = words[1];
    const s2 = words[2] ^ s0;
    const s3 = words[3] ^ s1;
    const result = Math.imul(rotateLeft(Math.imul(s1, 5), 7), 9) >>> 0;
    words[0] = s0 ^ s3;
    words[1] = s1 ^ s2;
    words[2] = s2 ^ (s1 << 9);
    words[3] = rotateLeft(s3, 11);
    return result;
  }

  /** A double in [0, 1) with all 53 mantissa bits random (two 32-bit outputs). */
  uniform(): number {
    const high27 = this.nextUint32() >>> 5;
    const low26 = this.nextUint32() >>> 6;
    return (high27 * TWO_POW_26 + low26) * TWO_POW_MINUS_53;
  }

  /** A double in [lo, hi). */
  uniformRange(lo: number, hi: number): number {
    if (!(lo < hi) || !Number.isFinite(hi - lo)) {
      throw new InvalidArgumentError(`uniformRange needs finite lo < hi, got [${lo}, ${hi})`);
    }
    const width = hi - lo;
    for (;;) {
      const value = lo + width * this.uniform();
      // lo + width * u can round up to hi when lo and hi differ in magnitude; redraw to keep [lo, hi).
      if (value < hi) return value;
    }
  }

  /**
   * A normal draw (Marsaglia's polar method). Each accepted pair yields two standard normals; the
   * second is cached unscaled so the next call, whatever its mean and std, still gets a correct draw.
   */
  normal(mean = 0, std = 1): number {
    if (this.hasSpareNormal) {
      this.hasSpareNormal = false;
      return mean + std * this.spareNormal;
    }
    let u: number;
    let v: number;
    let radiusSquared: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      radiusSquared = u * u + v * v;
    } while (radiusSquared >= 1 || radiusSquared === 0);
    const scale = Math.sqrt((-2 * Math.log(radiusSquared)) / radiusSquared);
    this.spareNormal = v * scale;
    this.hasSpareNormal = true;
    return mean + std * u * scale;
  }

  /** A uniform integer in [0, maxExclusive), without modulo bias; maxExclusive may be up to 2^53. */
  int(maxExclusive: number): number {
    if (!(Number.isInteger(maxExclusive) && maxExclusive >= 1 && maxExclusive <= TWO_POW_53)) {
      throw new InvalidArgumentError(`int() bound must be an integer in [1, 2^53], got ${maxExclusive}`);
    }
    return this.below(maxExclusive);
  }

  /** A uniform integer in [lo, hiExclusive). */
  intRange(lo: number, hiExclusive: number): number {
    if (!(Number.isSafeInteger(lo) && Number.isSafeInteger(hiExclusive) && lo < hiExclusive)) {
      throw new InvalidArgumentError(
        `intRange needs safe integers lo < hiExclusive, got [${lo}, ${hiExclusive})`,
      );
    }
    return lo + this.int(hiExclusive - lo);
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1))
      throw new InvalidArgumentError(`bernoulli probability must be in [0, 1], got ${p}`);
    return this.uniform() < p;
  }

  /** Shuffles `array` in place (Fisher–Yates, every order equally likely) and returns it. */
  shuffle<A extends MutableArrayLike<unknown>>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const held = array[i];
      array[i] = array[j];
      array[j] = held;
    }
    return array;
  }

  /** A uniformly random ordering of 0..n-1. */
  permutation(n: number): Uint32Array {
    checkCount(n, "permutation length", TWO_POW_32 - 1);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    return this.shuffle(order);
  }

  /**
   * k distinct positions of 0..n-1 (for a number) or k elements at distinct positions of `items`,
   * without replacement, in random order.
   */
  sample(n: number, k: number): Uint32Array;
  sample<T>(items: ArrayLike<T>, k: number): T[];
  sample<T>(itemsOrCount: ArrayLike<T> | number, k: number): Uint32Array | T[] {
    if (typeof itemsOrCount === "number") return this.sampleIndices(itemsOrCount, k);
    const indices = this.sampleIndices(itemsOrCount.length, k);
    const picked = new Array<T>(k);
    for (let i = 0; i < k; i++) picked[i] = itemsOrCount[indices[i]];
    return picked;
  }

  /** One element of `items`, each equally likely. */
  choice<T>(items: ArrayLike<T>): T {
    if (items.length === 0) throw new InvalidArgumentError("choice() needs a non-empty array");
    return items[this.below(items.length)];
  }

  /**
   * An index drawn with probability proportional to `weights[index]`, in O(n). For many draws from the
   * same weights build an alias table once with `createAliasTable` (O(1) per draw).
   */
  weightedIndex(weights: ArrayLike<number>): number {
    const total = checkedWeightTotal(weights);
    const target = this.uniform() * total;
    let cumulative = 0;
    let lastPositive = 0;
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] === 0) continue;
      cumulative += weights[i];
      if (target < cumulative) return i;
      lastPositive = i;
    }
    // The running sum can end a rounding error below `total`; the draw then belongs to the last bucket.
    return lastPositive;
  }

  /** Fills `target` with uniform values in [lo, hi) and returns it. */
  fillUniform<A extends Float32Array | Float64Array>(target: A, lo = 0, hi = 1): A {
    if (!(lo < hi) || !Number.isFinite(hi - lo)) {
      throw new InvalidArgumentError(`fillUniform needs finite lo < hi, got [${lo}, ${hi})`);
    }
    const width = hi - lo;
    for (let i = 0; i < target.length; i++) {
      // Storing into a Float32Array rounds, possibly up to hi; read back and redraw to keep [lo, hi).
      do target[i] = lo + width * this.uniform();
      while (target[i] >= hi);
    }
    return target;
  }

  /** Fills `target` with normal draws and returns it. */
  fillNormal<A extends Float32Array | Float64Array>(target: A, mean = 0, std = 1): A {
    if (!(Number.isFinite(mean) && std >= 0 && std < Number.POSITIVE_INFINITY)) {
      throw new InvalidArgumentError(
        `fillNormal needs a finite mean and std >= 0, got mean ${mean}, std ${std}`,
      );
    }
    for (let i = 0; i < target.length; i++) target[i] = this.normal(mean, std);
    return target;
  }

  /**
   * Advances the state by 2^64 outputs, as if nextUint32 had been called 2^64 times, and drops the
   * cached normal, which belongs to the old position.
   */
  jump(): void {
    const words = this.words;
    let w0 = 0;
    let w1 = 0;
    let w2 = 0;
    let w3 = 0;
    for (const polynomialWord of JUMP_POLYNOMIAL) {
      for (let bit = 0; bit < 32; bit++) {
        if ((polynomialWord >>> bit) & 1) {
          w0 ^= words[0];
          w1 ^= words[1];
          w2 ^= words[2];
          w3 ^= words[3];
        }
        this.nextUint32();
      }
    }
    words[0] = w0;
    words[1] = w1;
    words[2] = w2;
    words[3] = w3;
    this.hasSpareNormal = false;
  }

  /**
   * A generator for another thread or task. It continues from this generator's current position while
   * this one jumps 2^64 outputs ahead, so repeated forks give streams that never overlap unless one of
   * them draws 2^64 values. Forking changes what this generator produces next.
   */
  fork(): Rng {
    const child = Rng.fromState({ words: this.wordsTuple(), spareNormal: null });
    this.jump();
    return child;
  }

  getState(): RngState {
    return { words: this.wordsTuple(), spareNormal: this.hasSpareNormal ? this.spareNormal : null };
  }

  setState(state: RngState): void {
    const words = state?.words;
    if (!Array.isArray(words) || words.length !== 4) {
      throw new InvalidArgumentError(
        "Rng state must have `words`: an array of four 32-bit unsigned integers",
      );
    }
    for (const word of words) {
      if (!(Number.isInteger(word) && word >= 0 && word < TWO_POW_32)) {
        throw new InvalidArgumentError(`Rng state words must be integers in [0, 2^32), got ${word}`);
      }
    }
    if (words.every((word) => word === 0)) {
      throw new InvalidArgumentError(
        "Rng state words must not all be zero (xoshiro128** would output only zeros)",
      );
    }
    const spare = state.spareNormal;
    if (spare !== null && !Number.isFinite(spare)) {
      throw new InvalidArgumentError(`Rng state spareNormal must be a finite number or null, got ${spare}`);
    }
    this.words.set(words);
    this.hasSpareNormal = spare !== null;
    this.spareNormal = spare ?? 0;
  }

  /** An independent generator in the same state: it produces the same sequence as this one. */
  clone(): Rng {
    return Rng.fromState(this.getState());
  }

  private wordsTuple(): [number, number, number, number] {
    const words = this.words;
    return [words[0] >>> 0, words[1] >>> 0, words[2] >>> 0, words[3] >>> 0];
  }

  /** Uniform integer in [0, bound) for a bound already known to be an integer in [1, 2^53]. */
  private below(bound: number): number {
    if (bound <= EXACT_PRODUCT_BOUND) return this.belowSmall(bound);
    if (bound < TWO_POW_32) return this.belowUint32(bound);
    if (bound === TWO_POW_32) return this.nextUint32();
    return this.belowLarge(bound);
  }

  /**
   * Lemire's multiply-shift: the high 32 bits of x * bound, rejecting the few x whose low word falls
   * under 2^32 mod bound, which would otherwise make some results one count more likely.
   */
  private belowSmall(bound: number): number {
    let product = this.nextUint32() * bound;
    let low = product >>> 0;
    if (low < bound) {
      const threshold = TWO_POW_32 % bound;
      while (low < threshold) {
        product = this.nextUint32() * bound;
        low = product >>> 0;
      }
    }
    return (product - low) / TWO_POW_32;
  }

  /** Lemire's method for bounds whose 64-bit product with a uint32 no double holds exactly. */
  private belowUint32(bound: number): number {
    const threshold = TWO_POW_32 % bound;
    for (;;) {
      const x = this.nextUint32();
      // x * bound = (xHigh * bound) * 2^16 + xLow * bound; both partial products are < 2^48, so exact.
      const lowPart = (x & 0xffff) * bound;
      const highPart = (x >>> 16) * bound;
      const highPartLow16 = highPart % 65536;
      const middle = highPartLow16 * 65536 + lowPart;
      const low = middle % TWO_POW_32;
      if (low >= threshold) return (highPart - highPartLow16) / 65536 + Math.floor(middle / TWO_POW_32);
    }
  }

  /** Rejection sampling on 53-bit integers for bounds above 2^32. */
  private belowLarge(bound: number): number {
    const limit = TWO_POW_53 - (TWO_POW_53 % bound);
    for (;;) {
      const value = (this.nextUint32() >>> 5) * TWO_POW_26 + (this.nextUint32() >>> 6);
      if (value < limit) return value % bound;
    }
  }

  private sampleIndices(n: number, k: number): Uint32Array {
    checkCount(n, "sample population size", TWO_POW_32 - 1);
    checkCount(k, "sample size", n);
    const picked = new Uint32Array(k);
    if (4 * k > n) {
      // Dense: a partial Fisher–Yates over all positions costs O(n) and never redraws.
      const positions = new Uint32Array(n);
      for (let i = 0; i < n; i++) positions[i] = i;
      for (let i = 0; i < k; i++) {
        const j = i + this.below(n - i);
        picked[i] = positions[j];
        positions[j] = positions[i];
      }
      return picked;
    }
    // Sparse: O(k) memory; with k <= n/4 a draw repeats at most a quarter of the time.
    const seen = new Set<number>();
    let count = 0;
    while (count < k) {
      const candidate = this.below(n);
      if (seen.has(candidate)) continue;
      seen.add(candidate);
      picked[count++] = candidate;
    }
    return picked;
  }
}

/** A generator seeded with `seed`; see {@link Rng}. */
export function createRng(seed: Seed): Rng {
  return new Rng(seed);
}

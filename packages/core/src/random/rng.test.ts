import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../errors.js";
import { createRng, Rng, type RngState } from "./rng.js";

// Reference values printed by a straight C transcription of xoshiro128** and SplitMix64 (uint32_t /
// uint64_t arithmetic, gcc 12). The jump result was also confirmed independently by raising the
// generator's GF(2) transition matrix to the power 2^64.
const REFERENCE_FROM_1234 = [
  11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
];
const REFERENCE_SEEDS: { seed: number | bigint; words: number[]; outputs: number[] }[] = [
  {
    seed: 0,
    words: [2065550767, 3793791033, 2713282036, 1853398634],
    outputs: [3737715805, 2584255861, 2876756834, 3286328325, 1553311962, 1625202774],
  },
  {
    seed: 42,
    words: [803958421, 3184996902, 2993090819, 686809907],
    outputs: [1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222],
  },
  {
    seed: 0xffffffffffffffffn,
    words: [459615264, 3839455607, 3690365641, 3919575143],
    outputs: [477689756, 2493998634, 555695776, 607808419, 61340979, 301466976],
  },
  {
    seed: 12345678901234567n,
    words: [3851234010, 3134613067, 3980211755, 1709320146],
    outputs: [3623721579, 29973294, 1629501415, 2993609698, 1349583852, 2661377292],
  },
];

function fromWords(words: number[]): Rng {
  return Rng.fromState({ words: words as [number, number, number, number], spareNormal: null });
}

function draws(rng: Rng, count: number): number[] {
  return Array.from({ length: count }, () => rng.nextUint32());
}

/** Pearson's chi-square statistic of observed counts against expected counts. */
function chiSquare(observed: ArrayLike<number>, expected: ArrayLike<number>): number {
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) statistic += (observed[i] - expected[i]) ** 2 / expected[i];
  return statistic;
}

function moments(values: ArrayLike<number>) {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  return { mean, variance: m2, skewness: m3 / m2 ** 1.5, kurtosis: m4 / (m2 * m2) };
}

describe("xoshiro128** reference vectors", () => {
  it("matches the C reference from state (1, 2, 3, 4)", () => {
    expect(draws(fromWords([1, 2, 3, 4]), 10)).toEqual(REFERENCE_FROM_1234);
  });

  it("seeds through SplitMix64 exactly like the C reference", () => {
    for (const { seed, words, outputs } of REFERENCE_SEEDS) {
      const rng = createRng(seed);
      expect(rng.getState().words).toEqual(words);
      expect(draws(rng, outputs.length)).toEqual(outputs);
    }
  });

  it("jumps to the C reference state", () => {
    const rng = fromWords([1, 2, 3, 4]);
    rng.jump();
    expect(rng.getState().words).toEqual([2843103750, 2038079848, 1533207345, 44816753]);
    expect(draws(rng, 4)).toEqual([1194304935, 745561276, 25819468, 3320478005]);
  });

  it("jump() equals 2^64 steps, computed as the 2^64th power of the GF(2) transition matrix", () => {
    // The state update is linear over GF(2); column b of the matrix is the image of the basis state b.
    const step = (state: Uint32Array): Uint32Array => {
      const rng = fromWords(Array.from(state));
      rng.nextUint32();
      return Uint32Array.from(rng.getState().words);
    };
    const apply = (columns: Uint32Array[], vector: Uint32Array): Uint32Array => {
      const result = new Uint32Array(4);
      for (let bit = 0; bit < 128; bit++) {
        if ((vector[bit >>> 5] >>> (bit & 31)) & 1) {
          for (let w = 0; w < 4; w++) result[w] ^= columns[bit][w];
        }
      }
      return result;
    };
    let columns = Array.from({ length: 128 }, (_, bit) => {
      const basis = new Uint32Array(4);
      basis[bit >>> 5] = 2 ** (bit & 31);
      return step(basis);
    });
    for (let squaring = 0; squaring < 64; squaring++) {
      const current = columns;
      columns = current.map((column) => apply(current, column));
    }
    const start = Uint32Array.from([0x9e3779b9, 7, 0xdeadbeef, 12345]);
    const jumped = fromWords(Array.from(start));
    jumped.jump();
    expect(jumped.getState().words).toEqual(Array.from(apply(columns, start)));
  });
});

describe("seeding", () => {
  it("gives the same sequence for the same seed and different ones for different seeds", () => {
    expect(draws(createRng(7), 20)).toEqual(draws(createRng(7), 20));
    expect(draws(createRng(7), 20)).not.toEqual(draws(createRng(8), 20));
    expect(draws(createRng(7), 20)).toEqual(draws(new Rng(7n), 20));
  });

  it("takes negative seeds modulo 2^64", () => {
    expect(draws(createRng(-1), 5)).toEqual(draws(createRng(0xffffffffffffffffn), 5));
  });

  it("rejects seeds that are not 64-bit integers", () => {
    for (const seed of [1.5, Number.NaN, 2 ** 53, Number.POSITIVE_INFINITY, 2n ** 64n, -(2n ** 63n) - 1n]) {
      expect(() => createRng(seed)).toThrow(InvalidArgumentError);
    }
  });
});

describe("uniform", () => {
  it("builds a 53-bit double from two outputs", () => {
    // First outputs from (1,2,3,4) are 11520 and 0: (11520 >>> 5) * 2^26 + (0 >>> 6) = 360 * 2^26.
    expect(fromWords([1, 2, 3, 4]).uniform()).toBe((360 * 2 ** 26) / 2 ** 53);
    const rng = createRng(1);
    let lowestBitSet = 0;
    for (let i = 0; i < 1000; i++) lowestBitSet += (rng.uniform() * 2 ** 53) % 2;
    // Only with all 53 bits random is the last one set about half the time.
    expect(lowestBitSet).toBeGreaterThan(400);
    expect(lowestBitSet).toBeLessThan(600);
  });

  it("has the moments of U(0, 1) over 1e5 draws", () => {
    const rng = createRng(2024);
    const values = new Float64Array(100_000);
    for (let i = 0; i < values.length; i++) values[i] = rng.uniform();
    const { mean, variance } = moments(values);
    // Standard errors: mean 0.0009, variance 0.0003.
    expect(mean).toBeCloseTo(0.5, 2);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it("uniformRange stays in [lo, hi) and rejects empty ranges", () => {
    const rng = createRng(3);
    for (let i = 0; i < 1000; i++) {
      const value = rng.uniformRange(-2, 5);
      expect(value).toBeGreaterThanOrEqual(-2);
      expect(value).toBeLessThan(5);
    }
    expect(() => rng.uniformRange(1, 1)).toThrow(InvalidArgumentError);
    expect(() => rng.uniformRange(-Number.MAX_VALUE, Number.MAX_VALUE)).toThrow(InvalidArgumentError);
  });
});

describe("normal", () => {
  it("has the moments of N(0, 1) over 1e5 draws", () => {
    const rng = createRng(99);
    const values = rng.fillNormal(new Float64Array(100_000));
    const { mean, variance, skewness, kurtosis } = moments(values);
    // Standard errors: mean 0.003, variance 0.0045, skewness 0.008, kurtosis 0.015.
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    expect(Math.abs(skewness)).toBeLessThan(0.05);
    expect(Math.abs(kurtosis - 3)).toBeLessThan(0.1);
  });

  it("scales by mean and std", () => {
    const values = createRng(5).fillNormal(new Float64Array(100_000), 10, 3);
    const { mean, variance } = moments(values);
    expect(Math.abs(mean - 10)).toBeLessThan(0.06);
    expect(Math.abs(variance - 9)).toBeLessThan(0.27);
  });

  it("caches the spare unscaled, so a change of mean and std between calls is respected", () => {
    const plain = createRng(11);
    const scaled = createRng(11);
    const standard = [plain.normal(), plain.normal(), plain.normal()];
    const first = scaled.normal(10, 2);
    const second = scaled.normal();
    const third = scaled.normal(-1, 0.5);
    expect((first - 10) / 2).toBeCloseTo(standard[0], 12);
    expect(second).toBe(standard[1]);
    expect((third + 1) / 0.5).toBeCloseTo(standard[2], 12);
  });
});

describe("int", () => {
  /** Lemire's method written with BigInt, as the reference for the double-based arithmetic. */
  function referenceBelow(rng: Rng, bound: number): number {
    const n = BigInt(bound);
    const threshold = 2n ** 32n % n;
    for (;;) {
      const product = BigInt(rng.nextUint32()) * n;
      if (product % 2n ** 32n >= threshold) return Number(product >> 32n);
    }
  }

  /** Rejection sampling on 53-bit integers, the method above 2^32, written with BigInt. */
  function referenceBelowLarge(rng: Rng, bound: number): number {
    const n = BigInt(bound);
    const limit = 2n ** 53n - (2n ** 53n % n);
    for (;;) {
      const value = (BigInt(rng.nextUint32() >>> 5) << 26n) | BigInt(rng.nextUint32() >>> 6);
      if (value < limit) return Number(value % n);
    }
  }

  it("equals a BigInt Lemire reference for bounds up to 2^32", () => {
    // 20,000 draws make the rare rejection branch run (about 10 times for 2,097,153).
    for (const bound of [1, 7, 1_000_003, 2_097_152, 2_097_153, 3_000_000_019, 2 ** 32 - 1, 2 ** 32]) {
      const rng = createRng(bound);
      const reference = rng.clone();
      for (let i = 0; i < 20_000; i++) {
        if (rng.int(bound) !== referenceBelow(reference, bound)) expect.fail(`draw ${i} for bound ${bound}`);
      }
    }
  });

  it("equals a BigInt rejection reference for bounds above 2^32", () => {
    // 2^52 + 1 rejects almost half of all 53-bit values, so a missing rejection shows at once.
    for (const bound of [2 ** 32 + 1, 3 * 2 ** 40, 2 ** 52 + 1, 2 ** 53]) {
      const rng = createRng(BigInt(bound));
      const reference = rng.clone();
      for (let i = 0; i < 2000; i++) expect(rng.int(bound)).toBe(referenceBelowLarge(reference, bound));
    }
  });

  it("is uniform over 7 buckets (chi-square, 6 degrees of freedom)", () => {
    const rng = createRng(12345);
    const counts = new Float64Array(7);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]++;
    // 22.46 is the 0.999 quantile of chi-square with 6 degrees of freedom.
    expect(chiSquare(counts, new Float64Array(7).fill(10_000))).toBeLessThan(22.46);
  });

  it("has no multiply-shift bias for a bound of 3 * 2^30", () => {
    // Without rejection, floor(x * 0.75) maps inputs 4j, 4j+1 to one output and makes residue 0 mod 3
    // twice as likely as 1 or 2: chi-square would be around 15,000 here.
    const rng = createRng(777);
    const counts = new Float64Array(3);
    for (let i = 0; i < 60_000; i++) counts[rng.int(3 * 2 ** 30) % 3]++;
    // 13.82 is the 0.999 quantile of chi-square with 2 degrees of freedom.
    expect(chiSquare(counts, [20_000, 20_000, 20_000])).toBeLessThan(13.82);
  });

  it("has no modulo bias for a bound of 3 * 2^51", () => {
    // 2^53 = 4 * 2^51, so plain value % bound would put half the draws in the first third.
    const rng = createRng(778);
    const counts = new Float64Array(3);
    for (let i = 0; i < 60_000; i++) counts[Math.floor(rng.int(3 * 2 ** 51) / 2 ** 51)]++;
    expect(chiSquare(counts, [20_000, 20_000, 20_000])).toBeLessThan(13.82);
  });

  it("covers bounds up to 2^53 and rejects bad bounds", () => {
    const rng = createRng(8);
    for (let i = 0; i < 100; i++) {
      const value = rng.int(2 ** 53);
      expect(Number.isInteger(value) && value >= 0 && value < 2 ** 53).toBe(true);
    }
    for (const bad of [0, -1, 2.5, Number.NaN, 2 ** 53 + 2]) {
      expect(() => rng.int(bad)).toThrow(InvalidArgumentError);
    }
  });

  it("intRange stays in [lo, hiExclusive) and reaches both ends", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 5 }), (lo, width) => {
        const rng = createRng(lo * 31 + width);
        const seen = new Set<number>();
        for (let i = 0; i < 200; i++) {
          const value = rng.intRange(lo, lo + width);
          expect(value >= lo && value < lo + width).toBe(true);
          seen.add(value);
        }
        expect(seen.size).toBe(width);
      }),
    );
    expect(() => createRng(1).intRange(3, 3)).toThrow(InvalidArgumentError);
  });
});

describe("bernoulli", () => {
  it("succeeds with probability p", () => {
    const rng = createRng(21);
    let successes = 0;
    for (let i = 0; i < 100_000; i++) if (rng.bernoulli(0.3)) successes++;
    // Standard error 145.
    expect(Math.abs(successes - 30_000)).toBeLessThan(800);
    expect(rng.bernoulli(0)).toBe(false);
    expect(rng.bernoulli(1)).toBe(true);
    expect(() => rng.bernoulli(1.1)).toThrow(InvalidArgumentError);
  });
});

describe("shuffle, permutation, sample, choice", () => {
  it("shuffles arrays and typed arrays into permutations of themselves", () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (items, seed) => {
        const shuffled = createRng(seed).shuffle([...items]);
        expect([...shuffled].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
    const typed = Float64Array.from({ length: 50 }, (_, i) => i / 2);
    const result = createRng(4).shuffle(typed);
    expect(result).toBe(typed);
    expect(Array.from(typed).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i / 2));
    expect(Array.from(typed)).not.toEqual(Array.from({ length: 50 }, (_, i) => i / 2));
  });

  it("makes the 6 orders of 3 items equally likely", () => {
    const rng = createRng(31);
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = rng.shuffle(["a", "b", "c"]).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    // 20.52 is the 0.999 quantile of chi-square with 5 degrees of freedom.
    expect(chiSquare([...counts.values()], new Array(6).fill(10_000))).toBeLessThan(20.52);
  });

  it("permutation(n) holds each of 0..n-1 once", () => {
    fc.assert(
      fc.property(fc.nat(300), fc.integer(), (n, seed) => {
        const order = createRng(seed).permutation(n);
        expect(order).toBeInstanceOf(Uint32Array);
        expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      }),
    );
  });

  it("samples without repeats on the dense and the sparse path", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n), fc.integer())),
        ([n, k, seed]) => {
          const picked = createRng(seed).sample(n, k);
          expect(picked.length).toBe(k);
          expect(new Set(picked).size).toBe(k);
          expect(picked.every((index) => index < n)).toBe(true);
        },
      ),
    );
  });

  it("samples elements of an array and rejects k > length", () => {
    const words = ["ham", "spam", "eggs", "toast", "tea"];
    const picked = createRng(6).sample(words, 3);
    expect(picked).toHaveLength(3);
    expect(new Set(picked).size).toBe(3);
    expect(picked.every((word) => words.includes(word))).toBe(true);
    expect(() => createRng(6).sample(words, 6)).toThrow(InvalidArgumentError);
  });

  it("samples each index equally often on the dense and the sparse path", () => {
    // 27.88 and 148.23 are the 0.999 quantiles of chi-square with 9 and 99 degrees of freedom.
    for (const [n, k, critical] of [
      [10, 2, 27.88],
      [100, 5, 148.23],
    ]) {
      const rng = createRng(17);
      const counts = new Float64Array(n);
      for (let i = 0; i < 20_000; i++) for (const index of rng.sample(n, k)) counts[index]++;
      expect(chiSquare(counts, new Float64Array(n).fill((20_000 * k) / n))).toBeLessThan(critical);
    }
  });

  it("choice picks an element and rejects an empty array", () => {
    const rng = createRng(2);
    const seen = new Set<string>();
    for (let i = 0; i < 100; i++) seen.add(rng.choice(["x", "y", "z"]));
    expect([...seen].sort()).toEqual(["x", "y", "z"]);
    expect(() => rng.choice([])).toThrow(InvalidArgumentError);
  });
});

describe("weightedIndex", () => {
  it("draws in proportion to the weights and never a zero weight", () => {
    const rng = createRng(13);
    const weights = [1, 0, 3, 6];
    const counts = new Float64Array(4);
    for (let i = 0; i < 50_000; i++) counts[rng.weightedIndex(weights)]++;
    expect(counts[1]).toBe(0);
    // 13.82 is the 0.999 quantile of chi-square with 2 degrees of freedom.
    expect(chiSquare([counts[0], counts[2], counts[3]], [5_000, 15_000, 30_000])).toBeLessThan(13.82);
  });

  it("rejects weights that are not a distribution", () => {
    const rng = createRng(1);
    for (const weights of [[], [0, 0], [1, -1], [1, Number.NaN], [Number.POSITIVE_INFINITY]]) {
      expect(() => rng.weightedIndex(weights)).toThrow(InvalidArgumentError);
    }
  });
});

describe("fillUniform", () => {
  it("fills Float32Array and Float64Array targets within [lo, hi)", () => {
    const single = createRng(9).fillUniform(new Float32Array(50_000), -1, 1);
    expect(single.every((v) => v >= -1 && v < 1)).toBe(true);
    expect(Math.abs(moments(single).mean)).toBeLessThan(0.02);
    const double = createRng(9).fillUniform(new Float64Array(10), 3, 4);
    expect(double.every((v) => v >= 3 && v < 4)).toBe(true);
    expect(() => createRng(9).fillUniform(new Float64Array(1), 1, 0)).toThrow(InvalidArgumentError);
  });
});

describe("state, clone, jump and fork", () => {
  it("round-trips the state through JSON, including a cached normal", () => {
    const rng = createRng(123);
    rng.normal();
    const saved: RngState = JSON.parse(JSON.stringify(rng.getState()));
    expect(saved.spareNormal).not.toBeNull();
    const expected = [rng.normal(), rng.nextUint32(), rng.uniform()];
    const restored = Rng.fromState(saved);
    expect([restored.normal(), restored.nextUint32(), restored.uniform()]).toEqual(expected);
    rng.setState(saved);
    expect([rng.normal(), rng.nextUint32(), rng.uniform()]).toEqual(expected);
  });

  it("rejects malformed states", () => {
    const rng = createRng(1);
    const bad: unknown[] = [
      { words: [0, 0, 0, 0], spareNormal: null },
      { words: [1, 2, 3], spareNormal: null },
      { words: [1, 2, 3, 2 ** 32], spareNormal: null },
      { words: [1, 2, 3, 4.5], spareNormal: null },
      { words: [1, 2, 3, 4], spareNormal: Number.NaN },
    ];
    for (const state of bad) expect(() => rng.setState(state as RngState)).toThrow(InvalidArgumentError);
  });

  it("clones an independent generator with the same future", () => {
    const rng = createRng(5);
    rng.nextUint32();
    const copy = rng.clone();
    expect(draws(copy, 10)).toEqual(draws(rng, 10));
    copy.nextUint32();
    expect(copy.getState()).not.toEqual(rng.getState());
  });

  it("fork gives the child the current stream and moves the parent 2^64 ahead", () => {
    const parent = createRng(2026);
    const untouched = parent.clone();
    const jumped = parent.clone();
    jumped.jump();
    const child = parent.fork();
    const grandchild = parent.fork();
    expect(draws(child, 8)).toEqual(draws(untouched, 8));
    expect(draws(grandchild, 8)).toEqual(draws(jumped, 8));
    const childStream = draws(createRng(2026).fork(), 50);
    expect(draws(parent, 50)).not.toEqual(childStream);
    expect(draws(grandchild, 50)).not.toEqual(childStream);
  });

  it("jump drops a cached normal", () => {
    const rng = createRng(1);
    rng.normal();
    rng.jump();
    expect(rng.getState().spareNormal).toBeNull();
  });
});

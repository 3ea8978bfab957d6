import { InvalidArgumentError } from "../errors.js";

/** A seed: a safe integer or a bigint in [-2^63, 2^64). Negative values are taken modulo 2^64. */
export type Seed = number | bigint;

const UINT64_MASK = (1n << 64n) - 1n;
const SPLITMIX64_GAMMA = 0x9e3779b97f4a7c15n;

function seedToUint64(seed: Seed): bigint {
  if (typeof seed === "number") {
    if (!Number.isSafeInteger(seed)) {
      throw new InvalidArgumentError(`seed must be a safe integer or a bigint, got ${seed}`);
    }
    return BigInt.asUintN(64, BigInt(seed));
  }
  if (typeof seed !== "bigint" || seed < -(1n << 63n) || seed > UINT64_MASK) {
    throw new InvalidArgumentError(
      `seed must be a safe integer or a bigint in [-2^63, 2^64), got ${String(seed)}`,
    );
  }
  return BigInt.asUintN(64, seed);
}

/**
 * Expands a seed into the 128-bit xoshiro128** state with two SplitMix64 outputs (the seeding the
 * xoshiro authors recommend): words 0 and 1 are the low and high halves of the first output, words 2
 * and 3 those of the second. SplitMix64 is a bijection of its counter, so two consecutive outputs are
 * never both zero and the forbidden all-zero state cannot arise. BigInt is slow, but this runs once
 * per generator.
 */
export function seedToXoshiroState(seed: Seed): Uint32Array {
  let counter = seedToUint64(seed);
  const words = new Uint32Array(4);
  for (let half = 0; half < 2; half++) {
    counter = (counter + SPLITMIX64_GAMMA) & UINT64_MASK;
    let z = counter;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & UINT64_MASK;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & UINT64_MASK;
    z ^= z >> 31n;
    words[2 * half] = Number(z & 0xffffffffn);
    words[2 * half + 1] = Number(z >> 32n);
  }
  return words;
}

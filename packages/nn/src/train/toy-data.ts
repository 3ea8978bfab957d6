import { createRng, InvalidArgumentError, type Seed } from "@lab/core";

/** Features [rows, 2] and integer class labels [rows]: the shape of the toy classification sets. */
export interface ToyClassification {
  readonly features: Float32Array;
  readonly labels: BigInt64Array;
  readonly rows: number;
}

/**
 * XOR: the four corners of the unit square, labelled 1 where exactly one coordinate is 1, repeated
 * `copies` times with N(0, noise²) jitter. No linear model separates the classes.
 */
export function xorData(copies: number, noise = 0.05, seed: Seed = 0): ToyClassification {
  if (!Number.isSafeInteger(copies) || copies < 1)
    throw new InvalidArgumentError(`copies must be a positive integer, got ${copies}`);
  const rng = createRng(seed);
  const rows = 4 * copies;
  const features = new Float32Array(rows * 2);
  const labels = new BigInt64Array(rows);
  for (let i = 0; i < rows; i++) {
    const a = i & 1;
    const b = (i >> 1) & 1;
    features[2 * i] = a + rng.normal(0, noise);
    features[2 * i + 1] = b + rng.normal(0, noise);
    labels[i] = BigInt(a ^ b);
  }
  return { features, labels, rows };
}

/**
 * Two interleaved spirals (Lang & Witbrock's benchmark): class k's points sit at radius t and angle
 * t + kπ for t drawn in [0.25, 1]·turns·2π, scaled into [−1, 1]², with N(0, noise²) jitter.
 */
export function twoSpirals(
  pointsPerClass: number,
  options: { turns?: number; noise?: number; seed?: Seed } = {},
): ToyClassification {
  if (!Number.isSafeInteger(pointsPerClass) || pointsPerClass < 1) {
    throw new InvalidArgumentError(`pointsPerClass must be a positive integer, got ${pointsPerClass}`);
  }
  const turns = options.turns ?? 1.5;
  const noise = options.noise ?? 0.02;
  const rng = createRng(options.seed ?? 0);
  const rows = 2 * pointsPerClass;
  const features = new Float32Array(rows * 2);
  const labels = new BigInt64Array(rows);
  const maxAngle = turns * 2 * Math.PI;
  for (let i = 0; i < rows; i++) {
    const label = i % 2;
    const t = maxAngle * (0.25 + 0.75 * rng.uniform());
    const radius = t / maxAngle;
    const angle = t + label * Math.PI;
    features[2 * i] = radius * Math.cos(angle) + rng.normal(0, noise);
    features[2 * i + 1] = radius * Math.sin(angle) + rng.normal(0, noise);
    labels[i] = BigInt(label);
  }
  return { features, labels, rows };
}

/** Bit sequences [rows, length, 1] (0/1 floats) and their parity [rows] (1 when the count of ones is odd). */
export function parityData(
  length: number,
  rows: number,
  seed: Seed = 0,
): { bits: Float32Array; parity: Float32Array } {
  if (!Number.isSafeInteger(length) || length < 1)
    throw new InvalidArgumentError(`length must be a positive integer, got ${length}`);
  const rng = createRng(seed);
  const bits = new Float32Array(rows * length);
  const parity = new Float32Array(rows);
  for (let row = 0; row < rows; row++) {
    let ones = 0;
    for (let t = 0; t < length; t++) {
      const bit = rng.bernoulli(0.5) ? 1 : 0;
      bits[row * length + t] = bit;
      ones += bit;
    }
    parity[row] = ones % 2;
  }
  return { bits, parity };
}

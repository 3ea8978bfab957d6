import { InvalidArgumentError, type Rng } from "@lab/core";
import { Matrix, qr } from "@lab/linalg";
import type { FloatDType } from "./tensor.js";

/** Fan-in and fan-out of a weight, for the variance-scaling initializers. */
export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/**
 * How a parameter's first values are drawn. Variance-scaling initializers (Glorot, He) read the fans
 * from the shape in the layout our MatMul weights use, [..., in, out] (see {@link fansOf}); pass
 * `fans` for any other layout (e.g. a Gemm weight with transB = 1 is [out, in]).
 */
export type Initializer =
  | { readonly kind: "zeros" }
  | { readonly kind: "ones" }
  | { readonly kind: "constant"; readonly value: number }
  | { readonly kind: "uniform"; readonly low: number; readonly high: number }
  | { readonly kind: "normal"; readonly mean: number; readonly std: number }
  | { readonly kind: "glorotUniform" | "glorotNormal"; readonly gain?: number; readonly fans?: Fans }
  | {
      readonly kind: "heUniform" | "heNormal";
      /** Defaults to √2, the gain for ReLU. */
      readonly gain?: number;
      /** Which fan keeps the variance: fan-in (forward activations, default) or fan-out (gradients). */
      readonly mode?: "fanIn" | "fanOut";
      readonly fans?: Fans;
    }
  | { readonly kind: "orthogonal"; readonly gain?: number }
  | { readonly kind: "values"; readonly values: ArrayLike<number> };

/** Named constructors of {@link Initializer}s, for call sites that read well: `init.heUniform()`. */
export const init = {
  zeros: (): Initializer => ({ kind: "zeros" }),
  ones: (): Initializer => ({ kind: "ones" }),
  constant: (value: number): Initializer => ({ kind: "constant", value }),
  uniform: (low = -0.05, high = 0.05): Initializer => ({ kind: "uniform", low, high }),
  normal: (mean = 0, std = 0.05): Initializer => ({ kind: "normal", mean, std }),
  glorotUniform: (options: { gain?: number; fans?: Fans } = {}): Initializer => ({
    kind: "glorotUniform",
    ...options,
  }),
  glorotNormal: (options: { gain?: number; fans?: Fans } = {}): Initializer => ({
    kind: "glorotNormal",
    ...options,
  }),
  heUniform: (options: { gain?: number; mode?: "fanIn" | "fanOut"; fans?: Fans } = {}): Initializer => ({
    kind: "heUniform",
    ...options,
  }),
  heNormal: (options: { gain?: number; mode?: "fanIn" | "fanOut"; fans?: Fans } = {}): Initializer => ({
    kind: "heNormal",
    ...options,
  }),
  orthogonal: (gain = 1): Initializer => ({ kind: "orthogonal", gain }),
  values: (values: ArrayLike<number>): Initializer => ({ kind: "values", values }),
} as const;

/**
 * Fans of a weight of shape [..., in, out] (Keras' convention, which matches `x @ W`): leading
 * dimensions are a receptive field that multiplies both. A vector's fans are both its length.
 */
export function fansOf(shape: readonly number[]): Fans {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  const receptive = shape.slice(0, -2).reduce((product, dim) => product * dim, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

function checkFinite(value: number, what: string): void {
  if (!Number.isFinite(value))
    throw new InvalidArgumentError(`${what} must be a finite number, got ${value}`);
}

/**
 * Draws the values of a parameter of static shape `shape`. Deterministic for the state of `rng`;
 * each call advances it by the draws it makes.
 */
export function initialize(
  initializer: Initializer,
  shape: readonly number[],
  dtype: FloatDType,
  rng: Rng,
): Float32Array | Float64Array {
  const size = shape.reduce((product, dim) => product * dim, 1);
  const out = dtype === "float32" ? new Float32Array(size) : new Float64Array(size);
  switch (initializer.kind) {
    case "zeros":
      return out;
    case "ones":
      return out.fill(1);
    case "constant":
      checkFinite(initializer.value, "constant initializer value");
      return out.fill(initializer.value);
    case "values": {
      if (initializer.values.length !== size) {
        throw new InvalidArgumentError(
          `a parameter of shape [${shape.join(", ")}] needs ${size} values, got ${initializer.values.length}`,
        );
      }
      for (let i = 0; i < size; i++) out[i] = initializer.values[i];
      return out;
    }
    case "uniform":
      checkFinite(initializer.low, "uniform low");
      checkFinite(initializer.high, "uniform high");
      if (!(initializer.low <= initializer.high)) {
        throw new InvalidArgumentError(
          `uniform initializer needs low <= high, got [${initializer.low}, ${initializer.high})`,
        );
      }
      return rng.fillUniform(out, initializer.low, initializer.high);
    case "normal":
      checkFinite(initializer.mean, "normal mean");
      if (!(initializer.std >= 0)) {
        throw new InvalidArgumentError(`normal initializer needs std >= 0, got ${initializer.std}`);
      }
      return rng.fillNormal(out, initializer.mean, initializer.std);
    case "glorotUniform":
    case "glorotNormal": {
      const { fanIn, fanOut } = initializer.fans ?? fansOf(shape);
      const std = (initializer.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
      return fillScaled(out, initializer.kind === "glorotUniform", std, rng);
    }
    case "heUniform":
    case "heNormal": {
      const fans = initializer.fans ?? fansOf(shape);
      const fan = initializer.mode === "fanOut" ? fans.fanOut : fans.fanIn;
      const std = (initializer.gain ?? Math.SQRT2) / Math.sqrt(fan);
      return fillScaled(out, initializer.kind === "heUniform", std, rng);
    }
    case "orthogonal":
      return fillOrthogonal(out, shape, initializer.gain ?? 1, rng);
  }
}

/** Zero-mean values of standard deviation `std`: uniform on ±√3·std (same variance) or normal. */
function fillScaled<A extends Float32Array | Float64Array>(
  out: A,
  uniform: boolean,
  std: number,
  rng: Rng,
): A {
  if (!Number.isFinite(std)) throw new InvalidArgumentError(`initializer scale is not finite (a zero fan?)`);
  if (uniform) {
    const limit = Math.sqrt(3) * std;
    return rng.fillUniform(out, -limit, limit);
  }
  return rng.fillNormal(out, 0, std);
}

/**
 * Saxe et al.'s orthogonal initialization: the weight, viewed as a (first dim) × (rest) matrix, gets
 * orthonormal rows or columns (whichever are fewer), from the QR factorization of a Gaussian matrix.
 * Multiplying Q's columns by the signs of R's diagonal makes the result uniformly distributed over
 * orthogonal matrices (Haar measure) rather than biased by the factorization's sign convention.
 */
function fillOrthogonal<A extends Float32Array | Float64Array>(
  out: A,
  shape: readonly number[],
  gain: number,
  rng: Rng,
): A {
  if (shape.length < 2) {
    throw new InvalidArgumentError(
      `orthogonal initialization needs a parameter of rank >= 2, got shape [${shape.join(", ")}]`,
    );
  }
  const rows = shape[0];
  const cols = out.length / rows;
  if (out.length === 0) return out;
  // Factor the tall orientation so Q has min(rows, cols) orthonormal columns.
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const gaussian = new Matrix(m, n, rng.fillNormal(new Float64Array(m * n)));
  const { q, r } = qr(gaussian);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const sign = r.data[j * n + j] < 0 ? -1 : 1;
      const value = gain * sign * q.data[i * n + j];
      // Tall: out[i, j] = Q[i, j]; wide: out is Qᵀ, so out[j, i] = Q[i, j].
      if (tall) out[i * cols + j] = value;
      else out[j * cols + i] = value;
    }
  }
  return out;
}

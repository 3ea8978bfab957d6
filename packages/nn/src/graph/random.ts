import { InvalidArgumentError, type Rng } from "@lab/core";
import type { Dim } from "../ir/ir.js";
import type { FloatDType } from "./tensor.js";

/*
 * Why dropout masks and noise are fed rather than drawn inside the graph: ONNX's random ops
 * (RandomUniformLike, RandomNormalLike, Dropout) take their seed as a node attribute, fixed when the
 * graph is built. In onnxruntime 1.30 (checked here) such a node does draw new values on each run,
 * but from a generator owned by the session: the sequence restarts whenever a session is created
 * (a resumed run, a rebuilt train/eval pair) and differs between CPU and CUDA kernels, so a run
 * could not be reproduced from its seed and step. Instead the trainer's seeded Rng (@lab/core)
 * fills each random input before the step: same seed, same masks, on any device, and a checkpoint
 * that stores the Rng state resumes the exact sequence. The cost is generating the values in
 * TypeScript (one uniform or normal draw per element) and feeding them.
 */

/**
 * What a random input holds each step. A dropout mask holds 0 (dropped, with probability `ratio`)
 * or 1 / (1 − ratio) (kept, scaled so the expectation is unchanged: "inverted" dropout, as PyTorch).
 */
export type RandomDistribution =
  | { readonly kind: "uniform"; readonly low: number; readonly high: number }
  | { readonly kind: "normal"; readonly mean: number; readonly std: number }
  | { readonly kind: "dropoutMask"; readonly ratio: number };

/** A graph input that the trainer fills with fresh draws from its seeded generator before each step. */
export interface RandomInputSpec {
  readonly name: string;
  readonly dtype: FloatDType;
  /** Fixed sizes and symbolic names; the names are resolved from the step's other feeds. */
  readonly shape: readonly Dim[];
  readonly distribution: RandomDistribution;
}

/** Sizes of symbolic dimensions for one step, e.g. { batch: 32 }. */
export type DimBindings = Readonly<Record<string, number>>;

export function checkDistribution(distribution: RandomDistribution): void {
  switch (distribution.kind) {
    case "uniform":
      if (
        !(
          Number.isFinite(distribution.low) &&
          Number.isFinite(distribution.high) &&
          distribution.low <= distribution.high
        )
      ) {
        throw new InvalidArgumentError(
          `uniform noise needs finite low <= high, got [${distribution.low}, ${distribution.high})`,
        );
      }
      return;
    case "normal":
      if (
        !(Number.isFinite(distribution.mean) && distribution.std >= 0 && Number.isFinite(distribution.std))
      ) {
        throw new InvalidArgumentError(
          `normal noise needs a finite mean and std >= 0, got ${distribution.mean}, ${distribution.std}`,
        );
      }
      return;
    case "dropoutMask":
      if (!(distribution.ratio >= 0 && distribution.ratio <= 1)) {
        throw new InvalidArgumentError(`dropout ratio must be in [0, 1], got ${distribution.ratio}`);
      }
      return;
  }
}

/** The static dims of `shape` with symbolic names replaced by their bound sizes. */
export function resolveDims(shape: readonly Dim[], bindings: DimBindings, what = "tensor"): number[] {
  return shape.map((dim) => {
    if (typeof dim === "number") return dim;
    const size = bindings[dim];
    if (size === undefined || !Number.isInteger(size) || size < 0) {
      throw new InvalidArgumentError(
        `${what}: no size bound for dimension "${dim}" (bound: ${JSON.stringify(bindings)})`,
      );
    }
    return size;
  });
}

/**
 * Sizes of the symbolic dimensions of `declared` inputs, read from the dims of the tensors fed for
 * them. Throws when one name would take two sizes.
 */
export function bindDims(
  declared: readonly { readonly name: string; readonly shape: readonly Dim[] | null }[],
  feeds: Readonly<Record<string, { readonly dims: readonly number[] }>>,
): Record<string, number> {
  const bindings: Record<string, number> = {};
  for (const input of declared) {
    const fed = feeds[input.name];
    if (!fed || input.shape === null) continue;
    input.shape.forEach((dim, axis) => {
      // "" is an unnamed unknown size: it promises nothing, so it binds nothing.
      if (typeof dim !== "string" || dim === "") return;
      const size = fed.dims[axis];
      const bound = bindings[dim];
      if (bound !== undefined && bound !== size) {
        throw new InvalidArgumentError(
          `dimension "${dim}" is ${bound} in one input but ${size} in "${input.name}" (axis ${axis})`,
        );
      }
      bindings[dim] = size;
    });
  }
  return bindings;
}

/**
 * Fills `out` with one step's draws for `spec` and returns it; allocates when `out` is omitted or
 * has the wrong length. Deterministic for the generator's state.
 */
export function fillRandomInput(
  spec: RandomInputSpec,
  rng: Rng,
  bindings: DimBindings,
  out?: Float32Array | Float64Array,
): Float32Array | Float64Array {
  const dims = resolveDims(spec.shape, bindings, `random input "${spec.name}"`);
  const size = dims.reduce((product, dim) => product * dim, 1);
  const target =
    out !== undefined && out.length === size && (spec.dtype === "float32") === out instanceof Float32Array
      ? out
      : spec.dtype === "float32"
        ? new Float32Array(size)
        : new Float64Array(size);
  const distribution = spec.distribution;
  switch (distribution.kind) {
    case "uniform":
      return rng.fillUniform(target, distribution.low, distribution.high);
    case "normal":
      return rng.fillNormal(target, distribution.mean, distribution.std);
    case "dropoutMask": {
      const keep = 1 - distribution.ratio;
      // Dropping everything (ratio 1) gives zeros rather than 0 · ∞.
      const scale = keep > 0 ? 1 / keep : 0;
      for (let i = 0; i < size; i++) target[i] = rng.uniform() < keep ? scale : 0;
      return target;
    }
  }
}

/** One step's values of every random input, with their resolved dims, in the order given. */
export function randomFeeds(
  specs: readonly RandomInputSpec[],
  rng: Rng,
  bindings: DimBindings,
): Record<string, { data: Float32Array | Float64Array; dims: number[] }> {
  const feeds: Record<string, { data: Float32Array | Float64Array; dims: number[] }> = {};
  for (const spec of specs) {
    feeds[spec.name] = {
      data: fillRandomInput(spec, rng, bindings),
      dims: resolveDims(spec.shape, bindings, `random input "${spec.name}"`),
    };
  }
  return feeds;
}

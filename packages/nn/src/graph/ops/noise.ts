import { InvalidArgumentError } from "@lab/core";
import type { GraphBuilder } from "../builder.js";
import { checkDistribution } from "../random.js";
import type { SymbolicShape } from "../shape.js";
import { type FloatDType, isFloatDType, type Tensor } from "../tensor.js";
import { add, mul } from "./elementwise.js";

function requireKnownShape(x: Tensor, op: string): SymbolicShape {
  if (x.shape === null)
    throw new InvalidArgumentError(`${op} needs a tensor of known rank, got ${x.toString()}`);
  return x.shape;
}

function requireFloatTensor(x: Tensor, op: string): FloatDType {
  if (!isFloatDType(x.dtype))
    throw new InvalidArgumentError(`${op} needs a float tensor, got ${x.toString()}`);
  return x.dtype;
}

/**
 * Inverted dropout: in a training graph, x times a mask the trainer feeds each step (0 with
 * probability `ratio`, else 1 / (1 − ratio)); in an eval graph, x itself. See
 * {@link GraphBuilder.randomInput} for why the mask is fed rather than drawn by ONNX Runtime.
 */
export function dropout(x: Tensor, ratio: number, name = "dropout_mask"): Tensor {
  checkDistribution({ kind: "dropoutMask", ratio });
  const dtype = requireFloatTensor(x, "dropout");
  if (!x.builder.training || ratio === 0) return x;
  const mask = x.builder.randomInput(name, dtype, requireKnownShape(x, "dropout"), {
    kind: "dropoutMask",
    ratio,
  });
  return mul(x, mask);
}

/** x + N(0, std²) noise fed each step in a training graph; x itself in an eval graph. */
export function gaussianNoise(x: Tensor, std: number, name = "gaussian_noise"): Tensor {
  checkDistribution({ kind: "normal", mean: 0, std });
  const dtype = requireFloatTensor(x, "gaussianNoise");
  if (!x.builder.training || std === 0) return x;
  return add(
    x,
    x.builder.randomInput(name, dtype, requireKnownShape(x, "gaussianNoise"), {
      kind: "normal",
      mean: 0,
      std,
    }),
  );
}

/** A fresh N(mean, std²) sample of `shape` per step, fed by the trainer (training and eval graphs alike). */
export function randomNormal(
  builder: GraphBuilder,
  shape: SymbolicShape,
  options: { mean?: number; std?: number; dtype?: FloatDType; name?: string } = {},
): Tensor {
  const distribution = { kind: "normal", mean: options.mean ?? 0, std: options.std ?? 1 } as const;
  checkDistribution(distribution);
  return builder.randomInput(
    options.name ?? "random_normal",
    options.dtype ?? "float32",
    shape,
    distribution,
  );
}

/** A fresh U[low, high) sample of `shape` per step, fed by the trainer. */
export function randomUniform(
  builder: GraphBuilder,
  shape: SymbolicShape,
  options: { low?: number; high?: number; dtype?: FloatDType; name?: string } = {},
): Tensor {
  const distribution = { kind: "uniform", low: options.low ?? 0, high: options.high ?? 1 } as const;
  checkDistribution(distribution);
  return builder.randomInput(
    options.name ?? "random_uniform",
    options.dtype ?? "float32",
    shape,
    distribution,
  );
}

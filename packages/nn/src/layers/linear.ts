import { InvalidArgumentError } from "@lab/core";
import type { GraphBuilder } from "../graph/builder.js";
import { type Initializer, init } from "../graph/initializers.js";
import { add } from "../graph/ops/elementwise.js";
import { gemm, matMul } from "../graph/ops/matmul.js";
import { type FloatDType, isFloatDType, type Tensor } from "../graph/tensor.js";

/**
 * How a weight's first values are drawn: a named variance-scaling scheme or any {@link Initializer}.
 * "glorotUniform" is Keras' Dense default; "heUniform"/"heNormal" keep the variance of ReLU layers.
 */
export type WeightInit = "glorotUniform" | "glorotNormal" | "heUniform" | "heNormal" | Initializer;

export function weightInitializer(choice: WeightInit): Initializer {
  switch (choice) {
    case "glorotUniform":
      return init.glorotUniform();
    case "glorotNormal":
      return init.glorotNormal();
    case "heUniform":
      return init.heUniform();
    case "heNormal":
      return init.heNormal();
    default:
      return choice;
  }
}

export interface LinearOptions {
  /** Scope of the layer's parameters (`<name>/weight`, `<name>/bias`); default a unique "linear". */
  readonly name?: string;
  /** Add a bias (default true). */
  readonly bias?: boolean;
  /** Weight initialization (default "glorotUniform"). */
  readonly init?: WeightInit;
  /** Bias initialization (default zeros). */
  readonly biasInit?: Initializer;
}

/** The float dtype and static size of the last axis of `x`, which a layer's parameters depend on. */
export function featureSize(x: Tensor, layer: string): { dtype: FloatDType; features: number } {
  if (!isFloatDType(x.dtype))
    throw new InvalidArgumentError(`${layer} needs a float input, got ${x.toString()}`);
  const last = x.shape?.[x.shape.length - 1];
  if (x.shape === null || x.shape.length === 0 || typeof last !== "number") {
    throw new InvalidArgumentError(
      `${layer} needs an input whose last axis has a fixed size, got ${x.toString()}`,
    );
  }
  return { dtype: x.dtype, features: last };
}

export function checkPositiveInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(`${what} must be a positive integer, got ${value}`);
  }
}

/** Runs `build` inside a scope named `name`, or a fresh unique one derived from `fallback`. */
export function layerScope<T>(
  builder: GraphBuilder,
  name: string | undefined,
  fallback: string,
  build: () => T,
): T {
  return builder.scope(name ?? builder.uniqueName(fallback), build);
}

/**
 * y = x · W + b over the last axis of x: W is [in, units] (the layout {@link fansOf} reads the fans
 * from), b is [units]. A 2-D input becomes one Gemm node, which ORT runs as a single fused kernel;
 * higher ranks (e.g. [batch, time, in]) use MatMul + Add.
 */
export function linear(x: Tensor, units: number, options: LinearOptions = {}): Tensor {
  return layerScope(x.builder, options.name, "linear", () => affine(x, units, options));
}

/** The body of {@link linear}: parameters `weight` and `bias` in the builder's current scope. */
export function affine(x: Tensor, units: number, options: Omit<LinearOptions, "name">): Tensor {
  checkPositiveInteger(units, "linear units");
  const { dtype, features } = featureSize(x, "linear");
  const builder = x.builder;
  const weight = builder.parameter(
    "weight",
    [features, units],
    weightInitializer(options.init ?? "glorotUniform"),
    {
      dtype,
    },
  );
  const bias =
    options.bias === false
      ? null
      : builder.parameter("bias", [units], options.biasInit ?? init.zeros(), { dtype });
  if (x.rank === 2) return gemm(x, weight, bias);
  const product = matMul(x, weight);
  return bias === null ? product : add(product, bias);
}

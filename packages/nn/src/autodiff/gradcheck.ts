import { createRng, InvalidArgumentError, type Rng } from "@lab/core";
import { GraphBuilder } from "../graph/builder.js";
import { cast } from "../graph/ops/cast.js";
import { add, mul } from "../graph/ops/elementwise.js";
import { reduceSum } from "../graph/ops/reduce.js";
import { bindDims, randomFeeds } from "../graph/random.js";
import { type FloatDType, isFloatDType, type Tensor } from "../graph/tensor.js";
import type { Dim, TensorArray } from "../ir/ir.js";
import { createSession, type Feeds, type GraphSession } from "../runtime/index.js";
import { type GradOptions, grad } from "./grad.js";
import { GRADCHECK_CASES } from "./gradcheck-cases.js";

/** How a gradcheck input's values are drawn: a sampler gets the generator and the element count. */
export type Sampler = (rng: Rng, size: number) => Float64Array;

/** A differentiable input of a gradcheck case. */
export interface GradcheckInput {
  readonly name: string;
  /** The shape of the values fed. */
  readonly shape: readonly number[];
  /**
   * The shape declared to the graph, when it should differ from the fed one: symbolic names ("batch")
   * or "" (unknown size) make the backward rules take their run-time (Shape-based) paths.
   */
  readonly declared?: readonly Dim[];
  /** Default: standard normal. */
  readonly sample?: Sampler;
}

/** One check: an op (or loss) applied to some inputs, whose gradients are compared with finite differences. */
export interface GradcheckCase {
  /** The op or loss checked, as reported (e.g. "MatMul", "softmaxCrossEntropy"). */
  readonly op: string;
  /** What this case exercises (e.g. "batched, B broadcast"). */
  readonly variant: string;
  /** float64 (default) checks to ~1e-9; float32 only to ~1e-3 (finite differences need large steps). */
  readonly dtype?: FloatDType;
  readonly inputs: readonly GradcheckInput[];
  /** Builds a training graph (dropout and noise active, their random inputs fed once and held fixed). */
  readonly training?: boolean;
  /**
   * Applies the op to the inputs; every float output takes part in the check. Parameters it creates
   * (a layer's weights) are differentiated too, at their initial values: create them in the case's
   * dtype.
   */
  build(builder: GraphBuilder, inputs: readonly Tensor[]): Tensor | readonly Tensor[];
}

export interface GradcheckResult {
  readonly op: string;
  readonly variant: string;
  readonly dtype: FloatDType;
  /**
   * Over the inputs, the largest max|analytic − numeric| / max(max|analytic|, max|numeric|): the
   * error relative to the gradient's scale, so elements whose gradient is near zero do not inflate it.
   */
  readonly maxRelativeError: number;
  readonly tolerance: number;
  readonly passed: boolean;
}

export interface GradcheckOptions {
  /** Seed of the input values, the projection weights and any random inputs (default 0). */
  readonly seed?: number;
  /** ORT intra-op threads (default 1: the graphs are tiny). */
  readonly threads?: number;
  /** Backward rules to check instead of the built-in ones (see GradOptions.rules). */
  readonly rules?: GradOptions["rules"];
}

/** Acceptance threshold of maxRelativeError per dtype. */
export const GRADCHECK_TOLERANCE: Readonly<Record<FloatDType, number>> = { float64: 1e-6, float32: 2e-2 };

/**
 * Central-difference step per dtype: for float64, 1e-6 balances truncation error (~h²) against
 * rounding (~1e-16/h); float32 rounds at ~1e-7, so its step must be far larger.
 */
const STEP: Readonly<Record<FloatDType, number>> = { float64: 1e-6, float32: 1e-2 };

type Feed = { data: TensorArray; dims: readonly number[] };

function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

/**
 * Checks a case's backward rules against central finite differences, both evaluated by onnxruntime.
 * The outputs are reduced to a scalar with random weights (Σ w·y) rather than a plain sum: a plain
 * sum would make some gradients vanish identically (Σ softmax = 1) and hide wrong rules. The
 * weights are fed, so outputs of symbolic shape work too (their dims are read from one forward run).
 */
export async function gradcheck(
  testCase: GradcheckCase,
  options: GradcheckOptions = {},
): Promise<GradcheckResult> {
  const dtype = testCase.dtype ?? "float64";
  const rng = createRng(options.seed ?? 0);
  const builder = new GraphBuilder({
    name: `gradcheck_${testCase.op}`,
    training: testCase.training ?? false,
  });
  const inputs = testCase.inputs.map((spec) => builder.input(spec.name, dtype, spec.declared ?? spec.shape));
  const built = testCase.build(builder, inputs);
  const outputs = ((Array.isArray(built) ? built : [built]) as readonly Tensor[]).filter((output) =>
    isFloatDType(output.dtype),
  );
  if (outputs.length === 0)
    throw new InvalidArgumentError(`gradcheck ${testCase.op}: the case has no float output`);
  const outputNames = outputs.map((output, i) => builder.output(output, `output_${i}`).name);
  const projections = outputs.map((output, i) =>
    builder.input(
      `projection_${i}`,
      output.dtype,
      output.shape === null ? [] : output.shape.map((dim) => dim ?? ""),
    ),
  );
  if (outputs.some((output) => output.shape === null)) {
    throw new InvalidArgumentError(`gradcheck ${testCase.op}: outputs need a known rank`);
  }
  const terms = outputs.map((output, i) => {
    const term = reduceSum(mul(output, projections[i]), undefined, { keepDims: false });
    return term.dtype === dtype ? term : cast(term, dtype);
  });
  let loss = terms[0];
  for (const term of terms.slice(1)) loss = add(loss, term);
  builder.output(loss, "loss");
  // Parameters the case created (e.g. inside a layer) are checked too, from their initial values.
  const variables = [
    ...testCase.inputs.map((spec, i) => ({
      tensor: inputs[i],
      dims: spec.shape,
      initial: (spec.sample ?? normalSampler)(rng, elementCount(spec.shape)),
    })),
    ...builder.parameters.map((parameter) => ({
      tensor: parameter.tensor,
      dims: parameter.initial.dims,
      initial: Float64Array.from(parameter.initial.data as Float32Array | Float64Array),
    })),
  ];
  const gradients = grad(
    loss,
    variables.map((variable) => variable.tensor),
    options.rules ? { rules: options.rules } : {},
  );
  gradients.forEach((gradient, i) => {
    builder.output(gradient, `gradient_${i}`);
  });

  const values = variables.map((variable) => variable.initial);
  const inputFeeds = (current: readonly Float64Array[]): Record<string, Feed> => {
    const feeds: Record<string, Feed> = {};
    variables.forEach(({ tensor, dims }, i) => {
      feeds[tensor.name] = {
        data: tensor.dtype === "float32" ? Float32Array.from(current[i]) : current[i],
        dims,
      };
    });
    return feeds;
  };
  const threads = options.threads ?? 1;
  const declared = builder.inputs.map((tensor) => ({
    name: tensor.name,
    shape: tensor.shape?.map((dim) => dim ?? "") ?? null,
  }));
  const fixed: Record<string, Feed> = randomFeeds(
    builder.randomInputs,
    rng,
    bindDims(declared, inputFeeds(values)),
  );
  const forward = await createSession(builder.toModel({ outputs: outputNames }), { threads });
  try {
    const produced = await forward.run({ ...fixed, ...inputFeeds(values) });
    outputs.forEach((output, i) => {
      const dims = produced[outputNames[i]].dims;
      const weights = rng.fillUniform(new Float64Array(elementCount(dims)), 0.5, 1.5);
      fixed[`projection_${i}`] = {
        data: output.dtype === "float32" ? Float32Array.from(weights) : weights,
        dims,
      };
    });
  } finally {
    await forward.release();
  }
  const toFeeds = (current: readonly Float64Array[]): Feeds => ({ ...fixed, ...inputFeeds(current) });

  const full = await createSession(
    builder.toModel({ outputs: ["loss", ...gradients.map((_, i) => `gradient_${i}`)] }),
    {
      threads,
    },
  );
  const lossOnly = await createSession(builder.toModel({ outputs: ["loss"] }), { threads });
  try {
    const analytic = await full.run(toFeeds(values));
    let maxRelativeError = 0;
    for (let i = 0; i < values.length; i++) {
      const exact = analytic[`gradient_${i}`].data as Float32Array | Float64Array;
      const numeric = await numericGradient(lossOnly, values, i, STEP[dtype], toFeeds);
      maxRelativeError = Math.max(maxRelativeError, relativeError(exact, numeric));
    }
    const tolerance = GRADCHECK_TOLERANCE[dtype];
    return {
      op: testCase.op,
      variant: testCase.variant,
      dtype,
      maxRelativeError,
      tolerance,
      passed: maxRelativeError <= tolerance,
    };
  } finally {
    await full.release();
    await lossOnly.release();
  }
}

async function numericGradient(
  session: GraphSession,
  values: readonly Float64Array[],
  index: number,
  step: number,
  toFeeds: (current: readonly Float64Array[]) => Feeds,
): Promise<Float64Array> {
  const current = values.map((value) => value.slice());
  const target = current[index];
  const result = new Float64Array(target.length);
  const lossAt = async () => {
    const outputs = await session.run(toFeeds(current), ["loss"]);
    return Number(outputs.loss.data[0]);
  };
  for (let j = 0; j < target.length; j++) {
    const original = target[j];
    target[j] = original + step;
    const plus = await lossAt();
    target[j] = original - step;
    const minus = await lossAt();
    target[j] = original;
    result[j] = (plus - minus) / (2 * step);
  }
  return result;
}

function relativeError(exact: ArrayLike<number>, numeric: ArrayLike<number>): number {
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < numeric.length; i++) {
    if (!Number.isFinite(exact[i])) return Number.POSITIVE_INFINITY;
    difference = Math.max(difference, Math.abs(exact[i] - numeric[i]));
    scale = Math.max(scale, Math.abs(exact[i]), Math.abs(numeric[i]));
  }
  return scale === 0 ? 0 : difference / scale;
}

export const normalSampler: Sampler = (rng, size) => rng.fillNormal(new Float64Array(size));

/** Runs every case of {@link GRADCHECK_CASES} (or those given), one after another. */
export async function gradcheckAll(
  cases: readonly GradcheckCase[] = GRADCHECK_CASES,
  options: GradcheckOptions = {},
): Promise<GradcheckResult[]> {
  const results: GradcheckResult[] = [];
  for (const testCase of cases) results.push(await gradcheck(testCase, options));
  return results;
}

/** Per op, the worst case: what `lab nn gradcheck` reports as {op, max_rel_err}. */
export function summarizeGradchecks(
  results: readonly Pick<GradcheckResult, "op" | "maxRelativeError" | "passed">[],
): { op: string; maxRelativeError: number; cases: number; passed: boolean }[] {
  const byOp = new Map<string, { op: string; maxRelativeError: number; cases: number; passed: boolean }>();
  for (const result of results) {
    const entry = byOp.get(result.op) ?? { op: result.op, maxRelativeError: 0, cases: 0, passed: true };
    entry.maxRelativeError = Math.max(entry.maxRelativeError, result.maxRelativeError);
    entry.cases++;
    entry.passed &&= result.passed;
    byOp.set(result.op, entry);
  }
  return [...byOp.values()];
}

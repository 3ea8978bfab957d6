import { createRng, type Seed } from "@lab/core";
import { grad } from "../autodiff/grad.js";
import { GRADCHECK_TOLERANCE } from "../autodiff/gradcheck.js";
import { GraphBuilder } from "../graph/builder.js";
import { bindDims, randomFeeds } from "../graph/random.js";
import type { FloatDType } from "../graph/tensor.js";
import type { TensorArray, ValueInfo } from "../ir/ir.js";
import { createSession, type Feeds, type GraphSession } from "../runtime/session.js";
import { type Dataset, rowShape } from "./batches.js";
import { callModel, LOSS_OUTPUT, type ModelFunction } from "./compile.js";

export interface ModelGradcheckOptions {
  /** Seed of the parameters' initial values, the random inputs and the coordinates sampled (default 0). */
  readonly seed?: Seed;
  /** Coordinates checked per parameter: all of them up to this many, else this many at random (default 64). */
  readonly maxCoordinates?: number;
  /** ORT intra-op threads (default 1). */
  readonly threads?: number;
}

export interface ParameterGradcheck {
  readonly parameter: string;
  /** max|analytic − numeric| / max(max|analytic|, max|numeric|) over the checked coordinates. */
  readonly maxRelativeError: number;
  readonly checked: number;
}

export interface ModelGradcheckResult {
  readonly dtype: FloatDType;
  readonly maxRelativeError: number;
  readonly tolerance: number;
  readonly passed: boolean;
  readonly parameters: readonly ParameterGradcheck[];
}

/**
 * Central-difference step per dtype, as in the op-level gradcheck: for float64, 1e-6 balances
 * truncation (~h²) against rounding (~1e-16 / h); float32 needs a far larger step.
 */
const STEP: Readonly<Record<FloatDType, number>> = { float64: 1e-6, float32: 1e-2 };

/**
 * Checks ∂loss/∂parameters of a whole model, as the trainer builds it (training mode, dropout and
 * noise drawn once from the seed and then held fixed), against central finite differences of the
 * loss, both evaluated by onnxruntime on `data` (one batch). Use float64 parameters for a tight check.
 */
export async function gradcheckModel(
  model: ModelFunction,
  data: Dataset,
  options: ModelGradcheckOptions = {},
): Promise<ModelGradcheckResult> {
  const seed = options.seed ?? 0;
  const builder = new GraphBuilder({ name: "gradcheck_model", seed, training: true });
  const { loss } = callModel(model, builder);
  const parameters = builder.parameters;
  const dtype = loss.dtype as FloatDType;
  const gradients = grad(
    loss,
    parameters.map((parameter) => parameter.tensor),
  );
  builder.output(loss, LOSS_OUTPUT);
  const gradientNames = gradients.map((gradient, i) => builder.output(gradient, `gradient_${i}`).name);

  const declared: ValueInfo[] = builder.inputs.map((tensor) => ({
    name: tensor.name,
    dtype: tensor.dtype,
    shape: tensor.shape as ValueInfo["shape"],
  }));
  const dataFeeds: Record<string, { data: TensorArray; dims: number[] }> = {};
  for (const info of declared) {
    const values = data[info.name];
    if (values === undefined) continue;
    const { rowSize } = rowShape(info, "data input");
    const shape = info.shape ?? [];
    dataFeeds[info.name] = { data: values, dims: [values.length / rowSize, ...shape.slice(1).map(Number)] };
  }
  const rng = createRng(seed);
  rng.jump();
  const fixed: Feeds = {
    ...dataFeeds,
    ...randomFeeds(builder.randomInputs, rng, bindDims(declared, dataFeeds)),
  };
  const values = parameters.map((parameter) =>
    (parameter.initial.data as Float32Array | Float64Array).slice(),
  );
  const feeds = (): Feeds => {
    const result: Record<string, Feeds[string]> = { ...fixed };
    parameters.forEach((parameter, i) => {
      result[parameter.tensor.name] = values[i];
    });
    return result;
  };

  const threads = options.threads ?? 1;
  const full = await createSession(builder.toModel({ outputs: [LOSS_OUTPUT, ...gradientNames] }), {
    threads,
  });
  let lossOnly: GraphSession | undefined;
  try {
    lossOnly = await createSession(builder.toModel({ outputs: [LOSS_OUTPUT] }), { threads });
    const analytic = await full.run(feeds());
    const maxCoordinates = options.maxCoordinates ?? 64;
    const step = STEP[dtype];
    const results: ParameterGradcheck[] = [];
    for (let p = 0; p < parameters.length; p++) {
      const exact = analytic[gradientNames[p]].data as Float32Array | Float64Array;
      const target = values[p];
      const coordinates = target.length <= maxCoordinates ? null : rng.sample(target.length, maxCoordinates);
      const count = coordinates === null ? target.length : coordinates.length;
      let difference = 0;
      let scale = 0;
      for (let c = 0; c < count; c++) {
        const j = coordinates === null ? c : coordinates[c];
        const original = target[j];
        target[j] = original + step;
        const plus = Number((await lossOnly.run(feeds())).loss.data[0]);
        target[j] = original - step;
        const minus = Number((await lossOnly.run(feeds())).loss.data[0]);
        target[j] = original;
        const numeric = (plus - minus) / (2 * step);
        if (!Number.isFinite(exact[j])) difference = Number.POSITIVE_INFINITY;
        difference = Math.max(difference, Math.abs(exact[j] - numeric));
        scale = Math.max(scale, Math.abs(exact[j]), Math.abs(numeric));
      }
      results.push({
        parameter: parameters[p].tensor.name,
        maxRelativeError: scale === 0 ? difference : difference / scale,
        checked: count,
      });
    }
    const maxRelativeError = Math.max(0, ...results.map((result) => result.maxRelativeError));
    const tolerance = GRADCHECK_TOLERANCE[dtype];
    return { dtype, maxRelativeError, tolerance, passed: maxRelativeError <= tolerance, parameters: results };
  } finally {
    await full.release();
    await lossOnly?.release();
  }
}

/** Helpers for the graph and autodiff tests: run a builder's graph once in onnxruntime. */
import type { DType, TensorArray } from "../ir/ir.js";
import { createSession, type Feeds } from "../runtime/index.js";
import type { GraphBuilder, GraphExportOptions } from "./builder.js";

export interface RunResult {
  readonly dtype: DType;
  readonly data: TensorArray;
  readonly dims: readonly number[];
}

/** Runs the builder's declared outputs (parameters stored as initializers unless told otherwise). */
export async function runBuilder(
  builder: GraphBuilder,
  feeds: Feeds = {},
  options: GraphExportOptions = {},
): Promise<Record<string, RunResult>> {
  const session = await createSession(builder.toModel({ parameters: "initializers", ...options }), {
    threads: 1,
  });
  try {
    const outputs = await session.run(feeds);
    const results: Record<string, RunResult> = {};
    for (const name of Object.keys(outputs))
      results[name] = { dtype: outputs[name].dtype, data: outputs[name].data, dims: outputs[name].dims };
    return results;
  } finally {
    await session.release();
  }
}

/** Plain numbers of a float result, for toEqual / toBeCloseTo comparisons. */
export function numbers(result: RunResult): number[] {
  return Array.from(result.data as Float32Array | Float64Array);
}

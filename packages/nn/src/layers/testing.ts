/** Helpers shared by the layer tests: run a builder's graph in ORT with its initial parameters. */
import type { GraphBuilder } from "../graph/builder.js";
import { createSession, type Feeds } from "../runtime/session.js";

/**
 * Runs the builder's declared outputs once, parameters stored as initializers; returns the data of
 * its (float) outputs.
 */
export async function runGraph(builder: GraphBuilder, feeds: Feeds): Promise<Record<string, Float32Array>> {
  const session = await createSession(builder.toModel({ parameters: "initializers" }), { threads: 1 });
  try {
    const outputs = await session.run(feeds);
    const data: Record<string, Float32Array> = {};
    for (const name of Object.keys(outputs)) data[name] = outputs[name].data as Float32Array;
    return data;
  } finally {
    await session.release();
  }
}

/** The initial values of the parameter named `name`. */
export function parameterValues(builder: GraphBuilder, name: string): Float32Array | Float64Array {
  const parameter = builder.parameters.find((candidate) => candidate.tensor.name === name);
  if (parameter === undefined) {
    const names = builder.parameters.map((candidate) => candidate.tensor.name).join(", ");
    throw new Error(`no parameter "${name}" (have: ${names})`);
  }
  return parameter.initial.data as Float32Array | Float64Array;
}

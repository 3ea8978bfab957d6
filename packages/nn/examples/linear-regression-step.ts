// Builds y = x·W + b with a mean-squared-error loss, appends its backward graph, and runs one
// forward + backward pass in onnxruntime-node. Run from the repository root:
// node --conditions=@lab/source --import tsx packages/nn/examples/linear-regression-step.ts
import { add, createSession, GraphBuilder, grad, init, matMul, meanSquaredError } from "@lab/nn";

const builder = new GraphBuilder({ name: "linear", seed: 1 });
const x = builder.input("x", "float32", ["batch", 3]);
const target = builder.input("target", "float32", ["batch", 1]);
const weight = builder.parameter("weight", [3, 1], init.glorotUniform());
const bias = builder.parameter("bias", [1], init.zeros());
const loss = meanSquaredError(add(matMul(x, weight), bias), target);
const [weightGrad, biasGrad] = grad(loss, [weight, bias]);
builder.output(loss, "loss");
builder.output(weightGrad!, "weight_grad");
builder.output(biasGrad!, "bias_grad");

// Parameters become graph inputs for training (fed each step) or initializers for export.
const model = builder.toModel({ parameters: "inputs" });
const session = await createSession(model);
const weights = builder.parameters.find((p) => p.tensor === weight)!.initial.data as Float32Array;
const outputs = await session.run({
  x: { data: Float32Array.of(1, 2, 3, 4, 5, 6), dims: [2, 3] },
  target: { data: Float32Array.of(1, 2), dims: [2, 1] },
  [weight.name]: weights,
  [bias.name]: Float32Array.of(0),
});
console.log(
  `nodes: ${model.graph.nodes.length}, loss: ${(outputs.loss!.data as Float32Array)[0]!.toFixed(4)}`,
);
console.log(
  `d loss / d weight: ${Array.from(outputs.weight_grad!.data as Float32Array, (v) => v.toFixed(4)).join(", ")}`,
);
session.release();

export * from "./autodiff/index.js";
export * from "./graph/index.js";
export * from "./ir/index.js";
export * from "./layers/index.js";
export * from "./onnx/index.js";
export * from "./optim/index.js";
export * from "./runtime/index.js";
export * from "./train/index.js";

export * from "./ir/index.js";
export * from "./onnx/index.js";
export * from "./runtime/index.js";

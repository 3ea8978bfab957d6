/**
 * The protobufjs-generated ONNX schema. onnx-proto is CommonJS and assigns its namespace to
 * `module.exports.onnx` at run time, which Node's ESM loader cannot see as a named export, so it is
 * reached through the default (module.exports) import.
 */
import onnxProto from "onnx-proto";

export const onnx = onnxProto.onnx;
export type { onnx as OnnxTypes } from "onnx-proto";

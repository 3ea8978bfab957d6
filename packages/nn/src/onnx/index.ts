export { type ModelInfo, parseModel, readModelInfo } from "./parse.js";
export { irVersionForOpset, serializeModel } from "./serialize.js";

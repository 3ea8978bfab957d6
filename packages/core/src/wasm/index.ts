export * from "./module-builder.js";
export * from "./runtime.js";

export * from "./module-builder.js";

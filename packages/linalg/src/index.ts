export * from "./dense/index.js";
export * from "./io/index.js";
export { Matrix } from "./matrix.js";
export * from "./reproduce/index.js";
export * from "./similarity/index.js";
export * from "./sparse/index.js";
export * from "./tsne/index.js";

export * from "./ir.js";

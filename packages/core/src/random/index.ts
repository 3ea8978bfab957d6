export { AliasTable, createAliasTable } from "./alias-table.js";
export { fillNormalFast } from "./normal-ziggurat.js";
export { createRng, type MutableArrayLike, Rng, type RngState } from "./rng.js";
export type { Seed } from "./seed.js";

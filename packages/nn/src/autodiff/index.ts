export { type GradOptions, grad } from "./grad.js";
export {
  GRADCHECK_TOLERANCE,
  type GradcheckCase,
  type GradcheckInput,
  type GradcheckOptions,
  type GradcheckResult,
  gradcheck,
  gradcheckAll,
  type Sampler,
  summarizeGradchecks,
} from "./gradcheck.js";
export { GRADCHECK_CASES } from "./gradcheck-cases.js";
export { onesLike, reduceToShape, shapeTensor, zerosLike } from "./helpers.js";
export type { BackwardContext, BackwardRule } from "./rule.js";
export { BACKWARD_RULES, NON_DIFFERENTIABLE_OPS } from "./rules/index.js";

export { neighborLabelAgreement, neighborPreservation, trustworthiness } from "./quality.js";
export {
  EXACT_METHOD_LIMIT,
  EXACT_METHOD_MAX_POINTS,
  type TsneMethod,
  type TsneOptions,
  type TsneResult,
  tsne,
} from "./tsne.js";

export {
  checkSvdPcaIdentities,
  type IdentityCheck,
  matrixWithCondition,
  type PseudoinverseStabilityRow,
  pseudoinverseStability,
} from "./svd-pca-identities.js";
export {
  buildSvdPcaReport,
  type CompressionReportRow,
  type SvdPcaReport,
  type SvdPcaReportOptions,
} from "./svd-pca-report.js";

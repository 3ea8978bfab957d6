export { accuracy } from "./accuracy.js";
export {
  type ClassificationReport,
  type ClassificationReportOptions,
  type ClassReportRow,
  classificationReport,
  formatClassificationReport,
  type ReportScores,
} from "./classification-report.js";
export { type ConfusionMatrix, confusionMatrix } from "./confusion-matrix.js";
export type { Label } from "./labels.js";
export {
  type Average,
  type AveragedScores,
  type PerLabelScores,
  type PrecisionRecallFscoreOptions,
  precisionRecallFscore,
} from "./precision-recall-fscore.js";
export { mae, mse, rmse } from "./regression.js";

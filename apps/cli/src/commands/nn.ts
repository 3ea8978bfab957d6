import { LabError, pythonHasModules, startProgress } from "@lab/core";
import {
  GRADCHECK_CASES,
  gradcheck,
  gradcheckLayers,
  LAYER_GRADCHECK_CASES,
  NN_WORKLOADS,
  runNnWorkload,
  summarizeGradchecks,
} from "@lab/nn";
import { defineCommand, defineGroup } from "../command.js";
import { UsageError } from "../usage-error.js";

const gradcheckCommand = defineCommand({
  name: "gradcheck",
  summary:
    "finite-difference check of every op's, loss's and layer's backward graph, run through onnxruntime",
  options: {
    op: { type: "string", description: "check only this op or layer (e.g. MatMul, lstm)", valueName: "OP" },
  },
  examples: ["pnpm lab nn gradcheck --json", "pnpm lab nn gradcheck --op LayerNormalization"],
  async run(context) {
    const only = context.options.op as string | undefined;
    const opCases = GRADCHECK_CASES.filter((testCase) => only === undefined || testCase.op === only);
    const layerCases = LAYER_GRADCHECK_CASES.filter(
      (testCase) => only === undefined || testCase.layer === only,
    );
    if (opCases.length + layerCases.length === 0) {
      const known = [
        ...new Set([...GRADCHECK_CASES.map((c) => c.op), ...LAYER_GRADCHECK_CASES.map((c) => c.layer)]),
      ];
      throw new UsageError(`nn gradcheck: no cases for op "${only}"; known ops: ${known.join(", ")}`);
    }
    const started = performance.now();
    const total = opCases.length + layerCases.length;
    const progress = startProgress(context.onProgress, "gradcheck", { total, unit: "cases" });
    const results: { op: string; maxRelativeError: number; passed: boolean }[] = [];
    for (const testCase of opCases) {
      results.push(await gradcheck(testCase));
      progress.advance(1, testCase.op);
    }
    for (const testCase of layerCases) {
      const [result] = await gradcheckLayers([testCase]);
      results.push({
        op: `layer ${testCase.layer}`,
        maxRelativeError: result!.maxRelativeError,
        passed: result!.passed,
      });
      progress.advance(1, testCase.layer);
    }
    progress.end();
    const summary = summarizeGradchecks(results);
    const failed = summary.filter((entry) => !entry.passed);
    for (const entry of summary) {
      context.print(
        `${entry.passed ? "ok  " : "FAIL"} ${entry.op.padEnd(28)} ${entry.maxRelativeError.toExponential(2)}  (${entry.cases} cases)`,
      );
    }
    context.print(`${summary.length - failed.length}/${summary.length} ops pass (${results.length} cases)`);
    if (failed.length > 0) {
      const worst = failed
        .map((entry) => `${entry.op} (${entry.maxRelativeError.toExponential(2)})`)
        .join(", ");
      throw new LabError(`nn gradcheck: backward rules disagree with finite differences for ${worst}`);
    }
    return {
      ops: summary.map((entry) => ({
        op: entry.op,
        max_rel_err: entry.maxRelativeError,
        cases: entry.cases,
        passed: entry.passed,
      })),
      cases: results.length,
      passed: failed.length === 0,
      seconds: (performance.now() - started) / 1000,
    };
  },
});

const benchCommand = defineCommand({
  name: "bench",
  summary:
    "epoch times of the seed 003 MLP and the seed 004 LSTM (batch 10 and 64), ours against PyTorch CPU in the same run",
  options: {
    quick: {
      type: "boolean",
      description:
        "a few steps per model with unoptimized sessions: checks that the benchmarks run, its times are not the benchmark",
    },
  },
  examples: ["pnpm lab nn bench --json", "pnpm lab nn bench --quick"],
  async run(context) {
    const quick = context.options.quick === true;
    // Asked once up front so the human output can say why the PyTorch column is empty.
    const hasTorch = pythonHasModules(["torch"]);
    if (!hasTorch) context.note("nn bench: /usr/bin/python3 cannot import torch; PyTorch times are null");
    const results: Record<string, { ours_s: number; pytorch_s: number | null; ratio: number | null }> = {};
    const table: string[][] = [];
    for (const workload of NN_WORKLOADS) {
      const result = await runNnWorkload(workload, { quick, onProgress: context.onProgress });
      results[workload.key] = {
        ours_s: result.oursSeconds,
        pytorch_s: result.pytorchSeconds,
        ratio: result.ratio,
      };
      const format = (seconds: number | null) => (seconds === null ? "-" : `${seconds.toFixed(3)}s`);
      table.push([
        workload.key,
        format(result.oursSeconds),
        format(result.pytorchSeconds),
        result.ratio === null ? "-" : result.ratio.toFixed(2),
      ]);
    }
    const header = ["model", "ours/epoch", "PyTorch/epoch", "ours/PyTorch"];
    const widths = header.map((title, column) =>
      Math.max(title.length, ...table.map((row) => row[column]!.length)),
    );
    for (const row of [header, ...table]) {
      context.print(
        row
          .map((cell, column) =>
            column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
          )
          .join("  "),
      );
    }
    context.print(
      quick
        ? "quick: a few steps each, unoptimized sessions; run without --quick for the benchmark"
        : "LSTM epochs are scaled from a slice of timed steps (pnpm bench nn shows how many)",
    );
    return { ...results, quick, torch: hasTorch };
  },
});

export const nnCommands = defineGroup({
  name: "nn",
  summary: "the ONNX training engine: gradient checks of every op and layer, benchmarks against PyTorch",
  commands: [gradcheckCommand, benchCommand],
});

import { LabError, startProgress } from "@lab/core";
import {
  GRADCHECK_CASES,
  gradcheck,
  gradcheckLayers,
  LAYER_GRADCHECK_CASES,
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

export const nnCommands = defineGroup({
  name: "nn",
  summary: "the ONNX training engine: gradient checks of every op and layer",
  commands: [gradcheckCommand],
});

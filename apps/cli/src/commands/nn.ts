import { LabError, startProgress } from "@lab/core";
import { GRADCHECK_CASES, gradcheck, summarizeGradchecks } from "@lab/nn";
import { defineCommand, defineGroup } from "../command.js";
import { UsageError } from "../usage-error.js";

const gradcheckCommand = defineCommand({
  name: "gradcheck",
  summary: "finite-difference check of every op's and loss's backward rule, run through onnxruntime",
  options: {
    op: { type: "string", description: "check only this op (e.g. MatMul)", valueName: "OP" },
  },
  examples: ["pnpm lab nn gradcheck --json", "pnpm lab nn gradcheck --op LayerNormalization"],
  async run(context) {
    const only = context.options.op as string | undefined;
    const cases = GRADCHECK_CASES.filter((testCase) => only === undefined || testCase.op === only);
    if (cases.length === 0) {
      const known = [...new Set(GRADCHECK_CASES.map((testCase) => testCase.op))].join(", ");
      throw new UsageError(`nn gradcheck: no cases for op "${only}"; known ops: ${known}`);
    }
    const started = performance.now();
    const progress = startProgress(context.onProgress, "gradcheck", { total: cases.length, unit: "cases" });
    const results = [];
    for (const testCase of cases) {
      results.push(await gradcheck(testCase));
      progress.advance(1, testCase.op);
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
  summary: "the ONNX training engine: gradient checks",
  commands: [gradcheckCommand],
});

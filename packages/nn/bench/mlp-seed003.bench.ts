// The seed 003 MLP (512 -> 642 -> 38 -> 38 -> 38 -> 3, ReLU, dropout 0.73, Gaussian noise 0.1,
// Adam, batch 963) over 5,000 rows of synthetic 512-d data: one epoch of our whole-step ORT
// training graph against PyTorch on the CPU with 2 threads, in alternating rounds of the same run
// (the machine is shared; alternating keeps load swings from favouring one side). The model, data
// and torch script live in src/bench/workloads.ts, shared with `lab nn bench`.
import { printBenchmarkRows } from "@lab/core";
import { BENCH_THREADS, describeNnResult, nnWorkload, runNnWorkload } from "../src/bench/index.js";

const result = await runNnWorkload(nnWorkload("mlp"));
printBenchmarkRows([
  {
    name: result.workload.title,
    oursSeconds: result.oursSeconds,
    reference:
      result.torchVersion === null ? null : `PyTorch ${result.torchVersion} CPU, ${BENCH_THREADS} threads`,
    referenceSeconds: result.pytorchSeconds,
    note: describeNnResult(result, "1.0"),
  },
]);

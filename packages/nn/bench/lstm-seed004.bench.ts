// The seed 004 LSTM (vocab 9,329, embedding 100, 2 × 256, T = 44, BCE, Adam 1e-3, clip 5) over
// 3,750 rows of synthetic token ids, at batch 10 (the notebook's) and batch 64: our whole-step ORT
// training graph against PyTorch on the CPU with 2 threads, measured in the same run. A PyTorch
// epoch at batch 10 takes minutes here, so both sides time a slice of the epoch's steps and scale
// it to the whole epoch (the workload module holds the model, data, plans and the torch script).
import { printBenchmarkRows } from "@lab/core";
import { BENCH_THREADS, describeNnResult, nnWorkload, runNnWorkload } from "../src/bench/index.js";

const rows = [];
for (const key of ["lstm", "lstm_batch64"] as const) {
  const result = await runNnWorkload(nnWorkload(key));
  rows.push({
    name: result.workload.title,
    oursSeconds: result.oursSeconds,
    reference:
      result.torchVersion === null ? null : `PyTorch ${result.torchVersion} CPU, ${BENCH_THREADS} threads`,
    referenceSeconds: result.pytorchSeconds,
    note: `${describeNnResult(result, "0.5")}; table: sparseEmbedding (lazy Adam on the rows a batch uses; PyTorch: dense nn.Embedding with Adam)`,
  });
}
printBenchmarkRows(rows);

// The workloads of the nn benchmarks (issue #4, "Benchmarks"): the model, its synthetic data, our
// timing through the Trainer and the PyTorch reference script. bench/*.bench.ts and `lab nn bench`
// both run these, so the numbers they print come from the same code.
import { createRng, measure, type ProgressListener, runPythonReference, startProgress } from "@lab/core";
import type { GraphBuilder } from "../graph/builder.js";
import { binaryCrossEntropyWithLogits, softmaxCrossEntropy } from "../graph/losses.js";
import { reshape } from "../graph/ops/shape-ops.js";
import { linear } from "../layers/linear.js";
import { lstm } from "../layers/lstm.js";
import { type MlpBlock, mlp } from "../layers/mlp.js";
import { sparseEmbedding } from "../layers/sparse-embedding.js";
import { adam } from "../optim/adam.js";
import type { Dataset } from "../train/batches.js";
import type { ModelGraph } from "../train/compile.js";
import { Trainer } from "../train/trainer.js";

/** PyTorch CPU threads and our session threads: both sides get the same two cores. */
export const BENCH_THREADS = 2;

export type NnWorkloadKey = "mlp" | "lstm" | "lstm_batch64";

/**
 * How much of an epoch to time. An LSTM epoch takes minutes in PyTorch here, so the LSTM
 * workloads time a slice of `sliceRows` rows (whole batches) and scale it to the full epoch; the
 * MLP times whole epochs (sliceRows = all rows, scale 1).
 */
export interface NnBenchPlan {
  /**
   * Rows trained (unmeasured) before timing, so one-off costs (session warm-up, allocation) are
   * excluded; 0 in the quick plans, whose times only show that everything runs.
   */
  readonly warmupRows: number;
  /** Rows of one timed pass. */
  readonly sliceRows: number;
  /** Timed passes per round; the round's time is their median. */
  readonly runs: number;
  /** Rounds alternating ours and PyTorch's; each side's result is the median of its rounds. */
  readonly rounds: number;
  /**
   * ORT graph optimizations of our sessions (default "all", as the Trainer). The quick plans turn
   * them off: optimizing the unrolled LSTM's ~9,000-node training graph takes about 9 s per
   * session here, more than the few quick steps themselves, so quick times are a smoke check only.
   */
  readonly graphOptimizationLevel?: "disabled" | "all";
}

export interface NnWorkload {
  readonly key: NnWorkloadKey;
  readonly title: string;
  readonly rows: number;
  readonly batchSize: number;
  /** The plan of bench/ and of `lab nn bench`; `quick` is a few steps, to check that it runs. */
  readonly plan: NnBenchPlan;
  readonly quickPlan: NnBenchPlan;
  readonly model: (g: GraphBuilder) => ModelGraph;
  readonly learningRate: number;
  readonly clipGradNorm?: number;
  readonly seed: number;
  /** Synthetic data of `rows` rows, seeded. */
  data(): Dataset;
  /** First argument of the PyTorch script: which model it builds. */
  readonly pytorchModel: "mlp" | "lstm";
}

const MLP_ROWS = 5000;
const MLP_FEATURES = 512;
const MLP_CLASSES = 3;
const MLP_BATCH = 963;

// The seed 003 notebook's best MLP: Gaussian noise 0.1 after the first layer, dropout before the head.
const mlpBlocks: MlpBlock[] = [
  { kind: "dense", units: 642, activation: "relu" },
  { kind: "gaussianNoise", std: 0.1 },
  { kind: "dense", units: 38, activation: "relu" },
  { kind: "dense", units: 38, activation: "relu" },
  { kind: "dense", units: 38, activation: "relu" },
  { kind: "dropout", rate: 0.73423 },
  { kind: "dense", units: MLP_CLASSES },
];

export const LSTM_VOCAB = 9329;
export const LSTM_EMBEDDING = 100;
export const LSTM_HIDDEN = 256;
export const LSTM_STEPS = 44;
const LSTM_ROWS = 3750;

function mlpData(): Dataset {
  const rng = createRng(3);
  const x = rng.fillNormal(new Float32Array(MLP_ROWS * MLP_FEATURES));
  const labels = new BigInt64Array(MLP_ROWS);
  for (let i = 0; i < MLP_ROWS; i++) labels[i] = BigInt(rng.int(MLP_CLASSES));
  return { x, labels };
}

/**
 * Uniform token ids over the vocabulary (id 0 left out, as a padding id would be) and random labels.
 * Real text is Zipfian, so its batches touch fewer distinct rows: uniform ids are the sparse
 * table's harder case.
 */
function lstmData(): Dataset {
  const rng = createRng(4);
  const tokens = new BigInt64Array(LSTM_ROWS * LSTM_STEPS);
  for (let i = 0; i < tokens.length; i++) tokens[i] = BigInt(1 + rng.int(LSTM_VOCAB - 1));
  const label = new Float32Array(LSTM_ROWS);
  for (let i = 0; i < LSTM_ROWS; i++) label[i] = rng.int(2);
  return { tokens, label };
}

/**
 * The seed 004 model. The table is a sparseEmbedding: the trainer keeps it in JS memory and
 * updates only the rows a batch uses (lazy Adam), where a dense `embedding` would run a
 * ScatterND backward and a full Adam update over all 9,329 × 100 values every step.
 */
function lstmModel(g: GraphBuilder): ModelGraph {
  const tokens = g.input("tokens", "int64", ["batch", LSTM_STEPS]);
  const label = g.input("label", "float32", ["batch"]);
  const vectors = sparseEmbedding(tokens, LSTM_VOCAB, LSTM_EMBEDDING, { name: "embedding" });
  const { last } = lstm(vectors, LSTM_HIDDEN, { layers: 2 });
  const logit = reshape(linear(last, 1, { name: "head" }), [-1]);
  return { predictions: { logit }, loss: binaryCrossEntropyWithLogits(logit, label) };
}

function mlpModel(g: GraphBuilder): ModelGraph {
  const x = g.input("x", "float32", ["batch", MLP_FEATURES]);
  const labels = g.input("labels", "int64", ["batch"]);
  const logits = mlp(x, mlpBlocks);
  return { predictions: { logits }, loss: softmaxCrossEntropy(logits, labels) };
}

const lstmBase = {
  rows: LSTM_ROWS,
  model: lstmModel,
  learningRate: 1e-3,
  clipGradNorm: 5,
  seed: 4,
  data: lstmData,
  pytorchModel: "lstm" as const,
};

export const NN_WORKLOADS: readonly NnWorkload[] = [
  {
    key: "mlp",
    title: "seed 003 MLP, one epoch (5,000 × 512, batch 963, Adam)",
    rows: MLP_ROWS,
    batchSize: MLP_BATCH,
    plan: { warmupRows: MLP_ROWS, sliceRows: MLP_ROWS, runs: 5, rounds: 3 },
    quickPlan: { warmupRows: 0, sliceRows: MLP_ROWS, runs: 1, rounds: 1 },
    model: mlpModel,
    learningRate: 0.0012261,
    seed: 3,
    data: mlpData,
    pytorchModel: "mlp",
  },
  {
    ...lstmBase,
    key: "lstm",
    title: "seed 004 LSTM, one epoch (3,750 × T 44, vocab 9,329, 2 × 256, batch 10, Adam, clip 5)",
    batchSize: 10,
    // 40 of the epoch's 375 steps after 5 warm-up steps.
    plan: { warmupRows: 50, sliceRows: 400, runs: 1, rounds: 3 },
    quickPlan: { warmupRows: 0, sliceRows: 10, runs: 1, rounds: 1, graphOptimizationLevel: "disabled" },
  },
  {
    ...lstmBase,
    key: "lstm_batch64",
    title: "seed 004 LSTM, one epoch (3,750 × T 44, vocab 9,329, 2 × 256, batch 64, Adam, clip 5)",
    batchSize: 64,
    // 15 of the epoch's 59 steps after 2 warm-up steps.
    plan: { warmupRows: 128, sliceRows: 960, runs: 1, rounds: 3 },
    quickPlan: { warmupRows: 0, sliceRows: 64, runs: 1, rounds: 1, graphOptimizationLevel: "disabled" },
  },
];

export function nnWorkload(key: NnWorkloadKey): NnWorkload {
  return NN_WORKLOADS.find((workload) => workload.key === key)!;
}

/** The first `rows` rows of every column. */
function headRows(data: Dataset, total: number, rows: number): Dataset {
  const result: Record<string, Dataset[string]> = {};
  for (const [name, column] of Object.entries(data)) {
    result[name] = column.subarray(0, (column.length / total) * rows) as Dataset[string];
  }
  return result;
}

/** Steps of a full epoch over `workload.rows`, over the steps of one timed slice. */
export function epochScale(workload: NnWorkload, plan: NnBenchPlan): number {
  return Math.ceil(workload.rows / workload.batchSize) / Math.ceil(plan.sliceRows / workload.batchSize);
}

/**
 * The PyTorch side: the same models in torch, fed synthetic data of the same shapes. Arguments:
 * model, threads, batch, warm-up rows, slice rows, runs. Prints the median seconds of one pass over
 * the slice.
 */
export const PYTORCH_SCRIPT = `
import json, sys, time, torch
kind = sys.argv[1]
threads, batch, warmup_rows, slice_rows, runs = (int(v) for v in sys.argv[2:7])
torch.set_num_threads(threads)
torch.manual_seed(0)

class Noise(torch.nn.Module):
    def forward(self, h):
        return h + 0.1 * torch.randn_like(h) if self.training else h

class LstmClassifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(${LSTM_VOCAB}, ${LSTM_EMBEDDING})
        self.lstm = torch.nn.LSTM(${LSTM_EMBEDDING}, ${LSTM_HIDDEN}, num_layers=2, batch_first=True)
        self.head = torch.nn.Linear(${LSTM_HIDDEN}, 1)
    def forward(self, tokens):
        sequence, _ = self.lstm(self.embedding(tokens))
        return self.head(sequence[:, -1, :]).squeeze(1)

rows = max(warmup_rows, slice_rows)
if kind == "mlp":
    x = torch.randn(rows, ${MLP_FEATURES})
    y = torch.randint(0, ${MLP_CLASSES}, (rows,))
    model = torch.nn.Sequential(
        torch.nn.Linear(${MLP_FEATURES}, 642), torch.nn.ReLU(), Noise(),
        torch.nn.Linear(642, 38), torch.nn.ReLU(),
        torch.nn.Linear(38, 38), torch.nn.ReLU(),
        torch.nn.Linear(38, 38), torch.nn.ReLU(),
        torch.nn.Dropout(0.73423), torch.nn.Linear(38, ${MLP_CLASSES}))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.0012261)
    loss_fn = torch.nn.CrossEntropyLoss()
    clip = None
else:
    x = torch.randint(1, ${LSTM_VOCAB}, (rows, ${LSTM_STEPS}))
    y = torch.randint(0, 2, (rows,)).float()
    model = LstmClassifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    clip = 5.0

def train(count):
    model.train()
    order = torch.randperm(count)
    for start in range(0, count, batch):
        index = order[start:start + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x[index]), y[index])
        loss.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()

train(warmup_rows)
times = []
for _ in range(runs):
    started = time.perf_counter(); train(slice_rows); times.append(time.perf_counter() - started)
print(json.dumps({"seconds": sorted(times)[len(times) // 2], "version": torch.__version__}))
`;

/** One PyTorch round: seconds of one pass over the slice, or null when torch is missing. */
export function runPytorchSlice(
  workload: NnWorkload,
  plan: NnBenchPlan,
): { seconds: number; version: string } | null {
  const result = runPythonReference(
    PYTORCH_SCRIPT,
    [
      workload.pytorchModel,
      String(BENCH_THREADS),
      String(workload.batchSize),
      String(plan.warmupRows),
      String(plan.sliceRows),
      String(plan.runs),
    ],
    ["torch"],
  );
  return result ? { seconds: Number(result.seconds), version: String(result.version) } : null;
}

export async function createBenchTrainer(workload: NnWorkload, plan: NnBenchPlan): Promise<Trainer> {
  return Trainer.create({
    model: workload.model,
    optimizer: adam({ learningRate: workload.learningRate }),
    clipGradNorm: workload.clipGradNorm,
    batchSize: workload.batchSize,
    seed: workload.seed,
    session: { threads: BENCH_THREADS, graphOptimizationLevel: plan.graphOptimizationLevel ?? "all" },
  });
}

export interface NnBenchResult {
  readonly workload: NnWorkload;
  readonly plan: NnBenchPlan;
  /** Seconds per full epoch (the slice's median time × epochScale). */
  readonly oursSeconds: number;
  /** Null when /usr/bin/python3 cannot import torch. */
  readonly pytorchSeconds: number | null;
  readonly ratio: number | null;
  readonly torchVersion: string | null;
  /** Per-round seconds per epoch, ours and PyTorch's. */
  readonly rounds: readonly { ours: number; pytorch: number | null }[];
  /** Seconds to build the graphs and open the sessions (not in oursSeconds). */
  readonly setupSeconds: number;
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Times one workload: ours and PyTorch in alternating rounds. This machine is shared and its load
 * comes and goes within seconds; alternating keeps both sides under the same conditions rather
 * than measuring one in a quiet moment and the other in a busy one.
 */
export async function runNnWorkload(
  workload: NnWorkload,
  options: {
    readonly quick?: boolean;
    readonly plan?: NnBenchPlan;
    readonly onProgress?: ProgressListener;
  } = {},
): Promise<NnBenchResult> {
  const plan = options.plan ?? (options.quick ? workload.quickPlan : workload.plan);
  const scale = epochScale(workload, plan);
  const data = workload.data();
  const warmup = headRows(data, workload.rows, plan.warmupRows);
  const slice = headRows(data, workload.rows, plan.sliceRows);
  const progress = startProgress(options.onProgress, `bench ${workload.key}`, {
    total: plan.rounds * 2,
    unit: "rounds",
  });
  const setupStarted = performance.now();
  const trainer = await createBenchTrainer(workload, plan);
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  const rounds: { ours: number; pytorch: number | null }[] = [];
  let torchVersion: string | null = null;
  try {
    if (plan.warmupRows > 0) await trainer.fit(warmup, { epochs: 1 });
    for (let round = 0; round < plan.rounds; round++) {
      const timing = await measure(() => trainer.fit(slice, { epochs: 1 }), { warmup: 0, runs: plan.runs });
      const ours = timing.seconds * scale;
      progress.advance(1, `ours ${ours.toFixed(3)}s/epoch`);
      const reference = runPytorchSlice(workload, plan);
      if (reference) torchVersion = reference.version;
      const pytorch = reference ? reference.seconds * scale : null;
      progress.advance(1, pytorch === null ? "no torch" : `PyTorch ${pytorch.toFixed(3)}s/epoch`);
      rounds.push({ ours, pytorch });
    }
  } finally {
    await trainer.release();
    progress.end();
  }
  const oursSeconds = median(rounds.map((round) => round.ours));
  const theirs = rounds.flatMap((round) => (round.pytorch === null ? [] : [round.pytorch]));
  const pytorchSeconds = theirs.length > 0 ? median(theirs) : null;
  return {
    workload,
    plan,
    oursSeconds,
    pytorchSeconds,
    ratio: pytorchSeconds === null ? null : oursSeconds / pytorchSeconds,
    torchVersion,
    rounds,
    setupSeconds,
  };
}

/** A note for the benchmark row: how the epoch time was obtained, and the rounds. */
export function describeNnResult(result: NnBenchResult, goal: string): string {
  const { workload, plan } = result;
  const sliceSteps = Math.ceil(plan.sliceRows / workload.batchSize);
  const epochSteps = Math.ceil(workload.rows / workload.batchSize);
  const how =
    sliceSteps === epochSteps
      ? `median of ${plan.runs} epochs per round`
      : `${sliceSteps} timed steps (after ${Math.ceil(plan.warmupRows / workload.batchSize)} warm-up steps) × ${epochSteps}/${sliceSteps} = the ${epochSteps}-step epoch, both sides`;
  const rounds = result.rounds
    .map((round) =>
      round.pytorch === null
        ? `${round.ours.toFixed(3)}s`
        : `${round.ours.toFixed(3)}s/${round.pytorch.toFixed(3)}s`,
    )
    .join(", ");
  return `goal: ratio <= ${goal}; ${how}; rounds (ours/PyTorch): ${rounds}; graph build + sessions ${result.setupSeconds.toFixed(1)}s`;
}

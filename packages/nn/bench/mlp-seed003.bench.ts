// The seed 003 notebook's best MLP (512 → 642 → 38 → 38 → 38 → 3, ReLU, Gaussian noise 0.1 after
// the first layer, dropout 0.73 before the head, Adam, batch 963) trained for one epoch over 5,000
// rows of synthetic 512-d data: our whole-step ORT training graph against PyTorch on the CPU with 2
// threads, measured in the same run.
import { createRng, measure, printBenchmarkRows, runPythonReference } from "@lab/core";
import { type GraphBuilder, softmaxCrossEntropy } from "../src/graph/index.js";
import { type MlpBlock, mlp } from "../src/layers/index.js";
import { adam } from "../src/optim/index.js";
import { Trainer } from "../src/train/index.js";

const ROWS = 5000;
const FEATURES = 512;
const CLASSES = 3;
const BATCH = 963;
const THREADS = 2;
const LEARNING_RATE = 0.0012261;

const blocks: MlpBlock[] = [
  { kind: "dense", units: 642, activation: "relu" },
  { kind: "gaussianNoise", std: 0.1 },
  { kind: "dense", units: 38, activation: "relu" },
  { kind: "dense", units: 38, activation: "relu" },
  { kind: "dense", units: 38, activation: "relu" },
  { kind: "dropout", rate: 0.73423 },
  { kind: "dense", units: CLASSES },
];

function syntheticData(): { x: Float32Array; labels: BigInt64Array } {
  const rng = createRng(3);
  const x = rng.fillNormal(new Float32Array(ROWS * FEATURES));
  const labels = new BigInt64Array(ROWS);
  for (let i = 0; i < ROWS; i++) labels[i] = BigInt(rng.int(CLASSES));
  return { x, labels };
}

const pytorchEpoch = `
import json, sys, time, torch
torch.set_num_threads(int(sys.argv[1]))
torch.manual_seed(0)
rows, features, classes, batch = 5000, 512, 3, 963
x = torch.randn(rows, features)
y = torch.randint(0, classes, (rows,))

class Noise(torch.nn.Module):
    def forward(self, h):
        return h + 0.1 * torch.randn_like(h) if self.training else h

model = torch.nn.Sequential(
    torch.nn.Linear(features, 642), torch.nn.ReLU(), Noise(),
    torch.nn.Linear(642, 38), torch.nn.ReLU(),
    torch.nn.Linear(38, 38), torch.nn.ReLU(),
    torch.nn.Linear(38, 38), torch.nn.ReLU(),
    torch.nn.Dropout(0.73423), torch.nn.Linear(38, classes))
optimizer = torch.optim.Adam(model.parameters(), lr=0.0012261)
loss_fn = torch.nn.CrossEntropyLoss()

def epoch():
    model.train()
    order = torch.randperm(rows)
    for start in range(0, rows, batch):
        index = order[start:start + batch]
        optimizer.zero_grad()
        loss = loss_fn(model(x[index]), y[index])
        loss.backward()
        optimizer.step()

epoch()
times = []
for _ in range(5):
    started = time.perf_counter(); epoch(); times.append(time.perf_counter() - started)
print(json.dumps({"seconds": sorted(times)[2]}))
`;

const data = syntheticData();
const model = (g: GraphBuilder) => {
  const x = g.input("x", "float32", ["batch", FEATURES]);
  const labels = g.input("labels", "int64", ["batch"]);
  const logits = mlp(x, blocks);
  return { predictions: { logits }, loss: softmaxCrossEntropy(logits, labels) };
};
const trainer = await Trainer.create({
  model,
  optimizer: adam({ learningRate: LEARNING_RATE }),
  batchSize: BATCH,
  seed: 3,
  session: { threads: THREADS },
});
// This machine is shared: load comes and goes within seconds. Alternating rounds of ours and
// PyTorch's, and taking the median of each side's round medians, keeps both sides under the same
// conditions rather than measuring one in a quiet moment and the other in a busy one.
const ROUNDS = 3;
const ours: number[] = [];
const theirs: number[] = [];
let fastest = Number.POSITIVE_INFINITY;
await trainer.fit(data, { epochs: 1 });
for (let round = 0; round < ROUNDS; round++) {
  const timing = await measure(() => trainer.fit(data, { epochs: 1 }), { warmup: 1, runs: 5 });
  ours.push(timing.seconds);
  fastest = Math.min(fastest, timing.min);
  const reference = runPythonReference(pytorchEpoch, [String(THREADS)], ["torch"]);
  if (reference) theirs.push(reference.seconds as number);
}
await trainer.release();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rounds = ours.map((seconds, i) =>
  theirs[i] === undefined ? `${seconds.toFixed(3)}s` : `${seconds.toFixed(3)}s/${theirs[i].toFixed(3)}s`,
);
printBenchmarkRows([
  {
    name: "seed 003 MLP, one epoch (5,000 × 512, batch 963, Adam)",
    oursSeconds: median(ours),
    reference: theirs.length > 0 ? `PyTorch ${torchVersion()} CPU, ${THREADS} threads` : null,
    referenceSeconds: theirs.length > 0 ? median(theirs) : null,
    note: `goal: ratio <= 1.0; rounds (ours/PyTorch): ${rounds.join(", ")}; our fastest epoch ${fastest.toFixed(3)}s`,
  },
]);

function torchVersion(): string {
  const result = runPythonReference(
    'import json, torch; print(json.dumps({"version": torch.__version__}))',
    [],
    ["torch"],
  );
  return result ? String(result.version) : "";
}

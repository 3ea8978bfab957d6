// One ALS iteration of set 5 problem 2B (every user given V, then every item given U; k = 20,
// λ = 0.1) on 90,000 training ratings, against the same per-row normal equations written with
// numpy (one `Vᵢᵀ Vᵢ` product and `np.linalg.solve` per row), as a student would write problem 2B.
// Also times the k×k Cholesky solves alone, to show what allocating @lab/linalg Matrix objects per
// row costs inside an iteration.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchmarkRow, createRng, measure, printBenchmarkRows, runPythonReference } from "@lab/core";
import { cholesky, choleskySolve, Matrix } from "@lab/linalg";
import { datasetShape } from "../src/data/dataset.js";
import { groupRatings } from "../src/data/ratings.js";
import { RowSolver } from "../src/train/als.js";
import { set5SizedData } from "./data.js";

const K = 20;
const LAMBDA = 0.1;
const { dataset, description } = await set5SizedData();
const train = dataset.train;
const shape = datasetShape(dataset);
process.stderr.write(`als-iteration: ${description}; k = ${K}, λ = ${LAMBDA}\n`);

const rng = createRng(1);
const userFactors = rng.fillUniform(new Float64Array(shape.users * K), -0.5, 0.5);
const itemFactors = rng.fillUniform(new Float64Array(shape.items * K), -0.5, 0.5);
const byUser = groupRatings(train, shape, "user");
const byItem = groupRatings(train, shape, "item");
const solver = new RowSolver(K, LAMBDA);
const runs = { warmup: 2, runs: 9 } as const;
const iteration = await measure(() => {
  solver.solveAll(byUser, itemFactors, userFactors);
  solver.solveAll(byItem, userFactors, itemFactors);
}, runs);

// The Cholesky part alone: one factorization and solve per row, as many rows as an iteration has.
const rows = shape.users + shape.items;
const spd = Matrix.identity(K);
for (let i = 0; i < K; i++) spd.data[i * K + i] = 2 + i;
const rhs = new Float64Array(K).fill(1);
const solves = await measure(() => {
  for (let row = 0; row < rows; row++) choleskySolve(cholesky(spd), rhs);
}, runs);

const workDir = mkdtempSync(join(tmpdir(), "lab-recsys-als-bench-"));
writeFileSync(join(workDir, "user.i32"), train.user);
writeFileSync(join(workDir, "item.i32"), train.item);
writeFileSync(join(workDir, "rating.f32"), train.rating);
const python = `
import json, sys, time
import numpy as np
work, M, N, K, reg = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
users = np.fromfile(work + "/user.i32", dtype=np.int32)
items = np.fromfile(work + "/item.i32", dtype=np.int32)
y = np.fromfile(work + "/rating.f32", dtype=np.float32).astype(np.float64)
rng = np.random.default_rng(1)
U = rng.uniform(-0.5, 0.5, (M, K))
V = rng.uniform(-0.5, 0.5, (N, K))
by_user = [np.flatnonzero(users == i) for i in range(M)]
by_item = [np.flatnonzero(items == j) for j in range(N)]
eye = reg * np.eye(K)

def half_sweep(target, fixed, groups, other):
    for row, idx in enumerate(groups):
        X = fixed[other[idx]]
        target[row] = np.linalg.solve(eye + X.T @ X, X.T @ y[idx])

times = []
for _ in range(3):
    started = time.perf_counter()
    half_sweep(U, V, by_user, items)
    half_sweep(V, U, by_item, users)
    times.append(time.perf_counter() - started)
print(json.dumps({"iteration": sorted(times)[1]}))
`;
let reference: Record<string, unknown> | null = null;
try {
  reference = runPythonReference(
    python,
    [workDir, String(shape.users), String(shape.items), String(K), String(LAMBDA)],
    ["numpy"],
  );
} catch (error) {
  process.stderr.write(`als-iteration: numpy reference failed: ${(error as Error).message}\n`);
}
rmSync(workDir, { recursive: true, force: true });
const referenceSeconds = typeof reference?.iteration === "number" ? reference.iteration : null;

const rowsOut: BenchmarkRow[] = [
  {
    name: `ALS iteration (${shape.users} users + ${shape.items} items), k = ${K}`,
    oursSeconds: iteration.seconds,
    reference: reference ? "numpy: per-row X.T @ X and np.linalg.solve (median of 3)" : null,
    referenceSeconds,
    note: `Gram matrices accumulated four ratings at a time, solved by @lab/linalg's cholesky + choleskySolve. Data: ${description}.`,
  },
  {
    name: `${rows} Cholesky factorizations + solves, k = ${K} (@lab/linalg, allocating)`,
    oursSeconds: solves.seconds,
    reference: null,
    referenceSeconds: null,
    note: `The solves' share of an ALS iteration: ${((100 * solves.seconds) / iteration.seconds).toFixed(0)}%; the rest is forming the Gram matrices, so an in-place k×k Cholesky without Matrix objects would save at most that much.`,
  },
];
printBenchmarkRows(rowsOut);

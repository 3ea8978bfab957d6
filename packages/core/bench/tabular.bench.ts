// Reading a pandas CSV dump with Python-literal list columns (the seed 002 data.csv shape):
// ours (csv-parse + our literal parser) against Python's csv module + ast.literal_eval, the
// seed notebook's own way of reading it, measured in the same run.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type BenchmarkRow,
  createRng,
  formatPythonLiteral,
  locateDataset,
  measure,
  printBenchmarkRows,
  readRecords,
  runPythonReference,
} from "@lab/core";

const listColumns = { tags: "python-list", architectures: "python-list", datasets: "python-list" } as const;

function syntheticCsv(rows: number): string {
  const rng = createRng(7);
  const words = [
    "pytorch",
    "jax",
    "bert",
    "fill-mask",
    "en",
    "license:mit",
    "it's",
    "dataset:glue",
    "transformers",
  ];
  const pick = (count: number) => Array.from({ length: count }, () => rng.choice(words));
  const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
  const lines = ["modelId,tags,architectures,datasets,downloads"];
  for (let i = 0; i < rows; i++) {
    lines.push(
      [
        `org${rng.int(500)}/model-${i}`,
        quote(formatPythonLiteral(pick(3 + rng.int(15)))),
        quote(formatPythonLiteral(pick(1))),
        rng.bernoulli(0.3) ? quote(formatPythonLiteral(pick(2))) : "",
        String(rng.int(1_000_000)),
      ].join(","),
    );
  }
  return `${lines.join("\n")}\n`;
}

const pythonReader = `
import ast, csv, json, sys, time
path, columns = sys.argv[1], sys.argv[2].split(",")
def read():
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        for column in columns:
            cell = row[column]
            row[column] = ast.literal_eval(cell) if cell.startswith(("[", "(")) else ([cell] if cell else None)
    return rows
read()
times = []
for _ in range(5):
    started = time.perf_counter(); read(); times.append(time.perf_counter() - started)
print(json.dumps({"seconds": sorted(times)[2]}))
`;

async function benchFile(name: string, path: string): Promise<BenchmarkRow> {
  const timing = await measure(() => readRecords(path, { types: listColumns }), { warmup: 1, runs: 5 });
  const reference = runPythonReference(pythonReader, [path, Object.keys(listColumns).join(",")]);
  return {
    name,
    oursSeconds: timing.seconds,
    reference: reference ? "python3 csv + ast.literal_eval" : null,
    referenceSeconds: reference ? (reference.seconds as number) : null,
  };
}

const folder = mkdtempSync(join(tmpdir(), "lab-bench-tabular-"));
const synthetic = join(folder, "models.csv");
writeFileSync(synthetic, syntheticCsv(20_000));
const rows = [await benchFile("read 20k-row synthetic pandas CSV, 3 list columns", synthetic)];
const hfModels = locateDataset("hf-models");
if (hfModels.status !== "missing" && hfModels.path) {
  rows.push(await benchFile("read hf-models data.csv (10,000 models)", join(hfModels.path, "data.csv")));
}
printBenchmarkRows(rows);

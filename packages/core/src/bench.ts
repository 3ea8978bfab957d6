import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export interface Timing {
  /** Median wall time of the measured runs, in seconds. */
  readonly seconds: number;
  readonly min: number;
  readonly runs: number;
}

/** Runs `work` `warmup` times unmeasured, then `runs` times, and reports the median wall time. */
export async function measure(
  work: () => unknown,
  options: { warmup?: number; runs?: number } = {},
): Promise<Timing> {
  const warmup = options.warmup ?? 1;
  const runs = options.runs ?? 5;
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push((performance.now() - started) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { seconds: samples[Math.floor(samples.length / 2)]!, min: samples[0]!, runs };
}

/** One row of a benchmark table: our time against a reference measured in the same run. */
export interface BenchmarkRow {
  readonly name: string;
  readonly oursSeconds: number;
  /** What the reference is, e.g. "python3 csv + ast.literal_eval"; null when none could run. */
  readonly reference: string | null;
  readonly referenceSeconds: number | null;
  /** Free-form context: sizes, goals, why the reference is missing. */
  readonly note?: string;
}

/** ours / reference: below 1 means we are faster. */
export function benchmarkRatio(row: BenchmarkRow): number | null {
  return row.referenceSeconds ? row.oursSeconds / row.referenceSeconds : null;
}

/**
 * The line every bench/ script prints last on stdout; `pnpm bench` collects them into one table.
 */
export function printBenchmarkRows(rows: readonly BenchmarkRow[]): void {
  const withRatios = rows.map((row) => ({ ...row, ratio: benchmarkRatio(row) }));
  process.stdout.write(`${JSON.stringify({ benchmarks: withRatios })}\n`);
}

/** Debian's python3 with numpy/sklearn/torch/gensim lives here; the `python3` on PATH may lack them. */
export const referencePython = "/usr/bin/python3";

/** True when the reference interpreter exists and can import every module named. */
export function pythonHasModules(modules: readonly string[]): boolean {
  if (!existsSync(referencePython)) return false;
  try {
    execFileSync(referencePython, ["-c", modules.map((name) => `import ${name}`).join("; ")], {
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs a Python reference script (code given inline) and parses the JSON object it prints last.
 * Returns null when the interpreter or a module is missing, so benches degrade to "no reference".
 */
export function runPythonReference(
  code: string,
  args: readonly string[] = [],
  modules: readonly string[] = [],
): Record<string, unknown> | null {
  if (!pythonHasModules(modules)) return null;
  const output = execFileSync(referencePython, ["-c", code, ...args], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = output.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!) as Record<string, unknown>;
}

/**
 * CUDA requested on a machine without onnxruntime's CUDA provider. Kept in its own file because the
 * outcome of the CUDA probe is remembered per process (vitest runs each file in a fresh module
 * graph), and skipped where the provider is installed, since there CUDA is not expected to fail.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { addModel } from "../onnx/test-models.js";
import { createSession } from "./session.js";

const ortBinaries = join(
  dirname(createRequire(import.meta.url).resolve("onnxruntime-node")),
  "..",
  "bin",
  "napi-v6",
  process.platform,
  process.arch,
);
const cudaInstalled = ["libonnxruntime_providers_cuda.so", "onnxruntime_providers_cuda.dll"].some((file) =>
  existsSync(join(ortBinaries, file)),
);

describe.skipIf(cudaInstalled)("CUDA requested without the CUDA provider", () => {
  it("falls back to a working CPU session, warns once in one line, and does not retry", async () => {
    const warnings: string[] = [];
    const onWarning = (message: string) => warnings.push(message);

    const first = await createSession(addModel(), { device: "cuda", onWarning });
    expect(first.device).toBe("cpu");
    const { z } = await first.run({ x: new Float32Array([1, 2, 3]), y: new Float32Array([10, 20, 30]) });
    expect(Array.from(z.data as Float32Array)).toEqual([11, 22, 33]);

    const second = await createSession(addModel(), { env: { LAB_DEVICE: "cuda" }, onWarning });
    expect(second.device).toBe("cpu");
    await Promise.all([first.release(), second.release()]);

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain("\n");
    expect(warnings[0]).toMatch(
      /^CUDA was requested but onnxruntime-node cannot use it \(.+\); running on CPU/,
    );
  });

  it("keeps onnxruntime's native logger off stderr (checked in a fresh process)", async () => {
    const source = (path: string) => pathToFileURL(fileURLToPath(new URL(path, import.meta.url))).href;
    const folder = await mkdtemp(join(tmpdir(), "lab-nn-cuda-"));
    const script = join(folder, "request-cuda.mts");
    await writeFile(
      script,
      [
        `import { createSession } from ${JSON.stringify(source("./session.ts"))};`,
        `import { addModel } from ${JSON.stringify(source("../onnx/test-models.ts"))};`,
        `const session = await createSession(addModel(), { device: "cuda" });`,
        // A failing run makes ORT log an error natively too; it must reach us only as an exception.
        `await session.run({ x: { data: new Float32Array(6), dims: [2, 3] }, y: new Float32Array(9) })`,
        `  .catch((error) => console.log("caught:", error.message.slice(0, 40)));`,
        `console.log("device:", session.device);`,
      ].join("\n"),
    );
    try {
      const { stdout, stderr } = await promisify(execFile)(
        process.execPath,
        ["--import", "tsx", "--conditions=@lab/source", script],
        { cwd: fileURLToPath(new URL("../..", import.meta.url)) },
      );
      expect(stdout).toContain("caught: running the graph failed");
      expect(stdout).toContain("device: cpu");
      const lines = stderr.split("\n").filter((line) => line.trim() !== "");
      // process.emitWarning prints the warning and, for a process's first warning, Node's own hint
      // "(Use `node --trace-warnings ...`)"; nothing else may appear.
      expect(lines.filter((line) => line.includes("LabWarning"))).toHaveLength(1);
      expect(
        lines.filter((line) => !line.includes("LabWarning") && !line.includes("--trace-warnings")),
      ).toEqual([]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

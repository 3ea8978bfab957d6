import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The README shows this example; running it here keeps the README true.
describe("examples/quickstart.ts", () => {
  it("runs and writes its plots", () => {
    const out = mkdtempSync(join(tmpdir(), "lab-core-quickstart-"));
    const script = fileURLToPath(new URL("./quickstart.ts", import.meta.url));
    const stdout = execFileSync(
      process.execPath,
      ["--conditions=@lab/source", "--import", "tsx", script, out],
      // From the package folder, the bare "tsx" resolves through the workspace's node_modules.
      { encoding: "utf8", cwd: fileURLToPath(new URL("..", import.meta.url)) },
    );
    expect(stdout).toContain("split: 240 train / 60 test");
    expect(stdout).toMatch(/weighted avg\s+0\.\d\d/);
    expect(stdout).toContain("[ 'pytorch', \"it's\", 'jax' ]");
    for (const file of ["confusion.svg", "loss.svg"]) {
      expect(existsSync(join(out, file))).toBe(true);
      expect(readFileSync(join(out, file), "utf8")).toMatch(/^<svg/);
    }
  });
});

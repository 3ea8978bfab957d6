import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLab as lab } from "../testing.js";

const folder = mkdtempSync(join(tmpdir(), "lab-cli-linalg-"));
function csv(name: string, rows: number[][]): string {
  const path = join(folder, name);
  writeFileSync(path, `${rows.map((row) => row.join(",")).join("\n")}\n`);
  return path;
}

describe("lab linalg", () => {
  // diag(3, 2) padded to 3×2: singular values 3 and 2.
  const diagonal = csv("diag.csv", [
    [3, 0],
    [0, 2],
    [0, 0],
  ]);

  it("svd prints singular values and the rank-k reconstruction error", async () => {
    const full = await lab(["linalg", "svd", "--input", diagonal, "--json"]);
    expect(full.json).toMatchObject({ shape: [3, 2], singular_values: [3, 2], k: 2 });
    expect(full.json.reconstruction_error).toBeLessThan(1e-15);
    const truncated = await lab(["linalg", "svd", "--input", diagonal, "--k", "1", "--json"]);
    // Dropping σ₂ = 2 leaves an error of 2/√(3² + 2²).
    expect(truncated.json.reconstruction_error).toBeCloseTo(2 / Math.sqrt(13), 12);
  });

  it("pca reports explained variance ratios that sum to one", async () => {
    const data = csv("pca.csv", [
      [1, 2],
      [2, 4.1],
      [3, 5.9],
      [4, 8.2],
    ]);
    const { json } = await lab(["linalg", "pca", "--input", data, "--json"]);
    expect(json.explained_variance_ratio).toHaveLength(2);
    expect(json.explained_variance_ratio[0]).toBeGreaterThan(0.99);
    expect(json.explained_variance_ratio[0] + json.explained_variance_ratio[1]).toBeCloseTo(1, 12);
  });

  it("pinv reports both residuals and condition numbers, and can write X⁺", async () => {
    const output = join(folder, "pinv.csv");
    const { json } = await lab(["linalg", "pinv", "--input", diagonal, "--output", output, "--json"]);
    expect(json.kappa_x).toBeCloseTo(1.5, 12);
    expect(json.kappa_xtx).toBeCloseTo(2.25, 12);
    expect(json.residual_svd).toBeLessThan(1e-15);
    expect(json.residual_normal_equations).toBeLessThan(1e-15);
    expect(readFileSync(output, "utf8").trim().split("\n")[0]).toBe(`${1 / 3},0,0`);
  });

  it("rejects malformed input with one line naming line and field", async () => {
    const bad = csv("bad.csv", [
      [1, 2],
      [3, Number.NaN],
    ]);
    const result = await lab(["linalg", "svd", "--input", bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`lab: ${bad}, line 2: field 2 is "NaN"; expected a finite number\n`);
    const missing = await lab(["linalg", "svd", "--input", join(folder, "nope.csv")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    const tooLarge = await lab(["linalg", "svd", "--input", diagonal, "--k", "3"]);
    expect(tooLarge).toMatchObject({
      code: 2,
      stderr: "lab: linalg svd: --k must be at most min(rows, cols) = 2, got 3\n",
    });
  });

  it("reproduce writes the report with every identity holding", async () => {
    const out = join(folder, "report");
    const { json } = await lab(["linalg", "reproduce", "--out", out, "--json"]);
    expect(json.checks_passed).toBe(json.checks_total);
    expect(json.compression.map((row: { k: number }) => row.k)).toEqual([1, 2, 5, 10, 20, 50, 100, 200]);
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toContain("| 20 |");
    expect(readFileSync(join(out, "pseudoinverse-stability.svg"), "utf8")).toMatch(/^<svg/);
  });
});

import { describe, expect, it } from "vitest";
import { runLab as lab } from "../testing.js";

describe("lab nn gradcheck", () => {
  it("reports {ops: [{op, max_rel_err}]} for the chosen op", async () => {
    const result = await lab(["nn", "gradcheck", "--op", "MatMul", "--json"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    expect(json.ops).toHaveLength(1);
    expect(json.ops[0]).toMatchObject({ op: "MatMul", passed: true });
    // MatMul has a float32 case (tolerance 2e-2) besides its float64 ones (1e-6).
    expect(json.ops[0].max_rel_err).toBeLessThan(2e-2);
    expect(json.cases).toBeGreaterThan(1);
    expect(json.passed).toBe(true);
  });

  it("names the known ops when asked for an unknown one", async () => {
    const result = await lab(["nn", "gradcheck", "--op", "Conv"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^lab: nn gradcheck: no cases for op "Conv"; known ops: .*MatMul.*\n$/);
  });
});

describe("lab nn bench", () => {
  it("reports {mlp, lstm, lstm_batch64} epoch times, with null ratios when torch is missing", async () => {
    const result = await lab(["nn", "bench", "--quick", "--json"]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout.trim().split("\n").at(-1)!);
    expect(json.quick).toBe(true);
    for (const key of ["mlp", "lstm", "lstm_batch64"]) {
      const entry = json[key];
      expect(entry.ours_s).toBeGreaterThan(0);
      if (json.torch) {
        expect(entry.pytorch_s).toBeGreaterThan(0);
        expect(entry.ratio).toBeCloseTo(entry.ours_s / entry.pytorch_s, 10);
      } else {
        expect(entry.pytorch_s).toBeNull();
        expect(entry.ratio).toBeNull();
      }
    }
  }, 60_000);
});

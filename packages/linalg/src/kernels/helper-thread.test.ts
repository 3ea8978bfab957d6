import { Rng } from "@lab/core";
import { afterAll, describe, expect, it } from "vitest";
import { svd } from "../dense/svd.js";
import { Matrix } from "../matrix.js";
import { KernelCommands, KernelWorkspace } from "./workspace.js";

/** The retained workspace's helper, once its thread has started (it starts with the first acquire). */
async function readyHelper() {
  KernelWorkspace.acquire(1024)?.finish();
  for (let attempt = 0; attempt < 200; attempt++) {
    const helper = KernelWorkspace.retainedHelper();
    if (helper?.ready) return helper;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the helper thread did not start within 5 s");
}

afterAll(() => KernelWorkspace.setHelperEnabled(true));

describe("recorded kernel calls on the helper thread", () => {
  it("run in order with the same results whether the helper or the main thread runs them", async () => {
    const helper = await readyHelper();
    const results: Float64Array[] = [];
    for (const enabled of [true, false]) {
      KernelWorkspace.setHelperEnabled(enabled);
      const kernels = KernelWorkspace.acquire(40_000)!;
      const a = kernels.alloc(37 * 53);
      const b = kernels.alloc(53 * 41);
      const c = kernels.alloc(37 * 41);
      new Rng(1).fillNormal(a);
      new Rng(2).fillNormal(b);
      c.fill(7);
      const commands = new KernelCommands();
      // Zero first, then two products: the second only gives A·B·2 if they ran in this order.
      commands.zero(c, 0, c.length);
      commands.gemm(37, 41, 53, a, 0, 53, 1, b, 0, 41, c, 0, 41);
      commands.gemm(37, 41, 53, a, 0, 53, 1, b, 0, 41, c, 0, 41);
      const runsBefore = helper.helperRuns;
      const background = kernels.runInBackground(commands);
      // Give the helper time to wake and claim the list before this thread would run it itself.
      const until = performance.now() + 200;
      while (enabled && helper.helperRuns === runsBefore && performance.now() < until);
      background.finish();
      expect(helper.helperRuns).toBe(enabled ? runsBefore + 1 : runsBefore);
      results.push(c.slice());
      kernels.finish();
    }
    expect(results[0]).toEqual(results[1]);
    // A·B by the textbook loop, doubled.
    const a = new Float64Array(37 * 53);
    const b = new Float64Array(53 * 41);
    new Rng(1).fillNormal(a);
    new Rng(2).fillNormal(b);
    let worst = 0;
    for (let i = 0; i < 37; i++) {
      for (let j = 0; j < 41; j++) {
        let sum = 0;
        for (let p = 0; p < 53; p++) sum += a[i * 53 + p] * b[p * 41 + j];
        worst = Math.max(worst, Math.abs(results[0]![i * 41 + j] - 2 * sum));
      }
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it("gives bit-identical SVDs with and without the helper, and the helper does take part", async () => {
    const helper = await readyHelper();
    const a = new Matrix(160, 150);
    new Rng(3).fillNormal(a.data);
    KernelWorkspace.setHelperEnabled(false);
    const alone = svd(a);
    KernelWorkspace.setHelperEnabled(true);
    // The helper claims a lent list when it wakes first; over a few runs it does at least once.
    const runsBefore = helper.helperRuns;
    let shared = svd(a);
    for (let attempt = 0; attempt < 20 && helper.helperRuns === runsBefore; attempt++) shared = svd(a);
    expect(helper.helperRuns).toBeGreaterThan(runsBefore);
    expect(shared.s).toEqual(alone.s);
    expect(shared.u.data).toEqual(alone.u.data);
    expect(shared.v.data).toEqual(alone.v.data);
  });
});

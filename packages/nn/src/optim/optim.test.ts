import { afterAll, describe, expect, it } from "vitest";
import { grad } from "../autodiff/grad.js";
import { GraphBuilder } from "../graph/builder.js";
import { mul } from "../graph/ops/elementwise.js";
import { reduceSum } from "../graph/ops/reduce.js";
import type { FloatDType } from "../graph/tensor.js";
import { createSession, type GraphSession } from "../runtime/session.js";
import { adam, adamW } from "./adam.js";
import { clipByGlobalNorm } from "./clip.js";
import { nextValueName, type Optimizer } from "./optimizer.js";
import { sgd } from "./sgd.js";

const sessions: GraphSession[] = [];
afterAll(async () => {
  for (const session of sessions) await session.release();
});

/**
 * A training step on loss = ½ Σ c·p² (gradient c·p, so each step's gradient differs) run `steps`
 * times in ORT, feeding each step's outputs back as inputs. Returns the parameter after each step.
 */
async function run(
  optimizer: Optimizer,
  initial: number[],
  steps: number,
  options: { clip?: number; dtype?: FloatDType } = {},
) {
  const dtype = options.dtype ?? "float64";
  const g = new GraphBuilder();
  const p = g.input("p", dtype, [initial.length]);
  const c = g.constant([1, 3, 0.5, 2].slice(0, initial.length), dtype, [initial.length], "c");
  const loss = reduceSum(mul(mul(mul(p, p), c), 0.5), undefined, { keepDims: false });
  let [gradient] = grad(loss, [p]);
  if (options.clip !== undefined) gradient = clipByGlobalNorm([gradient], options.clip).gradients[0];
  const learningRate = g.input("learning_rate", dtype, []);
  const step = g.input("step", dtype, []);
  const update = optimizer.update(g, [p], [gradient], { learningRate, step });
  g.output(update.parameters[0], nextValueName("p"));
  const session = await createSession(g.toModel(), { threads: 1 });
  sessions.push(session);
  const FloatArray = dtype === "float64" ? Float64Array : Float32Array;
  let state = Object.fromEntries(update.state.map((slot) => [slot.input.name, slot.initial]));
  let value: Float32Array | Float64Array = FloatArray.from(initial);
  const history: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    const feeds: Record<string, Float32Array | Float64Array> = {
      p: value,
      learning_rate: FloatArray.of(optimizer.learningRate),
    };
    if (session.inputs.some((input) => input.name === "step")) feeds.step = FloatArray.of(t);
    Object.assign(feeds, state);
    const outputs = await session.run(feeds);
    value = outputs[nextValueName("p")].data as Float64Array;
    state = Object.fromEntries(update.state.map((slot) => [slot.input.name, outputs[slot.output.name].data]));
    history.push(Array.from(value, Number));
  }
  return { history, stateNames: update.state.map((slot) => [slot.input.name, slot.output.name]) };
}

const c = [1, 3, 0.5, 2];

/** PyTorch's Adam/AdamW on the same loss, in plain float64 arithmetic. */
function referenceAdam(
  initial: number[],
  steps: number,
  o: { lr: number; b1: number; b2: number; eps: number; wd: number; decoupled: boolean },
) {
  const p = [...initial];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  const history: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    for (let i = 0; i < p.length; i++) {
      let g = c[i] * p[i];
      if (o.decoupled) p[i] *= 1 - o.lr * o.wd;
      else g += o.wd * p[i];
      m[i] = o.b1 * m[i] + (1 - o.b1) * g;
      v[i] = o.b2 * v[i] + (1 - o.b2) * g * g;
      const mHat = m[i] / (1 - o.b1 ** t);
      const vHat = v[i] / (1 - o.b2 ** t);
      p[i] -= (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
    }
    history.push([...p]);
  }
  return history;
}

function expectClose(actual: number[][], expected: number[][], digits: number) {
  expect(actual.length).toBe(expected.length);
  for (let t = 0; t < actual.length; t++) {
    for (let i = 0; i < actual[t].length; i++) expect(actual[t][i]).toBeCloseTo(expected[t][i], digits);
  }
}

describe("adam", () => {
  it("matches a hand-computed bias-corrected update over three steps", async () => {
    const initial = [1, -2, 0.5, 3];
    const { history, stateNames } = await run(adam({ learningRate: 0.1 }), initial, 3);
    expect(stateNames).toEqual([
      ["p/adam_m", "p/adam_m:next"],
      ["p/adam_v", "p/adam_v:next"],
    ]);
    // First step: m̂ = g, v̂ = g², so each coordinate moves by lr · sign(g) (up to ε).
    expect(history[0].map((value, i) => Number((initial[i] - value).toFixed(6)))).toEqual([
      0.1, -0.1, 0.1, 0.1,
    ]);
    expectClose(
      history,
      referenceAdam(initial, 3, { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: false }),
      12,
    );
  });

  it("adds an L2 term to the gradient (Adam) or decays the weights directly (AdamW)", async () => {
    const initial = [1, -2, 0.5];
    const options = { learningRate: 0.05, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, weightDecay: 0.1 };
    const coupled = await run(adam(options), initial, 4);
    const decoupled = await run(adamW(options), initial, 4);
    const base = { lr: 0.05, b1: 0.8, b2: 0.99, eps: 1e-6, wd: 0.1 };
    expectClose(coupled.history, referenceAdam(initial, 4, { ...base, decoupled: false }), 12);
    expectClose(decoupled.history, referenceAdam(initial, 4, { ...base, decoupled: true }), 12);
    expect(coupled.history[3][0]).not.toBeCloseTo(decoupled.history[3][0], 6);
  });

  it("runs in float32 too", async () => {
    const initial = [1, -2, 0.5, 3];
    const { history } = await run(adam({ learningRate: 0.1 }), initial, 3, { dtype: "float32" });
    expectClose(
      history,
      referenceAdam(initial, 3, { lr: 0.1, b1: 0.9, b2: 0.999, eps: 1e-8, wd: 0, decoupled: false }),
      5,
    );
  });

  it("rejects hyperparameters outside their ranges", () => {
    expect(() => adam({ learningRate: -1 })).toThrow(/learning rate/);
    expect(() => adam({ learningRate: 0.1, beta1: 1 })).toThrow(/beta1/);
    expect(() => adamW({ learningRate: 0.1, weightDecay: Number.NaN })).toThrow(/weight decay/);
  });
});

describe("sgd", () => {
  it("takes plain steps p − lr·g without state", async () => {
    const { history, stateNames } = await run(sgd({ learningRate: 0.1 }), [1, -2], 2);
    expect(stateNames).toEqual([]);
    // g = c·p: p₁ = p₀ (1 − 0.1 c), p₂ = p₁ (1 − 0.1 c).
    expectClose(
      history,
      [
        [0.9, -1.4],
        [0.81, -0.98],
      ],
      12,
    );
  });

  it("follows PyTorch's momentum, Nesterov and weight decay", async () => {
    const options = { learningRate: 0.1, momentum: 0.9, weightDecay: 0.01 };
    for (const nesterov of [false, true]) {
      const { history } = await run(sgd({ ...options, nesterov }), [1, -2, 0.5], 3);
      const p = [1, -2, 0.5];
      const buffer = [0, 0, 0];
      const expected: number[][] = [];
      for (let t = 0; t < 3; t++) {
        for (let i = 0; i < 3; i++) {
          const g = c[i] * p[i] + 0.01 * p[i];
          buffer[i] = 0.9 * buffer[i] + g;
          p[i] -= 0.1 * (nesterov ? g + 0.9 * buffer[i] : buffer[i]);
        }
        expected.push([...p]);
      }
      expectClose(history, expected, 12);
    }
  });
});

describe("clipByGlobalNorm", () => {
  it("scales the gradient to the norm limit only when it is exceeded", async () => {
    // Gradient at p = [3, 0]: [3, 0] (norm 3). Limit 1 scales it to [1, 0] (up to the 1e-6 guard).
    const clipped = await run(sgd({ learningRate: 1 }), [3, 0], 1, { clip: 1 });
    expect(clipped.history[0][0]).toBeCloseTo(2, 5);
    const unclipped = await run(sgd({ learningRate: 1 }), [3, 0], 1, { clip: 10 });
    expect(unclipped.history[0][0]).toBeCloseTo(0, 12);
  });

  it("takes the norm over all gradients jointly", async () => {
    const g = new GraphBuilder();
    const a = g.input("a", "float64", [2]);
    const b = g.input("b", "float64", [1]);
    const { gradients, norm } = clipByGlobalNorm([a, b], 2.5);
    g.output(norm, "norm");
    g.output(gradients[0], "a_clipped");
    g.output(gradients[1], "b_clipped");
    const session = await createSession(g.toModel(), { threads: 1 });
    sessions.push(session);
    const out = await session.run({ a: Float64Array.of(3, 0), b: Float64Array.of(4) });
    expect(out.norm.data[0]).toBeCloseTo(5, 12);
    const scale = 2.5 / (5 + 1e-6);
    expect(Array.from(out.a_clipped.data as Float64Array)).toEqual([3 * scale, 0]);
    expect(out.b_clipped.data[0]).toBeCloseTo(4 * scale, 12);
  });
});

import { describe, expect, it } from "vitest";
import { cosineAnnealing, type LearningRateSchedule, reduceOnPlateau, stepLR } from "./schedulers.js";

/** The rates a schedule gives for epochs 1..n, fed the given monitored values. */
function rates(
  schedule: LearningRateSchedule,
  initial: number,
  values: readonly number[],
  key = "val_loss",
): number[] {
  schedule.start(initial);
  return values.map((value, epoch) => schedule.next(epoch, { [key]: value }));
}

describe("stepLR", () => {
  it("multiplies by gamma every stepSize epochs", () => {
    const schedule = stepLR({ stepSize: 2, gamma: 0.5 });
    const result = rates(schedule, 1, new Array(6).fill(0));
    expect(result).toEqual([1, 0.5, 0.5, 0.25, 0.25, 0.125]);
  });

  it("restarts from the new initial rate on start", () => {
    const schedule = stepLR({ stepSize: 1 });
    rates(schedule, 1, [0, 0]);
    expect(rates(schedule, 0.2, [0])[0]).toBeCloseTo(0.02, 15);
  });
});

describe("cosineAnnealing", () => {
  it("falls from the initial rate to the minimum over the period along a half cosine", () => {
    const result = rates(cosineAnnealing({ period: 4, minRate: 0.1 }), 1.1, [0, 0, 0, 0]);
    // Epochs 1..4 of 4: 0.1 + (1 + cos(π e / 4)) / 2.
    expect(result.map((r) => Number(r.toFixed(10)))).toEqual(
      [1, 2, 3, 4].map((e) => Number((0.1 + (1 + Math.cos((Math.PI * e) / 4)) / 2).toFixed(10))),
    );
    expect(result[1]).toBeCloseTo(0.6, 12);
    expect(result[3]).toBeCloseTo(0.1, 12);
  });
});

describe("reduceOnPlateau", () => {
  it("drops the rate after more than `patience` epochs without improvement", () => {
    const schedule = reduceOnPlateau({ patience: 2, factor: 0.5 });
    // Improves, then three bad epochs: the third exceeds patience 2 and halves the rate.
    expect(rates(schedule, 1, [1, 0.9, 0.95, 0.91, 0.92, 0.93, 0.94, 0.95])).toEqual([
      1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25,
    ]);
  });

  it("counts only improvements beyond the relative threshold, and follows max mode", () => {
    const schedule = reduceOnPlateau({
      monitor: "val_f1",
      mode: "max",
      patience: 0,
      factor: 0.1,
      threshold: 0.01,
    });
    // 0.5 → 0.504 is below the 1% relative threshold, so it is a bad epoch (patience 0 drops at once).
    const result = rates(schedule, 1, [0.5, 0.504, 0.6], "val_f1");
    expect(result.map((r) => Number(r.toPrecision(6)))).toEqual([1, 0.1, 0.1]);
  });

  it("waits `cooldown` epochs after a drop and never goes below minRate", () => {
    const schedule = reduceOnPlateau({
      patience: 0,
      factor: 0.1,
      cooldown: 1,
      minRate: 0.005,
      thresholdMode: "abs",
    });
    expect(rates(schedule, 1, [1, 1, 1, 1, 1, 1])).toEqual([
      1, 0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.005,
    ]);
  });

  it("names the missing metric", () => {
    const schedule = reduceOnPlateau();
    schedule.start(1);
    expect(() => schedule.next(0, { loss: 1 })).toThrow(/monitors "val_loss".*have: loss/);
  });
});

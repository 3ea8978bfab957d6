import { describe, expect, it } from "vitest";
import { syntheticRatings } from "./synthetic.js";

describe("syntheticRatings", () => {
  it("is the same for the same seed and different for another", () => {
    const a = syntheticRatings({ users: 50, items: 40, seed: 3 });
    const b = syntheticRatings({ users: 50, items: 40, seed: 3 });
    const c = syntheticRatings({ users: 50, items: 40, seed: 4 });
    expect(b.dataset.train).toEqual(a.dataset.train);
    expect(c.dataset.train.rating).not.toEqual(a.dataset.train.rating);
  });

  it("draws ratings in 1..5 around a noise-free matrix of the stated rank, with 1-based ids", () => {
    const data = syntheticRatings({ users: 80, items: 60, rank: 3, density: 0.5, noise: 0.3, seed: 1 });
    const { dataset } = data;
    expect(dataset.indexBase).toEqual({ users: 1, items: 1 });
    for (const value of [...dataset.train.rating, ...dataset.test!.rating]) {
      expect(value).toBeGreaterThanOrEqual(1);
      expect(value).toBeLessThanOrEqual(5);
    }
    // About density × users × items ratings, split 80/20.
    const total = dataset.train.rating.length + dataset.test!.rating.length;
    expect(total).toBeGreaterThan(0.45 * 80 * 60);
    expect(total).toBeLessThan(0.55 * 80 * 60);
    expect(dataset.test!.rating.length).toBe(Math.ceil(0.2 * total));
    // The noise floor is about σ²/2 = 0.045 (a little less where clipping cut the noise); ½ε² has
    // standard deviation σ²/√2, so the mean over ~1,900 training ratings is within 12% at 4 standard
    // errors, and over ~480 test ratings within 25%.
    expect(Math.abs(data.noiseFloor.eIn / 0.045 - 1)).toBeLessThan(0.12);
    expect(Math.abs(data.noiseFloor.eOut / 0.045 - 1)).toBeLessThan(0.25);
  });

  it("makes noise-free ratings whose matrix has exactly the stated rank", () => {
    const rank = 3;
    // Density 1: every pair is rated, so the clean values fill the whole matrix.
    const data = syntheticRatings({ users: 12, items: 9, rank, density: 1, seed: 2, testFraction: 0.2 });
    const clean = new Float64Array(12 * 9);
    const parts = [
      [data.dataset.train, data.cleanTrain],
      [data.dataset.test!, data.cleanTest],
    ] as const;
    for (const [ratings, truth] of parts) {
      for (let t = 0; t < truth.length; t++) clean[ratings.user[t] * 9 + ratings.item[t]] = truth[t];
    }
    expect(numericalRank(clean, 12, 9)).toBe(rank);
  });
});

/** Rank by Gaussian elimination with partial pivoting and a relative tolerance. */
function numericalRank(values: Float64Array, rows: number, cols: number): number {
  const a = Float64Array.from(values);
  let rank = 0;
  const scale = Math.max(...a.map(Math.abs));
  for (let col = 0; col < cols && rank < rows; col++) {
    let pivot = rank;
    for (let r = rank + 1; r < rows; r++)
      if (Math.abs(a[r * cols + col]) > Math.abs(a[pivot * cols + col])) pivot = r;
    if (Math.abs(a[pivot * cols + col]) <= 1e-9 * scale) continue;
    for (let c = 0; c < cols; c++)
      [a[rank * cols + c], a[pivot * cols + c]] = [a[pivot * cols + c], a[rank * cols + c]];
    for (let r = rank + 1; r < rows; r++) {
      const factor = a[r * cols + col] / a[rank * cols + col];
      for (let c = col; c < cols; c++) a[r * cols + c] -= factor * a[rank * cols + c];
    }
    rank++;
  }
  return rank;
}

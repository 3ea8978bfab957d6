import { describe, expect, it } from "vitest";
import { Matrix } from "../matrix.js";
import { fitPca, pcaInverseTransform, pcaTransform } from "./pca.js";
import { maxAbsDifference, randomMatrix } from "./test-support.js";

// 10 samples × 4 features. Reference values from scikit-learn 1.2.1 (Debian python3-sklearn):
//   p = sklearn.decomposition.PCA(n_components=3).fit(X)
// printed with repr() of explained_variance_, explained_variance_ratio_, singular_values_, components_
// and p.transform(X)[:2]. Here sklearn 1.2's U-based svd_flip happens to give the same signs as the
// Vᵀ-based convention this package uses (checked with numpy: np.linalg.svd of X − X.mean(0), then each
// row of Vᵀ flipped so its largest-|·| entry is positive).
const X = Matrix.fromRows([
  [2.5, 2.4, 0.5, 1.0],
  [0.5, 0.7, 1.5, -0.3],
  [2.2, 2.9, 0.1, 0.8],
  [1.9, 2.2, 0.9, 0.2],
  [3.1, 3.0, -0.4, 1.4],
  [2.3, 2.7, 0.3, 0.9],
  [2.0, 1.6, 1.1, -0.2],
  [1.0, 1.1, 1.8, 0.1],
  [1.5, 1.6, 0.7, 0.4],
  [1.1, 0.9, 1.3, -0.5],
]);
const SKLEARN = {
  explainedVariance: [2.023620811290174, 0.07357839253537893, 0.04850323591231141],
  explainedVarianceRatio: [0.9259068277382597, 0.03366576170912102, 0.0221926346319676],
  singularValues: [4.267620801056669, 0.8137601199483853, 0.6607035062800883],
  components: [
    [0.5311617093072288, 0.5840339398850715, -0.4548174448986519, 0.4122046669362265],
    [0.6979007492332626, -0.00508124140136098, 0.18036912117451967, -0.6930914119596369],
    [0.261201381987229, 0.07375228421198708, 0.8344413672888975, 0.47962698337198584],
  ],
  transformedFirstRows: [
    [1.035593988037756, -1.1583206595560927e-3, 2.8009271968480154e-1],
    [-2.0102706402970694, -3.0693375202172007e-1, -1.567626385447185e-1],
  ],
};

describe("fitPca", () => {
  const model = fitPca(X, { components: 3 });

  it("matches scikit-learn's explained variance, ratios, singular values and components", () => {
    for (let i = 0; i < 3; i++) {
      expect(model.explainedVariance[i]).toBeCloseTo(SKLEARN.explainedVariance[i]!, 13);
      expect(model.explainedVarianceRatio[i]).toBeCloseTo(SKLEARN.explainedVarianceRatio[i]!, 13);
      expect(model.singularValues[i]).toBeCloseTo(SKLEARN.singularValues[i]!, 13);
      for (let j = 0; j < 4; j++)
        expect(model.components.get(i, j)).toBeCloseTo(SKLEARN.components[i]![j]!, 12);
    }
    const columnMeans = [1.81, 1.91, 0.78, 0.38];
    for (let j = 0; j < 4; j++) expect(model.mean[j]).toBeCloseTo(columnMeans[j]!, 14);
  });

  it("transforms like scikit-learn", () => {
    const z = pcaTransform(model, X);
    expect(z.shape).toEqual([10, 3]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) expect(z.get(i, j)).toBeCloseTo(SKLEARN.transformedFirstRows[i]![j]!, 12);
    }
  });

  it("round-trips exactly with all components and approximates with fewer", () => {
    const data = randomMatrix(30, 6, 1);
    const full = fitPca(data);
    expect(full.components.shape).toEqual([6, 6]);
    let ratioSum = 0;
    for (const ratio of full.explainedVarianceRatio) ratioSum += ratio;
    expect(ratioSum).toBeCloseTo(1, 14);
    expect(maxAbsDifference(pcaInverseTransform(full, pcaTransform(full, data)), data)).toBeLessThan(1e-13);

    const partial = fitPca(data, { components: 2 });
    const reconstructed = pcaInverseTransform(partial, pcaTransform(partial, data));
    const lost = maxAbsDifference(reconstructed, data);
    expect(lost).toBeGreaterThan(0.1);
    // The lost variance is exactly the unexplained share: Σ_{i>k} σᵢ²/(n−1) summed over features.
    let squaredError = 0;
    for (let index = 0; index < data.data.length; index++)
      squaredError += (reconstructed.data[index] - data.data[index]) ** 2;
    let unexplained = 0;
    for (let i = 2; i < 6; i++) unexplained += full.explainedVariance[i];
    expect(squaredError / 29).toBeCloseTo(unexplained, 12);
  });

  it("has orthonormal components sorted by variance", () => {
    const model6 = fitPca(randomMatrix(50, 6, 2));
    for (let a = 0; a < 6; a++) {
      for (let b = 0; b < 6; b++) {
        let dot = 0;
        for (let j = 0; j < 6; j++) dot += model6.components.get(a, j) * model6.components.get(b, j);
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 13);
      }
      if (a > 0) expect(model6.explainedVariance[a]).toBeLessThanOrEqual(model6.explainedVariance[a - 1]);
    }
  });

  it("reports zero variance ratios for constant data instead of NaN", () => {
    const constant = fitPca(
      Matrix.fromRows([
        [1, 2],
        [1, 2],
        [1, 2],
      ]),
    );
    expect(Array.from(constant.explainedVarianceRatio)).toEqual([0, 0]);
  });

  it("validates its input", () => {
    expect(() => fitPca(new Matrix(1, 3))).toThrow("at least 2 samples");
    expect(() => fitPca(X, { components: 5 })).toThrow(
      "components must be an integer in [1, 4] for 10×4 data, got 5",
    );
    expect(() => pcaTransform(model, new Matrix(2, 3))).toThrow("fitted on 4 features, got 3");
    expect(() => pcaInverseTransform(model, new Matrix(2, 2))).toThrow("has 3 components, got 2 columns");
  });
});

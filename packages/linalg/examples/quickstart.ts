// The README's example. Run from the repository root:
// node --conditions=@lab/source --import tsx packages/linalg/examples/quickstart.ts
import { allPairsTopK, CsrMatrix, comparePseudoinverses, fitPca, Matrix, svd } from "@lab/linalg";

const x = Matrix.fromRows([
  [3, 0],
  [0, 2],
  [0, 0],
]);
const { u, s, v } = svd(x);
console.log(`svd: u ${u.rows}×${u.cols}, s = [${Array.from(s).join(", ")}], v ${v.rows}×${v.cols}`);

const data = Matrix.fromRows([
  [1, 2],
  [2, 4.1],
  [3, 5.9],
  [4, 8.2],
]);
const pca = fitPca(data, { components: 1 });
console.log(`pca explained variance ratio: ${pca.explainedVarianceRatio[0]!.toFixed(4)}`);

const { kappaX, kappaXtX } = comparePseudoinverses(x);
console.log(`κ(X) = ${kappaX}, κ(XᵀX) = ${kappaXtX}`);

const onehot = CsrMatrix.fromRowSets([[0, 2], [0, 2, 3], [1], [1, 3]], 4);
const { indices, scores } = allPairsTopK(onehot, 1, { metric: "jaccard" });
console.log(
  `nearest by Jaccard: ${Array.from(indices).join(", ")} (scores ${Array.from(scores, (v) => v.toFixed(3)).join(", ")})`,
);

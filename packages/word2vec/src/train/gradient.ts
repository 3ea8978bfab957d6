/**
 * The objective one prediction minimises, in double precision with the exact sigmoid: for output
 * vectors u_t with labels y_t (negative sampling: the centre word with 1 and the noise words with 0;
 * hierarchical softmax: the inner nodes on the centre word's path with 1 - code bit),
 *   L = -sum_t [ y_t log sigmoid(v·u_t) + (1 - y_t) log(1 - sigmoid(v·u_t)) ].
 * The training engines step by -alpha times its gradient (sigmoid read from a table); the tests hold
 * them to it with finite differences.
 */
export function predictionLoss(
  input: ArrayLike<number>,
  outputs: readonly ArrayLike<number>[],
  labels: readonly number[],
): number {
  let loss = 0;
  for (let t = 0; t < outputs.length; t++) {
    const output = outputs[t]!;
    let f = 0;
    for (let c = 0; c < input.length; c++) f += input[c]! * output[c]!;
    // -log sigmoid(f) = log(1 + e^-f), written to stay finite for large |f|.
    const z = labels[t] === 1 ? f : -f;
    loss += z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z));
  }
  return loss;
}

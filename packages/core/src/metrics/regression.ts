import { InvalidArgumentError } from "../errors.js";

function checkRegressionInput(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  if (yTrue.length !== yPred.length) {
    throw new InvalidArgumentError(
      `yTrue has ${yTrue.length} values but yPred has ${yPred.length}; they must match`,
    );
  }
  if (yTrue.length === 0)
    throw new InvalidArgumentError("yTrue and yPred are empty; metrics need at least one sample");
}

/** Mean squared error: mean of (yTrue - yPred)^2. */
export function mse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkRegressionInput(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const error = yTrue[i] - yPred[i];
    sum += error * error;
  }
  return sum / yTrue.length;
}

/** Root mean squared error: the square root of {@link mse}, in the units of y. */
export function rmse(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  return Math.sqrt(mse(yTrue, yPred));
}

/** Mean absolute error: mean of |yTrue - yPred|. */
export function mae(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkRegressionInput(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i] - yPred[i]);
  return sum / yTrue.length;
}

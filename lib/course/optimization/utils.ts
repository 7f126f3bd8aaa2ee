/**
 * The Optimization notebook's helpers (the course's `opt_utils_v1a`): the same
 * 3-layer LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID network as the
 * Initialization helpers (forward and backward passes are shared with
 * `initUtils`, same arithmetic), He initialisation with seed 3, a cost that is
 * the plain SUM over the examples (the model divides by m itself), and the
 * test data of `load_params_and_grads`.
 */
import { useFastExports } from "../../core/moduleExports";
import { Matrix } from "ml-matrix";
import { multiply } from "../../numpy/elementwise";
import { pairwiseSum } from "../../numpy/reductions";
import { zeros, describeValue, rowsOf } from "../../core/matrix";
import { crossEntropySumLibm } from "../../core/wasmLibm";
import { random } from "../../numpy/random";
import type { Parameters } from "../../nn/network";
import { loadMoons } from "../../io/datasets";
import { crossEntropyTerms } from "../../nn/threeLayer";

export { forwardPropagation, backwardPropagation, predict, predictDec, type Cache3 } from "../../nn/threeLayer";

/**
 * The course's `initialize_parameters`: `random.seed(3)`, then for l = 1..L
 * `W{l} = randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1})` (He) and `b{l}` zeros `(n_l, 1)`.
 * @param layersDims e.g. `[2, 5, 2, 1]`
 * @returns `{ W1, b1, ..., WL, bL }`
 * @throws RangeError when layersDims has fewer than 2 entries or a size is not a positive integer.
 */
export function initializeParameters(layersDims: readonly number[]): Parameters {
  if (!Array.isArray(layersDims) || layersDims.length < 2) {
    throw new RangeError(`layersDims must list at least the input and output sizes, got ${describeValue(layersDims)}`);
  }
  layersDims.forEach((n, i) => {
    if (typeof n !== "number" || !Number.isInteger(n) || n < 1) {
      throw new RangeError(`layersDims[${i}] must be a positive integer, got ${describeValue(n)}`);
    }
  });
  random.seed(3);
  const parameters: Parameters = {};
  for (let l = 1; l < layersDims.length; l++) {
    parameters[`W${l}`] = multiply(random.randn(layersDims[l], layersDims[l - 1]), Math.sqrt(2 / layersDims[l - 1]));
    parameters[`b${l}`] = zeros(layersDims[l], 1);
  }
  return parameters;
}

/**
 * The course's `compute_cost` of `opt_utils_v1a`: the SUM (not the mean) of
 * `-log(a3) * Y - log(1 - a3) * (1 - Y)` over all entries, added in numpy's
 * pairwise order (a plain `np.sum`: a `0 * inf` term makes it nan).
 * @param a3 sigmoid outputs `(1, m)`; Y labels `(1, m)`
 * @throws RangeError when a3 and Y differ in shape; TypeError for non-matrices.
 */
export function computeCost(a3: Matrix, Y: Matrix): number {
  if (!(a3 instanceof Matrix)) throw new TypeError(`a3 must be a Matrix, got ${describeValue(a3)}`);
  if (!(Y instanceof Matrix)) throw new TypeError(`Y must be a Matrix, got ${describeValue(Y)}`);
  if (a3.rows === Y.rows && a3.columns === Y.columns) {
    const inWasm = crossEntropySumLibm(rowsOf(a3), rowsOf(Y), a3.rows, a3.columns, false);
    if (inWasm !== null) return inWasm;
  }
  return pairwiseSum(crossEntropyTerms(a3, Y), 0, a3.rows * a3.columns);
}

/**
 * The course's `load_params_and_grads(seed=1)`: `random.seed(seed)`, then
 * W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1), dW1 (2,3), db1 (2,1), dW2 (3,3), db2 (3,1)
 * drawn with `randn` in that order.
 * @returns `[W1, b1, W2, b2, dW1, db1, dW2, db2]`
 * @throws TypeError/RangeError for an invalid seed.
 */
export function loadParamsAndGrads(seed = 1): [Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix] {
  random.seed(seed);
  const W1 = random.randn(2, 3);
  const b1 = random.randn(2, 1);
  const W2 = random.randn(3, 3);
  const b2 = random.randn(3, 1);
  const dW1 = random.randn(2, 3);
  const db1 = random.randn(2, 1);
  const dW2 = random.randn(3, 3);
  const db2 = random.randn(3, 1);
  return [W1, b1, W2, b2, dW1, db1, dW2, db2];
}

/**
 * The course's `load_dataset` of this notebook: the 300 "moons" points
 * (`random.seed(3)`, noise 0.2); the same as {@link loadMoons}.
 * @returns `{ trainX (2,300), trainY (1,300) }`
 */
export function loadDataset(): { trainX: Matrix; trainY: Matrix } {
  return loadMoons();
}

// Last: the exports object made fast for V8 (see core/moduleExports.ts).
useFastExports(typeof module === "undefined" ? undefined : module);

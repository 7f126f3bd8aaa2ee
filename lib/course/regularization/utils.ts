/**
 * The Regularization notebook's helpers (the course's `reg_utils`): the same
 * 3-layer network as the Initialization helpers, initialized with weights
 * divided by sqrt(n_prev), and a backward pass in this helper's convention:
 * `dZ3 = A3 − Y` and the 1/m applied to each weight and bias gradient
 * (`dW3 = (1/m)·dZ3·A2ᵀ`), which rounds differently from folding 1/m into dZ3.
 *
 * The forward pass, cost, update and predictions are the Initialization
 * helpers' (identical formulas), re-exported here under the course's names.
 */
import { useFastExports } from "../../core/moduleExports";
import { Matrix } from "ml-matrix";
import { backwardReluRows } from "../../core/blas";
import { dotTransB } from "../../numpy/products";
import { subtract } from "../../numpy/elementwise";
import { rowSumsInto } from "../../numpy/reductions";
import { rowsOf, shapeText, shape, describeValue, uninitialized, zeros } from "../../core/matrix";
import { random } from "../../numpy/random";
import type { Gradients, Parameters } from "../../nn/network";
import { forwardPropagation, computeLoss, updateParameters, predict, predictDec, accuracy, type Cache3 } from "../../nn/threeLayer";

export { forwardPropagation, updateParameters, predict, predictDec, accuracy, type Cache3 };

/**
 * The cross-entropy cost `(1/m) · nansum(−log(a3)·Y − log(1−a3)·(1−Y))` (course `compute_cost`).
 * @throws RangeError when a3 and Y differ in shape.
 */
export function computeCost(a3: Matrix, Y: Matrix): number {
  return computeLoss(a3, Y);
}

/**
 * The course's `initialize_parameters`: after `random.seed(3)`, each
 * `W_l = randn(n_l, n_{l-1}) / sqrt(n_{l-1})`, each `b_l` zeros.
 * @param layerDims sizes of the layers, input first (the notebook uses [2, 20, 3, 1])
 * @returns W1 (n1,n0), b1 (n1,1), ...
 * @throws RangeError for fewer than two layers or non-positive sizes.
 */
export function initializeParameters(layerDims: readonly number[]): Parameters {
  if (layerDims.length < 2 || layerDims.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError(`layerDims must list at least two positive integer sizes, got [${layerDims.join(", ")}]`);
  }
  random.seed(3);
  const parameters: Parameters = {};
  for (let l = 1; l < layerDims.length; l++) {
    const W = random.randn(layerDims[l], layerDims[l - 1]);
    const scale = Math.sqrt(layerDims[l - 1]);
    for (const row of rowsOf(W)) for (let j = 0; j < row.length; j++) row[j] = row[j] / scale;
    parameters[`W${l}`] = W;
    parameters[`b${l}`] = zeros(layerDims[l], 1);
  }
  return parameters;
}

/** `out = (1/m) · (row sums of a)`, numpy `1./m * np.sum(a, axis=1, keepdims=True)`. */
function scaledRowSums(a: Matrix, scale: number, out: Matrix): Matrix {
  const O = rowsOf(out);
  rowSumsInto(rowsOf(a), O, a.rows, a.columns);
  for (let i = 0; i < a.rows; i++) O[i][0] = scale * O[i][0];
  return out;
}

/** `out = scale · (a · bᵀ)`, numpy `1./m * np.dot(a, b.T)`. */
function scaledProductT(a: Matrix, b: Matrix, scale: number, out: Matrix): Matrix {
  dotTransB(a, b, out);
  for (const row of rowsOf(out)) for (let j = 0; j < row.length; j++) row[j] = scale * row[j];
  return out;
}

/**
 * Backward pass of the Regularization helper: `dZ3 = A3 − Y`,
 * `dW3 = (1/m)·dZ3·A2ᵀ`, `db3 = (1/m)·Σ dZ3`, `dA2 = W3ᵀ·dZ3`,
 * `dZ2 = dA2·[A2 > 0]`, ... down to dW1, db1.
 * @param X inputs `(n_x, m)`; Y labels `(1, m)`; cache from {@link forwardPropagation}
 * @returns dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1
 * @throws RangeError when Y is not `(1, m)`.
 */
export function backwardPropagation(X: Matrix, Y: Matrix, cache: Cache3): Gradients {
  const m = X.columns;
  if (!(Y instanceof Matrix) || Y.rows !== 1 || Y.columns !== m) {
    throw new RangeError(`Y has shape ${Y instanceof Matrix ? shapeText(shape(Y)) : describeValue(Y)}, expected (1, ${m})`);
  }
  const [, A1, , , , A2, W2, , , A3, W3] = cache;
  const scale = 1 / m;
  const dZ3 = subtract(A3, Y, uninitialized(1, m));
  const dW3 = scaledProductT(dZ3, A2, scale, uninitialized(1, A2.rows));
  const db3 = scaledRowSums(dZ3, scale, uninitialized(1, 1));
  const dA2 = uninitialized(W3.columns, m);
  const dZ2 = uninitialized(W3.columns, m);
  backwardReluRows(rowsOf(W3), rowsOf(dZ3), rowsOf(A2), rowsOf(dA2), rowsOf(dZ2), W3.columns, W3.rows, m);
  const dW2 = scaledProductT(dZ2, A1, scale, uninitialized(dZ2.rows, A1.rows));
  const db2 = scaledRowSums(dZ2, scale, uninitialized(dZ2.rows, 1));
  const dA1 = uninitialized(W2.columns, m);
  const dZ1 = uninitialized(W2.columns, m);
  backwardReluRows(rowsOf(W2), rowsOf(dZ2), rowsOf(A1), rowsOf(dA1), rowsOf(dZ1), W2.columns, W2.rows, m);
  const dW1 = scaledProductT(dZ1, X, scale, uninitialized(dZ1.rows, X.rows));
  const db1 = scaledRowSums(dZ1, scale, uninitialized(dZ1.rows, 1));
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

// Last: the exports object made fast for V8 (see core/moduleExports.ts).
useFastExports(typeof module === "undefined" ? undefined : module);

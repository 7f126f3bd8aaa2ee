/**
 * The Initialization notebook's helpers (the course's `init_utils`): the
 * 3-layer LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID network with the 1/m factor
 * folded into dz3, the loss with `nansum`, the update, and predictions.
 *
 * Each function does numpy's arithmetic in numpy's order (see `matrix`), in
 * plain loops over the rows, so 15,000 training iterations stay fast.
 */
import { Matrix } from "ml-matrix";
import { linearReluRows, backwardReluRows } from "../core/blas";
import { dot, dotTransB } from "../numpy/products";
import { add, multiply, subtract } from "../numpy/elementwise";
import { pairwiseSum, rowSumsInto } from "../numpy/reductions";
import { rowsOf, shapeText, shape, describeValue, uninitialized } from "../core/matrix";
import { log as libmLog } from "../numerics/libm";
import { crossEntropyLibm, crossEntropySumLibm } from "../core/wasmLibm";
import { getMatrix, sigmoid, type Gradients, type Parameters } from "./network";
import { reprFloat } from "../numpy/floats";

/** What the forward pass keeps for the backward pass: z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3. */
export type Cache3 = [Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix];

/** `out` when it has shape (rows, cols) (its values are about to be overwritten), else a new matrix. */
function outputLike(out: Matrix | undefined, rows: number, cols: number): Matrix {
  return out instanceof Matrix && out.rows === rows && out.columns === cols ? out : uninitialized(rows, cols);
}

/**
 * `W·A + b` (b broadcast over the columns), numpy `np.dot(W, A) + b`, into `out` when given.
 * @throws RangeError when b is not `(rows of W, 1)` or W and A are not aligned.
 */
export function linearForward(W: Matrix, A: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (b.rows !== W.rows || b.columns !== 1) {
    throw new RangeError(`bias has shape ${shapeText(shape(b))}, expected (${W.rows}, 1)`);
  }
  const Z = dot(W, A, outputLike(out, W.rows, A.columns));
  return add(Z, b, Z); // numpy's `+ b`, in place
}

/** `z = W·A + b` and `a = relu(z)` (numpy's dot, add, maximum), fused in one pass over the rows. */
function linearRelu(W: Matrix, A: Matrix, b: Matrix): [Matrix, Matrix] {
  if (b.rows !== W.rows || b.columns !== 1) {
    throw new RangeError(`bias has shape ${shapeText(shape(b))}, expected (${W.rows}, 1)`);
  }
  if (W.columns !== A.rows) {
    throw new RangeError(`shapes (${W.rows},${W.columns}) and (${A.rows},${A.columns}) not aligned: ${W.columns} (dim 1) != ${A.rows} (dim 0)`);
  }
  const z = uninitialized(W.rows, A.columns);
  const a = uninitialized(W.rows, A.columns);
  linearReluRows(rowsOf(W), rowsOf(A), rowsOf(b), rowsOf(z), rowsOf(a), W.rows, W.columns, A.columns);
  return [z, a];
}

/** The parameters of the 3-layer network, shape-checked against X. */
function layers(parameters: Parameters, nx: number): Matrix[] {
  const W1 = getMatrix(parameters, "W1", "parameters");
  if (W1.columns !== nx) {
    throw new RangeError(`parameters["W1"] has shape ${shapeText(shape(W1))}, expected (n1, ${nx}) for X with ${nx} rows`);
  }
  const b1 = getMatrix(parameters, "b1", "parameters", [W1.rows, 1]);
  const W2 = getMatrix(parameters, "W2", "parameters");
  if (W2.columns !== W1.rows) {
    throw new RangeError(`parameters["W2"] has shape ${shapeText(shape(W2))}, expected (n2, ${W1.rows})`);
  }
  const b2 = getMatrix(parameters, "b2", "parameters", [W2.rows, 1]);
  const W3 = getMatrix(parameters, "W3", "parameters");
  if (W3.columns !== W2.rows) {
    throw new RangeError(`parameters["W3"] has shape ${shapeText(shape(W3))}, expected (n3, ${W2.rows})`);
  }
  const b3 = getMatrix(parameters, "b3", "parameters", [W3.rows, 1]);
  return [W1, b1, W2, b2, W3, b3];
}

/**
 * Forward pass LINEAR→RELU→LINEAR→RELU→LINEAR→SIGMOID.
 * @param X inputs `(n_x, m)`
 * @param parameters W1 `(n1,n_x)`, b1 `(n1,1)`, W2 `(n2,n1)`, b2, W3 `(1,n2)`, b3
 * In a training loop, run each iteration inside `tidy` (core/memory.ts): the
 * matrices of one iteration are then recycled for the next.
 * @returns `[a3 (1,m), cache]`
 * @throws Error naming a missing or misshapen parameter.
 */
export function forwardPropagation(X: Matrix, parameters: Parameters): [Matrix, Cache3] {
  if (!(X instanceof Matrix)) throw new TypeError(`X must be a Matrix, got ${describeValue(X)}`);
  const [W1, b1, W2, b2, W3, b3] = layers(parameters, X.rows);
  const m = X.columns;
  const [z1, a1] = linearRelu(W1, X, b1);
  const [z2, a2] = linearRelu(W2, a1, b2);
  const z3 = linearForward(W3, a2, b3);
  const a3 = sigmoid(z3, uninitialized(W3.rows, m));
  return [a3, [z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3]];
}

/** Row sums with numpy's pairwise order into a `(n,1)` column (`np.sum(axis=1, keepdims=True)`). */
function rowSums(a: Matrix, out: Matrix): Matrix {
  rowSumsInto(rowsOf(a), rowsOf(out), a.rows, a.columns);
  return out;
}

/**
 * Backward pass of the Initialization helper: `dz3 = (1/m)(a3 − Y)`, then
 * dW3 = dz3·a2ᵀ, db3 = Σ dz3, ..., down to dW1, db1 (no further 1/m).
 * @param X inputs `(n_x, m)`; Y labels `(1, m)`; cache from {@link forwardPropagation}
 * @returns dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1
 * @throws RangeError when Y is not `(1, m)`.
 */
export function backwardPropagation(X: Matrix, Y: Matrix, cache: Cache3): Gradients {
  const m = X.columns;
  if (!(Y instanceof Matrix) || Y.rows !== 1 || Y.columns !== m) {
    throw new RangeError(`Y has shape ${Y instanceof Matrix ? shapeText(shape(Y)) : describeValue(Y)}, expected (1, ${m})`);
  }
  const [, a1, , , , a2, W2, , , a3, W3] = cache;
  // dz3 = (1/m) * (a3 - Y)
  const dz3 = subtract(a3, Y, uninitialized(1, m));
  multiply(1 / m, dz3, dz3);
  const dW3 = dotTransB(dz3, a2, uninitialized(1, a2.rows));
  const db3 = rowSums(dz3, uninitialized(1, 1));
  const da2 = uninitialized(W3.columns, m);
  const dz2 = uninitialized(W3.columns, m);
  backwardReluRows(rowsOf(W3), rowsOf(dz3), rowsOf(a2), rowsOf(da2), rowsOf(dz2), W3.columns, W3.rows, m);
  const dW2 = dotTransB(dz2, a1, uninitialized(dz2.rows, a1.rows));
  const db2 = rowSums(dz2, uninitialized(dz2.rows, 1));
  const da1 = uninitialized(W2.columns, m);
  const dz1 = uninitialized(W2.columns, m);
  backwardReluRows(rowsOf(W2), rowsOf(dz2), rowsOf(a1), rowsOf(da1), rowsOf(dz1), W2.columns, W2.rows, m);
  const dW1 = dotTransB(dz1, X, uninitialized(dz1.rows, X.rows));
  const db1 = rowSums(dz1, uninitialized(dz1.rows, 1));
  return { dz3, dW3, db3, da2, dz2, dW2, db2, da1, dz1, dW1, db1 };
}

/*
 * The dictionary keys of the update ("W1", "dW1", ...), made once: a key built
 * by concatenation in every iteration is a new string, which the engine must
 * look up in its string table before it can read the property.
 */
const layerKeys = new Map<string, string[]>();
function layerKey(prefix: string, l: number): string {
  let keys = layerKeys.get(prefix);
  if (keys === undefined) {
    keys = [];
    layerKeys.set(prefix, keys);
  }
  for (let i = keys.length; i <= l; i++) keys.push(`${prefix}${i}`);
  return keys[l];
}
const gradientKeys = new Map<string, string>();
function gradientKey(key: string): string {
  let g = gradientKeys.get(key);
  if (g === undefined) {
    g = `d${key}`;
    gradientKeys.set(key, g);
  }
  return g;
}

/**
 * One step of gradient descent, `W = W − lr·dW`, `b = b − lr·db` for every
 * layer. The matrices are updated in place and the same dictionary is
 * returned (the course's version rebinds the entries of the dictionary it was
 * given, so callers see the new values either way; in place, no memory is
 * allocated 15,000 times).
 * @throws Error naming a missing or misshapen gradient.
 */
export function updateParameters(parameters: Parameters, grads: Gradients, learningRate: number): Parameters {
  for (let l = 1; layerKey("W", l) in parameters; l++) {
    subtractScaledInPlace(parameters, grads, layerKey("W", l), learningRate);
    subtractScaledInPlace(parameters, grads, layerKey("b", l), learningRate);
  }
  return parameters;
}

/** `parameters[key] -= learningRate * grads["d" + key]`, element by element in place. */
export function subtractScaledInPlace(parameters: Parameters, grads: Gradients, key: string, learningRate: number): void {
  const p = getMatrix(parameters, key, "parameters");
  const g = getMatrix(grads, gradientKey(key), "grads", [p.rows, p.columns]);
  const P = rowsOf(p);
  const G = rowsOf(g);
  for (let i = 0; i < p.rows; i++) {
    const pi = P[i];
    const gi = G[i];
    for (let j = 0; j < pi.length; j++) pi[j] = pi[j] - learningRate * gi[j];
  }
}

let lossTerms = new Float64Array(0);

/**
 * The cross-entropy terms `−log(a3)·Y − log(1−a3)·(1−Y)` exactly as numpy
 * computes them (nan where numpy's `0·∞` gives nan), in row-major order, in a
 * scratch array that the next call overwrites. For 0/1 labels one of the two
 * products is an exact ±0, so one log is enough.
 * @returns the scratch array; its first `a3.rows * a3.columns` entries are the terms
 * @throws RangeError when a3 and Y differ in shape.
 */
export function crossEntropyTerms(a3: Matrix, Y: Matrix): Float64Array {
  if (a3.rows !== Y.rows || a3.columns !== Y.columns) {
    throw new RangeError(`a3 has shape ${shapeText(shape(a3))} but Y has shape ${shapeText(shape(Y))}`);
  }
  const count = a3.rows * a3.columns;
  const A = rowsOf(a3);
  const Yr = rowsOf(Y);
  const inWasm = crossEntropyLibm(A, Yr, a3.rows, a3.columns);
  if (inWasm !== null) return inWasm;
  if (lossTerms.length < count) lossTerms = new Float64Array(count);
  const terms = lossTerms;
  let t = 0;
  for (let i = 0; i < a3.rows; i++) {
    const ai = A[i];
    const yi = Yr[i];
    for (let j = 0; j < ai.length; j++) {
      const a = ai[j];
      const y = yi[j];
      if (y === 1) {
        // (−log a)·1 + (−log(1−a))·0: the second product is ±0, or nan when 1−a is 0 (or a is nan)
        terms[t++] = 1 - a === 0 || a !== a ? NaN : -libmLog(a);
      } else if (y === 0) {
        terms[t++] = a === 0 || a !== a ? NaN : -libmLog(1 - a);
      } else {
        terms[t++] = -libmLog(a) * y + -libmLog(1 - a) * (1 - y);
      }
    }
  }
  return terms;
}

/**
 * The cross-entropy loss `(1/m) · nansum(−log(a3)·Y − log(1−a3)·(1−Y))`.
 * A `0·∞` term (nan) is dropped as numpy's `nansum` does; a confident wrong
 * answer (a3 exactly 0 or 1 on the wrong side) makes the loss `Infinity`.
 * @throws RangeError when a3 and Y differ in shape.
 */
export function computeLoss(a3: Matrix, Y: Matrix): number {
  if (a3.rows === Y.rows && a3.columns === Y.columns) {
    const inWasm = crossEntropySumLibm(rowsOf(a3), rowsOf(Y), a3.rows, a3.columns, true);
    if (inWasm !== null) return (1 / Y.columns) * inWasm;
  }
  const terms = crossEntropyTerms(a3, Y);
  const count = a3.rows * a3.columns;
  for (let t = 0; t < count; t++) if (terms[t] !== terms[t]) terms[t] = 0;
  return (1 / Y.columns) * pairwiseSum(terms, 0, count);
}

/**
 * Predicts labels (1 where a3 > 0.5) and prints `Accuracy: <python float>`
 * against the true labels, as the course's `predict`.
 * @returns the 0/1 predictions `(1, m)` (print them with `str(p, { dtype: "int64" })`)
 */
export function predict(X: Matrix, y: Matrix, parameters: Parameters): Matrix {
  const [a3] = forwardPropagation(X, parameters);
  const p = predictDec(parameters, X, a3);
  console.log(`Accuracy: ${reprFloat(accuracy(p, y))}`);
  return p;
}

/** The share of equal entries of two `(1, m)` label rows (numpy `np.mean(p[0,:] == y[0,:])`). */
export function accuracy(p: Matrix, y: Matrix): number {
  if (p.columns !== y.columns || y.rows !== 1) {
    throw new RangeError(`labels have shape ${shapeText(shape(y))}, expected (1, ${p.columns})`);
  }
  const P = rowsOf(p)[0];
  const Y = rowsOf(y)[0];
  let equal = 0;
  for (let j = 0; j < P.length; j++) if (P[j] === Y[j]) equal++;
  return equal / P.length;
}

/**
 * The predicted class of each column of X (1 where a3 > 0.5), course `predict_dec`.
 * @returns a `(1, m)` 0/1 matrix
 */
export function predictDec(parameters: Parameters, X: Matrix, a3?: Matrix): Matrix {
  const out = a3 ?? forwardPropagation(X, parameters)[0];
  const p = uninitialized(1, out.columns);
  const A = rowsOf(out)[0];
  const P = rowsOf(p)[0];
  for (let j = 0; j < A.length; j++) P[j] = A[j] > 0.5 ? 1 : 0;
  return p;
}

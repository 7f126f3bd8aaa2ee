/**
 * Builders of hidden-case inputs shared by several notebooks: labels,
 * parameters and gradients drawn from the library's numpy-faithful generator,
 * and TensorFlow.js tensors drawn from it.
 */
import { type Matrix, greater, random, type Parameters } from "dnnlab";
import { tfjs } from "dnnlab/course/tensorflow";
import type { CompareOptions } from "../compare";
import type { HiddenCase } from "./types";

/** A 0/1 label row of m entries, drawn from the current state of `random`. */
export function labels(m: number): Matrix {
  return greater(random.rand(1, m), 0.5);
}

/** Weights W_l = randn(n_l, n_{l-1}) and biases b_l = randn(n_l, 1) · 0.1 for the given sizes. */
export function drawParameters(sizes: readonly number[]): Parameters {
  const p: Parameters = {};
  for (let l = 1; l < sizes.length; l++) {
    p[`W${l}`] = random.randn(sizes[l], sizes[l - 1]);
    const b = random.randn(sizes[l], 1);
    for (let i = 0; i < b.rows; i++) b.set(i, 0, 0.1 * b.get(i, 0));
    p[`b${l}`] = b;
  }
  return p;
}

/** Gradient Checking: X (4, m), Y, the fraud model's parameters and its gradients (buggy or fixed backward pass). */
export function fraudCase(seed: number, m: number, backward: "buggy" | "fixed", epsilon = 1e-7): HiddenCase {
  return {
    label: `seed ${seed}, X of shape (4, ${m}), gradients from the ${backward === "buggy" ? "buggy backwardPropagationN" : "corrected backwardPropagationNFixed"}, epsilon = ${epsilon}`,
    needs: ["forwardPropagationN", "backwardPropagationN", "backwardPropagationNFixed"],
    args: (nb) => {
      random.seed(seed);
      const X = random.randn(4, m);
      const Y = labels(m);
      const parameters = drawParameters([4, 5, 3, 1]);
      const [, cache] = nb.forwardPropagationN(X, Y, parameters);
      const gradients = backward === "buggy" ? nb.backwardPropagationN(X, Y, cache) : nb.backwardPropagationNFixed(X, Y, cache);
      return [parameters, gradients, X, Y, epsilon, false];
    },
  };
}

/** Regularization: X (n0, m), Y and random parameters for the layer sizes. */
export function regularizationInputs(seed: number, sizes: readonly number[], m: number): { X: Matrix; Y: Matrix; parameters: Parameters } {
  random.seed(seed);
  const X = random.randn(sizes[0], m);
  const Y = labels(m);
  const parameters = drawParameters(sizes);
  return { X, Y, parameters };
}

/** Gradients (or moving averages) dW1, db1, ... shaped like `parameters`, drawn from `random` and scaled. */
export function drawLike(parameters: Parameters, scale = 1, squared = false): Parameters {
  const g: Parameters = {};
  for (const [key, p] of Object.entries(parameters)) {
    const d = random.randn(p.rows, p.columns);
    for (let i = 0; i < d.rows; i++)
      for (let j = 0; j < d.columns; j++) {
        const x = scale * d.get(i, j);
        d.set(i, j, squared ? x * x : x);
      }
    g[`d${key}`] = d;
  }
  return g;
}

/**
 * TensorFlow: a float32 tensor of the given shape with standard normal
 * entries times `scale`, drawn from `random` (so it is the same on every call
 * after the same seed).
 */
export function normalTensor(rows: number, cols: number, scale = 1) {
  const m = random.randn(rows, cols);
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[i * cols + j] = scale * m.get(i, j);
  return tfjs().tensor2d(values, [rows, cols], "float32");
}

/** TensorFlow: the parameters W1, b1, ... of a network with these layer sizes, as variables (Glorot-like scale). */
export function tfParameters(sizes: readonly number[]) {
  const tf = tfjs();
  const p: Record<string, ReturnType<typeof tf.variable>> = {};
  for (let l = 1; l < sizes.length; l++) {
    p[`W${l}`] = tf.variable(normalTensor(sizes[l], sizes[l - 1], Math.sqrt(2 / (sizes[l] + sizes[l - 1]))));
    p[`b${l}`] = tf.variable(normalTensor(sizes[l], 1, 0.1));
  }
  return p;
}

/** TensorFlow: one-hot labels (classes, m), float32, the class of each example drawn uniformly. */
export function oneHotLabels(classes: number, m: number) {
  const values = new Float32Array(classes * m);
  for (let j = 0; j < m; j++) values[random.randomInterval(classes - 1) * m + j] = 1;
  return tfjs().tensor2d(values, [classes, m], "float32");
}

/**
 * Float32 results computed in another order (a learner's own softmax, a
 * different but equivalent sequence of operations) differ in the last bits.
 */
export const FLOAT32: CompareOptions = { rtol: 1e-4, atol: 1e-6 };

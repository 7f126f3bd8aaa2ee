/**
 * The autograder's hidden cases: for each notebook (by file name, without
 * `.ipynb`) and graded function, inputs that the notebook does not show
 * (other seeds, shapes and arguments). `npm run grade` calls the submitted
 * function on them and compares the result with the expected value: a
 * literal given here, or else what the solution notebook's own function
 * returns on the same inputs (the solution is the reference implementation).
 *
 * This table is the only place to edit when adding hidden cases (see the
 * README, "Exercises and grading"). A case is data:
 *
 *   { label: "seed 2, m = 7, lambd = 0.3",            // what a learner is told
 *     args: (nb) => [...],                             // fresh inputs, built on each call
 *     expected?: value,                                // literal; default: the solution's result
 *     compare?: { rtol, atol, extraKeys } | (expected, actual) => string | null,
 *     needs?: ["forwardPropagationN"] }                // notebook names `args` uses (nb.<name>)
 *
 * `args` receives the solution notebook's top-level values (functions,
 * constants) under their names; it is called once for the reference and once
 * for the submission, so inputs must be rebuilt (seed first) every time.
 * A function may also set `timeLimitSeconds` (default 20) and `memoryMb`
 * (default 512).
 */
import { Matrix } from "ml-matrix";
import { random } from "../random";
import { greater, zeros } from "../matrix";
import * as regUtils from "../regUtils";
import { tfjs } from "../tfUtils";
import type { Parameters } from "../network";
import type { CompareOptions } from "./compare";

/** The solution notebook's top-level values, by name. */
export type NotebookScope = { readonly [name: string]: any };

export interface HiddenCase {
  /** Shown to the learner when the case fails: the inputs in words. */
  readonly label: string;
  /** Builds fresh arguments (seed the generator first when drawing). */
  readonly args: (nb: NotebookScope) => unknown[];
  /** The expected result; when absent, the solution notebook's function computes it from the same arguments. */
  readonly expected?: unknown;
  /** Tolerances, or a custom comparison returning why `actual` is wrong (null when right). */
  readonly compare?: CompareOptions | ((expected: unknown, actual: unknown) => string | null);
  /** Notebook names that `args` uses (added to the reference module). */
  readonly needs?: readonly string[];
}

export interface FunctionGrading {
  readonly hidden: readonly HiddenCase[];
  /** Time limit for the whole function (public check + hidden cases), default 20 s. */
  readonly timeLimitSeconds?: number;
  /** Heap limit of the worker that runs it, default 512 MB. */
  readonly memoryMb?: number;
}

export type AssignmentGrading = { readonly [functionName: string]: FunctionGrading };

// ---------------------------------------------------------------------------
// Input builders

/** A 0/1 label row of m entries, drawn from the current state of `random`. */
function labels(m: number): Matrix {
  return greater(random.rand(1, m), 0.5);
}

/** Weights W_l = randn(n_l, n_{l-1}) and biases b_l = randn(n_l, 1) · 0.1 for the given sizes. */
function drawParameters(sizes: readonly number[]): Parameters {
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
function fraudCase(seed: number, m: number, backward: "buggy" | "fixed", epsilon = 1e-7): HiddenCase {
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
function regularizationInputs(seed: number, sizes: readonly number[], m: number): { X: Matrix; Y: Matrix; parameters: Parameters } {
  random.seed(seed);
  const X = random.randn(sizes[0], m);
  const Y = labels(m);
  const parameters = drawParameters(sizes);
  return { X, Y, parameters };
}

/** Gradients (or moving averages) dW1, db1, ... shaped like `parameters`, drawn from `random` and scaled. */
function drawLike(parameters: Parameters, scale = 1, squared = false): Parameters {
  const g: Parameters = {};
  for (const [key, p] of Object.entries(parameters)) {
    const d = random.randn(p.rows, p.columns);
    for (let i = 0; i < d.rows; i++) for (let j = 0; j < d.columns; j++) {
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
function normalTensor(rows: number, cols: number, scale = 1) {
  const m = random.randn(rows, cols);
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) values[i * cols + j] = scale * m.get(i, j);
  return tfjs().tensor2d(values, [rows, cols], "float32");
}

/** TensorFlow: the parameters W1, b1, ... of a network with these layer sizes, as variables (Glorot-like scale). */
function tfParameters(sizes: readonly number[]) {
  const tf = tfjs();
  const p: Record<string, ReturnType<typeof tf.variable>> = {};
  for (let l = 1; l < sizes.length; l++) {
    p[`W${l}`] = tf.variable(normalTensor(sizes[l], sizes[l - 1], Math.sqrt(2 / (sizes[l] + sizes[l - 1]))));
    p[`b${l}`] = tf.variable(normalTensor(sizes[l], 1, 0.1));
  }
  return p;
}

/** TensorFlow: one-hot labels (classes, m), float32, the class of each example drawn uniformly. */
function oneHotLabels(classes: number, m: number) {
  const values = new Float32Array(classes * m);
  for (let j = 0; j < m; j++) values[random.randomInterval(classes - 1) * m + j] = 1;
  return tfjs().tensor2d(values, [classes, m], "float32");
}

/**
 * Float32 results computed in another order (a learner's own softmax, a
 * different but equivalent sequence of operations) differ in the last bits.
 */
const FLOAT32: CompareOptions = { rtol: 1e-4, atol: 1e-6 };

// ---------------------------------------------------------------------------
// The cases

export const hiddenCases: { readonly [assignment: string]: AssignmentGrading } = {
  Gradient_Checking: {
    forwardPropagation: {
      hidden: [
        { label: "x = -1.5, theta = 0.25", args: () => [-1.5, 0.25], expected: -0.375 },
        { label: "x = 3, theta = -7", args: () => [3, -7], expected: -21 },
        { label: "x = 0.001, theta = 5000", args: () => [0.001, 5000], expected: 5 },
      ],
    },
    backwardPropagation: {
      hidden: [
        { label: "x = -1.5, theta = 0.25", args: () => [-1.5, 0.25], expected: -1.5 },
        { label: "x = 3, theta = -7", args: () => [3, -7], expected: 3 },
        { label: "x = 0.001, theta = 5000", args: () => [0.001, 5000], expected: 0.001 },
      ],
    },
    gradientCheck: {
      // For the linear J the difference is rounding noise near 0; a wrong formula gives ~0.33 or more.
      hidden: [
        { label: "x = -1.5, theta = 0.25", args: () => [-1.5, 0.25] },
        { label: "x = 3, theta = -7, epsilon = 1e-4", args: () => [3, -7, 1e-4, false] },
        { label: "x = 12, theta = 0.5, epsilon = 1e-6", args: () => [12, 0.5, 1e-6, false] },
      ],
    },
    gradientCheckN: {
      hidden: [fraudCase(2, 5, "buggy"), fraudCase(2, 5, "fixed"), fraudCase(7, 8, "fixed", 1e-6), fraudCase(11, 1, "buggy")],
    },
  },

  Initialization: {
    initializeParametersZeros: {
      hidden: [
        { label: "layersDims = [5, 4, 3, 2, 1]", args: () => [[5, 4, 3, 2, 1]] },
        { label: "layersDims = [7, 3]", args: () => [[7, 3]] },
        { label: "layersDims = [1, 1]", args: () => [[1, 1]], expected: { W1: zeros(1, 1), b1: zeros(1, 1) } },
      ],
    },
    initializeParametersRandom: {
      hidden: [
        { label: "layersDims = [4, 5, 3]", args: () => [[4, 5, 3]] },
        { label: "layersDims = [2, 3, 3, 1]", args: () => [[2, 3, 3, 1]] },
        // seed 3: randn(1,1) = 1.788628473..., times 10
        { label: "layersDims = [1, 1]", args: () => [[1, 1]], expected: { W1: new Matrix([[17.88628473]]), b1: zeros(1, 1) } },
      ],
    },
    initializeParametersHe: {
      hidden: [
        { label: "layersDims = [5, 3, 2, 1]", args: () => [[5, 3, 2, 1]] },
        { label: "layersDims = [6, 8, 4]", args: () => [[6, 8, 4]] },
        // seed 3: randn(1, 8) starts 1.78862847, 0.43650985, ...; times sqrt(2/8) = 0.5
        {
          label: "layersDims = [8, 1]",
          args: () => [[8, 1]],
          expected: {
            W1: new Matrix([[0.894314235, 0.218254925, 0.04824874, -0.931746351, -0.138694102, -0.177379490, -0.041370741, -0.313500339]]),
            b1: zeros(1, 1),
          },
        },
      ],
    },
  },

  Regularization: {
    computeCostWithRegularization: {
      hidden: [
        ...([
          [2, 7, 0.3],
          [4, 3, 2.5],
          [5, 10, 0],
        ] as const).map(([seed, m, lambd]) => ({
          label: `seed ${seed}, layers [3, 4, 2, 1], m = ${m}, lambd = ${lambd}`,
          args: () => {
            const { Y, parameters } = regularizationInputs(seed, [3, 4, 2, 1], m);
            const A3 = random.rand(1, m);
            for (let j = 0; j < m; j++) A3.set(0, j, 0.05 + 0.9 * A3.get(0, j));
            return [A3, Y, parameters, lambd];
          },
        })),
      ],
    },
    backwardPropagationWithRegularization: {
      hidden: [
        ...([
          [3, 6, 0.4],
          [8, 4, 0],
          [9, 10, 1.5],
        ] as const).map(([seed, m, lambd]) => ({
          label: `seed ${seed}, layers [3, 4, 2, 1], m = ${m}, lambd = ${lambd}`,
          args: () => {
            const { X, Y, parameters } = regularizationInputs(seed, [3, 4, 2, 1], m);
            const [, cache] = regUtils.forwardPropagation(X, parameters);
            return [X, Y, cache, lambd];
          },
        })),
      ],
    },
    forwardPropagationWithDropout: {
      hidden: [
        ...([
          [2, 6, 0.5],
          [3, 4, 0.9],
          [4, 5, 1],
        ] as const).map(([seed, m, keepProb]) => ({
          label: `seed ${seed}, layers [3, 4, 3, 1], m = ${m}, keepProb = ${keepProb}`,
          args: () => {
            const { X, parameters } = regularizationInputs(seed, [3, 4, 3, 1], m);
            return [X, parameters, keepProb];
          },
        })),
      ],
    },
    backwardPropagationWithDropout: {
      hidden: [
        ...([
          [2, 6, 0.5],
          [5, 3, 0.8],
        ] as const).map(([seed, m, keepProb]) => ({
          label: `seed ${seed}, layers [3, 4, 3, 1], m = ${m}, keepProb = ${keepProb} (cache from forwardPropagationWithDropout)`,
          needs: ["forwardPropagationWithDropout"],
          args: (nb: NotebookScope) => {
            const { X, Y, parameters } = regularizationInputs(seed, [3, 4, 3, 1], m);
            const [, cache] = nb.forwardPropagationWithDropout(X, parameters, keepProb);
            return [X, Y, cache, keepProb];
          },
        })),
      ],
    },
  },

  Optimization_methods: {
    updateParametersWithGd: {
      hidden: [
        ...([
          [2, [3, 4, 1], 0.1],
          [6, [2, 5, 3, 1], 0.002],
        ] as const).map(([seed, sizes, learningRate]) => ({
          label: `seed ${seed}, layers [${sizes.join(", ")}], learningRate = ${learningRate}`,
          args: () => {
            random.seed(seed);
            const parameters = drawParameters(sizes);
            return [parameters, drawLike(parameters), learningRate];
          },
        })),
      ],
    },
    randomMiniBatches: {
      hidden: [
        ...([
          [5, 150, 32, 3],
          [5, 150, 50, 4],
          [3, 10, 64, 5],
        ] as const).map(([n, m, size, seed]) => ({
          label: `X of shape (${n}, ${m}), miniBatchSize = ${size}, seed = ${seed}`,
          args: () => {
            random.seed(100 + seed);
            return [random.randn(n, m), labels(m), size, seed];
          },
        })),
      ],
    },
    initializeVelocity: {
      hidden: [
        { label: "layers [4, 3, 2, 1]", args: () => (random.seed(1), [drawParameters([4, 3, 2, 1])]) },
        { label: "layers [7, 1]", args: () => (random.seed(2), [drawParameters([7, 1])]) },
      ],
    },
    updateParametersWithMomentum: {
      hidden: [
        ...([
          [3, [3, 4, 1], 0.8, 0.05],
          [4, [2, 3, 2, 1], 0, 0.1],
        ] as const).map(([seed, sizes, beta, learningRate]) => ({
          label: `seed ${seed}, layers [${sizes.join(", ")}], beta = ${beta}, learningRate = ${learningRate}`,
          args: () => {
            random.seed(seed);
            const parameters = drawParameters(sizes);
            return [parameters, drawLike(parameters), drawLike(parameters, 0.1), beta, learningRate];
          },
        })),
      ],
    },
    initializeAdam: {
      hidden: [
        { label: "layers [2, 5, 1]", args: () => (random.seed(1), [drawParameters([2, 5, 1])]) },
        { label: "layers [3, 3, 3, 2]", args: () => (random.seed(2), [drawParameters([3, 3, 3, 2])]) },
      ],
    },
    updateParametersWithAdam: {
      hidden: [
        ...([
          [5, [3, 4, 1], 1, 0.01, 0.9, 0.999, 1e-8],
          [6, [2, 3, 1], 7, 0.05, 0.8, 0.99, 1e-3],
        ] as const).map(([seed, sizes, t, learningRate, beta1, beta2, epsilon]) => ({
          label: `seed ${seed}, layers [${sizes.join(", ")}], t = ${t}, learningRate = ${learningRate}, beta1 = ${beta1}, beta2 = ${beta2}, epsilon = ${epsilon}`,
          args: () => {
            random.seed(seed);
            const parameters = drawParameters(sizes);
            return [parameters, drawLike(parameters), drawLike(parameters, 0.1), drawLike(parameters, 0.1, true), t, learningRate, beta1, beta2, epsilon];
          },
        })),
      ],
    },
    updateLr: {
      hidden: [
        { label: "learningRate0 = 0.3, epochNum = 10, decayRate = 0.5", args: () => [0.3, 10, 0.5], expected: 0.05 },
        { label: "learningRate0 = 1, epochNum = 0, decayRate = 2", args: () => [1, 0, 2], expected: 1 },
        { label: "learningRate0 = 0.02, epochNum = 3, decayRate = 1", args: () => [0.02, 3, 1], expected: 0.005 },
      ],
    },
    scheduleLrDecay: {
      hidden: [
        { label: "learningRate0 = 0.5, epochNum = 999, decayRate = 0.3, timeInterval = 1000", args: () => [0.5, 999, 0.3, 1000], expected: 0.5 },
        { label: "learningRate0 = 0.5, epochNum = 2500, decayRate = 0.3, timeInterval = 1000", args: () => [0.5, 2500, 0.3, 1000], expected: 0.5 / 1.6 },
        { label: "learningRate0 = 0.1, epochNum = 7, decayRate = 1, timeInterval = 3", args: () => [0.1, 7, 1, 3], expected: 0.1 / 3 },
        { label: "learningRate0 = 0.1, epochNum = 7000, decayRate = 1 (default timeInterval)", args: () => [0.1, 7000, 1], expected: 0.1 / 8 },
      ],
    },
  },

  TensorFlow_introduction: {
    linearFunction: {
      hidden: [
        {
          label: "called after other draws from random (the function must seed the generator itself)",
          args: () => (random.seed(7), random.randn(5, 5), []),
          compare: FLOAT32,
        },
      ],
    },
    sigmoid: {
      hidden: [
        ...[2.5, -30, 0.001, 100].map((z) => ({ label: `z = ${z}`, args: () => [z], compare: FLOAT32 })),
      ],
    },
    oneHotMatrix: {
      hidden: [
        { label: "label tf.scalar(5, 'int32'), default depth (6)", args: () => [tfjs().scalar(5, "int32")] },
        { label: "label [0], depth = 3", args: () => [[0], 3] },
        { label: "label 7 (a number), depth = 10", args: () => [7, 10] },
        { label: "label tf.tensor1d([4], 'int32'), depth = 6", args: () => [tfjs().tensor1d([4], "int32"), 6] },
      ],
    },
    initializeParameters: {
      hidden: [
        {
          // The public check tests shapes and statistics; this one the values:
          // Glorot normal with the seeds the cell gives (1 to 6).
          label: "the values: tf.initializers.glorotNormal with seed i + 1 for the i-th parameter",
          args: () => [],
          compare: FLOAT32,
        },
      ],
    },
    forwardPropagation: {
      hidden: [
        ...([
          [1, [5, 4, 3, 2], 7],
          [2, [12288, 25, 12, 6], 3],
          [3, [3, 1, 1, 4], 1],
        ] as const).map(([seed, sizes, m]) => ({
          label: `seed ${seed}, layers [${sizes.join(", ")}], X of shape (${sizes[0]}, ${m})`,
          args: () => {
            random.seed(seed);
            const parameters = tfParameters(sizes);
            return [normalTensor(sizes[0], m), parameters];
          },
          compare: FLOAT32,
        })),
      ],
    },
    computeCost: {
      hidden: [
        ...([
          [1, 6, 1],
          [2, 6, 4],
          [3, 6, 9],
          [4, 3, 5],
        ] as const).map(([seed, classes, m]) => ({
          label: `seed ${seed}, logits and one-hot labels of shape (${classes}, ${m})`,
          args: () => {
            random.seed(seed);
            const logits = normalTensor(classes, m, 2);
            return [logits, oneHotLabels(classes, m)];
          },
          compare: FLOAT32,
        })),
      ],
    },
  },
};

/** The grading data of one function ({ hidden: [] } when there is none). */
export function gradingFor(assignment: string, functionName: string): FunctionGrading {
  return hiddenCases[assignment]?.[functionName] ?? { hidden: [] };
}

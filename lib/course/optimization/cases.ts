/**
 * The Optimization notebook's test cases (the course's `testCases`, "old"
 * layout: W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1)), drawn in the course's order.
 */
import type { Matrix } from "ml-matrix";
import { random } from "../../numpy/random";
import { zeros } from "../../core/matrix";
import { less } from "../../numpy/elementwise";
import type { Gradients, Parameters } from "../../nn/network";
import { loadParamsAndGrads } from "./utils";

// ---------------------------------------------------------------------------
// Test cases (course draw order)

/** The 8 draws after `random.seed(1)`: W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1), dW1, db1, dW2, db2. */
function parametersAndGrads(): [Parameters, Gradients] {
  const [W1, b1, W2, b2, dW1, db1, dW2, db2] = loadParamsAndGrads(1);
  return [
    { W1, b1, W2, b2 },
    { dW1, db1, dW2, db2 },
  ];
}

export function zeroMoments(): Gradients {
  return { dW1: zeros(2, 3), db1: zeros(2, 1), dW2: zeros(3, 3), db2: zeros(3, 1) };
}

/**
 * `update_parameters_with_gd_test_case`: `random.seed(1)`, then W1 (2,3),
 * b1 (2,1), W2 (3,3), b2 (3,1), dW1, db1, dW2, db2 from `randn`.
 * @returns `[parameters, grads, 0.01]`
 */
export function updateParametersWithGdTestCase(): [Parameters, Gradients, number] {
  const [parameters, grads] = parametersAndGrads();
  return [parameters, grads, 0.01];
}

/**
 * `random_mini_batches_test_case`: `random.seed(1)`, X = randn(12288, 148),
 * Y = randn(1, 148) < 0.5 (as 0/1), mini-batch size 64.
 * @returns `[X (12288,148), Y (1,148), 64]`
 */
export function randomMiniBatchesTestCase(): [Matrix, Matrix, number] {
  random.seed(1);
  const X = random.randn(12288, 148);
  const Y = less(random.randn(1, 148), 0.5);
  return [X, Y, 64];
}

/** `initialize_velocity_test_case`: `random.seed(1)`, W1 (2,3), b1 (2,1), W2 (3,3), b2 (3,1). */
export function initializeVelocityTestCase(): Parameters {
  random.seed(1);
  const W1 = random.randn(2, 3);
  const b1 = random.randn(2, 1);
  const W2 = random.randn(3, 3);
  const b2 = random.randn(3, 1);
  return { W1, b1, W2, b2 };
}

/**
 * `update_parameters_with_momentum_test_case`: the gd case's 8 draws and zero velocities.
 * @returns `[parameters, grads, v]`
 */
export function updateParametersWithMomentumTestCase(): [Parameters, Gradients, Gradients] {
  const [parameters, grads] = parametersAndGrads();
  return [parameters, grads, zeroMoments()];
}

/** `initialize_adam_test_case`: the same 4 draws as {@link initializeVelocityTestCase}. */
export function initializeAdamTestCase(): Parameters {
  return initializeVelocityTestCase();
}

/**
 * `update_parameters_with_adam_test_case` (old 4-tuple): zero v and s (no
 * draws), then the gd case's 8 draws. The notebook then uses t = 2,
 * learning rate 0.02, beta1 0.8, beta2 0.888, epsilon 1e-2.
 * @returns `[parameters, grads, v, s]`
 */
export function updateParametersWithAdamTestCase(): [Parameters, Gradients, Gradients, Gradients] {
  const v = zeroMoments();
  const s = zeroMoments();
  const [parameters, grads] = parametersAndGrads();
  return [parameters, grads, v, s];
}

/**
 * The course's test cases (its `testCases` module): inputs drawn from the
 * global numpy-faithful `random` in the course's order, so they equal the
 * course's arrays bit for bit.
 */
import { Matrix } from "ml-matrix";
import { random } from "../../numpy/random";
import type { Parameters } from "../../nn/network";

/**
 * Gradient Checking, `gradient_check_n_test_case`: after `random.seed(1)`,
 * draws X (4,3), then W1 (5,4), b1 (5,1), W2 (3,5), b2 (3,1), W3 (1,3), b3 (1,1).
 * Y is the fixed row [[1, 1, 0]] (1,3).
 * @returns `[X (4,3), Y (1,3), parameters]`.
 */
export function gradientCheckNTestCase(): [Matrix, Matrix, Parameters] {
  random.seed(1);
  const X = random.randn(4, 3);
  const W1 = random.randn(5, 4);
  const b1 = random.randn(5, 1);
  const W2 = random.randn(3, 5);
  const b2 = random.randn(3, 1);
  const W3 = random.randn(1, 3);
  const b3 = random.randn(1, 1);
  const Y = new Matrix([[1, 1, 0]]);
  return [X, Y, { W1, b1, W2, b2, W3, b3 }];
}

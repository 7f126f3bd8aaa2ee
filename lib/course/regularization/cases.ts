/**
 * The Regularization notebook's test cases (the course's `testCases`): inputs
 * drawn from the global `random` in the course's order, or copied from the
 * course's literals (the caches of the backward passes, with the dropout
 * masks as 0/1 matrices).
 */
import { Matrix } from "ml-matrix";
import { random } from "../../numpy/random";
import type { Parameters } from "../../nn/network";

const m = (rows: number[][]): Matrix => new Matrix(rows);
const labels = (): Matrix => m([[1, 1, 0, 1, 0]]);

/** The course's cache literal shared by the backward test cases: Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3. */
export function regularizationCache(): [Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix] {
  return [
    m([
      [-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115],
      [-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242],
    ]),
    m([
      [0, 3.32524635, 2.13994541, 2.60700654, 0],
      [0, 4.1600994, 0.79051021, 1.46493512, 0],
    ]),
    m([
      [-1.09989127, -0.17242821, -0.87785842],
      [0.04221375, 0.58281521, -1.10061918],
    ]),
    m([[1.14472371], [0.90159072]]),
    m([
      [0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547],
      [-0.69166075, -3.47645987, -2.25194702, -2.65416996, -0.69166075],
      [-0.39675353, -4.62285846, -2.61101729, -3.22874921, -0.39675353],
    ]),
    m([
      [0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]),
    m([
      [0.50249434, 0.90085595],
      [-0.68372786, -0.12289023],
      [-0.93576943, -0.26788808],
    ]),
    m([[0.53035547], [-0.69166075], [-0.39675353]]),
    m([[-0.3771104, -4.10060224, -1.60539468, -2.18416951, -0.3771104]]),
    m([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]),
    m([[-0.6871727, -0.84520564, -0.67124613]]),
    m([[-0.0126646]]),
  ];
}

/** The six parameters drawn in the course's order after the current seed: W1 (2,3), b1 (2,1), W2 (3,2), b2 (3,1), W3 (1,3), b3 (1,1). */
function drawParameters(): Parameters {
  const W1 = random.randn(2, 3);
  const b1 = random.randn(2, 1);
  const W2 = random.randn(3, 2);
  const b2 = random.randn(3, 1);
  const W3 = random.randn(1, 3);
  const b3 = random.randn(1, 1);
  return { W1, b1, W2, b2, W3, b3 };
}

/**
 * `compute_cost_with_regularization_test_case`: seed 1, the six parameters,
 * fixed a3 (1,5) and Y = [[1, 1, 0, 1, 0]].
 * @returns `[A3 (1,5), Y (1,5), parameters]`
 */
export function computeCostWithRegularizationTestCase(): [Matrix, Matrix, Parameters] {
  random.seed(1);
  const parameters = drawParameters();
  const a3 = m([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]]);
  return [a3, labels(), parameters];
}

/**
 * `backward_propagation_with_regularization_test_case`: seed 1, X = randn(3,5),
 * Y = [[1, 1, 0, 1, 0]] and the course's cache literal.
 * @returns `[X (3,5), Y (1,5), cache]`
 */
export function backwardPropagationWithRegularizationTestCase(): [Matrix, Matrix, ReturnType<typeof regularizationCache>] {
  random.seed(1);
  const X = random.randn(3, 5);
  return [X, labels(), regularizationCache()];
}

/**
 * `forward_propagation_with_dropout_test_case`: seed 1, X = randn(3,5), then the six parameters.
 * @returns `[X (3,5), parameters]`
 */
export function forwardPropagationWithDropoutTestCase(): [Matrix, Parameters] {
  random.seed(1);
  const X = random.randn(3, 5);
  return [X, drawParameters()];
}

/** The dropout cache: Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3 (masks as 0/1 matrices). */
export type DropoutCache = [Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix, Matrix];

/**
 * `backward_propagation_with_dropout_test_case`: seed 1, X = randn(3,5),
 * Y = [[1, 1, 0, 1, 0]] and the course's cache literal (masks D1 (2,5), D2 (3,5) as 0/1).
 * @returns `[X (3,5), Y (1,5), cache]`
 */
export function backwardPropagationWithDropoutTestCase(): [Matrix, Matrix, DropoutCache] {
  random.seed(1);
  const X = random.randn(3, 5);
  // the weights, biases and Z1 are the shared cache literal's; masks and activations are dropout's
  const [Z1, , W1, b1, , , W2, b2, , , W3, b3] = regularizationCache();
  const cache: DropoutCache = [
    Z1,
    m([
      [1, 0, 1, 1, 1],
      [1, 1, 1, 1, 0],
    ]),
    m([
      [0, 0, 4.27989081, 5.21401307, 0],
      [0, 8.32019881, 1.58102041, 2.92987024, 0],
    ]),
    W1,
    b1,
    m([
      [0.53035547, 8.02565606, 4.10524802, 5.78975856, 0.53035547],
      [-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075],
      [-0.39675353, -2.62563561, -4.82528105, -6.0607449, -0.39675353],
    ]),
    m([
      [1, 0, 1, 0, 1],
      [0, 1, 0, 1, 1],
      [0, 0, 1, 0, 0],
    ]),
    m([
      [1.06071093, 0, 8.21049603, 0, 1.06071093],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]),
    W2,
    b2,
    m([[-0.7415562, -0.0126646, -5.65469333, -0.0126646, -0.7415562]]),
    m([[0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394]]),
    W3,
    b3,
  ];
  return [X, labels(), cache];
}

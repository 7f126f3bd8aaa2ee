/**
 * The Initialization notebook's checkers (the course's `public_tests`): the
 * zeros, the large random (seed 3, x10) and the He (seed 3, x sqrt(2/n_prev))
 * initializations against the course's values, keys, shapes and types.
 */
import { Matrix } from "ml-matrix";
import { parametersTest } from "../checks";

const m = (rows: number[][]): Matrix => new Matrix(rows);
const z = (r: number, c: number): Matrix => new Matrix(r, c);

/** Checks `initializeParametersZeros([3, 2, 1])` (all zeros, right shapes) and a second layout. */
export function initializeParametersZerosTest(target: (layersDims: number[]) => Record<string, Matrix>): void {
  parametersTest(
    [
      { input: [[3, 2, 1]], expected: { W1: z(2, 3), b1: z(2, 1), W2: z(1, 2), b2: z(1, 1) } },
      { input: [[4, 3, 2, 1]], expected: { W1: z(3, 4), b1: z(3, 1), W2: z(2, 3), b2: z(2, 1), W3: z(1, 2), b3: z(1, 1) } },
    ],
    target,
    "initializeParametersZeros",
  );
}

/** Checks `initializeParametersRandom([3, 2, 1])` against the course's values (seed 3, ×10). */
export function initializeParametersRandomTest(target: (layersDims: number[]) => Record<string, Matrix>): void {
  parametersTest(
    [
      {
        input: [[3, 2, 1]],
        expected: {
          W1: m([
            [17.88628473, 4.36509851, 0.96497468],
            [-18.63492703, -2.77388203, -3.54758979],
          ]),
          b1: z(2, 1),
          W2: m([[-0.82741481, -6.27000677]]),
          b2: z(1, 1),
        },
      },
    ],
    target,
    "initializeParametersRandom",
  );
}

/** Checks `initializeParametersHe([2, 4, 1])` against the course's values (seed 3, ×sqrt(2/n_prev)). */
export function initializeParametersHeTest(target: (layersDims: number[]) => Record<string, Matrix>): void {
  parametersTest(
    [
      {
        input: [[2, 4, 1]],
        expected: {
          W1: m([
            [1.78862847, 0.43650985],
            [0.09649747, -1.8634927],
            [-0.2773882, -0.35475898],
            [-0.08274148, -0.62700068],
          ]),
          b1: z(4, 1),
          W2: m([[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]),
          b2: z(1, 1),
        },
      },
      {
        input: [[3, 1, 2]],
        expected: {
          W1: m([[1.46040903, 0.3564088, 0.07878985]]),
          b1: z(1, 1),
          W2: m([[-2.63537665], [-0.39228616]]),
          b2: z(2, 1),
        },
      },
    ],
    target,
    "initializeParametersHe",
  );
}

/**
 * The Regularization notebook's checkers (the course's `public_tests`): the
 * regularized cost, the backward pass with L2, and the forward and backward
 * passes with dropout, on the test cases (cases.ts) against numpy's outputs
 * (8 printed digits or more).
 */
import { Matrix } from "ml-matrix";
import type { Gradients, Parameters } from "../../nn/network";
import { parametersTest, singleTest } from "../checks";
import {
  type DropoutCache,
  backwardPropagationWithDropoutTestCase,
  backwardPropagationWithRegularizationTestCase,
  computeCostWithRegularizationTestCase,
  forwardPropagationWithDropoutTestCase,
  type regularizationCache,
} from "./cases";

const m = (rows: number[][]): Matrix => new Matrix(rows);

const expectedBackwardRegularization = {
  dZ3: m([[-0.59317598, -0.98370716, 0.16722898, -0.89881889, 0.40682402]]),
  dW3: m([[-1.776913472, -0.1183287896, -0.0939744582]]),
  db3: m([[-0.380329806]]),
  dA2: m([
    [0.4076143398, 0.6759767051, -0.1149151897, 0.6176438035, -0.2795583602],
    [0.5013556838, 0.8314348397, -0.1413428771, 0.7596867952, -0.3438499562],
    [0.398167081, 0.6603096242, -0.1122518056, 0.6033287015, -0.273079049],
  ]),
  dZ2: m([
    [0.4076143398, 0.6759767051, -0.1149151897, 0.6176438035, -0.2795583602],
    [0, 0, -0, 0, -0],
    [0, 0, -0, 0, -0],
  ]),
  dW2: m([
    [0.7927648623, 0.8513391838],
    [-0.0957219004, -0.0172046322],
    [-0.1310077202, -0.0375043312],
  ]),
  db2: m([[0.2613522597], [0], [0]]),
  dA1: m([
    [0.2048238986, 0.3396744683, -0.05774423241, 0.3103625154, -0.1404764937],
    [0.3672018033, 0.6089576369, -0.1035220324, 0.5564080953, -0.2518418122],
  ]),
  dZ1: m([
    [0, 0.3396744683, -0.05774423241, 0.3103625154, -0],
    [0, 0.6089576369, -0.1035220324, 0.5564080953, -0],
  ]),
  dW1: m([
    [-0.2560464583, 0.1229882692, -0.2829712871],
    [-0.1770630258, 0.3453609434, -0.4410571024],
  ]),
  db1: m([[0.1184585503], [0.21236874]]),
};

const expectedForwardDropoutCache = {
  Z1: m([
    [-1.528553139, 3.325246346, 2.139945406, 2.607006536, -0.7594211464],
    [-1.980435378, 4.160099404, 0.7905102072, 1.464935122, -0.4550624204],
  ]),
  D1: m([
    [1, 0, 1, 1, 1],
    [1, 1, 1, 1, 1],
  ]),
  A1: m([
    [0, 0, 3.057064866, 3.724295052, 0],
    [0, 5.942999149, 1.129300296, 2.09276446, 0],
  ]),
  W1: m([
    [-1.099891267, -0.1724282076, -0.8778584179],
    [0.04221374672, 0.5828152137, -1.100619177],
  ]),
  b1: m([[1.14472371], [0.9015907206]]),
  Z2: m([
    [0.5303554667, 5.884141606, 3.083850146, 4.28707196, 0.5303554667],
    [-0.6916607517, -1.421997257, -2.920641136, -3.495245331, -0.6916607517],
    [-0.3967535269, -1.988812156, -3.559987474, -4.442461653, -0.3967535269],
  ]),
  D2: m([
    [1, 1, 1, 0, 1],
    [1, 1, 1, 1, 1],
    [0, 0, 1, 1, 0],
  ]),
  A2: m([
    [0.7576506668, 8.405916581, 4.405500208, 0, 0.7576506668],
    [0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0],
  ]),
  W2: m([
    [0.5024943389, 0.9008559493],
    [-0.6837278592, -0.1228902255],
    [-0.9357694343, -0.2678880796],
  ]),
  b2: m([[0.5303554667], [-0.6916607517], [-0.3967535269]]),
  Z3: m([[-0.5333014533, -5.788980993, -3.040004072, -0.01266459892, -0.5333014533]]),
  A3: m([[0.3697472062, 0.003051758135, 0.04565099337, 0.4968338926, 0.3697472062]]),
  W3: m([[-0.6871727001, -0.8452056415, -0.6712461308]]),
  b3: m([[-0.01266459892]]),
};

const expectedBackwardDropout = {
  dZ3: m([[-0.67733606, -0.50316611, 0.00348883, -0.50316611, 0.32266394]]),
  dW3: m([[-0.06951191388, 0, 0]]),
  db3: m([[-0.271503102]]),
  dA2: m([
    [0.5818085614, 0, -0.002996785914, 0, -0.2771573136],
    [0, 0.5315985425, -0, 0.5315985425, -0.3408967274],
    [0, 0, -0.002927329545, 0, -0],
  ]),
  dZ2: m([
    [0.5818085614, 0, -0.002996785914, 0, -0.2771573136],
    [0, 0, -0, 0, -0],
    [0, 0, -0, 0, -0],
  ]),
  dW2: m([
    [-0.002565183298, -0.0009475959388],
    [0, 0],
    [0, 0],
  ]),
  db2: m([[0.0603308924], [0], [0]]),
  dA1: m([
    [0.3654443864, 0, -0.00188233495, 0, -0.1740874767],
    [0.6551571304, 0, -0.003374590527, 0, -0],
  ]),
  dZ1: m([
    [0, 0, -0.00188233495, 0, -0],
    [0, 0, -0.003374590527, 0, -0],
  ]),
  dW1: m([
    [0.0001988392298, 0.0002865692707, 0.0001213794343],
    [0.0003564726783, 0.0005137523193, 0.0002176052084],
  ]),
  db1: m([[-0.00037646699], [-0.0006749181053]]),
};

/** Checks `computeCostWithRegularization(A3, Y, parameters, lambd)` on the test case with lambd 0.1 (1.7864859451590758). */
export function computeCostWithRegularizationTest(target: (A3: Matrix, Y: Matrix, parameters: Parameters, lambd: number) => number): void {
  const [a3, Y, parameters] = computeCostWithRegularizationTestCase();
  singleTest(
    [
      { name: "datatype_check", input: [a3, Y, parameters, 0.1], expected: 1.7864859451590758, error: "Datatype mismatch" },
      { name: "equation_output_check", input: [a3, Y, parameters, 0.1], expected: 1.7864859451590758, error: "Wrong output" },
      { name: "equation_output_check", input: [a3, Y, parameters, 0], expected: 1.6025016047573226, error: "Wrong output with lambd = 0" },
    ],
    target,
    "computeCostWithRegularization",
  );
}

/** Checks `backwardPropagationWithRegularization(X, Y, cache, lambd)` on the test case with lambd 0.7 (every gradient). */
export function backwardPropagationWithRegularizationTest(
  target: (X: Matrix, Y: Matrix, cache: ReturnType<typeof regularizationCache>, lambd: number) => Gradients,
): void {
  const [X, Y, cache] = backwardPropagationWithRegularizationTestCase();
  parametersTest([{ input: [X, Y, cache, 0.7], expected: expectedBackwardRegularization }], target, "backwardPropagationWithRegularization");
}

/**
 * Checks `forwardPropagationWithDropout(X, parameters, keepProb)` on the test case with keepProb 0.7:
 * A3 and every entry of the cache (masks as 0/1).
 */
export function forwardPropagationWithDropoutTest(target: (X: Matrix, parameters: Parameters, keepProb: number) => [Matrix, DropoutCache]): void {
  const [X, parameters] = forwardPropagationWithDropoutTestCase();
  const names = ["Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3"];
  const asDictionary = (x: Matrix, p: Parameters, k: number): Record<string, Matrix> => {
    const out = target(x, p, k);
    if (!Array.isArray(out) || out.length !== 2 || !Array.isArray(out[1])) {
      throw new TypeError("forwardPropagationWithDropout must return [A3, cache] with the 14-entry cache");
    }
    const [A3, cache] = out;
    if (cache.length !== names.length) {
      throw new RangeError(`the cache has ${cache.length} entries, expected ${names.length} (${names.join(", ")})`);
    }
    const dict: Record<string, Matrix> = { returnedA3: A3 };
    names.forEach((n, i) => {
      dict[n] = cache[i];
    });
    return dict;
  };
  parametersTest(
    [{ input: [X, parameters, 0.7], expected: { returnedA3: expectedForwardDropoutCache.A3, ...expectedForwardDropoutCache } }],
    asDictionary,
    "forwardPropagationWithDropout",
  );
}

/** Checks `backwardPropagationWithDropout(X, Y, cache, keepProb)` on the test case with keepProb 0.8 (every gradient). */
export function backwardPropagationWithDropoutTest(target: (X: Matrix, Y: Matrix, cache: DropoutCache, keepProb: number) => Gradients): void {
  const [X, Y, cache] = backwardPropagationWithDropoutTestCase();
  parametersTest([{ input: [X, Y, cache, 0.8], expected: expectedBackwardDropout }], target, "backwardPropagationWithDropout");
}

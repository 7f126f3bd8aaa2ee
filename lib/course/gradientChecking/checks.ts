/**
 * The Gradient Checking notebook's checkers of the 1-D exercises (the
 * course's `public_tests`): `J = theta * x`, its derivative, and the relative
 * difference of the 1-D gradient check, each on the course's cases. The N-D
 * check is the notebook's own cell (its expected differences are printed in
 * the course).
 */
import { singleTest } from "../checks";

/** Checks the 1-D `forwardPropagation(x, theta)`: J = theta * x; (2, 4) -> 8. */
export function forwardPropagationTest(target: (x: number, theta: number) => number): void {
  singleTest(
    [
      { name: "datatype_check", input: [2, 4], expected: 8, error: "Datatype mismatch" },
      { name: "equation_output_check", input: [2, 4], expected: 8, error: "Wrong output" },
      { name: "equation_output_check", input: [-3, 0.5], expected: -1.5, error: "Wrong output" },
    ],
    target,
    "forwardPropagation",
  );
}

/** Checks the 1-D `backwardPropagation(x, theta)`: dJ/dtheta = x; (2, 4) -> 2. */
export function backwardPropagationTest(target: (x: number, theta: number) => number): void {
  singleTest(
    [
      { name: "datatype_check", input: [2, 4], expected: 2, error: "Datatype mismatch" },
      { name: "equation_output_check", input: [2, 4], expected: 2, error: "Wrong output" },
      { name: "equation_output_check", input: [-3, 0.5], expected: -3, error: "Wrong output" },
    ],
    target,
    "backwardPropagation",
  );
}

/**
 * Checks the 1-D `gradientCheck(x, theta, epsilon?, printMsg?)`:
 * (2, 4) -> 2.919335883291695e-10 (allclose, as the course), a number.
 */
export function gradientCheckTest(target: (x: number, theta: number, epsilon?: number, printMsg?: boolean) => number): void {
  singleTest(
    [
      { name: "datatype_check", input: [2, 4], expected: 2.919335883291695e-10, error: "Datatype mismatch" },
      { name: "equation_output_check", input: [2, 4], expected: 2.919335883291695e-10, error: "Wrong output" },
      { name: "equation_output_check", input: [3, 4], expected: 7.814075313343006e-11, error: "Wrong output" },
    ],
    target,
    "gradientCheck",
  );
}

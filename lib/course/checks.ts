/**
 * Exercise checkers in the course's style: each check calls the learner's
 * function on fixed inputs and prints the green " All tests passed." or, for
 * every failing case, what was called, what was expected and what came,
 * followed by the pass/fail counts; then it throws, so the notebook cell
 * shows the failure.
 */
import { Matrix } from "ml-matrix";
import { allclose, describeValue, shape, shapeText } from "./matrix";
import { str } from "./format";

/** ANSI colour codes the course prints (they are part of the expected text). */
export const ANSI = {
  green: "\x1b[92m",
  yellow: "\x1b[93m",
  red: "\x1b[91m",
  reset: "\x1b[0m",
} as const;

/** The kinds of check of the course's `single_test`. */
export type CheckKind = "datatype_check" | "equation_output_check" | "shape_check";

/** One case: call the target with `input`, compare with `expected`. */
export interface CheckCase {
  readonly name: CheckKind;
  readonly input: readonly unknown[];
  readonly expected: unknown;
  /** What the learner is told when this case fails, e.g. "Wrong output". */
  readonly error: string;
}

/** Thrown by a checker when a case fails (the name matches Python's AssertionError). */
export class CheckFailed extends Error {
  override name = "AssertionError";
}

type AnyFunction = (...args: never[]) => unknown;

function callTarget(target: AnyFunction, input: readonly unknown[]): unknown {
  return (target as unknown as (...args: unknown[]) => unknown)(...input);
}

function typeName(v: unknown): string {
  if (v instanceof Matrix) return "Matrix";
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  return typeof v;
}

function show(v: unknown): string {
  if (v instanceof Matrix || typeof v === "number" || typeof v === "boolean") {
    return str(v as Matrix | number | boolean).replace(/\n/g, "\n    ");
  }
  return describeValue(v);
}

function describeCall(fnName: string, input: readonly unknown[]): string {
  const args = input.map((a) => (typeof a === "number" ? str(a) : typeName(a)));
  return `${fnName}(${args.join(", ")})`;
}

/** Why `got` fails a case, or null when it passes. */
function judge(c: CheckCase, got: unknown): string | null {
  switch (c.name) {
    case "datatype_check":
      return typeName(got) === typeName(c.expected) ? null : `expected a ${typeName(c.expected)}, got ${describeValue(got)}`;
    case "shape_check": {
      if (!(got instanceof Matrix) || !(c.expected instanceof Matrix)) {
        return got instanceof Matrix ? null : `expected a Matrix, got ${describeValue(got)}`;
      }
      return got.rows === c.expected.rows && got.columns === c.expected.columns
        ? null
        : `expected shape ${shapeText(shape(c.expected))}, got ${shapeText(shape(got))}`;
    }
    case "equation_output_check": {
      const comparable =
        (typeof got === "number" || got instanceof Matrix) &&
        (typeof c.expected === "number" || c.expected instanceof Matrix);
      if (comparable && allclose(got as Matrix | number, c.expected as Matrix | number)) return null;
      return `expected ${show(c.expected)}, got ${show(got)}`;
    }
    default:
      return `unknown check "${String((c as { name: unknown }).name)}"`;
  }
}

/**
 * The course's `single_test`: runs every case on a fresh call of `target`.
 * Prints `ESC[92m All tests passed.` when all pass; otherwise prints each
 * failure (the call, expected and got), the counts, and throws.
 * @param fnName the learner-facing function name used in messages
 * @throws CheckFailed "Not all tests were passed for <fnName>. ..."
 */
export function singleTest(cases: readonly CheckCase[], target: AnyFunction, fnName = target.name || "the function"): void {
  if (typeof target !== "function") {
    throw new TypeError(`${fnName} must be a function, got ${describeValue(target)}`);
  }
  const failures: string[] = [];
  for (const c of cases) {
    const call = describeCall(fnName, c.input);
    let got: unknown;
    try {
      got = callTarget(target, c.input);
    } catch (e) {
      const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      failures.push(`${c.error}: ${call} threw ${msg}`);
      continue;
    }
    const why = judge(c, got);
    if (why) failures.push(`${c.error} (${c.name}): ${call} ${why}`);
  }
  if (failures.length === 0) {
    console.log(`${ANSI.green} All tests passed.`);
    return;
  }
  for (const f of failures) console.log(`${ANSI.red}${f}${ANSI.reset}`);
  console.log(`${ANSI.green} ${cases.length - failures.length}  Tests passed`);
  console.log(`${ANSI.red} ${failures.length}  Tests failed${ANSI.reset}`);
  throw new CheckFailed(
    `Not all tests were passed for ${fnName}. Check your equations and avoid using global variables inside the function.`,
  );
}

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
export function gradientCheckTest(
  target: (x: number, theta: number, epsilon?: number, printMsg?: boolean) => number,
): void {
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

/**
 * Why a parameter dictionary differs from the expected one (keys, Matrix
 * type, shapes, values to 6 decimals as numpy's `assert_array_almost_equal`),
 * one line per problem; empty when they agree.
 */
export function parameterDifferences(expected: Record<string, Matrix>, got: unknown): string[] {
  if (got === null || typeof got !== "object" || Array.isArray(got) || got instanceof Matrix) {
    return [`expected a dictionary of matrices (${Object.keys(expected).join(", ")}), got ${describeValue(got)}`];
  }
  const dict = got as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    const have = dict[key];
    if (have === undefined) {
      problems.push(`"${key}" is missing`);
    } else if (!(have instanceof Matrix)) {
      problems.push(`"${key}" should be a Matrix, got ${describeValue(have)}`);
    } else if (have.rows !== want.rows || have.columns !== want.columns) {
      problems.push(`"${key}" has shape ${shapeText(shape(have))}, expected ${shapeText(shape(want))}`);
    } else {
      let worst = -1;
      let at: [number, number] = [0, 0];
      for (let i = 0; i < want.rows; i++) {
        for (let j = 0; j < want.columns; j++) {
          const d = Math.abs(have.get(i, j) - want.get(i, j));
          if (!(d < 1.5e-6) && (Number.isNaN(d) || d > worst)) {
            worst = Number.isNaN(d) ? Infinity : d;
            at = [i, j];
          }
        }
      }
      if (worst >= 0) {
        problems.push(
          `"${key}" has wrong values, e.g. [${at[0]},${at[1]}] = ${str(have.get(at[0], at[1]))}, expected ${str(want.get(at[0], at[1]))}:\n` +
            `    expected ${str(want).replace(/\n/g, "\n             ")}\n    got      ${str(have).replace(/\n/g, "\n             ")}`,
        );
      }
    }
  }
  for (const key of Object.keys(dict)) if (!(key in expected)) problems.push(`unexpected key "${key}"`);
  return problems;
}

/**
 * The course's `multiple_test` for functions returning a parameter
 * dictionary: each case calls `target(...input)` and compares the result with
 * `expected` (keys, types, shapes, values to 6 decimals). Prints the green
 * line or the failures and counts, then throws.
 * @throws CheckFailed when a case fails.
 */
export function parametersTest(
  cases: ReadonlyArray<{ input: readonly unknown[]; expected: Record<string, Matrix> }>,
  target: AnyFunction,
  fnName: string,
): void {
  if (typeof target !== "function") throw new TypeError(`${fnName} must be a function, got ${describeValue(target)}`);
  const failures: string[] = [];
  for (const c of cases) {
    const call = `${fnName}(${c.input.map((a) => (Array.isArray(a) ? `[${a.join(", ")}]` : typeName(a))).join(", ")})`;
    let got: unknown;
    try {
      got = callTarget(target, c.input);
    } catch (e) {
      failures.push(`${call} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      continue;
    }
    for (const p of parameterDifferences(c.expected, got)) failures.push(`${call}: ${p}`);
  }
  const failedCases = new Set(failures.map((f) => f.slice(0, f.indexOf(")") + 1))).size;
  if (failures.length === 0) {
    console.log(`${ANSI.green} All tests passed.`);
    return;
  }
  for (const f of failures) console.log(`${ANSI.red}${f}${ANSI.reset}`);
  console.log(`${ANSI.green} ${cases.length - failedCases}  Tests passed`);
  console.log(`${ANSI.red} ${failedCases}  Tests failed${ANSI.reset}`);
  throw new CheckFailed(
    `Not all tests were passed for ${fnName}. Check your equations and avoid using global variables inside the function.`,
  );
}

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
          W1: m([[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]]),
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
          W1: m([[1.78862847, 0.43650985], [0.09649747, -1.8634927], [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]]),
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

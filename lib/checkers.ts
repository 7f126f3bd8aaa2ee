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

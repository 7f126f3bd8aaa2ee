/**
 * Exercise checkers in the course's style: each check calls the learner's
 * function on fixed inputs and prints the green " All tests passed." or, for
 * every failing case, what was called, what was expected and what came,
 * followed by the pass/fail counts; then it throws, so the notebook cell
 * shows the failure.
 */
import { Matrix } from "ml-matrix";
import { allclose } from "../numpy/reductions";
import { describeValue, shape, shapeText } from "../core/matrix";
import { str } from "../numpy/format";

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
      const comparable = (typeof got === "number" || got instanceof Matrix) && (typeof c.expected === "number" || c.expected instanceof Matrix);
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
  throw new CheckFailed(`Not all tests were passed for ${fnName}. Check your equations and avoid using global variables inside the function.`);
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
  throw new CheckFailed(`Not all tests were passed for ${fnName}. Check your equations and avoid using global variables inside the function.`);
}

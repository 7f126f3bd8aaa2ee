/**
 * The Optimization notebook's exercise checkers (the course's `public_tests`,
 * on the test cases of cases.ts), with the course's expected values and success lines:
 *
 * - gd, Adam and the learning-rate checkers print `ESC[92mAll test passed`;
 * - mini-batches, velocity, momentum and Adam-initialisation checkers print
 *   the shared helpers' `ESC[92m All tests passed.`
 *
 * On a failure every checker prints what differs and throws {@link CheckFailed}.
 */
import { Matrix } from "ml-matrix";
import { random } from "../../numpy/random";
import { allclose, isclose } from "../../numpy/reductions";
import { describeValue, shape, shapeText } from "../../core/matrix";
import { less } from "../../numpy/elementwise";
import { str } from "../../numpy/format";
import { ANSI, CheckFailed, parametersTest } from "../checks";
import type { Gradients, Parameters } from "../../nn/network";
import {
  initializeAdamTestCase,
  initializeVelocityTestCase,
  updateParametersWithAdamTestCase,
  updateParametersWithGdTestCase,
  updateParametersWithMomentumTestCase,
  zeroMoments,
} from "./cases";

// ---------------------------------------------------------------------------
// Expected values

const M = (rows: number[][]): Matrix => new Matrix(rows);

const GD_EXPECTED = {
  W1: M([
    [1.63535156, -0.62320365, -0.53718766],
    [-1.07799357, 0.85639907, -2.29470142],
  ]),
  b1: M([[1.74604067], [-0.75184921]]),
  W2: M([
    [0.32171798, -0.25467393, 1.46902454],
    [-2.05617317, -0.31554548, -0.3756023],
    [1.1404819, -1.09976462, -0.1612551],
  ]),
  b2: M([[-0.88020257], [0.02561572], [0.57539477]]),
};

const MOMENTUM_PARAMETERS = {
  W1: M([
    [1.62544598, -0.61290114, -0.52907334],
    [-1.07347112, 0.86450677, -2.30085497],
  ]),
  b1: M([[1.74493465], [-0.76027113]]),
  W2: M([
    [0.31930698, -0.24990073, 1.4627996],
    [-2.05974396, -0.32173003, -0.38320915],
    [1.13444069, -1.0998786, -0.1713109],
  ]),
  b2: M([[-0.87809283], [0.04055394], [0.58207317]]),
};

const MOMENTUM_V = {
  dW1: M([
    [-0.11006192, 0.11447237, 0.09015907],
    [0.05024943, 0.09008559, -0.06837279],
  ]),
  db1: M([[-0.01228902], [-0.09357694]]),
  dW2: M([
    [-0.02678881, 0.05303555, -0.06916608],
    [-0.03967535, -0.06871727, -0.08452056],
    [-0.06712461, -0.00126646, -0.11173103],
  ]),
  db2: M([[0.02344157], [0.16598022], [0.07420442]]),
};

// Adam (t = 2, lr 0.02, beta1 0.8, beta2 0.888, epsilon 1e-2): row 0 of each array, as the course checks.
const ADAM_V_ROW0: Record<string, number[]> = {
  dW1: [-0.22012384, 0.22894474, 0.18031814],
  dW2: [-0.05357762, 0.10607109, -0.13833215],
  db1: [-0.02457805],
  db2: [0.04688314],
};
const ADAM_S_ROW0: Record<string, number[]> = {
  dW1: [0.13567261, 0.14676395, 0.09104097],
  dW2: [8.0375706e-3, 3.15030152e-2, 5.35801947e-2],
  db1: [0.00169142],
  db2: [0.00615448],
};
// Row 0 of vCorrected = v / (1 - beta1^t) and sCorrected = s / (1 - beta2^t) on the same case (t = 2, lr 0.02,
// beta1 0.8, beta2 0.888, epsilon 1e-2): computed once with the Optimization notebook's solution of updateParametersWithAdam
// on updateParametersWithAdamTestCase(), full double precision.
const ADAM_V_CORRECTED_ROW0: Record<string, number[]> = {
  dW1: [-0.611455098451623, 0.6359576165775634, 0.5008837336626643],
  dW2: [-0.14882671090334218, 0.2946419259656589, -0.3842559731807273],
  db1: [-0.0682723475103601],
  db2: [0.13023094323171788],
};
const ADAM_S_CORRECTED_ROW0: Record<string, number[]> = {
  dW1: [0.641611532441127, 0.6940637562865304, 0.43054334081516754],
  dW2: [0.0380106055115014, 0.1489814200736648, 0.2533869679434426],
  db1: [0.00799894466526706],
  db2: [0.02910525391052662],
};
const ADAM_PARAMETERS_ROW0: Record<string, number[]> = {
  W1: [1.63942428, -0.6268425, -0.54320974],
  W2: [0.33356139, -0.26425199, 1.47707772],
  b1: [1.75854357],
  b2: [-0.89228024],
};

// ---------------------------------------------------------------------------
// Reporting

/** Prints the failures in red and throws (the course's assert messages, one per problem). */
function fail(fnName: string, problems: readonly string[]): never {
  for (const p of problems) console.log(`${ANSI.red}${p}${ANSI.reset}`);
  throw new CheckFailed(`${fnName}: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ""}`);
}

function callSafely(fnName: string, call: () => unknown): unknown {
  try {
    return call();
  } catch (e) {
    if (e instanceof CheckFailed) throw e;
    const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    return fail(fnName, [`${fnName} threw ${msg}`]);
  }
}

/** describeValue, with `undefined` said plainly (a missing entry). */
function describeGot(v: unknown): string {
  return v === undefined ? "undefined (missing)" : describeValue(v);
}

function isDict(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Matrix);
}

function indent(text: string): string {
  return text.replace(/\n/g, "\n    ");
}

/**
 * Differences between a result and the expected value, recursively through
 * arrays (tuples) and dictionaries: type, length, shape, values to 6 decimals
 * (numpy's `assert_array_almost_equal`), as the course's `multiple_test`.
 */
function differences(expected: unknown, got: unknown, path: string): string[] {
  if (expected instanceof Matrix) {
    if (!(got instanceof Matrix)) return [`${path} should be a Matrix, got ${describeGot(got)}`];
    if (got.rows !== expected.rows || got.columns !== expected.columns) {
      return [`${path} has shape ${shapeText(shape(got))}, expected ${shapeText(shape(expected))}`];
    }
    for (let i = 0; i < expected.rows; i++) {
      for (let j = 0; j < expected.columns; j++) {
        const d = Math.abs(got.get(i, j) - expected.get(i, j));
        if (!(d < 1.5e-6)) {
          return [
            `${path} has wrong values, e.g. [${i},${j}] = ${str(got.get(i, j))}, expected ${str(expected.get(i, j))}:\n    expected ${indent(str(expected))}\n    got      ${indent(str(got))}`,
          ];
        }
      }
    }
    return [];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got)) return [`${path} should be an array of ${expected.length}, got ${describeGot(got)}`];
    if (got.length !== expected.length) return [`${path} has ${got.length} entries, expected ${expected.length}`];
    return expected.flatMap((e, i) => differences(e, got[i], `${path}[${i}]`));
  }
  if (isDict(expected)) {
    if (!isDict(got)) return [`${path} should be a dictionary (${Object.keys(expected).join(", ")}), got ${describeGot(got)}`];
    const problems = Object.keys(expected).flatMap((k) => (k in got ? differences(expected[k], got[k], `${path}["${k}"]`) : [`${path} has no "${k}"`]));
    for (const k of Object.keys(got)) if (!(k in expected)) problems.push(`${path} has an unexpected key "${k}"`);
    return problems;
  }
  return Object.is(expected, got) || expected === got ? [] : [`${path} is ${describeGot(got)}, expected ${describeValue(expected)}`];
}

/** The shared helpers' format: green " All tests passed." or the failures, the counts, and a throw. */
function multipleTest(
  cases: ReadonlyArray<{ call: () => unknown; expected: unknown; what: string; root?: string; names?: readonly string[] }>,
  fnName: string,
): void {
  const failures: string[] = [];
  let failed = 0;
  for (const c of cases) {
    let got: unknown;
    try {
      got = c.call();
    } catch (e) {
      failures.push(`${c.what} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      failed++;
      continue;
    }
    const root = c.root ?? "output";
    const names = c.names;
    const entries: unknown[] | null = Array.isArray(got) ? got : null;
    const found =
      names && Array.isArray(c.expected) && entries && entries.length === c.expected.length
        ? c.expected.flatMap((e, i) => differences(e, entries[i], names[i] ?? `${root}[${i}]`))
        : differences(c.expected, got, root);
    const problems = found.map((p) => `${c.what}: ${p}`);
    if (problems.length) failed++;
    failures.push(...problems);
  }
  if (failures.length === 0) {
    console.log(`${ANSI.green} All tests passed.`);
    return;
  }
  for (const f of failures) console.log(`${ANSI.red}${f}${ANSI.reset}`);
  console.log(`${ANSI.green} ${cases.length - failed}  Tests passed`);
  console.log(`${ANSI.red} ${failed}  Tests failed${ANSI.reset}`);
  throw new CheckFailed(`Not all tests were passed for ${fnName}. Check your equations and avoid using global variables inside the function.`);
}

function checkFunction(target: unknown, fnName: string): void {
  if (typeof target !== "function") throw new TypeError(`${fnName} must be a function, got ${describeValue(target)}`);
}

// ---------------------------------------------------------------------------
// Checkers

/**
 * Checks `updateParametersWithGd(parameters, grads, learningRate)` on the gd
 * test case with learning rate 0.01 (allclose to the course's values; each
 * W/b a Matrix of the input's shape). Prints `ESC[92mAll test passed`.
 * @throws CheckFailed naming the first wrong key.
 */
export function updateParametersWithGdTest(target: (parameters: Parameters, grads: Gradients, learningRate: number) => Parameters): void {
  checkFunction(target, "updateParametersWithGd");
  const [parameters, grads] = updateParametersWithGdTestCase();
  const shapes = Object.fromEntries(Object.entries(parameters).map(([k, m]) => [k, shape(m)]));
  const out = callSafely("updateParametersWithGd", () => target(parameters, grads, 0.01));
  if (!isDict(out)) fail("updateParametersWithGd", [`expected the parameters dictionary, got ${describeGot(out)}`]);
  const problems: string[] = [];
  for (const [key, want] of Object.entries(GD_EXPECTED)) {
    const got = out[key];
    if (!(got instanceof Matrix)) problems.push(`Wrong type for ${key}. Expected a Matrix, but got ${describeGot(got)}`);
    else if (got.rows !== shapes[key][0] || got.columns !== shapes[key][1]) {
      problems.push(`Wrong shape for ${key}. ${shapeText(shape(got))} != ${shapeText(shapes[key])}`);
    } else if (!allclose(got, want)) {
      problems.push(`Wrong values for ${key}. Check the formulas. Expected:\n ${str(want)}\ngot:\n ${str(got)}`);
    }
  }
  if (problems.length) fail("updateParametersWithGd", problems);
  console.log(`${ANSI.green}All test passed`);
}

/**
 * Checks `randomMiniBatches(X, Y, miniBatchSize, seed = 0)`: after
 * `random.seed(1)`, X = randn(5, 7), Y = randn(1, 7) < 0.5, size 2, default
 * seed (permutation [6, 2, 1, 3, 0, 5, 4]): 4 batches with the course's
 * columns and labels, to 6 decimals. Prints `ESC[92m All tests passed.`
 * @throws CheckFailed after printing the differences.
 */
export function randomMiniBatchesTest(target: (X: Matrix, Y: Matrix, miniBatchSize: number) => Array<[Matrix, Matrix]>): void {
  checkFunction(target, "randomMiniBatches");
  random.seed(1);
  const X = random.randn(5, 7);
  const Y = less(random.randn(1, 7), 0.5);
  const expected: Array<[Matrix, Matrix]> = [
    [
      M([
        [1.74481176, -0.52817175],
        [-0.38405435, -0.24937038],
        [-1.10061918, -0.17242821],
        [-0.93576943, 0.50249434],
        [-0.67124613, -0.69166075],
      ]),
      M([[1, 1]]),
    ],
    [
      M([
        [-0.61175641, -1.07296862],
        [0.3190391, 1.46210794],
        [-1.09989127, -0.87785842],
        [0.90159072, 0.90085595],
        [0.53035547, -0.39675353],
      ]),
      M([[1, 0]]),
    ],
    [
      M([
        [1.62434536, -2.3015387],
        [-0.7612069, -0.3224172],
        [1.13376944, 0.58281521],
        [1.14472371, -0.12289023],
        [-0.26788808, -0.84520564],
      ]),
      M([[1, 1]]),
    ],
    [M([[0.86540763], [-2.06014071], [0.04221375], [-0.68372786], [-0.6871727]]), M([[0]])],
  ];
  multipleTest(
    [{ call: () => target(X.clone(), Y.clone(), 2), expected, what: "randomMiniBatches(X (5,7), Y (1,7), 2)", root: "miniBatches" }],
    "randomMiniBatches",
  );
}

/**
 * Checks `initializeVelocity(parameters)` on the velocity test case: zero
 * dW1 (2,3), db1 (2,1), dW2 (3,3), db2 (3,1) and nothing else.
 * Prints `ESC[92m All tests passed.`
 * @throws CheckFailed after printing the differences.
 */
export function initializeVelocityTest(target: (parameters: Parameters) => Gradients): void {
  parametersTest([{ input: [initializeVelocityTestCase()], expected: zeroMoments() }], target, "initializeVelocity");
}

/**
 * Checks `updateParametersWithMomentum(parameters, grads, v, beta, learningRate)`
 * on the momentum test case with beta 0.9, learning rate 0.01: the returned
 * `[parameters, v]` against the course's values (6 decimals).
 * Prints `ESC[92m All tests passed.`
 * @throws CheckFailed after printing the differences.
 */
export function updateParametersWithMomentumTest(
  target: (parameters: Parameters, grads: Gradients, v: Gradients, beta: number, learningRate: number) => [Parameters, Gradients],
): void {
  checkFunction(target, "updateParametersWithMomentum");
  multipleTest(
    [
      {
        call: () => {
          const [parameters, grads, v] = updateParametersWithMomentumTestCase();
          return target(parameters, grads, v, 0.9, 0.01);
        },
        expected: [MOMENTUM_PARAMETERS, MOMENTUM_V],
        what: "updateParametersWithMomentum(parameters, grads, v, 0.9, 0.01)",
        names: ["parameters", "v"],
      },
    ],
    "updateParametersWithMomentum",
  );
}

/**
 * Checks `initializeAdam(parameters)` on the Adam test case: `[v, s]`, each
 * zero dW1 (2,3), db1 (2,1), dW2 (3,3), db2 (3,1). Prints `ESC[92m All tests passed.`
 * @throws CheckFailed after printing the differences.
 */
export function initializeAdamTest(target: (parameters: Parameters) => [Gradients, Gradients]): void {
  checkFunction(target, "initializeAdam");
  multipleTest(
    [
      {
        call: () => target(initializeAdamTestCase()),
        expected: [zeroMoments(), zeroMoments()],
        what: "initializeAdam(parameters)",
        names: ["v", "s"],
      },
    ],
    "initializeAdam",
  );
}

/**
 * Checks `updateParametersWithAdam(parameters, grads, v, s, t, learningRate,
 * beta1, beta2, epsilon)` on the Adam test case with t = 2, 0.02, 0.8, 0.888,
 * 1e-2: row 0 of v, s, vCorrected, sCorrected and the parameters against the
 * expected values (allclose), types and shapes. Prints `ESC[92mAll test passed`.
 * @throws CheckFailed naming the first wrong value.
 */
export function updateParametersWithAdamTest(
  target: (
    parameters: Parameters,
    grads: Gradients,
    v: Gradients,
    s: Gradients,
    t: number,
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number,
  ) => [Parameters, Gradients, Gradients, Gradients, Gradients],
): void {
  const fnName = "updateParametersWithAdam";
  checkFunction(target, fnName);
  const [parametersIn, grads, vIn, sIn] = updateParametersWithAdamTestCase();
  const t = 2;
  const beta1 = 0.8;
  const beta2 = 0.888;
  const shapes = Object.fromEntries(Object.entries(parametersIn).map(([k, m]) => [k, shape(m)]));
  const out = callSafely(fnName, () => target(parametersIn, grads, vIn, sIn, t, 0.02, beta1, beta2, 1e-2));
  if (!Array.isArray(out) || out.length !== 5) {
    fail(fnName, [`expected [parameters, v, s, vCorrected, sCorrected], got ${describeGot(out)}`]);
  }
  const [parameters, v, s, vc, sc] = out as unknown[];
  const problems: string[] = [];
  const row0 = (m: Matrix): Matrix => M([Array.from({ length: m.columns }, (_, j) => m.get(0, j))]);
  const check = (dict: unknown, name: string, key: string, expected: number[], shapeKey: string, hint = ""): Matrix | null => {
    const got = isDict(dict) ? dict[key] : undefined;
    if (!(got instanceof Matrix)) {
      problems.push(`Wrong type for ${name}['${key}']. Expected a Matrix, but got ${describeGot(got)}`);
      return null;
    }
    const want = shapes[shapeKey];
    if (got.rows !== want[0] || got.columns !== want[1]) {
      problems.push(`Wrong shape for ${name}['${key}']. ${shapeText(shape(got))} != ${shapeText(want)}`);
      return null;
    }
    if (!allclose(row0(got), M([expected]))) {
      problems.push(`Wrong values. Check your formulas for ${name}['${key}']${hint}: row 0 is ${str(row0(got))}, expected ${str(M([expected]))}`);
    }
    return got;
  };
  for (const key of Object.keys(ADAM_V_ROW0)) {
    const pKey = key.slice(1);
    check(v, "v", key, ADAM_V_ROW0[key], pKey);
    check(s, "s", key, ADAM_S_ROW0[key], pKey);
    check(vc, "v_corrected", key, ADAM_V_CORRECTED_ROW0[key], pKey, " (v / (1 - beta1^t))");
    check(sc, "s_corrected", key, ADAM_S_CORRECTED_ROW0[key], pKey, " (s / (1 - beta2^t))");
  }
  for (const key of Object.keys(ADAM_PARAMETERS_ROW0)) check(parameters, "parameters", key, ADAM_PARAMETERS_ROW0[key], key);
  if (problems.length) fail(fnName, problems);
  console.log(`${ANSI.green}All test passed`);
}

/**
 * Checks `updateLr(learningRate0, epochNum, decayRate)`: (0.5, 2, 1) is
 * 0.16666666666666666 (isclose). Prints `ESC[92mAll test passed`.
 * @throws CheckFailed with the value found.
 */
export function updateLrTest(target: (learningRate0: number, epochNum: number, decayRate: number) => number): void {
  checkFunction(target, "updateLr");
  const got = callSafely("updateLr", () => target(0.5, 2, 1));
  if (typeof got !== "number" || !isclose(got, 0.16666666666666666)) {
    fail("updateLr", [`Wrong output: updateLr(0.5, 2, 1) is ${describeGot(got)}, expected 0.16666666666666666`]);
  }
  console.log(`${ANSI.green}All test passed`);
}

/**
 * Checks `scheduleLrDecay(learningRate0, epochNum, decayRate, timeInterval)`:
 * (0.5, 100, 1, 100) → 0.25, (0.5, 10, 1, 100) → 0.5, (0.3, 1000, 0.25, 100) →
 * 0.085714285, (0.3, 100, 0.25, 100) → 0.24 (isclose). Prints `ESC[92mAll test passed`.
 * @throws CheckFailed with the first wrong value.
 */
export function scheduleLrDecayTest(target: (learningRate0: number, epochNum: number, decayRate: number, timeInterval: number) => number): void {
  checkFunction(target, "scheduleLrDecay");
  const cases: Array<[[number, number, number, number], number]> = [
    [[0.5, 100, 1, 100], 0.25],
    [[0.5, 10, 1, 100], 0.5],
    [[0.3, 1000, 0.25, 100], 0.085714285],
    [[0.3, 100, 0.25, 100], 0.24],
  ];
  const problems: string[] = [];
  for (const [args, want] of cases) {
    const got = callSafely("scheduleLrDecay", () => target(...args));
    if (typeof got !== "number" || !isclose(got, want)) {
      problems.push(`Wrong output: scheduleLrDecay(${args.join(", ")}) is ${describeGot(got)}, expected ${want}`);
    }
  }
  if (problems.length) fail("scheduleLrDecay", problems);
  console.log(`${ANSI.green}All test passed`);
}

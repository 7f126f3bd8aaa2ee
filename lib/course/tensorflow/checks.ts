/**
 * Checkers of the TensorFlow notebook's exercises, on TensorFlow.js tensors.
 * Each runs the learner's function on fixed inputs and prints the course's
 * green " All tests passed." or, in red, every failed check (what was
 * expected, what came), then the counts, and throws {@link CheckFailed}.
 *
 * Where the course's values come from TensorFlow's own random generator
 * (Glorot weights, the forward pass) they cannot be reproduced by tfjs; those
 * checks test shapes, types and statistics, or compare with expected values
 * computed once for tfjs's own seeded inputs and written here as literals
 * (a checker never computes the answer itself).
 */
import type * as TF from "@tensorflow/tfjs";
import { ANSI, CheckFailed } from "../checks";
import { describeValue } from "../../core/matrix";
import { str } from "../../numpy/format";
import { SIGNS_IMAGE_SIZE, signsStandIn } from "../../io/signs";
import { shapeTuple, tensorStr, tfjs, type TfParameters } from "./utils";

/** Collects failed checks; {@link Report.finish} prints the verdict. */
class Report {
  private readonly failures: string[] = [];
  private checks = 0;

  constructor(private readonly fnName: string) {}

  /** Records one check: `ok`, or the failure message. */
  check(ok: boolean, message: () => string): boolean {
    this.checks++;
    if (!ok) this.failures.push(message());
    return ok;
  }

  fail(message: string): void {
    this.checks++;
    this.failures.push(message);
  }

  finish(): void {
    if (this.failures.length === 0) {
      console.log(`${ANSI.green} All tests passed.`);
      return;
    }
    for (const f of this.failures) console.log(`${ANSI.red}${f}${ANSI.reset}`);
    console.log(`${ANSI.green} ${this.checks - this.failures.length}  Tests passed`);
    console.log(`${ANSI.red} ${this.failures.length}  Tests failed${ANSI.reset}`);
    throw new CheckFailed(`Not all tests were passed for ${this.fnName}. Check your equations and avoid using global variables inside the function.`);
  }
}

const isTensor = (v: unknown): v is TF.Tensor => v instanceof tfjs().Tensor;
const isVariable = (v: unknown): v is TF.Variable => v instanceof tfjs().Variable;

function describe(v: unknown): string {
  if (isTensor(v)) return `a ${v.dtype} tensor of shape ${shapeTuple(v.shape)}`;
  return describeValue(v);
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/** Calls the target; a throw becomes a failure (and `undefined`). */
function attempt<T>(report: Report, call: string, f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    report.fail(`${call} threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return undefined;
  }
}

/** {@link attempt} inside `tf.tidy`: the target's intermediate tensors are freed, its result kept. */
function attemptTidy<T>(report: Report, call: string, f: () => T): T | undefined {
  return attempt(report, call, () => tfjs().tidy(() => f() as unknown as TF.TensorContainer) as unknown as T);
}

/** numpy's `allclose(a, b)`: |a − b| ≤ atol + rtol·|b| everywhere. */
function allclose(a: ArrayLike<number>, b: ArrayLike<number>, rtol = 1e-5, atol = 1e-8): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) return false;
  return true;
}

const list = (v: ArrayLike<number>): string => `[${Array.from(v, (x) => str(x, { dtype: "float32" })).join(", ")}]`;

// ---------------------------------------------------------------------------

/** The course's expected `linear_function()` (seed 1; X, W, b drawn in that order). */
export const LINEAR_FUNCTION_EXPECTED: readonly number[] = [-2.15657382, 2.95891446, -1.08926781, -0.84538042];

/**
 * Checks `linearFunction()`: a tensor of shape (4, 1) equal (numpy's
 * `allclose`) to [[-2.15657382] [2.95891446] [-1.08926781] [-0.84538042]].
 * Prints the result first, as the course's test does.
 */
export function linearFunctionTest(target: () => TF.Tensor): void {
  const report = new Report("linearFunction");
  const result = attemptTidy(report, "linearFunction()", target);
  if (result !== undefined) {
    if (isTensor(result)) console.log(tensorStr(result));
    if (report.check(isTensor(result), () => `Use the TensorFlow.js API: expected a tf.Tensor, got ${describe(result)}`)) {
      const t = result as TF.Tensor;
      if (report.check(sameShape(t.shape, [4, 1]), () => `Wrong shape: expected (4, 1), got ${shapeTuple(t.shape)}`)) {
        const got = t.dataSync() as ArrayLike<number>;
        report.check(
          allclose(got, LINEAR_FUNCTION_EXPECTED),
          () => `Wrong values: expected ${list(LINEAR_FUNCTION_EXPECTED)}, got ${list(got)} (did you seed with 1 and draw X, W, b in that order?)`,
        );
      }
      t.dispose();
    }
  }
  report.finish();
}

/**
 * Checks `sigmoid(z)`: a float32 scalar tensor; sigmoid(0) = 0.5 and
 * sigmoid(-1) = 0.26894143 exactly (float32), sigmoid(12) = 0.9999939
 * within 1e-6 (TensorFlow's value; tfjs's correctly rounded float32 is one
 * unit in the last place below it, 0.99999386).
 */
export function sigmoidTest(target: (z: number) => TF.Tensor): void {
  const report = new Report("sigmoid");
  const cases: Array<[number, number, number]> = [
    [0, 0.5, 0],
    [-1, Math.fround(0.26894143), 0],
    [12, 0.9999939, 1e-6],
  ];
  for (const [z, want, tol] of cases) {
    const call = `sigmoid(${z})`;
    const result = attemptTidy(report, call, () => target(z));
    if (result === undefined) continue;
    if (!report.check(isTensor(result), () => `${call}: use the TensorFlow.js API: expected a tf.Tensor, got ${describe(result)}`)) continue;
    const t = result as TF.Tensor;
    report.check(t.dtype === "float32", () => `${call}: expected dtype float32 (cast the input), got ${t.dtype}`);
    if (report.check(t.size === 1, () => `${call}: expected a single value, got shape ${shapeTuple(t.shape)}`)) {
      const got = t.dataSync()[0];
      report.check(Math.abs(got - want) <= tol, () => `${call}: expected ${str(want, { dtype: "float32" })}, got ${str(got, { dtype: "float32" })}`);
    }
    t.dispose();
  }
  report.finish();
}

/**
 * Checks `oneHotMatrix(label, depth)`: label `tf.scalar(1)` with depth 4
 * gives the float32 vector [0, 1, 0, 0] of shape (4,); the label `[2]` gives
 * [0, 0, 1, 0]. Prints both results, as the course's test does.
 */
export function oneHotMatrixTest(target: (label: TF.Tensor | number | number[], depth?: number) => TF.Tensor): void {
  const tf = tfjs();
  const report = new Report("oneHotMatrix");
  const label1 = tf.scalar(1, "int32");
  const cases: Array<[string, string, () => TF.Tensor, number[]]> = [
    ["Test 1", "oneHotMatrix(tf.scalar(1, 'int32'), 4)", () => target(label1, 4), [0, 1, 0, 0]],
    ["Test 2", "oneHotMatrix([2], 4)", () => target([2], 4), [0, 0, 1, 0]],
  ];
  for (const [name, call, run, want] of cases) {
    const result = attemptTidy(report, call, run);
    if (result === undefined) continue;
    if (isTensor(result)) console.log(`${name}: ${tensorStr(result)}`);
    if (!report.check(isTensor(result), () => `${call}: use the TensorFlow.js API: expected a tf.Tensor, got ${describe(result)}`)) continue;
    const t = result as TF.Tensor;
    report.check(t.dtype === "float32", () => `${call}: expected dtype float32 (tf.oneHot gives int32: cast it), got ${t.dtype}`);
    if (report.check(sameShape(t.shape, [4]), () => `${call}: expected shape (4,) (reshape to [depth]), got ${shapeTuple(t.shape)}`)) {
      const got = t.dataSync() as ArrayLike<number>;
      report.check(allclose(got, want, 0, 0), () => `${call}: expected ${list(want)}, got ${list(got)}`);
    }
    t.dispose();
  }
  label1.dispose();
  report.finish();
}

/** The parameter shapes of the notebook's network (12288 → 25 → 12 → 6). */
export const PARAMETER_SHAPES: Readonly<Record<string, readonly [number, number]>> = {
  W1: [25, 12288],
  b1: [25, 1],
  W2: [12, 25],
  b2: [12, 1],
  W3: [6, 12],
  b3: [6, 1],
};

function meanStd(v: ArrayLike<number>): [number, number] {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  const mean = s / v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i] - mean) ** 2;
  return [mean, Math.sqrt(q / v.length)];
}

function disposeParameters(p: unknown): void {
  if (p === null || typeof p !== "object") return;
  for (const v of Object.values(p as Record<string, unknown>)) if (isTensor(v)) v.dispose();
}

/**
 * Checks `initializeParameters()`: W1 (25, 12288), b1 (25, 1), W2 (12, 25),
 * b2 (12, 1), W3 (6, 12), b3 (6, 1), each a float32 `tf.Variable` with
 * |mean| < 0.5 and 0 < std < 1 (the course's checks); a second call
 * gives the same values (seeded initializers), and no two parameters repeat
 * one random sequence (a seeded tfjs initializer gives the same numbers at
 * each call, unlike TensorFlow's, and a network whose layers start as scaled
 * copies of one sequence stops learning within the first epoch); and it
 * leaves no tensor behind but the variables. Prints each shape, as the
 * course's test does. The parameters it creates are disposed.
 */
export function initializeParametersTest(target: () => TfParameters): void {
  const report = new Report("initializeParameters");
  const tensorsBefore = tfjs().memory().numTensors;
  const first = attempt(report, "initializeParameters()", target);
  const tensorsMade = tfjs().memory().numTensors - tensorsBefore;
  const second = first === undefined ? undefined : attempt(report, "initializeParameters() (second call)", target);
  if (first !== undefined) {
    const ok = report.check(
      first !== null && typeof first === "object" && !Array.isArray(first),
      () => `expected a dictionary {W1, b1, W2, b2, W3, b3}, got ${describe(first)}`,
    );
    if (ok) {
      for (const [key, shape] of Object.entries(PARAMETER_SHAPES)) {
        const v: unknown = first[key];
        if (!report.check(v !== undefined, () => `"${key}" is missing`)) continue;
        if (isTensor(v)) console.log(`${key} shape: ${shapeTuple(v.shape)}`);
        if (!report.check(isVariable(v), () => `"${key}" must be a tf.Variable (tf.variable(...)), got ${describe(v)}`)) continue;
        const t = v as TF.Variable;
        report.check(t.dtype === "float32", () => `"${key}" must be float32, got ${t.dtype}`);
        if (!report.check(sameShape(t.shape, shape), () => `"${key}" has shape ${shapeTuple(t.shape)}, expected ${shapeTuple(shape)}`)) continue;
        const values = t.dataSync() as ArrayLike<number>;
        const [mean, std] = meanStd(values);
        report.check(Math.abs(mean) < 0.5, () => `"${key}": |mean| should be below 0.5, got mean ${str(mean)}`);
        report.check(std > 0 && std < 1, () => `"${key}": the standard deviation should be in (0, 1), got ${str(std)}`);
        const again: unknown = second?.[key];
        if (second !== undefined && isTensor(again) && sameShape(again.shape, shape)) {
          report.check(
            allclose(again.dataSync() as ArrayLike<number>, values, 0, 0),
            () => `"${key}" differs between two calls: seed the initializer (seed: 1)`,
          );
        }
      }
      for (const key of Object.keys(first)) report.check(key in PARAMETER_SHAPES, () => `unexpected key "${key}"`);
      const returned = new Set(Object.values(first).filter(isTensor)).size;
      report.check(
        tensorsMade <= returned,
        () =>
          `initializeParameters() leaves ${tensorsMade - returned} tensor(s) behind besides the ${returned} it returns: ` +
          "tf.variable(t) keeps t alive, so create each variable inside tf.tidy(() => tf.variable(...))",
      );
      const copies = proportionalPairs(first);
      report.check(
        copies.length === 0,
        () =>
          `${copies.join(", ")}: the values repeat, scaled. A seeded tfjs initializer returns the same numbers at every call ` +
          "(TensorFlow's draws new ones): give each parameter its own seed",
      );
    }
  }
  disposeParameters(first);
  disposeParameters(second);
  report.finish();
}

/** Pairs of parameters whose leading values are proportional (the same random sequence), as `"b1" and "W1"`. */
function proportionalPairs(p: Record<string, unknown>): string[] {
  const entries = Object.keys(PARAMETER_SHAPES)
    .map((k) => [k, p[k]] as const)
    .filter((e): e is readonly [string, TF.Tensor] => isTensor(e[1]) && e[1].dtype === "float32" && e[1].size > 1);
  const pairs: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[i][1].dataSync() as Float32Array;
      const b = entries[j][1].dataSync() as Float32Array;
      const n = Math.min(a.length, b.length);
      if (a[0] === 0 || b[0] === 0) continue;
      const ratio = b[0] / a[0];
      let same = true;
      for (let t = 1; t < n && same; t++) same = Math.abs(a[t] * ratio - b[t]) <= 1e-5 * Math.abs(b[t]) + 1e-12;
      if (same) pairs.push(`"${entries[j][0]}" and "${entries[i][0]}"`);
    }
  }
  return pairs;
}

/**
 * The expected Z3 of {@link forwardPropagationTest}, (6 classes, 2 examples):
 * W3·relu(W2·relu(W1·X + b1) + b2) + b3 on the checker's own inputs:
 * - X: the two images of `signsStandIn(2, { seed: 1, firstLabels: [5, 0] })`
 *   as float32, divided by 255, transposed to (12288, 2);
 * - W1 (25, 12288), b1 (25, 1), W2 (12, 25), b2 (12, 1), W3 (6, 12),
 *   b3 (6, 1): `tf.initializers.glorotNormal({ seed: i + 1 })` for the i-th
 *   (float32).
 * Computed once, as a float64 reference (each sum b[i] + Σ W[i,t]·A[t,j] in
 * double precision, t in increasing order, from those float32 inputs), with
 * the checker's former code, on the wasm and on the cpu backend (the same
 * inputs there, the same 12 numbers), and written here at full double
 * precision. The learner's float32 result must be within 1e-4 + 1e-4·|value|.
 */
export const FORWARD_PROPAGATION_EXPECTED: readonly (readonly [number, number])[] = [
  [-0.42927909672461567, -0.4197381768030123],
  [0.4838841615200402, 0.4582756274404163],
  [0.00715995924224988, -0.017369879305559777],
  [-1.7032462431799242, -1.7443672913410935],
  [1.125818934887381, 1.2061386760315287],
  [-0.459409990082695, -0.4580979859114973],
];

/**
 * Checks `forwardPropagation(X, parameters)` as the course's test does, on
 * two images as a (12288, 2) matrix, but with inputs of its own (two images
 * of the generated stand-in, and parameters drawn by seeded Glorot normal
 * initializers), so that it needs no data file and no other exercise. The
 * result must be a float32 tensor of shape (6, 2) with finite values, equal
 * (within 1e-4 + 1e-4·|value|, float32 rounding) to
 * {@link FORWARD_PROPAGATION_EXPECTED}. Prints the result, as the course's
 * test does (the numbers are tfjs's: its seeded weights are not TensorFlow's).
 */
export function forwardPropagationTest(target: (X: TF.Tensor, parameters: TfParameters) => TF.Tensor): void {
  const tf = tfjs();
  const report = new Report("forwardPropagation");
  const parameters: TfParameters = Object.fromEntries(
    Object.entries(PARAMETER_SHAPES).map(([k, shape], i) => [k, tf.tidy(() => tf.variable(tf.initializers.glorotNormal({ seed: i + 1 }).apply([...shape])))]),
  );
  const X = tf.tidy(() => {
    const images = signsStandIn(2, { seed: 1, firstLabels: [5, 0] });
    return tf.transpose(tf.div(tf.tensor2d(images.x, [2, SIGNS_IMAGE_SIZE], "float32"), 255));
  });
  const call = "forwardPropagation(X (12288, 2), parameters)";
  const result = attemptTidy(report, call, () => target(X, parameters));
  if (result !== undefined) {
    if (isTensor(result)) console.log(tensorStr(result));
    if (report.check(isTensor(result), () => `${call}: use the TensorFlow.js API: expected a tf.Tensor, got ${describe(result)}`)) {
      const t = result as TF.Tensor;
      report.check(t.dtype === "float32", () => `${call}: expected dtype float32, got ${t.dtype}`);
      if (report.check(sameShape(t.shape, [6, 2]), () => `${call}: expected shape (6, 2), got ${shapeTuple(t.shape)}: the last layer must use W3 and b3`)) {
        const got = t.dataSync() as ArrayLike<number>;
        report.check(Array.from(got).every(Number.isFinite), () => `${call}: the result has non-finite values: ${list(got)}`);
        const want = FORWARD_PROPAGATION_EXPECTED.flat();
        report.check(allclose(got, want, 1e-4, 1e-4), () => `${call}: expected W3·relu(W2·relu(W1·X + b1) + b2) + b3 = ${list(want)}, got ${list(got)}`);
      }
      t.dispose();
    }
  }
  X.dispose();
  tf.dispose(Object.values(parameters));
  report.finish();
}

/** The course's logits for the `compute_cost` test, (6 classes, 2 examples). */
export const COMPUTE_COST_LOGITS: readonly (readonly number[])[] = [
  [2.4048107, 5.0334096],
  [-0.7921977, -4.1523376],
  [0.9447198, -0.46802214],
  [1.158121, 3.9810789],
  [4.768706, 2.3220146],
  [6.1481323, 3.909829],
];

/** The course's expected cost: the mean of the two examples' cross-entropies, (0.25361037 + 0.5566767) / 2. */
export const COMPUTE_COST_EXPECTED = 0.405143535;

/**
 * Checks `computeCost(logits, labels)` on the course's logits (6, 2) and the
 * one-hot labels of the course's first two training examples (classes 5 and
 * 0), also (6, 2): the result must be a single-value tensor within 1e-7 of
 * (0.25361037 + 0.5566767) / 2 = 0.4051435. Prints the result, as the
 * course's test does.
 */
export function computeCostTest(target: (logits: TF.Tensor, labels: TF.Tensor) => TF.Tensor): void {
  const tf = tfjs();
  const report = new Report("computeCost");
  const logits = tf.tensor2d(
    COMPUTE_COST_LOGITS.map((r) => [...r]),
    [6, 2],
    "float32",
  );
  const labels = tf.tidy(() => tf.transpose(tf.cast(tf.oneHot(tf.tensor1d([5, 0], "int32"), 6), "float32")));
  const call = "computeCost(logits (6, 2), labels (6, 2) of classes [5, 0])";
  const result = attemptTidy(report, call, () => target(logits, labels));
  if (result !== undefined) {
    if (isTensor(result)) console.log(tensorStr(result));
    if (report.check(isTensor(result), () => `${call}: use the TensorFlow.js API: expected a tf.Tensor, got ${describe(result)}`)) {
      const t = result as TF.Tensor;
      if (report.check(t.size === 1, () => `${call}: expected a single value (the mean over the examples), got shape ${shapeTuple(t.shape)}`)) {
        const got = t.dataSync()[0];
        report.check(
          Math.abs(got - COMPUTE_COST_EXPECTED) < 1e-7,
          () =>
            `${call}: expected ${str(COMPUTE_COST_EXPECTED)} (within 1e-7), got ${str(got, { dtype: "float32" })}` +
            " (transpose both to (examples, classes), and use the logits, not probabilities)",
        );
      }
      t.dispose();
    }
  }
  tf.dispose([logits, labels]);
  report.finish();
}

/**
 * Gradient checking: compare the gradients that backpropagation computes
 * with centred finite differences of the cost,
 *
 *     gradapprox_i = (J(θ + ε e_i) − J(θ − ε e_i)) / (2ε),
 *     difference   = ‖grad − gradapprox‖₂ / (‖grad‖₂ + ‖gradapprox‖₂),
 *
 * over any parameter dictionary and cost function, with a per-block
 * diagnosis (which of dW1, db1, ... is wrong, and by what factor).
 *
 * The vector helpers keep the course's conventions: parameters are stacked
 * in the order W1, b1, W2, b2, ..., each flattened row-major into a column.
 */
import { Matrix } from "ml-matrix";
import { copy, rowsOf, shapeText, shape, zeros } from "../core/matrix";
import { getMatrix, type Gradients, type Parameters } from "./network";
import { reprFloat } from "../numpy/floats";
import { sprintf } from "../numpy/printf";

/** Where one parameter lives in the stacked vector θ. */
export interface ParameterBlock {
  /** Parameter key, e.g. `W2`. */
  readonly key: string;
  readonly rows: number;
  readonly cols: number;
  /** Index of its first entry in θ. */
  readonly offset: number;
}

/** The order and shapes of the parameters in θ. */
export type ParameterLayout = readonly ParameterBlock[];

/**
 * The layout of the Gradient Checking notebook's network (course `gc_utils`):
 * W1 (5,4), b1 (5,1), W2 (3,5), b2 (3,1), W3 (1,3), b3 (1,1): 47 entries.
 */
export const gradientCheckLayout: ParameterLayout = makeLayout([
  ["W1", 5, 4],
  ["b1", 5, 1],
  ["W2", 3, 5],
  ["b2", 3, 1],
  ["W3", 1, 3],
  ["b3", 1, 1],
]);

function makeLayout(blocks: ReadonlyArray<readonly [string, number, number]>): ParameterLayout {
  let offset = 0;
  return blocks.map(([key, rows, cols]) => {
    const block = { key, rows, cols, offset };
    offset += rows * cols;
    return block;
  });
}

/** Total number of entries of a layout. */
export function layoutSize(layout: ParameterLayout): number {
  const last = layout[layout.length - 1];
  return last ? last.offset + last.rows * last.cols : 0;
}

/**
 * The keys `W1, b1, W2, b2, ...` of a parameter dictionary in layer order
 * (keys that are not `W<l>`/`b<l>` are ignored).
 * @throws Error when a layer has a `W` without its `b` or the reverse.
 */
export function parameterKeys(parameters: Parameters): string[] {
  const layers = new Set<number>();
  for (const key of Object.keys(parameters)) {
    const m = /^[Wb](\d+)$/.exec(key);
    if (m) layers.add(Number(m[1]));
  }
  const keys: string[] = [];
  for (const l of [...layers].sort((x, y) => x - y)) {
    for (const k of [`W${l}`, `b${l}`]) {
      if (!(k in parameters)) throw new Error(`parameters has layer ${l} but no "${k}"`);
      keys.push(k);
    }
  }
  return keys;
}

/** The layout of a parameter dictionary (layer order, its own shapes). */
export function parameterLayout(parameters: Parameters): ParameterLayout {
  return makeLayout(
    parameterKeys(parameters).map((k) => {
      const m = getMatrix(parameters, k, "parameters");
      return [k, m.rows, m.columns] as const;
    }),
  );
}

function stack(dict: Record<string, Matrix>, layout: ParameterLayout, prefix: string, what: string): Matrix {
  const theta = zeros(layoutSize(layout), 1);
  const T = rowsOf(theta);
  for (const block of layout) {
    const m = getMatrix(dict, prefix + block.key, what, [block.rows, block.cols]);
    const M = rowsOf(m);
    let t = block.offset;
    for (let i = 0; i < block.rows; i++) for (let j = 0; j < block.cols; j++) T[t++][0] = M[i][j];
  }
  return theta;
}

/**
 * Stacks a parameter dictionary into one column θ, course `dictionary_to_vector`.
 * Each matrix is flattened row-major, in the order W1, b1, W2, b2, ...
 * @returns `[theta (n,1), keys]` where `keys[i]` names the parameter entry i comes from.
 * @throws Error naming a missing key or a matrix whose shape disagrees with `layout`.
 */
export function dictionaryToVector(parameters: Parameters, layout: ParameterLayout = parameterLayout(parameters)): [Matrix, string[]] {
  const theta = stack(parameters, layout, "", "parameters");
  const keys: string[] = [];
  for (const b of layout) for (let i = 0; i < b.rows * b.cols; i++) keys.push(b.key);
  return [theta, keys];
}

/**
 * Stacks the gradients dW1, db1, dW2, ... into one column, course
 * `gradients_to_vector`; other keys (dZ1, dA1, ...) are ignored.
 * The layout defaults to the one implied by the gradient keys present.
 * @returns a `(n,1)` matrix.
 * @throws Error naming a missing gradient or a wrong shape.
 */
export function gradientsToVector(gradients: Gradients, layout?: ParameterLayout): Matrix {
  let lay = layout;
  if (!lay) {
    const asParameters: Parameters = {};
    for (const [k, v] of Object.entries(gradients)) {
      if (/^d[Wb]\d+$/.test(k)) asParameters[k.slice(1)] = v;
    }
    lay = parameterLayout(asParameters);
  }
  return stack(gradients, lay, "d", "gradients");
}

/**
 * Splits a column θ back into a parameter dictionary, course
 * `vector_to_dictionary` (row-major reshape of each block).
 * The layout defaults to the Gradient Checking network's ({@link gradientCheckLayout}).
 * @throws RangeError when θ is not `(n,1)` with n the layout's size.
 */
export function vectorToDictionary(theta: Matrix, layout: ParameterLayout = gradientCheckLayout): Parameters {
  const n = layoutSize(layout);
  if (!(theta instanceof Matrix) || theta.rows !== n || theta.columns !== 1) {
    const got = theta instanceof Matrix ? shapeText(shape(theta)) : typeof theta;
    throw new RangeError(`theta has shape ${got}, expected (${n}, 1)`);
  }
  const T = rowsOf(theta);
  const out: Parameters = {};
  for (const b of layout) {
    const m = zeros(b.rows, b.cols);
    const M = rowsOf(m);
    let t = b.offset;
    for (let i = 0; i < b.rows; i++) for (let j = 0; j < b.cols; j++) M[i][j] = T[t++][0];
    out[b.key] = m;
  }
  return out;
}

function sumSquares(v: ArrayLike<number>, from = 0, to = v.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += v[i] * v[i];
  return s;
}

/**
 * The relative difference `‖g − a‖₂ / (‖g‖₂ + ‖a‖₂)` of two equally long
 * vectors (squares added in order, as numpy's `norm`). 0/0 gives NaN.
 */
export function relativeDifference(g: ArrayLike<number>, a: ArrayLike<number>, from = 0, to = g.length): number {
  let num = 0;
  for (let i = from; i < to; i++) {
    const d = g[i] - a[i];
    num += d * d;
  }
  return Math.sqrt(num) / (Math.sqrt(sumSquares(g, from, to)) + Math.sqrt(sumSquares(a, from, to)));
}

/** Per-parameter result of {@link checkGradients}. */
export interface GradientBlockReport {
  /** Parameter key, e.g. `W2` (its gradient is `dW2`). */
  readonly key: string;
  readonly size: number;
  /** ‖analytic gradient of this block‖₂. */
  readonly analyticNorm: number;
  /** ‖numerical gradient of this block‖₂. */
  readonly numericalNorm: number;
  /** analyticNorm / numericalNorm: 2 means backprop doubled this block. */
  readonly ratio: number;
  /** The relative difference restricted to this block. */
  readonly difference: number;
  /** difference <= the block threshold. */
  readonly ok: boolean;
}

/** Result of {@link checkGradients}. */
export interface GradientCheckReport {
  /** Relative difference over all parameters. */
  readonly difference: number;
  readonly threshold: number;
  /** A block whose own relative difference exceeds this is reported wrong. */
  readonly blockThreshold: number;
  readonly epsilon: number;
  /** difference <= threshold. */
  readonly passed: boolean;
  /** The analytic gradient, stacked like θ. */
  readonly grad: Float64Array;
  /** The centred-difference approximation, stacked like θ. */
  readonly gradApprox: Float64Array;
  readonly blocks: readonly GradientBlockReport[];
}

/** Options of {@link checkGradients}. */
export interface GradientCheckOptions {
  /** Finite-difference step ε (default 1e-7, the course's). */
  epsilon?: number;
  /** A difference above this fails (default 2e-7, the course's). */
  threshold?: number;
  /**
   * A block whose own relative difference exceeds this is reported wrong
   * (default 1e-5). Finite-difference noise is larger in small blocks (a
   * single bias can show 3e-7 when it is right), while a wrong formula gives
   * differences of 1e-3 and more, so blocks are judged more leniently than the total.
   */
  blockThreshold?: number;
}

/**
 * Gradient checking over any parameter dictionary and cost function.
 * For each entry of θ = stack(parameters), the cost is evaluated at θ ± ε in
 * that entry (on fresh dictionaries: `parameters` is not modified).
 * @param cost the cost J(parameters) (must return a finite number)
 * @param parameters W1, b1, ...: the point to check at
 * @param gradients dW1, db1, ...: backprop's gradients at that point
 * @throws Error when a gradient is missing or misshapen, or when the cost is not finite.
 */
export function checkGradients(
  cost: (parameters: Parameters) => number,
  parameters: Parameters,
  gradients: Gradients,
  options: GradientCheckOptions = {},
): GradientCheckReport {
  const epsilon = options.epsilon ?? 1e-7;
  const threshold = options.threshold ?? 2e-7;
  const blockThreshold = options.blockThreshold ?? 1e-5;
  const layout = parameterLayout(parameters);
  const [theta] = dictionaryToVector(parameters, layout);
  const grad = Float64Array.from(rowsOf(gradientsToVector(gradients, layout)), (r) => r[0]);
  const n = theta.rows;
  const gradApprox = new Float64Array(n);
  const T = rowsOf(theta);
  const evaluate = (i: number, sign: "+" | "-"): number => {
    const shifted = copy(theta);
    const S = rowsOf(shifted);
    S[i][0] = sign === "+" ? T[i][0] + epsilon : T[i][0] - epsilon;
    const j = cost(vectorToDictionary(shifted, layout));
    if (typeof j !== "number" || !Number.isFinite(j)) {
      const block = layout.find((b) => i < b.offset + b.rows * b.cols) as ParameterBlock;
      const k = i - block.offset;
      throw new Error(
        `the cost is ${String(j)} (expected a finite number) at ${block.key}` + `[${Math.floor(k / block.cols)},${k % block.cols}] ${sign} epsilon`,
      );
    }
    return j;
  };
  for (let i = 0; i < n; i++) {
    const plus = evaluate(i, "+");
    const minus = evaluate(i, "-");
    gradApprox[i] = (plus - minus) / (2 * epsilon);
  }
  const difference = relativeDifference(grad, gradApprox);
  const blocks = layout.map((b) => {
    const from = b.offset;
    const to = b.offset + b.rows * b.cols;
    const analyticNorm = Math.sqrt(sumSquares(grad, from, to));
    const numericalNorm = Math.sqrt(sumSquares(gradApprox, from, to));
    const d = relativeDifference(grad, gradApprox, from, to);
    return {
      key: b.key,
      size: to - from,
      analyticNorm,
      numericalNorm,
      ratio: analyticNorm / numericalNorm,
      difference: d,
      ok: !(d > blockThreshold),
    };
  });
  return { difference, threshold, blockThreshold, epsilon, passed: !(difference > threshold), grad, gradApprox, blocks };
}

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/**
 * A readable table of a gradient check, one row per gradient block, naming
 * the blocks that disagree and by what factor, e.g.
 *
 *     gradient  entries  |analytic|  |numerical|   ratio  difference  verdict
 *     dW2            15    1.234567     0.617284   2.000    3.33e-01  WRONG (x2.00)
 */
export function formatGradientReport(report: GradientCheckReport): string {
  const header = ["gradient", "entries", "|analytic|", "|numerical|", "ratio", "difference", "verdict"];
  const rows = report.blocks.map((b) => [
    `d${b.key}`,
    String(b.size),
    fixed(b.analyticNorm, 6),
    fixed(b.numericalNorm, 6),
    fixed(b.ratio, 3),
    sprintf("%.2e", b.difference),
    b.ok ? "ok" : `WRONG (x${fixed(b.ratio, 2)})`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => (c === 0 || c === cells.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ")
      .trimEnd();
  const wrong = report.blocks.filter((b) => !b.ok);
  const summary = wrong.length
    ? `wrong: ${wrong.map((b) => `d${b.key} (analytic = ${fixed(b.ratio, 2)} x numerical)`).join(", ")}`
    : "every block agrees with the numerical gradient";
  return [line(header), ...rows.map(line), `overall difference = ${reprFloat(report.difference)} (threshold ${reprFloat(report.threshold)}); ${summary}`].join(
    "\n",
  );
}

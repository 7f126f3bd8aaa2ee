/**
 * The course's matplotlib figures as plotly.js figures that render offline.
 *
 * - {@link plotDataset}: the data set, points coloured by label;
 * - {@link plotCosts}: a cost curve;
 * - {@link plotDecisionBoundary}: a classifier's regions (filled) with the data on top.
 *
 * Each returns the {@link Figure} (`{ data, layout, config }`, plotly.js's own
 * JSON) and, inside the tslab kernel, displays it in the running cell (unless
 * `show: false`). A displayed figure is one output carrying three
 * representations, as plotly's Python package sends them:
 *
 * - `application/vnd.plotly.v1+json`: the figure, for front ends with a plotly
 *   renderer (JupyterLab with jupyterlab-plotly, VS Code);
 * - `text/html`: a `<div>` and a script that draws it with plotly.js, for the
 *   classic Notebook, JupyterLab without the extension (trusted notebooks) and
 *   `jupyter nbconvert --to html`;
 * - `text/plain`: one line, e.g. `Figure: "Model with He initialization" (2 traces)`.
 *
 * Nothing is fetched from the network: plotly.js itself (the plotly.js-dist
 * bundle, gzip-compressed and base64-encoded) is embedded ONCE per notebook, by
 * {@link initPlots} or automatically with the first figure of a kernel session,
 * in an output whose script defines `window.Plotly` (and the AMD module
 * `"plotly"` where require.js is present, as in the classic Notebook). The
 * figures' scripts wait for it, so outputs re-rendered from a saved, trusted
 * notebook draw as soon as that earlier output has loaded plotly.js. The
 * browser must support `DecompressionStream` (Chrome/Edge 80+, Firefox 113+,
 * Safari 16.4+).
 */
import { Matrix, assertShape, rowsOf, zeros } from "../core/matrix";
import {
  CONFIG,
  type ContourTrace,
  type Figure,
  LINE_COLOR,
  SPECTRAL_REGION_HIGH,
  SPECTRAL_REGION_LOW,
  type ScatterTrace,
  type ShowOptions,
  axis,
  dataTrace,
  flatRange,
  float64Spec,
  layout,
  rowValues,
} from "./figures";
import { reprFloat } from "../numpy/floats";
import { finish } from "./plotly";

// ---------------------------------------------------------------------------
// The plots

/** Options of {@link plotDataset}. */
export interface PlotDatasetOptions extends ShowOptions {
  title?: string;
  /** x axis range (default: automatic). */
  xlim?: [number, number];
  /** y axis range (default: automatic). */
  ylim?: [number, number];
  /** x axis title, e.g. `"x1"` (default: none, as in the course). */
  xlabel?: string;
  /** y axis title, e.g. `"x2"` (default: none). */
  ylabel?: string;
}

/**
 * The course's `plt.scatter(X[0, :], X[1, :], c=Y, s=40, cmap=plt.cm.Spectral)`:
 * the points of a 2-D data set coloured by label (0 dark red, 1 dark blue), in
 * a 504×288 px figure.
 *
 * @param X the points, shape `(2, m)`
 * @param Y their 0/1 labels, shape `(1, m)`
 * @returns nothing: the figure is displayed in the notebook; with `show: false` it is returned instead
 */
export function plotDataset(X: Matrix, Y: Matrix, options: PlotDatasetOptions & { show: false }): Figure;
export function plotDataset(X: Matrix, Y: Matrix, options?: PlotDatasetOptions): void;
export function plotDataset(X: Matrix, Y: Matrix, options: PlotDatasetOptions = {}): Figure | undefined {
  const fig: Figure = {
    data: [dataTrace(X, Y, "plotDataset")],
    layout: layout(options.title, axis(options.xlabel, options.xlim), axis(options.ylabel, options.ylim)),
    config: { ...CONFIG },
  };
  return finish(fig, options);
}

/** Options of {@link plotCosts}. */
export interface PlotCostsOptions extends ShowOptions {
  title: string;
  /** x axis title, e.g. `"iterations (per hundreds)"`. */
  xlabel: string;
  /** y axis title (default `"cost"`). */
  ylabel?: string;
}

/**
 * The course's cost curve: `plt.plot(costs); plt.ylabel('cost');
 * plt.xlabel(...); plt.title(...)`, with x the index of each cost. Hovering
 * a point shows its exact cost (Python's repr). Costs equal to within 1e-12
 * of their size (a network that does not learn, e.g. zeros initialization)
 * are drawn flat, as matplotlib draws them ({@link flatRange}), not stretched
 * into a spike by their last bits.
 *
 * @param costs the recorded costs (e.g. one per 1000 iterations)
 * @returns nothing: the figure is displayed in the notebook; with `show: false` it is returned instead
 */
export function plotCosts(costs: readonly number[], options: PlotCostsOptions & { show: false }): Figure;
export function plotCosts(costs: readonly number[], options: PlotCostsOptions): void;
export function plotCosts(costs: readonly number[], options: PlotCostsOptions): Figure | undefined {
  const trace: ScatterTrace = {
    type: "scatter",
    mode: "lines",
    name: options.ylabel ?? "cost",
    x: costs.map((_, i) => i),
    y: costs.map((c) => c),
    line: { color: LINE_COLOR, width: 1.5 },
    // The exact cost, as Python prints it: the axis ticks round it.
    text: costs.map((c) => reprFloat(c)),
    hovertemplate: "%{x}: %{text}<extra></extra>",
  };
  const fig: Figure = {
    data: [trace],
    layout: layout(options.title, axis(options.xlabel, undefined), axis(options.ylabel ?? "cost", flatRange(costs))),
    config: { ...CONFIG },
  };
  return finish(fig, options);
}

/**
 * numpy's `np.arange(start, stop, step)` for floats, value for value: the
 * length is `ceil((stop - start) / step)`, the values are `start`,
 * `start + step`, then `start + i * delta` with `delta = (start + step) - start`
 * (numpy's `fill`).
 */
function arange(start: number, stop: number, step: number): Float64Array {
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const out = new Float64Array(n);
  if (n > 0) out[0] = start;
  if (n > 1) out[1] = start + step;
  const delta = n > 1 ? out[1] - out[0] : step;
  for (let i = 2; i < n; i++) out[i] = start + i * delta;
  return out;
}

/** The grid of {@link plotDecisionBoundary}; see {@link decisionBoundaryGrid}. */
export interface DecisionGrid {
  /** Grid x values: `np.arange(min(X[0]) - 1, max(X[0]) + 1, step)`. */
  xs: Float64Array;
  /** Grid y values: `np.arange(min(X[1]) - 1, max(X[1]) + 1, step)`. */
  ys: Float64Array;
  /**
   * All grid points, shape `(2, xs.length * ys.length)`: row 0 the x values,
   * row 1 the y values, x varying fastest (numpy's `np.c_[xx.ravel(), yy.ravel()].T`
   * after `xx, yy = np.meshgrid(xs, ys)`).
   */
  points: Matrix;
}

/**
 * The course's grid for a decision boundary: x from `min(X[0]) - 1` to
 * `max(X[0]) + 1` (excluded) in steps of `step`, y likewise, with numpy's
 * `arange` values, and all its points in meshgrid + ravel order.
 */
export function decisionBoundaryGrid(X: Matrix, step = 0.01): DecisionGrid {
  assertShape(X, [2, null], "decisionBoundaryGrid: X");
  if (X.columns === 0) throw new RangeError("decisionBoundaryGrid: X has no points");
  if (!(step > 0)) throw new RangeError(`decisionBoundaryGrid: step must be positive, got ${step}`);
  const x = rowValues(X, 0);
  const y = rowValues(X, 1);
  let xmin = Infinity,
    xmax = -Infinity,
    ymin = Infinity,
    ymax = -Infinity;
  for (let j = 0; j < x.length; j++) {
    if (x[j] < xmin) xmin = x[j];
    if (x[j] > xmax) xmax = x[j];
    if (y[j] < ymin) ymin = y[j];
    if (y[j] > ymax) ymax = y[j];
  }
  const xs = arange(xmin - 1, xmax + 1, step);
  const ys = arange(ymin - 1, ymax + 1, step);
  const nx = xs.length;
  const points = zeros(2, nx * ys.length);
  const [px, py] = rowsOf(points);
  for (let j = 0; j < ys.length; j++) {
    px.set(xs, j * nx);
    py.fill(ys[j], j * nx, (j + 1) * nx);
  }
  return { xs, ys, points };
}

/** Options of {@link plotDecisionBoundary}. */
export interface PlotDecisionBoundaryOptions extends ShowOptions {
  title: string;
  /** x axis range, as the course sets it (e.g. `[-1.5, 1.5]`); default: the grid's extent. */
  xlim?: [number, number];
  /** y axis range; default: the grid's extent. */
  ylim?: [number, number];
  /** Grid step (default 0.01, the course's `h`). */
  step?: number;
}

/** The predictions as a flat array of 0/1 bytes, checked. */
function predictionBytes(pred: ArrayLike<number> | Matrix, n: number): Uint8Array {
  let values: ArrayLike<number>;
  if (pred instanceof Matrix) {
    if (pred.rows * pred.columns !== n || (pred.rows !== 1 && pred.columns !== 1)) {
      throw new RangeError(`plotDecisionBoundary: predict returned a (${pred.rows}, ${pred.columns}) matrix for ${n} points; expected (1, ${n})`);
    }
    values = pred.rows === 1 ? rowValues(pred, 0) : pred.to1DArray();
  } else {
    values = pred;
  }
  if (!values || values.length !== n) {
    throw new RangeError(`plotDecisionBoundary: predict returned ${values?.length} values for ${n} points`);
  }
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = Number(values[i]);
    if (v === 1) out[i] = 1;
    else if (v !== 0) {
      throw new RangeError(
        `plotDecisionBoundary: predict must return 0/1 labels, got ${values[i]} for point ${i} (threshold probabilities first, e.g. a3 > 0.5)`,
      );
    }
  }
  return out;
}

/** The index range [i0, i1] of the sorted grid values that covers [lo, hi] (one grid step beyond on each side). */
function coveringRange(values: Float64Array, lim: [number, number] | undefined): [number, number] {
  const n = values.length;
  if (!lim || n === 0) return [0, n - 1];
  const lo = Math.min(lim[0], lim[1]);
  const hi = Math.max(lim[0], lim[1]);
  let i0 = 0;
  while (i0 + 1 < n && values[i0 + 1] <= lo) i0++;
  let i1 = n - 1;
  while (i1 - 1 >= 0 && values[i1 - 1] >= hi) i1--;
  if (i1 < i0) return [0, n - 1];
  return [i0, i1];
}

/**
 * The course's `plot_decision_boundary(model, X, y)`: predicts the class of
 * every point of a grid covering the data with a margin of 1 (step 0.01, see
 * {@link decisionBoundaryGrid}) in ONE call of `predict`, and draws the two
 * regions filled (Spectral colours, no contour lines) with the data points on
 * top; axes titled x1 and x2.
 *
 * Only the part of the grid inside `xlim`/`ylim` (plus one grid step) is put in
 * the figure, as a typed array of bytes: a 300×300 visible grid costs about
 * 120 kB of base64 in the saved notebook.
 *
 * @param predict gets the grid points as a `(2, N)` matrix (row 0 = x1,
 *   row 1 = x2) and returns their N labels, 0 or 1 (an array, or a `(1, N)`
 *   matrix such as `predictDec`'s)
 * @param X the data, shape `(2, m)`
 * @param Y its 0/1 labels, shape `(1, m)`
 * @returns nothing: the figure is displayed in the notebook; with `show: false` it is returned instead
 *
 * @example
 * plotDecisionBoundary((x) => predictDec(parameters, x), trainX, trainY,
 *   { title: "Model with He initialization", xlim: [-1.5, 1.5], ylim: [-1.5, 1.5] });
 */
export function plotDecisionBoundary(
  predict: (points: Matrix) => ArrayLike<number> | Matrix,
  X: Matrix,
  Y: Matrix,
  options: PlotDecisionBoundaryOptions & { show: false },
): Figure;
export function plotDecisionBoundary(predict: (points: Matrix) => ArrayLike<number> | Matrix, X: Matrix, Y: Matrix, options: PlotDecisionBoundaryOptions): void;
export function plotDecisionBoundary(
  predict: (points: Matrix) => ArrayLike<number> | Matrix,
  X: Matrix,
  Y: Matrix,
  options: PlotDecisionBoundaryOptions,
): Figure | undefined {
  const scatter = dataTrace(X, Y, "plotDecisionBoundary");
  const { xs, ys, points } = decisionBoundaryGrid(X, options.step ?? 0.01);
  const nx = xs.length;
  const z = predictionBytes(predict(points), nx * ys.length);

  const [i0, i1] = coveringRange(xs, options.xlim);
  const [j0, j1] = coveringRange(ys, options.ylim);
  const cols = i1 - i0 + 1;
  const rows = j1 - j0 + 1;
  const zc = new Uint8Array(rows * cols);
  for (let j = 0; j < rows; j++) zc.set(z.subarray((j0 + j) * nx + i0, (j0 + j) * nx + i1 + 1), j * cols);

  const contour: ContourTrace = {
    type: "contour",
    name: "prediction",
    x: float64Spec(xs.slice(i0, i1 + 1)),
    y: float64Spec(ys.slice(j0, j1 + 1)),
    z: { dtype: "u1", bdata: Buffer.from(zc.buffer, zc.byteOffset, zc.byteLength).toString("base64"), shape: `${rows},${cols}` },
    zmin: 0,
    zmax: 1,
    zauto: false,
    autocontour: false,
    contours: { coloring: "fill", start: 0.5, end: 0.5, size: 1, showlines: false },
    // Two flat colours: below the 0.5 level one, above it the other.
    colorscale: [
      [0, SPECTRAL_REGION_LOW],
      [0.5, SPECTRAL_REGION_LOW],
      [0.5, SPECTRAL_REGION_HIGH],
      [1, SPECTRAL_REGION_HIGH],
    ],
    showscale: false,
    line: { width: 0 },
    hoverinfo: "skip",
  };
  const xr: [number, number] = options.xlim ?? [xs[0], xs[nx - 1]];
  const yr: [number, number] = options.ylim ?? [ys[0], ys[ys.length - 1]];
  const fig: Figure = {
    data: [contour, scatter],
    layout: layout(options.title, axis("x1", xr), axis("x2", yr)),
    config: { ...CONFIG },
  };
  return finish(fig, options);
}

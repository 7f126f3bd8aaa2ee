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
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { Matrix, assertShape, rowsOf, zeros } from "./matrix";
import { displayMimeBundle, inNotebook, type MimeBundle } from "./display";

// ---------------------------------------------------------------------------
// Figure types (the subset of plotly.js's schema these plots use)

/**
 * plotly.js's typed-array spec: the little-endian bytes of a typed array in
 * base64 (`dtype` `"u1"` = Uint8Array, `"f8"` = Float64Array), with `shape`
 * `"rows,columns"` for a 2-D array stored row by row. plotly.js ≥ 2.28 decodes it.
 */
export interface TypedArraySpec {
  dtype: "u1" | "f8";
  bdata: string;
  shape?: string;
}

/** A data array of a trace: plain numbers or a {@link TypedArraySpec}. */
export type DataArray = number[] | TypedArraySpec;

/** Font settings. */
export interface FontSpec {
  size?: number;
  color?: string;
  family?: string;
}

/** A title (plotly.js 3 takes titles as objects). */
export interface TitleSpec {
  text: string;
  font?: FontSpec;
  x?: number;
  xanchor?: "auto" | "left" | "center" | "right";
}

/** An x or y axis. */
export interface AxisSpec {
  title?: TitleSpec;
  range?: [number, number];
  showline?: boolean;
  mirror?: boolean;
  linecolor?: string;
  ticks?: "" | "inside" | "outside";
  zeroline?: boolean;
  showgrid?: boolean;
}

/** A scatter trace: points (`mode: "markers"`) or a line (`mode: "lines"`). */
export interface ScatterTrace {
  type: "scatter";
  mode: "markers" | "lines";
  name?: string;
  x: DataArray;
  y: DataArray;
  marker?: {
    /** One colour, or one value per point mapped through `colorscale`. */
    color: string | number[];
    size: number;
    colorscale?: [number, string][];
    cmin?: number;
    cmax?: number;
    showscale?: boolean;
  };
  line?: { color: string; width: number };
  hovertemplate?: string;
}

/** A filled contour of values on a rectangular grid (`z[j][i]` at `(x[i], y[j])`). */
export interface ContourTrace {
  type: "contour";
  name?: string;
  x: DataArray;
  y: DataArray;
  z: TypedArraySpec;
  zmin: number;
  zmax: number;
  zauto: boolean;
  autocontour: boolean;
  contours: { coloring: "fill" | "heatmap" | "lines" | "none"; start: number; end: number; size: number; showlines: boolean };
  colorscale: [number, string][];
  showscale: boolean;
  line: { width: number; smoothing?: number };
  hoverinfo?: "skip" | "none" | "all";
}

/** A trace of a {@link Figure}. */
export type Trace = ScatterTrace | ContourTrace;

/** A figure's layout. */
export interface LayoutSpec {
  title?: TitleSpec;
  width: number;
  height: number;
  margin: { l: number; r: number; t: number; b: number };
  font?: FontSpec;
  showlegend: boolean;
  hovermode?: "closest" | false;
  plot_bgcolor?: string;
  paper_bgcolor?: string;
  xaxis: AxisSpec;
  yaxis: AxisSpec;
}

/** plotly.js's `config` argument. */
export interface PlotConfig {
  displaylogo?: boolean;
  responsive?: boolean;
}

/** A plotly.js figure: `Plotly.newPlot(div, fig.data, fig.layout, fig.config)`. */
export interface Figure {
  data: Trace[];
  layout: LayoutSpec;
  config?: PlotConfig;
}

/** Options shared by the plot functions. */
export interface ShowOptions {
  /** Display the figure in the running notebook cell (default true; no effect outside tslab). */
  show?: boolean;
}

// ---------------------------------------------------------------------------
// Look: the course's matplotlib figures

/** matplotlib's "Spectral" colormap at 0: the colour of label 0. */
export const SPECTRAL_LOW = "#9e0142";
/** matplotlib's "Spectral" colormap at 1: the colour of label 1. */
export const SPECTRAL_HIGH = "#5e4fa2";
/**
 * The two filled regions of {@link plotDecisionBoundary}: "Spectral" at 0.1 and
 * 0.9 (the colours matplotlib's `contourf` gives the lowest and highest band of
 * 0/1 predictions), lighter than the points so that the points stay visible.
 */
export const SPECTRAL_REGION_LOW = "#d53e4f";
export const SPECTRAL_REGION_HIGH = "#3288bd";
/** matplotlib's default line colour (`C0`). */
const LINE_COLOR = "#1f77b4";

/** The course's figures are 7×4 inches; at 72 dpi that is 504×288 pixels. */
export const FIGURE_WIDTH = 504;
export const FIGURE_HEIGHT = 288;
/** matplotlib `scatter(..., s=40)`: an area of 40 pt², i.e. a diameter of √40 ≈ 6.3 px at 72 dpi. */
export const MARKER_SIZE = Math.sqrt(40);

function axis(title: string | undefined, range: [number, number] | undefined): AxisSpec {
  const a: AxisSpec = { showline: true, mirror: true, linecolor: "#444", ticks: "outside", zeroline: false, showgrid: false };
  if (title) a.title = { text: title };
  if (range) a.range = [range[0], range[1]];
  return a;
}

function layout(title: string | undefined, xaxis: AxisSpec, yaxis: AxisSpec): LayoutSpec {
  const l: LayoutSpec = {
    width: FIGURE_WIDTH,
    height: FIGURE_HEIGHT,
    margin: { l: 55, r: 20, t: title ? 36 : 16, b: xaxis.title ? 44 : 28 },
    font: { size: 11 },
    showlegend: false,
    hovermode: "closest",
    plot_bgcolor: "white",
    paper_bgcolor: "white",
    xaxis,
    yaxis,
  };
  if (title) l.title = { text: title, font: { size: 14 }, x: 0.5, xanchor: "center" };
  return l;
}

const CONFIG: PlotConfig = { displaylogo: false, responsive: false };

function float64Spec(values: Float64Array): TypedArraySpec {
  return { dtype: "f8", bdata: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64") };
}

/** The values of row `i` of a matrix. */
function rowValues(m: Matrix, i: number): Float64Array {
  try {
    return rowsOf(m)[i];
  } catch {
    return Float64Array.from(m.getRow(i));
  }
}

/** The 0/1 labels of Y (1,m) as plain numbers (small in JSON). */
function labelValues(Y: Matrix, m: number, what: string): number[] {
  if (Y.rows * Y.columns !== m || (Y.rows !== 1 && Y.columns !== 1)) {
    throw new RangeError(`${what}: Y has shape (${Y.rows}, ${Y.columns}), expected (1, ${m}) like X's ${m} columns`);
  }
  return Y.to1DArray();
}

function dataTrace(X: Matrix, Y: Matrix, what: string): ScatterTrace {
  assertShape(X, [2, null], `${what}: X`);
  const labels = labelValues(Y, X.columns, what);
  return {
    type: "scatter",
    mode: "markers",
    name: "data",
    x: float64Spec(rowValues(X, 0)),
    y: float64Spec(rowValues(X, 1)),
    marker: {
      color: labels,
      size: MARKER_SIZE,
      colorscale: [
        [0, SPECTRAL_LOW],
        [1, SPECTRAL_HIGH],
      ],
      cmin: 0,
      cmax: 1,
      showscale: false,
    },
    hovertemplate: "x1=%{x:.3f}<br>x2=%{y:.3f}<br>y=%{marker.color}<extra></extra>",
  };
}

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
export function plotDataset(X: Matrix, Y: Matrix, options: PlotDatasetOptions = {}): Figure | void {
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
 * plt.xlabel(...); plt.title(...)`, with x the index of each cost.
 *
 * @param costs the recorded costs (e.g. one per 1000 iterations)
 * @returns nothing: the figure is displayed in the notebook; with `show: false` it is returned instead
 */
export function plotCosts(costs: readonly number[], options: PlotCostsOptions & { show: false }): Figure;
export function plotCosts(costs: readonly number[], options: PlotCostsOptions): void;
export function plotCosts(costs: readonly number[], options: PlotCostsOptions): Figure | void {
  const trace: ScatterTrace = {
    type: "scatter",
    mode: "lines",
    name: options.ylabel ?? "cost",
    x: costs.map((_, i) => i),
    y: costs.map((c) => c),
    line: { color: LINE_COLOR, width: 1.5 },
    hovertemplate: "%{x}: %{y}<extra></extra>",
  };
  const fig: Figure = {
    data: [trace],
    layout: layout(options.title, axis(options.xlabel, undefined), axis(options.ylabel ?? "cost", undefined)),
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
  let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
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
      throw new RangeError(`plotDecisionBoundary: predict must return 0/1 labels, got ${values[i]} for point ${i} (threshold probabilities first, e.g. a3 > 0.5)`);
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
export function plotDecisionBoundary(
  predict: (points: Matrix) => ArrayLike<number> | Matrix,
  X: Matrix,
  Y: Matrix,
  options: PlotDecisionBoundaryOptions,
): void;
export function plotDecisionBoundary(
  predict: (points: Matrix) => ArrayLike<number> | Matrix,
  X: Matrix,
  Y: Matrix,
  options: PlotDecisionBoundaryOptions,
): Figure | void {
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

// ---------------------------------------------------------------------------
// Display: the MIME bundles

const PLOTLY_PACKAGE = "plotly.js-dist";
let plotlyCache: { version: string; gzBase64: string } | null = null;

/** The plotly.js-dist bundle, gzip-compressed (level 9) and base64-encoded; read once per process. */
function plotlyBundle(): { version: string; gzBase64: string } {
  if (!plotlyCache) {
    const file = require.resolve(`${PLOTLY_PACKAGE}/plotly.js`);
    const pkg = JSON.parse(readFileSync(require.resolve(`${PLOTLY_PACKAGE}/package.json`), "utf8")) as { version: string };
    plotlyCache = { version: pkg.version, gzBase64: gzipSync(readFileSync(file), { level: 9 }).toString("base64") };
  }
  return plotlyCache;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Browser-side helpers shared by the scripts: the promise of plotly.js
 * (`window.__dnnlabPlotly`, created by whichever script runs first) and gunzip
 * of base64 text with the browser's DecompressionStream.
 */
const JS_HELPERS = `var w = window;
  var ready = w.__dnnlabPlotly;
  if (!ready) {
    ready = w.__dnnlabPlotly = {};
    ready.promise = new Promise(function (resolve, reject) { ready.resolve = resolve; ready.reject = reject; });
    ready.promise.catch(function () {});
  }
  function gunzip(b64) {
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("this browser has no DecompressionStream (needs Chrome 80+, Firefox 113+ or Safari 16.4+)"));
    }
    var s = atob(b64), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return new Response(new Blob([a]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  }`;

/**
 * The output that loads plotly.js into the page: `text/html` with the bundle
 * (gzip + base64) and a script that defines `window.Plotly` and, under
 * require.js (classic Notebook), the AMD module `"plotly"`; `text/plain` says
 * what it is.
 */
export function plotlyInitMimeBundle(): MimeBundle {
  const { version, gzBase64 } = plotlyBundle();
  const html = `<div class="dnnlab-plotly-init" style="display:none"></div>
<script type="text/javascript">
(function () {
  ${JS_HELPERS}
  if (ready.started) return;
  ready.started = true;
  var version = ${JSON.stringify(version)};
  if (w.Plotly && w.Plotly.version === version) { ready.resolve(w.Plotly); return; }
  var data = "${gzBase64}";
  gunzip(data).then(function (src) {
    var module = { exports: {} };
    new Function("module", "exports", src + "\\n//# sourceURL=plotly-" + version + ".js")(module, module.exports);
    var Plotly = module.exports;
    w.Plotly = Plotly;
    if (typeof w.define === "function" && w.define.amd && typeof w.require === "function") {
      try {
        if (w.require.undef) w.require.undef("plotly");
        w.define("plotly", [], function () { return Plotly; });
      } catch (e) {}
    }
    ready.resolve(Plotly);
  }).catch(function (err) {
    ready.reject(err);
    var notes = document.querySelectorAll("div.dnnlab-plotly-init");
    for (var i = 0; i < notes.length; i++) {
      notes[i].style.display = "block";
      notes[i].textContent = "plotly.js could not be loaded: " + err;
    }
  });
})();
</script>`;
  return {
    "text/html": html,
    "text/plain": `plotly.js ${version} (embedded once per notebook, so that the figures render offline)`,
  };
}

/** The one-line text of a figure: `Figure: "title" (2 traces)`. */
export function figureText(fig: Figure): string {
  const n = fig.data.length;
  const traces = `${n} trace${n === 1 ? "" : "s"}`;
  const title = fig.layout.title?.text;
  return title ? `Figure: ${JSON.stringify(title)} (${traces})` : `Figure (${traces})`;
}

/**
 * The MIME bundle of a figure: `application/vnd.plotly.v1+json` (the figure),
 * `text/html` (a div and a script drawing the figure, gzip + base64 inside, with
 * the plotly.js loaded by {@link plotlyInitMimeBundle}'s output) and `text/plain`
 * ({@link figureText}). Deterministic: the same figure gives the same bundle.
 */
export function figureMimeBundle(fig: Figure): MimeBundle {
  const json = JSON.stringify(fig);
  const gz = gzipSync(Buffer.from(json, "utf8"), { level: 9 }).toString("base64");
  const key = createHash("sha1").update(json).digest("hex").slice(0, 16);
  const text = figureText(fig);
  const { width, height } = fig.layout;
  const html = `<div class="dnnlab-figure" data-dnnlab-figure="${key}" style="width:${width}px;height:${height}px"><span style="font:12px sans-serif;color:#888">${escapeHtml(text)}: waiting for plotly.js (loaded by an earlier output of this notebook: initPlots() or the first plot; if the notebook is not trusted, trust it; if that output was cleared, re-run the notebook)</span></div>
<script type="text/javascript">
(function () {
  ${JS_HELPERS}
  var key = "${key}";
  var here = document.currentScript && document.currentScript.previousElementSibling;
  function targets() {
    var list = [];
    if (here && here.getAttribute && here.getAttribute("data-dnnlab-figure") === key) list.push(here);
    var found = document.querySelectorAll('div[data-dnnlab-figure="' + key + '"]');
    for (var i = 0; i < found.length; i++) if (list.indexOf(found[i]) < 0) list.push(found[i]);
    return list.filter(function (el) { return !el.getAttribute("data-drawn"); });
  }
  Promise.all([ready.promise, gunzip("${gz}")]).then(function (r) {
    targets().forEach(function (el) {
      var fig = JSON.parse(r[1]);
      el.setAttribute("data-drawn", "1");
      el.innerHTML = "";
      r[0].newPlot(el, fig.data, fig.layout, fig.config);
    });
  }).catch(function (err) {
    targets().forEach(function (el) { el.textContent = ${JSON.stringify(text)} + ": could not be drawn: " + err; });
  });
})();
</script>`;
  return {
    "application/vnd.plotly.v1+json": JSON.parse(json) as unknown,
    "text/html": html,
    "text/plain": text,
  };
}

/**
 * Gives a figure a short `util.inspect` text (its {@link figureText}): the
 * tslab kernel prints the value of a cell's last expression, and a plot call
 * there should add one line, not the whole figure JSON.
 */
function withShortInspect(fig: Figure): Figure {
  Object.defineProperty(fig, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => figureText(fig),
    enumerable: false,
    configurable: true,
  });
  return fig;
}

/**
 * Displays the figure, or returns it with `show: false`. A displayed figure
 * is not returned: tslab would print the value of a cell's last expression
 * under the plot.
 */
function finish(fig: Figure, options: ShowOptions): Figure | void {
  withShortInspect(fig);
  if (options.show === false) return fig;
  showFigure(fig);
}

let plotlyShown = false;

/**
 * Embeds plotly.js in the notebook (one output, ~2.6 MB of base64) so that the
 * figures render without network access, in the running page and when the
 * saved notebook is reopened or exported with nbconvert. Call it once near the
 * top of a notebook (e.g. in the import cell); without it the first figure of
 * the kernel session embeds plotly.js itself. Calling it again embeds it again.
 *
 * Why calling it is safer: the automatic embedding happens once per kernel
 * session, so re-running cells without restarting the kernel (Cell > Run All)
 * replaces that output with a figure alone, and a notebook saved then shows
 * "waiting for plotly.js" when reopened. An `initPlots()` in the first cell is
 * re-run with the others. (Restart & Run All, and `npm run notebooks`, are
 * fine either way.)
 *
 * Returns nothing (so that a cell ending with it prints nothing); outside tslab it does nothing.
 */
export function initPlots(): void {
  if (!inNotebook()) return;
  plotlyShown = displayMimeBundle(plotlyInitMimeBundle()) || plotlyShown;
}

/**
 * Displays a figure in the running notebook cell (one output with the
 * plotly JSON, HTML and plain-text representations, see
 * {@link figureMimeBundle}); embeds plotly.js first if this kernel session has
 * not done so yet. Outside tslab it does nothing.
 *
 * @returns true if the figure was sent
 */
export function showFigure(fig: Figure): boolean {
  if (!inNotebook()) return false;
  if (!plotlyShown) initPlots();
  return displayMimeBundle(figureMimeBundle(fig));
}

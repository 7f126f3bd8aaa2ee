/**
 * Figures as data: the subset of plotly.js's figure schema the plots use
 * ({@link Figure}, traces, layout) and the look of the course's matplotlib
 * figures (sizes, markers, the Spectral colour map of the decision
 * boundaries).
 */
import { type Matrix, assertShape, rowsOf } from "../core/matrix";
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
  /** Height of the title's anchor, a fraction of the figure's height (1: the top). */
  y?: number;
  yanchor?: "auto" | "top" | "middle" | "bottom";
  /** Padding in px; `t` applies with `yanchor: "top"`. */
  pad?: { t?: number; b?: number; l?: number; r?: number };
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
  /** One hover text per point (`%{text}` in `hovertemplate`). */
  text?: string[];
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
export const LINE_COLOR = "#1f77b4";

/** The course's figures are 7×4 inches; at 72 dpi that is 504×288 pixels. */
export const FIGURE_WIDTH = 504;
export const FIGURE_HEIGHT = 288;
/** matplotlib `scatter(..., s=40)`: an area of 40 pt², i.e. a diameter of √40 ≈ 6.3 px at 72 dpi. */
export const MARKER_SIZE = Math.sqrt(40);
/** Title size in px. */
export const TITLE_SIZE = 14;

/**
 * Where a figure's title starts, in px below the figure's top. plotly's mode
 * bar (the download, zoom and pan buttons shown on hover) stands in the top
 * right corner, from 2 px to 25 px down, as wide as 200 px: a title centred
 * at the top of a 504 px figure lay under it ("Learning rate =0.01" did).
 * Below that band no title meets it, however long.
 */
export const TITLE_TOP = 31;

/** A figure title of `size` px, centred, its top {@link TITLE_TOP} px below the figure's top. */
export function titleSpec(text: string, size = TITLE_SIZE): TitleSpec {
  return { text, font: { size }, x: 0.5, xanchor: "center", y: 1, yanchor: "top", pad: { t: TITLE_TOP } };
}

/** The top margin above the plot for a {@link titleSpec} title of `size` px: the band, the title's line (1.3 × size), 3 px. */
export function titleMargin(size: number): number {
  return TITLE_TOP + Math.ceil(1.3 * size) + 3;
}

/** The x or y axis of the course's figures, titled if `title` is given, over `range` if given (else automatic). */
export function axis(title: string | undefined, range: [number, number] | undefined): AxisSpec {
  const a: AxisSpec = { showline: true, mirror: true, linecolor: "#444", ticks: "outside", zeroline: false, showgrid: false };
  if (title) a.title = { text: title };
  if (range) a.range = [range[0], range[1]];
  return a;
}

/** The layout of the course's figures: 504x288 px, white, no legend, the title (if any) below the mode bar ({@link titleSpec}). */
export function layout(title: string | undefined, xaxis: AxisSpec, yaxis: AxisSpec): LayoutSpec {
  const l: LayoutSpec = {
    width: FIGURE_WIDTH,
    height: FIGURE_HEIGHT,
    margin: { l: 55, r: 20, t: title ? titleMargin(TITLE_SIZE) : 16, b: xaxis.title ? 44 : 28 },
    font: { size: 11 },
    showlegend: false,
    hovermode: "closest",
    plot_bgcolor: "white",
    paper_bgcolor: "white",
    xaxis,
    yaxis,
  };
  if (title) l.title = titleSpec(title, TITLE_SIZE);
  return l;
}

export const CONFIG: PlotConfig = { displaylogo: false, responsive: false };

/**
 * The figure as a notebook shows it ({@link figureMimeBundle}): a title that
 * does not say where it stands (one of a figure built outside this module,
 * e.g. a course notebook's own, `{ text, x, xanchor }`) is set below the mode
 * bar as {@link titleSpec} sets it, and the top margin grows to hold it.
 * Returns the figure itself when there is nothing to change, else a copy
 * (the caller's figure is left as it was).
 */
export function withTitleBelowModeBar<F extends { layout: object }>(fig: F): F {
  const l = fig.layout as { title?: string | Partial<TitleSpec>; margin?: { t?: number }; font?: FontSpec };
  const title = typeof l.title === "string" ? { text: l.title } : l.title;
  if (!title?.text || title.y !== undefined || title.yanchor !== undefined) return fig;
  // plotly's default title size is 1.4 times the figure's font size (12 px by default).
  const size = title.font?.size ?? 1.4 * (l.font?.size ?? 12);
  const placed: TitleSpec = { ...title, text: title.text, y: 1, yanchor: "top", pad: { ...title.pad, t: TITLE_TOP } };
  const margin = { ...l.margin, t: Math.max(l.margin?.t ?? 100, titleMargin(size)) };
  return { ...fig, layout: { ...fig.layout, title: placed, margin } };
}

/**
 * The y range that draws values equal to within `relTol` of their size as a
 * flat line in the middle of the axes, as matplotlib does (its `nonsingular`
 * widens such a range by 5% of the value each way; plotly would stretch the
 * last bits of the values over the whole height). `undefined` (automatic)
 * when the finite values differ by more, or there are none.
 */
export function flatRange(values: readonly number[], relTol = 1e-12): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return undefined;
  const size = Math.max(Math.abs(lo), Math.abs(hi));
  if (hi - lo > relTol * size) return undefined;
  if (size === 0) return [-0.05, 0.05];
  return [lo - 0.05 * Math.abs(lo), hi + 0.05 * Math.abs(hi)];
}

export function float64Spec(values: Float64Array): TypedArraySpec {
  return { dtype: "f8", bdata: Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("base64") };
}

/** The values of row `i` of a matrix. */
export function rowValues(m: Matrix, i: number): Float64Array {
  try {
    return rowsOf(m)[i];
  } catch {
    return Float64Array.from(m.getRow(i));
  }
}

/** The 0/1 labels of Y (1,m) as plain numbers (small in JSON). */
export function labelValues(Y: Matrix, m: number, what: string): number[] {
  if (Y.rows * Y.columns !== m || (Y.rows !== 1 && Y.columns !== 1)) {
    throw new RangeError(`${what}: Y has shape (${Y.rows}, ${Y.columns}), expected (1, ${m}) like X's ${m} columns`);
  }
  return Y.to1DArray();
}

export function dataTrace(X: Matrix, Y: Matrix, what: string): ScatterTrace {
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

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
export const LINE_COLOR = "#1f77b4";

/** The course's figures are 7×4 inches; at 72 dpi that is 504×288 pixels. */
export const FIGURE_WIDTH = 504;
export const FIGURE_HEIGHT = 288;
/** matplotlib `scatter(..., s=40)`: an area of 40 pt², i.e. a diameter of √40 ≈ 6.3 px at 72 dpi. */
export const MARKER_SIZE = Math.sqrt(40);

export function axis(title: string | undefined, range: [number, number] | undefined): AxisSpec {
  const a: AxisSpec = { showline: true, mirror: true, linecolor: "#444", ticks: "outside", zeroline: false, showgrid: false };
  if (title) a.title = { text: title };
  if (range) a.range = [range[0], range[1]];
  return a;
}

export function layout(title: string | undefined, xaxis: AxisSpec, yaxis: AxisSpec): LayoutSpec {
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

export const CONFIG: PlotConfig = { displaylogo: false, responsive: false };

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

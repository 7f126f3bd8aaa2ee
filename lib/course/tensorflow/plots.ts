/**
 * The TensorFlow notebook's figures: the grid of SIGNS images (each a PNG,
 * {@link encodePng}) and the training and test accuracies. Plotly JSON like
 * the library's other figures, the title below plotly's mode bar as
 * `titleSpec` places it, so a figure returned with `show: false` is the one
 * a notebook shows.
 */
import { deflateSync } from "node:zlib";
import { showFigure } from "../../display/plotly";
import { FIGURE_HEIGHT, FIGURE_WIDTH, TITLE_SIZE, titleMargin, titleSpec, type Figure, type ScatterTrace, type TitleSpec } from "../../display/figures";
import { SIGNS_IMAGE_SHAPE, SIGNS_IMAGE_SIZE } from "../../io/signs";

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Encodes an 8-bit RGB image as PNG.
 * @param rgb `height * width * 3` values, row by row
 * @throws RangeError when `rgb` has the wrong length
 */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (rgb.length !== width * height * 3) throw new RangeError(`encodePng: ${rgb.length} values for a ${width}×${height} RGB image`);
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 3 + 1)] = 0; // filter: none
    raw.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(raw, { level: 9 })),
    pngChunk("IEND", new Uint8Array(0)),
  ]);
}

/** Options of {@link plotImageGrid}. */
export interface ImageGridOptions {
  /** Number of images shown (default 25, the first ones). */
  count?: number;
  /** Images per row (default 5). */
  columns?: number;
  /** Figure title (default none). */
  title?: string;
  /** Display the figure (default true; no effect outside tslab). */
  show?: boolean;
}

/** A plotly.js figure with several image panels (plotly's own JSON). */
export interface ImageGridFigure {
  data: Array<{ type: "image"; source: string; xaxis: string; yaxis: string; hoverinfo: "skip" }>;
  layout: {
    title?: TitleSpec;
    width: number;
    height: number;
    margin: { l: number; r: number; t: number; b: number };
    showlegend: boolean;
    paper_bgcolor: string;
    annotations: Array<{
      text: string;
      x: number;
      y: number;
      xref: "paper";
      yref: "paper";
      xanchor: "center";
      yanchor: "bottom";
      showarrow: false;
      font: { size: number };
    }>;
    [axis: string]: unknown;
  };
  config: { displaylogo: boolean; responsive: boolean };
}

/**
 * The course's 5×5 grid of images, each titled with its label, axes off
 * (matplotlib `imshow` in subplots). Each image is embedded as a PNG.
 * @param images uint8 RGB, `n * 64 * 64 * 3` values (a {@link SignsSplit}'s `x`)
 * @param labels the images' labels
 * @returns nothing: the figure is displayed; with `show: false` it is returned instead
 */
export function plotImageGrid(images: Uint8Array, labels: ArrayLike<number>, options: ImageGridOptions & { show: false }): ImageGridFigure;
export function plotImageGrid(images: Uint8Array, labels: ArrayLike<number>, options?: ImageGridOptions): void;
export function plotImageGrid(images: Uint8Array, labels: ArrayLike<number>, options: ImageGridOptions = {}): ImageGridFigure | undefined {
  const available = Math.floor(images.length / SIGNS_IMAGE_SIZE);
  const count = Math.min(options.count ?? 25, available, labels.length);
  const columns = options.columns ?? 5;
  const rows = Math.ceil(count / columns);
  const [h, w] = SIGNS_IMAGE_SHAPE;
  const cell = 120;
  const titleSpace = 18;
  const top = options.title ? titleMargin(TITLE_SIZE) : 10;
  const width = columns * cell + 20;
  const height = rows * (cell + titleSpace) + top + 10;
  const fig: ImageGridFigure = {
    data: [],
    layout: {
      width,
      height,
      margin: { l: 10, r: 10, t: top, b: 10 },
      showlegend: false,
      paper_bgcolor: "white",
      annotations: [],
    },
    config: { displaylogo: false, responsive: false },
  };
  if (options.title) fig.layout.title = titleSpec(options.title, TITLE_SIZE);
  const plotW = width - 20;
  const plotH = height - top - 10;
  for (let k = 0; k < count; k++) {
    const r = Math.floor(k / columns);
    const c = k % columns;
    const id = k === 0 ? "" : String(k + 1);
    const x0 = (c * cell + 6) / plotW;
    const x1 = ((c + 1) * cell - 6) / plotW;
    const y1 = 1 - (r * (cell + titleSpace) + titleSpace) / plotH;
    const y0 = 1 - ((r + 1) * (cell + titleSpace)) / plotH + 6 / plotH;
    const png = encodePng(w, h, images.subarray(k * SIGNS_IMAGE_SIZE, (k + 1) * SIGNS_IMAGE_SIZE));
    fig.data.push({ type: "image", source: `data:image/png;base64,${png.toString("base64")}`, xaxis: `x${id}`, yaxis: `y${id}`, hoverinfo: "skip" });
    fig.layout[`xaxis${id}`] = { domain: [x0, x1], visible: false, anchor: `y${id}` };
    fig.layout[`yaxis${id}`] = { domain: [Math.max(0, y0), y1], visible: false, anchor: `x${id}`, scaleanchor: `x${id}` };
    fig.layout.annotations.push({
      text: String(labels[k]),
      x: (x0 + x1) / 2,
      y: y1,
      xref: "paper",
      yref: "paper",
      xanchor: "center",
      yanchor: "bottom",
      showarrow: false,
      font: { size: 13 },
    });
  }
  Object.defineProperty(fig, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => `Figure${options.title ? ` ${JSON.stringify(options.title)}` : ""} (${count} images)`,
    enumerable: false,
  });
  if (options.show === false) return fig;
  // The grid is plotly JSON like the library's other figures; showFigure only serialises it.
  showFigure(fig as unknown as Figure);
  return undefined;
}

/** Options of {@link plotAccuracies}. */
export interface PlotAccuraciesOptions {
  title: string;
  /** x axis title, e.g. `"epochs (per tens)"`. */
  xlabel: string;
  /** y axis title (default `"accuracy"`). */
  ylabel?: string;
  /** Display the figure (default true; no effect outside tslab). */
  show?: boolean;
}

/**
 * Training and test accuracy on one set of axes, with a legend (the course
 * plots both, one after the other, on the same axes).
 * @returns nothing: the figure is displayed; with `show: false` it is returned instead
 */
export function plotAccuracies(train: readonly number[], test: readonly number[], options: PlotAccuraciesOptions & { show: false }): Figure;
export function plotAccuracies(train: readonly number[], test: readonly number[], options: PlotAccuraciesOptions): void;
export function plotAccuracies(train: readonly number[], test: readonly number[], options: PlotAccuraciesOptions): Figure | undefined {
  const line = (ys: readonly number[], name: string, color: string): ScatterTrace => ({
    type: "scatter",
    mode: "lines",
    name,
    x: ys.map((_, i) => i),
    y: ys.map((v) => v),
    line: { color, width: 1.5 },
    hovertemplate: `${name} %{x}: %{y:.4f}<extra></extra>`,
  });
  const axis = (title: string) => ({
    title: { text: title },
    showline: true,
    mirror: true,
    linecolor: "#444",
    ticks: "outside" as const,
    zeroline: false,
    showgrid: false,
  });
  const fig: Figure = {
    data: [line(train, "train accuracy", "#1f77b4"), line(test, "test accuracy", "#ff7f0e")],
    layout: {
      title: titleSpec(options.title, TITLE_SIZE),
      width: FIGURE_WIDTH,
      height: FIGURE_HEIGHT,
      margin: { l: 55, r: 20, t: titleMargin(TITLE_SIZE), b: 44 },
      font: { size: 11 },
      showlegend: true,
      hovermode: "closest",
      plot_bgcolor: "white",
      paper_bgcolor: "white",
      xaxis: axis(options.xlabel),
      yaxis: axis(options.ylabel ?? "accuracy"),
    },
    config: { displaylogo: false, responsive: false },
  };
  Object.defineProperty(fig, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => `Figure: ${JSON.stringify(options.title)} (2 traces)`,
    enumerable: false,
  });
  if (options.show === false) return fig;
  showFigure(fig);
  return undefined;
}

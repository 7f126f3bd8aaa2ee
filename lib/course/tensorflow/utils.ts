/**
 * Helpers of the TensorFlow notebook, on TensorFlow.js (`@tensorflow/tfjs`):
 *
 * - {@link setUpBackend}: the WebAssembly backend, loaded offline from
 *   `node_modules`, with faster kernels (./kernels.ts, ./adam.ts: the same
 *   results, bit for bit), or the cpu backend with a note when it cannot start;
 * - {@link tensorStr}: a tensor printed as TensorFlow prints one,
 *   `tf.Tensor(<numpy text>, shape=(…), dtype=…)`;
 * - {@link CategoricalAccuracy}: Keras' stateful accuracy metric;
 * - {@link plotImageGrid}, {@link plotAccuracies}: the notebook's figures;
 * - {@link TfParameters}: the type of the network's parameters.
 *
 * The network itself (initialization, forward pass, cost) and its training
 * loop, `model`, are the notebook's: its graded exercises and the code around
 * them. The library does not implement them.
 *
 * TensorFlow.js is loaded on first use ({@link tfjs}), so notebooks that do
 * not use it do not pay for it. It is the same module instance a notebook
 * gets from `import * as tf from "@tensorflow/tfjs"`.
 */
import { dirname, sep } from "node:path";
import { deflateSync } from "node:zlib";
import type * as TF from "@tensorflow/tfjs";
import { str, type Dtype, type Printable } from "../../numpy/format";
import { showFigure } from "../../display/plotly";
import { FIGURE_HEIGHT, FIGURE_WIDTH, type Figure, type ScatterTrace } from "../../display/figures";
import { SIGNS_IMAGE_SHAPE, SIGNS_IMAGE_SIZE } from "../../io/signs";
import { installWasmKernels } from "./kernels";
import { installFusedAdam } from "./adam";

/** The `@tensorflow/tfjs` module's type. */
export type Tfjs = typeof TF;

let tfModule: Tfjs | undefined;

/** The `@tensorflow/tfjs` module, loaded on the first call. */
export function tfjs(): Tfjs {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tfModule ??= require("@tensorflow/tfjs") as Tfjs;
  return tfModule;
}

// ---------------------------------------------------------------------------
// Backend

/** The backends {@link setUpBackend} can start. */
export type BackendName = "wasm" | "cpu";

/** Options of {@link setUpBackend}. */
export interface BackendOptions {
  /** The backend wanted (default `"wasm"`, or `$DNNLAB_TF_BACKEND` when set to `wasm` or `cpu`). */
  backend?: BackendName;
  /** The folder of the `.wasm` files (default: `@tensorflow/tfjs-backend-wasm/dist/` in `node_modules`). */
  wasmDir?: string;
}

/**
 * Installs the faster kernels of ./kernels.ts and the fused Adam update of
 * ./adam.ts on the wasm backend (same results, bit for bit), unless
 * `$DNNLAB_TF_KERNELS` is `tfjs` (to time or compare tfjs's own kernels).
 */
function speedUp(tf: Tfjs): void {
  if (process.env.DNNLAB_TF_KERNELS === "tfjs") return;
  if (installWasmKernels(tf)) installFusedAdam(tf);
}

/** The folder holding `tfjs-backend-wasm.wasm` and its SIMD variants. */
export function wasmDirectory(): string {
  return dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm")) + sep;
}

/**
 * Starts TensorFlow.js on the WebAssembly backend, whose `.wasm` files are
 * read from `node_modules` (nothing is fetched), and installs the faster
 * kernels of ./kernels.ts and ./adam.ts there. If it cannot start, prints
 * a note saying why and uses the cpu backend (slower, same results up to
 * rounding).
 * @returns the backend in use
 */
export async function setUpBackend(options: BackendOptions = {}): Promise<BackendName> {
  const tf = tfjs();
  const env = process.env.DNNLAB_TF_BACKEND;
  const wanted: BackendName = options.backend ?? (env === "cpu" || env === "wasm" ? env : "wasm");
  if (wanted === "wasm") {
    let reason = "tf.setBackend('wasm') returned false";
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const wasm = require("@tensorflow/tfjs-backend-wasm") as typeof import("@tensorflow/tfjs-backend-wasm");
      if (tf.getBackend() === "wasm" && options.wasmDir === undefined) {
        speedUp(tf);
        return "wasm";
      }
      wasm.setWasmPaths(options.wasmDir ?? wasmDirectory());
      // tfjs warns on a failed start: the note below gives its reason, once
      const warnings: string[] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args.map((a) => (a instanceof Error ? a.message : String(a))).join(" "));
      let ok: boolean;
      try {
        ok = await tf.setBackend("wasm");
      } finally {
        console.warn = warn;
      }
      if (ok) {
        await tf.ready();
        speedUp(tf);
        return "wasm";
      }
      if (warnings.length) {
        const first = warnings[0].replace(/\s+/g, " ").trim();
        reason = first.length > 200 ? `${first.slice(0, 200)}…` : first;
      }
    } catch (err) {
      reason = err instanceof Error ? err.message : String(err);
    }
    console.log(`Note: the WebAssembly backend could not start (${reason}); using the cpu backend instead (slower).`);
  }
  // The cpu backend's advice to install tfjs-node does not apply here (it cannot be installed offline).
  tf.env().set("IS_TEST", true);
  await tf.setBackend("cpu");
  await tf.ready();
  return "cpu";
}

// ---------------------------------------------------------------------------
// Printing

function printDtype(t: TF.Tensor): Dtype {
  switch (t.dtype) {
    case "float32":
      return "float32";
    case "int32":
      return "int64"; // integers print alike
    case "bool":
      return "bool";
    default:
      throw new TypeError(`tensorStr: cannot print a ${t.dtype} tensor`);
  }
}

/** A shape as Python prints a tuple: `(4, 1)`, `(6,)`, `()`. */
export function shapeTuple(shape: readonly number[]): string {
  return `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;
}

/**
 * A tensor as TensorFlow prints one: `tf.Tensor(<values as numpy prints
 * them>, shape=(…), dtype=…)`, with a line break after `tf.Tensor(` when the
 * values take several lines. float32 values print with their shortest float32
 * digits (`0.26894143`), large tensors are summarised like numpy's.
 */
export function tensorStr(t: TF.Tensor): string {
  const dtype = printDtype(t);
  const values = t.arraySync() as Printable;
  const body = t.size === 0 ? "[]" : str(values, { dtype });
  return `tf.Tensor(${body.includes("\n") ? "\n" : ""}${body}, shape=${shapeTuple(t.shape)}, dtype=${t.dtype})`;
}

// ---------------------------------------------------------------------------
// Accuracy

/**
 * Keras' `tf.keras.metrics.CategoricalAccuracy`: accumulates, over calls of
 * {@link CategoricalAccuracy.updateState}, how many examples' predicted class
 * (arg-max of `yPred`) equals their true class (arg-max of `yTrue`). The
 * counts live in two float32 variables, so updates do not wait for the
 * backend; {@link CategoricalAccuracy.result} is their float32 ratio.
 */
export class CategoricalAccuracy {
  private readonly total: TF.Variable;
  private readonly count: TF.Variable;

  constructor() {
    const tf = tfjs();
    // tf.variable(t) keeps t alive beside the variable: tidy frees it
    this.total = tf.tidy(() => tf.variable(tf.scalar(0, "float32"), false));
    this.count = tf.tidy(() => tf.variable(tf.scalar(0, "float32"), false));
  }

  /**
   * Adds a batch: `yTrue` and `yPred` are `(examples, classes)` (one-hot
   * labels, and logits or probabilities).
   * @throws RangeError when the shapes differ or are not 2-D
   */
  updateState(yTrue: TF.Tensor, yPred: TF.Tensor): void {
    const tf = tfjs();
    if (yTrue.rank !== 2 || yPred.rank !== 2 || yTrue.shape[0] !== yPred.shape[0] || yTrue.shape[1] !== yPred.shape[1]) {
      throw new RangeError(
        `CategoricalAccuracy.updateState: yTrue ${shapeTuple(yTrue.shape)} and yPred ${shapeTuple(yPred.shape)} must both be (examples, classes)`,
      );
    }
    tf.tidy(() => {
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(yTrue, 1), tf.argMax(yPred, 1)), "float32"));
      this.total.assign(tf.add(this.total, hits));
      this.count.assign(tf.add(this.count, tf.scalar(yTrue.shape[0], "float32")));
    });
  }

  /** The accuracy so far, a float32 scalar (0 before any update); the caller disposes it. */
  result(): TF.Scalar {
    const tf = tfjs();
    return tf.tidy(() => tf.divNoNan(this.total, this.count) as TF.Scalar);
  }

  /** Forgets the examples seen. */
  resetState(): void {
    const tf = tfjs();
    tf.tidy(() => {
      this.total.assign(tf.scalar(0, "float32"));
      this.count.assign(tf.scalar(0, "float32"));
    });
  }

  /** Frees the two variables. */
  dispose(): void {
    this.total.dispose();
    this.count.dispose();
  }
}

// ---------------------------------------------------------------------------
// Figures

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
    title?: { text: string; font?: { size: number }; x?: number; xanchor?: "center" };
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
  const top = options.title ? 40 : 10;
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
  if (options.title) fig.layout.title = { text: options.title, font: { size: 14 }, x: 0.5, xanchor: "center" };
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
      title: { text: options.title, font: { size: 14 }, x: 0.5, xanchor: "center" },
      width: FIGURE_WIDTH,
      height: FIGURE_HEIGHT,
      margin: { l: 55, r: 20, t: 36, b: 44 },
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

// ---------------------------------------------------------------------------
// Parameters

/**
 * The network's parameters: `W1`, `b1`, `W2`, `b2`, `W3`, `b3` as variables
 * (what the notebook's `initializeParameters` returns and its `model` trains).
 */
export type TfParameters = Record<string, TF.Variable>;

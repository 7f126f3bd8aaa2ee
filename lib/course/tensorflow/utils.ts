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
import type * as TF from "@tensorflow/tfjs";
import { str, type Dtype, type Printable } from "../../numpy/format";
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
// Parameters

/**
 * The network's parameters: `W1`, `b1`, `W2`, `b2`, `W3`, `b3` as variables
 * (what the notebook's `initializeParameters` returns and its `model` trains).
 */
export type TfParameters = Record<string, TF.Variable>;

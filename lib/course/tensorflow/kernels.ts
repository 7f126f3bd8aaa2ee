/**
 * Faster kernels for TensorFlow.js's WebAssembly backend, giving the same
 * bits as the backend's own (kernels.wat):
 *
 * - `BatchMatMul`: tfjs-backend-wasm 4.22 hands a product to XNNPACK only
 *   when neither operand is transposed and both have one batch; every other
 *   product (the gradients `dW = dZ·Aᵀ` and `dA = Wᵀ·dZ`, which autodiff
 *   computes with `transposeB`/`transposeA`) runs in a scalar loop at about
 *   1 GFLOP/s.
 *   Here every float32 product runs in a SIMD kernel that reads the
 *   operands in place and sums each element in the order of the kernel it
 *   replaces: one running sum over k like XNNPACK, or sums of 48 terms added
 *   up like the scalar loop. Transposed products become as fast as plain ones,
 *   and plain ones skip XNNPACK's per-call repacking of the right operand (a
 *   new tensor at every training step).
 * - `Transpose` of 32-bit values that amounts to a matrix transpose (the
 *   `tf.transpose(x)` of each minibatch): by 4×4 blocks in SIMD registers.
 * - `Identity` (tfjs's clone): shares the data instead of copying it.
 * - `Pack` along the first axis (`tf.stack`, `tf.data`'s `batch`): one
 *   memmove per input.
 * - {@link ADAM_KERNEL}: one variable's Adam update in one pass, the same
 *   float32 operations as `tf.train.adam` (used by ./adam.ts).
 *
 * The kernels work in the backend's own memory (the module imports it), on
 * the tensors' `memoryOffset`s: no copies. Anything they do not cover
 * (other dtypes, shapes the backend itself would reject, a backend built
 * with threads, whose memory is shared) goes to the backend's own kernel.
 */
import type * as TF from "@tensorflow/tfjs";
import { wasmBase64 } from "./kernels.generated";

/** The parts of the WebAssembly API used here (the ES2020 lib does not type it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** What the kernels use of tfjs-backend-wasm's backend object. */
interface WasmBackend {
  wasm: { HEAPF32: Float32Array; HEAPU8: Uint8Array; _malloc(bytes: number): number; asm?: { memory?: { buffer: ArrayBufferLike } } };
  getMemoryOffset(dataId: object): number;
  makeOutput(shape: number[], dtype: TF.DataType): TF.TensorInfo;
  incRef(dataId: object): void;
}

/** The module's exports (pointers and strides in bytes). */
interface Kernels {
  gemm(
    m: number,
    n: number,
    kc: number,
    a: number,
    rsa: number,
    csa: number,
    b: number,
    rsb: number,
    csb: number,
    c: number,
    mode: number,
    scratch: number,
  ): void;
  transpose(src: number, rows: number, cols: number, dst: number): void;
  adam(n: number, w: number, g: number, m: number, v: number, wOut: number, mOut: number, vOut: number, ...scalars: number[]): void;
}

/** Terms per partial sum of tfjs-backend-wasm's scalar product loop (its `kBlockSize`). */
const SLOW_PATH_BLOCK = 48;
/** Terms per call of a running sum (keeps a panel of B and rows of A in cache). */
const RUNNING_BLOCK = 256;

/** gemm's modes (kernels.wat): continue the running sum in C, add a block's sum to C, store the first block's. */
const MODE_RUNNING = 0;
const MODE_ADD = 1;
const MODE_FIRST = 2;

/** The name of the fused Adam kernel (inputs value, gradient, m, v, c1, c2; attrs beta1, beta2, epsilon, learningRate). */
export const ADAM_KERNEL = "DnnlabAdam";

const instances = new WeakMap<object, { kernels: Kernels; scratch: number } | null>();

/** The kernels bound to this backend's memory, or null when they cannot run there. */
function kernelsFor(backend: WasmBackend): { kernels: Kernels; scratch: number } | null {
  let found = instances.get(backend);
  if (found !== undefined) return found;
  found = null;
  const memory = backend.wasm.asm?.memory;
  // a threaded build shares its memory with workers: not the memory this module imports
  if (memory && !(memory.buffer instanceof SharedArrayBuffer)) {
    try {
      const bytes = Buffer.from(wasmBase64, "base64");
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      // two packed panels of B: SLOW_PATH_BLOCK rows of 8 floats each
      found = { kernels: instance.exports as Kernels, scratch: backend.wasm._malloc(2 * SLOW_PATH_BLOCK * 8 * 4) };
    } catch {
      found = null; // no WebAssembly SIMD here: tfjs's kernels stay
    }
  }
  instances.set(backend, found);
  return found;
}

type KernelArgs = Parameters<TF.KernelFunc>[0];

/** The product of the sizes of `shape`. */
const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** numpy's broadcast of two shapes, or null when they do not broadcast. */
function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

function batchMatMul(original: TF.KernelFunc, args: KernelArgs): TF.TensorInfo | TF.TensorInfo[] {
  const backend = args.backend as unknown as WasmBackend;
  const { a, b } = args.inputs as { a: TF.TensorInfo; b: TF.TensorInfo };
  const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
  const found = kernelsFor(backend);
  if (found === null || a.dtype !== "float32" || b.dtype !== "float32" || a.shape.length < 2 || b.shape.length < 2) return original(args);
  const ra = a.shape.length;
  const rb = b.shape.length;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = sizeOf(outerA);
  const batchB = sizeOf(outerB);
  const outer = broadcastShapes(outerA, outerB);
  const batch = outer === null ? 0 : sizeOf(outer);
  // mismatched shapes, or batches that would need more than "one against many": the backend's kernel (and its message)
  if (k !== kb || outer === null || (batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return original(args);
  const out = backend.makeOutput([...outer, m, n], "float32");
  const size = m * n;
  if (batch * size === 0) return out;
  const { kernels, scratch } = found;
  const c0 = backend.getMemoryOffset(out.dataId);
  if (k === 0) backend.wasm.HEAPF32.fill(0, c0 >>> 2, (c0 >>> 2) + batch * size);
  const a0 = backend.getMemoryOffset(a.dataId);
  const b0 = backend.getMemoryOffset(b.dataId);
  const [rsa, csa] = transposeA ? [4, 4 * m] : [4 * k, 4];
  const [rsb, csb] = transposeB ? [4, 4 * k] : [4 * n, 4];
  // the backend's XNNPACK path (one running sum) or its scalar loop (sums of 48 terms)
  const running = !transposeA && !transposeB && batchA === 1 && batchB === 1;
  const block = running ? RUNNING_BLOCK : SLOW_PATH_BLOCK;
  for (let i = 0; i < batch; i++) {
    const ai = a0 + (batchA === 1 ? 0 : i * m * k * 4);
    const bi = b0 + (batchB === 1 ? 0 : i * k * n * 4);
    const ci = c0 + i * size * 4;
    for (let p = 0; p < k; p += block) {
      const mode = p === 0 ? MODE_FIRST : running ? MODE_RUNNING : MODE_ADD;
      kernels.gemm(m, n, Math.min(block, k - p), ai + p * csa, rsa, csa, bi + p * rsb, rsb, csb, ci, mode, scratch);
    }
  }
  return out;
}

function transpose(original: TF.KernelFunc, args: KernelArgs): TF.TensorInfo | TF.TensorInfo[] {
  const backend = args.backend as unknown as WasmBackend;
  const { x } = args.inputs as { x: TF.TensorInfo };
  const perm = (args.attrs as { perm: number[] }).perm;
  const found = kernelsFor(backend);
  if (found === null || (x.dtype !== "float32" && x.dtype !== "int32") || perm.length !== x.shape.length) return original(args);
  // axes of size 1 do not move data; what remains must be a rotation (p, ..., r-1, 0, ..., p-1): a matrix transpose
  const kept = [...x.shape.keys()].filter((d) => x.shape[d] !== 1);
  const moved = perm.filter((d) => x.shape[d] !== 1);
  const p = kept.indexOf(moved[0]);
  if (p <= 0 || !moved.every((d, i) => d === kept[(i + p) % kept.length])) return original(args);
  const split = moved[0];
  const rows = sizeOf(x.shape.slice(0, split));
  const cols = sizeOf(x.shape.slice(split));
  const out = backend.makeOutput(
    perm.map((axis) => x.shape[axis]),
    x.dtype,
  );
  found.kernels.transpose(backend.getMemoryOffset(x.dataId), rows, cols, backend.getMemoryOffset(out.dataId));
  return out;
}

/**
 * tfjs clones every tensor autodiff saves for the backward pass (`Identity`),
 * and the wasm backend copies the data each time (the 25×12288 weights, the
 * 12288×32 inputs at every step). Tensors are immutable, so the clone can
 * share the data, counted, as the backend's own `Reshape` and the cpu
 * backend's `Identity` do.
 */
function identity(original: TF.KernelFunc, args: KernelArgs): TF.TensorInfo | TF.TensorInfo[] {
  const { x } = args.inputs as { x: TF.TensorInfo };
  if (x.dtype === "string") return original(args);
  (args.backend as unknown as WasmBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * `tf.stack` along the first axis (how `tf.data`'s `batch` joins elements):
 * each input copied into place with one memmove inside the WebAssembly
 * memory, instead of the backend's element views and JavaScript loop.
 */
function pack(original: TF.KernelFunc, args: KernelArgs): TF.TensorInfo | TF.TensorInfo[] {
  const backend = args.backend as unknown as WasmBackend;
  const inputs = args.inputs as unknown as TF.TensorInfo[];
  const { axis } = args.attrs as { axis: number };
  const first = inputs[0];
  const same = (t: TF.TensorInfo): boolean => t.dtype === first.dtype && t.shape.length === first.shape.length && t.shape.every((d, i) => d === first.shape[i]);
  if (axis !== 0 || inputs.length < 2 || first.dtype === "string" || first.dtype === "complex64" || !inputs.every(same)) return original(args);
  const out = backend.makeOutput([inputs.length, ...first.shape], first.dtype);
  const bytes = sizeOf(first.shape) * (first.dtype === "bool" ? 1 : 4);
  const heap = backend.wasm.HEAPU8;
  const at = backend.getMemoryOffset(out.dataId);
  inputs.forEach((t, i) => {
    const from = backend.getMemoryOffset(t.dataId);
    heap.copyWithin(at + i * bytes, from, from + bytes);
  });
  return out;
}

function adam(args: KernelArgs): TF.TensorInfo[] {
  const backend = args.backend as unknown as WasmBackend;
  const { value, gradient, m, v, c1, c2 } = args.inputs as Record<"value" | "gradient" | "m" | "v" | "c1" | "c2", TF.TensorInfo>;
  const { beta1, beta2, epsilon, learningRate } = args.attrs as Record<"beta1" | "beta2" | "epsilon" | "learningRate", number>;
  const found = kernelsFor(backend);
  if (found === null) throw new Error(`${ADAM_KERNEL}: the WebAssembly kernels are not available on this backend`);
  const outputs = [value, m, v].map((t) => backend.makeOutput(t.shape, "float32"));
  const [wOut, mOut, vOut] = outputs.map((t) => backend.getMemoryOffset(t.dataId));
  const heap = backend.wasm.HEAPF32;
  const scalar = (t: TF.TensorInfo): number => heap[backend.getMemoryOffset(t.dataId) >>> 2];
  const f = Math.fround;
  // the float32 scalars tfjs makes of the same expressions
  found.kernels.adam(
    sizeOf(value.shape),
    backend.getMemoryOffset(value.dataId),
    backend.getMemoryOffset(gradient.dataId),
    backend.getMemoryOffset(m.dataId),
    backend.getMemoryOffset(v.dataId),
    wOut,
    mOut,
    vOut,
    f(beta1),
    f(1 - beta1),
    f(beta2),
    f(1 - beta2),
    scalar(c1),
    scalar(c2),
    f(epsilon),
    f(-learningRate),
  );
  return outputs;
}

/** The backend's own kernels that {@link installWasmKernels} replaced (the fallbacks; tests compare with them). */
const originals = new Map<string, TF.KernelFunc>();

/** The wasm backend's own kernel `name` as it was before {@link installWasmKernels}, if it replaced it. */
export function originalKernel(name: string): TF.KernelFunc | undefined {
  return originals.get(name);
}

/**
 * Registers the kernels above for the `wasm` backend (once; the backend's
 * own kernels stay as fallbacks). Call it after `tf.setBackend("wasm")`.
 * @returns whether the WebAssembly module runs on the current backend
 *   (false, e.g., without WebAssembly SIMD: then tfjs's kernels stay)
 */
export function installWasmKernels(tf: typeof TF): boolean {
  if (kernelsFor(tf.backend() as unknown as WasmBackend) === null) return false;
  if (originals.size > 0) return true;
  for (const [name, func] of [
    ["BatchMatMul", batchMatMul],
    ["Transpose", transpose],
    ["Identity", identity],
    ["Pack", pack],
  ] as const) {
    const config = tf.getKernel(name, "wasm");
    const original = config.kernelFunc;
    originals.set(name, original);
    tf.unregisterKernel(name, "wasm");
    // the backend's setupFunc prepares the original kernelFunc, which stays the fallback
    tf.registerKernel({ ...config, kernelFunc: (args) => func(original, args) });
  }
  tf.registerKernel({ kernelName: ADAM_KERNEL, backendName: "wasm", kernelFunc: adam as TF.KernelFunc });
  return true;
}

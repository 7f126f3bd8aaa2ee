/**
 * The matrix-product engine behind `dot`.
 *
 * numpy's products (OpenBLAS on x86-64) accumulate each element with fused
 * multiply-adds. JavaScript has no fma, so dnnlab runs its products in a small
 * WebAssembly kernel (lib/wasm/kernels.wat) whose `f64x2.relaxed_madd` is a
 * true fused multiply-add on CPUs that have one: numpy's digits, at SIMD speed.
 *
 * Relaxed SIMD is standard WebAssembly but still behind a flag in Node 20's
 * V8; the flag is switched on (`v8.setFlagsFromString`) before the module is
 * compiled. At load time a known case checks that the multiply-add really is
 * fused; if the module cannot be compiled or does not fuse (a CPU without
 * FMA), products fall back to an exact, slower fma emulation in JavaScript,
 * which gives the same digits. {@link blasBackend} says which one runs.
 */
import { setFlagsFromString } from "v8";
import { fma } from "./fma";
import { wasmBase64 } from "./wasm/kernels.generated";

/** The parts of the WebAssembly API used here (Node has it; the ES2020 lib does not type it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Kernels {
  memory: WasmMemory;
  gemm: (n: number, k: number, m: number, a: number, sai: number, sap: number, b: number, c: number) => void;
  transpose: (src: number, rows: number, cols: number, dst: number) => void;
  bias_relu: (n: number, m: number, z: number, bias: number, r: number) => void;
  relu_mask: (count: number, d: number, a: number, out: number) => void;
}

function loadKernels(): Kernels | null {
  if (process.env.DNNLAB_NO_WASM === "1") return null;
  try {
    const bytes = Buffer.from(wasmBase64, "base64");
    if (!WebAssembly.validate(bytes)) setFlagsFromString("--experimental-wasm-relaxed-simd");
    if (!WebAssembly.validate(bytes)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const kernels = instance.exports as unknown as Kernels;
    // [1, 1+2⁻³⁰]·[−1, 1−2⁻³⁰]ᵀ = −1 + (1 − 2⁻⁶⁰) is −2⁻⁶⁰ only when fused.
    const f = new Float64Array(kernels.memory.buffer);
    f[0] = 1;
    f[1] = 1 + 2 ** -30;
    f[2] = -1;
    f[3] = 1 - 2 ** -30;
    kernels.gemm(1, 2, 1, 0, 2, 1, 16, 32);
    if (new Float64Array(kernels.memory.buffer)[4] !== -(2 ** -60)) return null;
    return kernels;
  } catch {
    return null;
  }
}

const kernels = loadKernels();

/** Which engine computes matrix products: `"wasm-fma"` (fast) or `"js-fma"` (exact emulation). */
export const blasBackend: "wasm-fma" | "js-fma" = kernels ? "wasm-fma" : "js-fma";

/** Products with at most this many multiply-adds run in JavaScript. */
const SMALL_PRODUCT = 256;

let heap = kernels ? new Float64Array(kernels.memory.buffer) : new Float64Array(0);

/** Makes the wasm memory hold at least `doubles` values; returns the current view. */
function reserve(doubles: number): Float64Array {
  const k = kernels as Kernels;
  const need = doubles * 8;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  if (heap.buffer !== k.memory.buffer) heap = new Float64Array(k.memory.buffer);
  return heap;
}

/**
 * The rows as one `Float64Array` when they are consecutive views of one
 * buffer (as `zeros` lays matrices out), else null.
 */
function contiguous(R: readonly Float64Array[], rows: number, cols: number): Float64Array | null {
  if (rows === 0) return null;
  const first = R[0];
  if (rows === 1) return first.length === cols ? first : null;
  const buffer = first.buffer;
  const offset = first.byteOffset;
  for (let i = 0; i < rows; i++) {
    const r = R[i];
    if (r.buffer !== buffer || r.byteOffset !== offset + i * cols * 8 || r.length !== cols) return null;
  }
  // the checks above run every time (rows can be replaced); only the view is cached
  const cached = wholeViews.get(R);
  if (cached && cached.buffer === buffer && cached.byteOffset === offset && cached.length === rows * cols) return cached;
  const view = new Float64Array(buffer, offset, rows * cols);
  wholeViews.set(R, view);
  return view;
}

const wholeViews = new WeakMap<readonly Float64Array[], Float64Array>();

/** Copies `rows` rows of `cols` values into `h` from `offset` on (one copy when contiguous). */
function copyIn(h: Float64Array, R: readonly Float64Array[], rows: number, cols: number, offset: number): void {
  const whole = contiguous(R, rows, cols);
  if (whole) h.set(whole, offset);
  else for (let r = 0; r < rows; r++) h.set(R[r], offset + r * cols);
}

/**
 * `C = op(A) · op(B)` on row arrays, every element accumulated over the inner
 * index in order with fused multiply-adds from +0.
 * - `transA`: A holds `k` rows of `n` (the product uses Aᵀ), else `n` rows of `k`;
 * - `transB`: B holds `m` rows of `k` (the product uses Bᵀ), else `k` rows of `m`.
 * C must hold `n` rows of `m` and must not share rows with A or B.
 */
export function gemmRows(
  A: readonly Float64Array[], transA: boolean,
  B: readonly Float64Array[], transB: boolean,
  C: readonly Float64Array[], n: number, k: number, m: number,
): void {
  if (n === 0 || m === 0) return;
  if (k === 0) {
    for (let i = 0; i < n; i++) C[i].fill(0);
    return;
  }
  // Tiny products (the gradient-checking network's) cost less in JavaScript
  // than the copies into and out of the wasm memory; the digits are the same.
  if (!kernels || n * k * m <= SMALL_PRODUCT) {
    gemmRowsEmulated(A, transA, B, transB, C, n, k, m);
    return;
  }
  const aOff = 0;
  const bOff = n * k;
  const cOff = bOff + k * m;
  const tOff = cOff + n * m; // scratch for Bᵀ before transposing
  const h = reserve(tOff + (transB ? k * m : 0));
  const aRows = transA ? k : n;
  const aCols = transA ? n : k;
  copyIn(h, A, aRows, aCols, aOff);
  if (transB) {
    // B holds m rows of k: copy it as is, then lay Bᵀ out row-major (k rows of m) in wasm
    copyIn(h, B, m, k, tOff);
    (kernels as Kernels).transpose(tOff * 8, m, k, bOff * 8);
  } else {
    copyIn(h, B, k, m, bOff);
  }
  (kernels as Kernels).gemm(n, k, m, aOff * 8, transA ? 1 : k, transA ? n : 1, bOff * 8, cOff * 8);
  copyOut(h, C, n, m, cOff);
}

function gemmRowsEmulated(
  A: readonly Float64Array[], transA: boolean,
  B: readonly Float64Array[], transB: boolean,
  C: readonly Float64Array[], n: number, k: number, m: number,
): void {
  for (let i = 0; i < n; i++) {
    const ci = C[i];
    ci.fill(0);
    for (let p = 0; p < k; p++) {
      const aip = transA ? A[p][i] : A[i][p];
      if (transB) {
        for (let j = 0; j < m; j++) ci[j] = fma(aip, B[j][p], ci[j]);
      } else {
        const bp = B[p];
        for (let j = 0; j < m; j++) ci[j] = fma(aip, bp[j], ci[j]);
      }
    }
  }
}

function copyOut(h: Float64Array, C: readonly Float64Array[], rows: number, cols: number, offset: number): void {
  const whole = contiguous(C, rows, cols);
  if (whole) whole.set(new Float64Array(h.buffer, offset * 8, rows * cols));
  else for (let i = 0; i < rows; i++) C[i].set(new Float64Array(h.buffer, (offset + i * cols) * 8, cols));
}

/**
 * A dense layer's forward step, numpy's `Z = np.dot(W, A) + b; R = np.maximum(0, Z)`:
 * W holds n rows of k, A k rows of m, `bias` n rows of 1; Z and R receive n rows of m.
 * The product accumulates like {@link gemmRows}; the bias is added afterwards.
 */
export function linearReluRows(
  W: readonly Float64Array[], A: readonly Float64Array[], bias: readonly Float64Array[],
  Z: readonly Float64Array[], R: readonly Float64Array[], n: number, k: number, m: number,
): void {
  if (!kernels || n === 0 || m === 0 || k === 0) {
    gemmRows(W, false, A, false, Z, n, k, m);
    for (let i = 0; i < n; i++) {
      const zi = Z[i];
      const ri = R[i];
      const b = bias[i][0];
      for (let j = 0; j < m; j++) {
        const v = zi[j] + b;
        zi[j] = v;
        ri[j] = v > 0 ? v : v !== v ? v : 0;
      }
    }
    return;
  }
  const wOff = 0;
  const aOff = n * k;
  const zOff = aOff + k * m;
  const rOff = zOff + n * m;
  const bOff = rOff + n * m;
  const h = reserve(bOff + n);
  copyIn(h, W, n, k, wOff);
  copyIn(h, A, k, m, aOff);
  for (let i = 0; i < n; i++) h[bOff + i] = bias[i][0];
  const kern = kernels as Kernels;
  kern.gemm(n, k, m, wOff * 8, k, 1, aOff * 8, zOff * 8);
  kern.bias_relu(n, m, zOff * 8, bOff * 8, rOff * 8);
  copyOut(h, Z, n, m, zOff);
  copyOut(h, R, n, m, rOff);
}

/**
 * A dense layer's backward step through a ReLU, numpy's
 * `dA = np.dot(W.T, dZ); dZprev = np.multiply(dA, np.int64(A > 0))`:
 * W holds k rows of n, dZ k rows of m, A n rows of m; dA and dZprev receive n rows of m.
 */
export function backwardReluRows(
  W: readonly Float64Array[], dZ: readonly Float64Array[], A: readonly Float64Array[],
  dA: readonly Float64Array[], dZprev: readonly Float64Array[], n: number, k: number, m: number,
): void {
  if (!kernels || n === 0 || m === 0 || k === 0) {
    gemmRows(W, true, dZ, false, dA, n, k, m);
    for (let i = 0; i < n; i++) {
      const di = dA[i];
      const ai = A[i];
      const oi = dZprev[i];
      for (let j = 0; j < m; j++) oi[j] = ai[j] > 0 ? di[j] : 0;
    }
    return;
  }
  const wOff = 0;
  const dzOff = k * n;
  const aOff = dzOff + k * m;
  const daOff = aOff + n * m;
  const outOff = daOff + n * m;
  const h = reserve(outOff + n * m);
  copyIn(h, W, k, n, wOff);
  copyIn(h, dZ, k, m, dzOff);
  copyIn(h, A, n, m, aOff);
  const kern = kernels as Kernels;
  kern.gemm(n, k, m, wOff * 8, 1, n, dzOff * 8, daOff * 8);
  kern.relu_mask(n * m, daOff * 8, aOff * 8, outOff * 8);
  copyOut(h, dA, n, m, daOff);
  copyOut(h, dZprev, n, m, outOff);
}

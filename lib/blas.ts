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
  return new Float64Array(buffer, offset, rows * cols);
}

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
  if (!kernels) {
    gemmRowsEmulated(A, transA, B, transB, C, n, k, m);
    return;
  }
  const aOff = 0;
  const bOff = n * k;
  const cOff = bOff + k * m;
  const h = reserve(cOff + n * m);
  const aRows = transA ? k : n;
  const aCols = transA ? n : k;
  copyIn(h, A, aRows, aCols, aOff);
  if (transB) {
    // lay Bᵀ out row-major (k rows of m) so the kernel reads pairs of columns
    for (let j = 0; j < m; j++) {
      const bj = B[j];
      for (let p = 0; p < k; p++) h[bOff + p * m + j] = bj[p];
    }
  } else {
    copyIn(h, B, k, m, bOff);
  }
  (kernels as Kernels).gemm(n, k, m, aOff * 8, transA ? 1 : k, transA ? n : 1, bOff * 8, cOff * 8);
  const whole = contiguous(C, n, m);
  if (whole) whole.set(h.subarray(cOff, cOff + n * m));
  else for (let i = 0; i < n; i++) C[i].set(h.subarray(cOff + i * m, cOff + (i + 1) * m));
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

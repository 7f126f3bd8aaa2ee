/**
 * glibc's `exp` and `log` over whole matrices in WebAssembly (lib/core/wasm/libm.wat).
 *
 * Why: a training iteration takes one `exp` per example in the sigmoid and
 * one `log` per example in the cost. In JavaScript, which has no fused
 * multiply-add, glibc's digits cost an error-bounded fast path with an
 * emulated-fma fallback (numerics/exp.ts, log.ts); in WebAssembly the fused
 * multiply-add is an instruction, so glibc's exact operation sequence runs
 * as it is, several times faster. Inputs outside glibc's main paths (zero,
 * subnormal, negative, infinite, nan, |x| >= 512 for exp) call back into the
 * JavaScript implementations, so every result is glibc's.
 *
 * The module shares the products' memory (core/wasmKernels.ts): matrices made
 * inside `tidy` are read and written in place; others are copied through the
 * scratch area. At load time a set of inputs is checked against the
 * JavaScript functions; on any difference (or without the kernels)
 * {@link libm} is null and callers use JavaScript.
 */
import { exp as jsExp, EXP_TAB } from "../numerics/exp";
import { log as jsLog, LOG_TAB } from "../numerics/log";
import { wasmBase64 } from "./wasm/libm.generated";
import { allocateBlock, freeBlock, heap, kernels, scratch, wasmOffset } from "./wasmKernels";

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exported functions; pointers are byte offsets into the shared memory. */
interface LibmExports {
  tables: (exp: number, log: number) => void;
  exp_n: (n: number, src: number, dst: number) => void;
  log_n: (n: number, src: number, dst: number) => void;
  sigmoid_n: (n: number, src: number, dst: number) => void;
  xent_n: (n: number, a: number, y: number, dst: number) => void;
  nan_to_zero: (p: number, n: number) => void;
}

/** Which function {@link mapLibm} applies. */
export const LIBM = { exp: 0, log: 1, sigmoid: 2 } as const;

/** Writes a table of (hi, lo) word pairs as little-endian doubles from byte `at` on. */
function writeWords(words: readonly number[], at: number): void {
  const u32 = new Uint32Array(heap().buffer, at, words.length);
  for (let i = 0; i < words.length; i += 2) {
    u32[i] = words[i + 1]; // low word first
    u32[i + 1] = words[i];
  }
}

/** Inputs that the load-time check compares with the JavaScript functions. */
function checkInputs(): number[] {
  const xs = [1, 0.5, 2, 0.9375, 1.0646972656249998, 1e-300, 3e-20, -3e-20, 700, -700, 511.9, -511.9, 0.69314718];
  let s = 12345;
  for (let i = 0; i < 200; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    xs.push((s / 2147483648) * 40 - 20, s / 2147483648, 1 + (s / 2147483648 - 0.5) / 8);
  }
  return xs;
}

function loadLibm(): LibmExports | null {
  if (kernels === null) return null;
  try {
    const bytes = Buffer.from(wasmBase64, "base64");
    const imports = { js: { memory: kernels.memory, exp: jsExp, log: jsLog } };
    const lib = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports as LibmExports;
    const at = allocateBlock((EXP_TAB.length + LOG_TAB.length) * 4);
    if (at < 0) return null;
    writeWords(EXP_TAB, at);
    writeWords(LOG_TAB, at + EXP_TAB.length * 4);
    lib.tables(at, at + EXP_TAB.length * 4);
    const xs = checkInputs();
    const p = scratch(2 * xs.length);
    const h = heap();
    h.set(xs, p / 8);
    lib.exp_n(xs.length, p, p + xs.length * 8);
    for (let i = 0; i < xs.length; i++) if (!Object.is(h[p / 8 + xs.length + i], jsExp(xs[i]))) return null;
    lib.log_n(xs.length, p, p + xs.length * 8);
    for (let i = 0; i < xs.length; i++) if (!Object.is(h[p / 8 + xs.length + i], jsLog(xs[i]))) return null;
    return lib;
  } catch {
    return null;
  }
}

/** The kernels, or null when exp and log run in JavaScript. */
export const libm: LibmExports | null = loadLibm();

/** Below this many elements, copying a matrix outside the wasm memory in and out costs more than it saves. */
const COPY_MIN = 32;

/**
 * `C = f(A)` element-wise for `rows` rows of `cols` values, f = exp, log or
 * the sigmoid `1 / (1 + exp(-x))` ({@link LIBM}), with glibc's digits. A and
 * C may be the same rows. Returns false (nothing done) without the kernels,
 * or for small matrices that are not in the wasm memory: the caller then
 * loops in JavaScript, with the same results.
 */
export function mapLibm(op: number, A: readonly Float64Array[], C: readonly Float64Array[], rows: number, cols: number): boolean {
  const lib = libm;
  if (lib === null || rows === 0 || cols === 0) return false;
  const n = rows * cols;
  let pa = wasmOffset(A, rows, cols);
  const pc = wasmOffset(C, rows, cols);
  if ((pa < 0 || pc < 0) && n < COPY_MIN) return false;
  const area = pa < 0 || pc < 0 ? scratch(n) : 0;
  if (pa < 0) {
    const h = heap();
    for (let i = 0; i < rows; i++) h.set(A[i], area / 8 + i * cols);
    pa = area;
  }
  const out = pc < 0 ? area : pc;
  if (op === LIBM.exp) lib.exp_n(n, pa, out);
  else if (op === LIBM.log) lib.log_n(n, pa, out);
  else lib.sigmoid_n(n, pa, out);
  if (pc < 0) {
    const h = heap();
    for (let i = 0; i < rows; i++) C[i].set(h.subarray(area / 8 + i * cols, area / 8 + (i + 1) * cols));
  }
  return true;
}

let termsAt = -1;
let termsCount = 0;
let termsView: Float64Array = new Float64Array(0);

/**
 * Computes the cross-entropy terms `−log(a)·y − log(1−a)·(1−y)` of predictions
 * A and labels Y (`rows` × `cols` each) as numpy computes them, in row-major
 * order, into a block of the wasm memory that the next call overwrites.
 * @returns the block's byte offset, or -1 without the kernels (the caller
 *   computes the terms in JavaScript, with the same results)
 */
function crossEntropyInWasm(A: readonly Float64Array[], Y: readonly Float64Array[], rows: number, cols: number): number {
  const lib = libm;
  const n = rows * cols;
  if (lib === null || n === 0) return -1;
  if (n > termsCount) {
    const at = allocateBlock(n * 8);
    if (at < 0) return -1;
    if (termsAt >= 0) freeBlock(termsAt, termsCount * 8);
    termsAt = at;
    termsCount = n;
  }
  let pa = wasmOffset(A, rows, cols);
  let py = wasmOffset(Y, rows, cols);
  if (pa < 0 || py < 0) {
    const area = scratch(2 * n);
    const h = heap();
    if (pa < 0) {
      for (let i = 0; i < rows; i++) h.set(A[i], area / 8 + i * cols);
      pa = area;
    }
    if (py < 0) {
      for (let i = 0; i < rows; i++) h.set(Y[i], area / 8 + n + i * cols);
      py = area + n * 8;
    }
  }
  lib.xent_n(n, pa, py, termsAt);
  return termsAt;
}

/**
 * The cross-entropy terms of predictions A and labels Y (see
 * {@link crossEntropyInWasm}) as a view that the next call overwrites; null
 * without the kernels.
 */
export function crossEntropyLibm(A: readonly Float64Array[], Y: readonly Float64Array[], rows: number, cols: number): Float64Array | null {
  const at = crossEntropyInWasm(A, Y, rows, cols);
  if (at < 0) return null;
  const n = rows * cols;
  if (termsView.length !== n || termsView.byteOffset !== at) termsView = new Float64Array(heap().buffer, at, n);
  return termsView;
}

/**
 * The sum of the cross-entropy terms of A and Y in numpy's pairwise order,
 * nan terms counted as 0 when `dropNaN` (`np.nansum`), all in wasm; null
 * without the kernels.
 */
export function crossEntropySumLibm(A: readonly Float64Array[], Y: readonly Float64Array[], rows: number, cols: number, dropNaN: boolean): number | null {
  const at = crossEntropyInWasm(A, Y, rows, cols);
  if (at < 0 || kernels === null || libm === null) return null;
  if (dropNaN) libm.nan_to_zero(at, rows * cols);
  return kernels.pairwise(at, rows * cols);
}

/**
 * The matrix-product engine behind `dot`.
 *
 * numpy's products (OpenBLAS on x86-64) accumulate each element with fused
 * multiply-adds. JavaScript has no fma, so dnnlab runs its products in a small
 * WebAssembly kernel (lib/wasm/kernels.wat, loaded by lib/wasmKernels.ts)
 * whose `f64x2.relaxed_madd` is a true fused multiply-add on CPUs that have
 * one: numpy's digits, at SIMD speed. Matrices that live in the wasm memory
 * (made inside `tidy`) are used in place; others are copied into a scratch
 * area and back. Without the kernels (no relaxed SIMD, no FMA, or
 * `DNNLAB_NO_WASM=1`), products use an exact, slower fma emulation in
 * JavaScript, which gives the same digits. {@link blasBackend} says which
 * one runs.
 */
import { fma } from "../numerics/fma";
import { heap, kernels, scratch, wasmOffset } from "./wasmKernels";

/** Which engine computes matrix products: `"wasm-fma"` (fast) or `"js-fma"` (exact emulation). */
export const blasBackend: "wasm-fma" | "js-fma" = kernels ? "wasm-fma" : "js-fma";

/**
 * Products with at most this many multiply-adds run in JavaScript (the exact
 * fma emulation costs about 20 ns per multiply-add; copying the operands of a
 * larger product into the wasm memory and back costs less).
 */
const SMALL_PRODUCT = 32;

/**
 * The rows as one `Float64Array` when they are consecutive views of one
 * buffer (as `zeros` lays matrices out), else null.
 */
export function contiguous(R: readonly Float64Array[], rows: number, cols: number): Float64Array | null {
  if (rows === 0) return null;
  const first = R[0];
  if (rows === 1) return first.length === cols ? first : null;
  // Offsets and lengths first: separate small rows (offset 0 each) fail at
  // once, without touching `.buffer` (which would move a small typed array
  // out of V8's heap).
  const offset = first.byteOffset;
  if (first.length !== cols || R[1].length !== cols || R[1].byteOffset !== offset + cols * 8) return null;
  for (let i = 2; i < rows; i++) {
    const r = R[i];
    if (r.byteOffset !== offset + i * cols * 8 || r.length !== cols) return null;
  }
  const buffer = first.buffer;
  for (let i = 1; i < rows; i++) if (R[i].buffer !== buffer) return null;
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
  if (cols <= 8) {
    // narrow rows (a bias, a small weight matrix) are separate arrays: element by element costs less than a set() per row
    for (let r = 0; r < rows; r++) {
      const row = R[r];
      const at = offset + r * cols;
      for (let j = 0; j < cols; j++) h[at + j] = row[j];
    }
    return;
  }
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
  A: readonly Float64Array[],
  transA: boolean,
  B: readonly Float64Array[],
  transB: boolean,
  C: readonly Float64Array[],
  n: number,
  k: number,
  m: number,
): void {
  if (n === 0 || m === 0) return;
  if (k === 0) {
    for (let i = 0; i < n; i++) C[i].fill(0);
    return;
  }
  const aRows = transA ? k : n;
  const aCols = transA ? n : k;
  // Tiny products (the gradient-checking network's) cost less in JavaScript
  // than the copies into and out of the wasm memory, unless all three lie
  // there already (inside tidy); the digits are the same.
  if (
    !kernels ||
    (n * k * m <= SMALL_PRODUCT && (wasmOffset(C, n, m) < 0 || wasmOffset(A, aRows, aCols) < 0 || (transB ? wasmOffset(B, m, k) : wasmOffset(B, k, m)) < 0))
  ) {
    gemmRowsEmulated(A, transA, B, transB, C, n, k, m);
    return;
  }
  // B is needed row-major (k rows of m): with transB it is transposed into scratch.
  operand(A, aRows, aCols, true);
  if (transB) operand(B, m, k, true);
  else operand(B, k, m, true);
  operand(C, n, m, false);
  const extra = place(transB ? k * m : 0);
  let pb = opPtr[1];
  const kern = kernels;
  if (transB) {
    pb = extra;
    kern.transpose(opPtr[1], m, k, pb);
  }
  kern.gemm(n, k, m, opPtr[0], transA ? 1 : k, transA ? n : 1, pb, opPtr[2]);
  finish();
}

/*
 * The operands of the kernel call being prepared (at most 5), in fixed arrays
 * rather than objects: products run thousands of times per second, and the
 * bookkeeping of each call should allocate nothing. Not reentrant (no kernel
 * call prepares another).
 */
const MAX_OPERANDS = 5;
const opRows: (readonly Float64Array[] | null)[] = new Array(MAX_OPERANDS).fill(null);
const opHeight = new Int32Array(MAX_OPERANDS);
const opWidth = new Int32Array(MAX_OPERANDS);
const opInput = new Uint8Array(MAX_OPERANDS);
/** Each operand's byte offset in the wasm memory, once {@link place} has run; negative: in scratch. */
const opPtr = new Int32Array(MAX_OPERANDS);
/** Whether the operand was copied into scratch (outputs are copied back). */
const opCopied = new Uint8Array(MAX_OPERANDS);
let opCount = 0;

/** Adds a matrix to the kernel call being prepared: its rows, shape, and whether the kernel reads it (else writes it). */
function operand(R: readonly Float64Array[], rows: number, cols: number, input: boolean): void {
  const i = opCount++;
  opRows[i] = R;
  opHeight[i] = rows;
  opWidth[i] = cols;
  opInput[i] = input ? 1 : 0;
}

/**
 * Kernel pointers for the operands (into `opPtr`): a matrix stored in the
 * wasm memory in one piece is used where it is; any other is copied into
 * scratch (inputs) or computed there ({@link finish} copies outputs back).
 * @param extra doubles of scratch to reserve after them
 * @returns the byte offset of that extra area
 */
function place(extra: number): number {
  let doubles = 0;
  for (let i = 0; i < opCount; i++) {
    const at = wasmOffset(opRows[i] as readonly Float64Array[], opHeight[i], opWidth[i]);
    opCopied[i] = at < 0 ? 1 : 0;
    if (at >= 0) {
      opPtr[i] = at;
    } else {
      opPtr[i] = doubles; // position in scratch, in doubles, resolved below
      doubles += opHeight[i] * opWidth[i];
    }
  }
  if (doubles + extra === 0) return 0;
  const base = scratch(doubles + extra);
  const h = heap();
  for (let i = 0; i < opCount; i++) {
    if (opCopied[i] === 0) continue;
    const at = base / 8 + opPtr[i];
    opPtr[i] = at * 8;
    if (opInput[i] === 1) copyIn(h, opRows[i] as readonly Float64Array[], opHeight[i], opWidth[i], at);
  }
  return base + doubles * 8;
}

/** Copies the outputs that {@link place} put in scratch back to their rows, and clears the operands. */
function finish(): void {
  let h: Float64Array | null = null;
  for (let i = 0; i < opCount; i++) {
    if (opInput[i] === 0 && opCopied[i] === 1) {
      h ??= heap();
      copyOut(h, opRows[i] as readonly Float64Array[], opHeight[i], opWidth[i], opPtr[i] / 8);
    }
    opRows[i] = null;
  }
  opCount = 0;
}

function gemmRowsEmulated(
  A: readonly Float64Array[],
  transA: boolean,
  B: readonly Float64Array[],
  transB: boolean,
  C: readonly Float64Array[],
  n: number,
  k: number,
  m: number,
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
  W: readonly Float64Array[],
  A: readonly Float64Array[],
  bias: readonly Float64Array[],
  Z: readonly Float64Array[],
  R: readonly Float64Array[],
  n: number,
  k: number,
  m: number,
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
  operand(W, n, k, true);
  operand(A, k, m, true);
  operand(bias, n, 1, true);
  operand(Z, n, m, false);
  operand(R, n, m, false);
  place(0);
  kernels.gemm(n, k, m, opPtr[0], k, 1, opPtr[1], opPtr[3]);
  kernels.bias_relu(n, m, opPtr[3], opPtr[2], opPtr[4]);
  finish();
}

/**
 * A dense layer's backward step through a ReLU, numpy's
 * `dA = np.dot(W.T, dZ); dZprev = np.multiply(dA, np.int64(A > 0))`:
 * W holds k rows of n, dZ k rows of m, A n rows of m; dA and dZprev receive n rows of m.
 */
export function backwardReluRows(
  W: readonly Float64Array[],
  dZ: readonly Float64Array[],
  A: readonly Float64Array[],
  dA: readonly Float64Array[],
  dZprev: readonly Float64Array[],
  n: number,
  k: number,
  m: number,
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
  operand(W, k, n, true);
  operand(dZ, k, m, true);
  operand(A, n, m, true);
  operand(dA, n, m, false);
  operand(dZprev, n, m, false);
  place(0);
  kernels.gemm(n, k, m, opPtr[0], 1, n, opPtr[1], opPtr[3]);
  kernels.relu_mask(n * m, opPtr[3], opPtr[2], opPtr[4]);
  finish();
}

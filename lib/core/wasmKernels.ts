/**
 * The WebAssembly kernels (lib/core/wasm/kernels.wat: products, ReLU steps,
 * MT19937; wasm/elementwise.wat: element-wise operations and sums) and the
 * memory they work in.
 *
 * The module's memory is shared WebAssembly memory: growing it never detaches
 * the buffers already handed out, so matrices can be stored in it. Inside a
 * `tidy` scope (lib/memory.ts) new matrices get their storage here from a
 * small allocator; the kernels then read and write them in place, without the
 * copies into and out of the wasm memory that other matrices need.
 *
 * Relaxed SIMD is standard WebAssembly but still behind a flag in Node 20's
 * V8; the flag is switched on (`v8.setFlagsFromString`) before the module is
 * compiled. At load time a known case checks that the multiply-add really is
 * fused; if the module cannot be compiled or does not fuse (a CPU without
 * FMA), or `DNNLAB_NO_WASM=1`, {@link kernels} is null and every operation
 * runs in JavaScript with the same results.
 */
import { setFlagsFromString } from "node:v8";
import { wasmBase64 as elementwiseBase64 } from "./wasm/elementwise.generated";
import { wasmBase64 } from "./wasm/kernels.generated";

/** The parts of the WebAssembly API used here (Node has it; the ES2020 lib does not type it). */
interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports?: object) => { exports: unknown };
}
const WebAssembly = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exported functions; pointers are byte offsets into `memory`. */
export interface Kernels {
  memory: WasmMemory;
  gemm: (n: number, k: number, m: number, a: number, sai: number, sap: number, b: number, c: number) => void;
  transpose: (src: number, rows: number, cols: number, dst: number) => void;
  bias_relu: (n: number, m: number, z: number, bias: number, r: number) => void;
  relu_mask: (count: number, d: number, a: number, out: number) => void;
  ew_rr: (op: number, n: number, a: number, b: number, c: number) => void;
  ew_rs: (op: number, n: number, a: number, y: number, c: number) => void;
  ew_sr: (op: number, n: number, x: number, b: number, c: number) => void;
  ew_rc: (op: number, n: number, m: number, a: number, col: number, c: number) => void;
  ew_cr: (op: number, n: number, m: number, col: number, b: number, c: number) => void;
  ew_unary: (op: number, n: number, a: number, c: number) => void;
  zero: (p: number, bytes: number) => void;
  pairwise: (p: number, n: number) => number;
  row_sums: (n: number, m: number, src: number, dst: number) => void;
  mt_twist: (s: number) => void;
  mt_uniform: (s: number, pos: number, out: number, n: number) => number;
}

/** Operation codes of `ew_rr`, `ew_rs`, `ew_sr` (see kernels.wat). */
export const EW = { add: 0, subtract: 1, multiply: 2, divide: 3, maximum: 4, minimum: 5, greater: 6, less: 7, equal: 8 } as const;
/** Operation codes of `ew_unary`. */
export const EW_UNARY = { negative: 0, square: 1, sqrt: 2 } as const;

const PAGE = 65536;
/** The memory's maximum (kernels.wat): 16384 pages, 1 GiB. */
const MAX_BYTES = 16384 * PAGE;

function loadKernels(): Kernels | null {
  if (process.env.DNNLAB_NO_WASM === "1") return null;
  try {
    const bytes = Buffer.from(wasmBase64, "base64");
    if (!WebAssembly.validate(bytes)) setFlagsFromString("--experimental-wasm-relaxed-simd");
    if (!WebAssembly.validate(bytes)) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const k = instance.exports as unknown as Kernels;
    // [1, 1+2⁻³⁰]·[−1, 1−2⁻³⁰]ᵀ = −1 + (1 − 2⁻⁶⁰) is −2⁻⁶⁰ only when fused.
    const f = new Float64Array(k.memory.buffer);
    f[0] = 1;
    f[1] = 1 + 2 ** -30;
    f[2] = -1;
    f[3] = 1 - 2 ** -30;
    k.gemm(1, 2, 1, 0, 2, 1, 16, 32);
    if (new Float64Array(k.memory.buffer)[4] !== -(2 ** -60)) return null;
    // the element-wise kernels: a module of their own, in the same memory
    const ew = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(elementwiseBase64, "base64")), { js: { memory: k.memory } });
    return { ...k, ...(ew.exports as object) } as Kernels;
  } catch {
    return null;
  }
}

/** The kernels, or null when products and element-wise operations run in JavaScript. */
export const kernels: Kernels | null = loadKernels();

// ---------------------------------------------------------------------------
// The memory: a view of all of it, and an allocator for blocks of it.

let heapView = kernels ? new Float64Array(kernels.memory.buffer) : new Float64Array(0);
/** The memory's size in bytes, as this module last grew it (only this module grows it). */
let heapBytes = heapView.byteLength;

/**
 * A Float64Array over all of the wasm memory as it is now. Cached: reading
 * `memory.buffer` of a shared memory is a call into the engine, and only
 * {@link allocateBlock} grows the memory (it refreshes the view).
 */
export function heap(): Float64Array {
  return heapView;
}

/** Tag of a row array laid out in the wasm memory: where, and the row views it was given. */
const PLACE = Symbol("dnnlab.wasmPlace");
interface Placed {
  [PLACE]?: { readonly at: number; readonly views: readonly Float64Array[] };
}

/**
 * Records that the row views `rows` (consecutive, from byte `at` of the
 * wasm memory) are where a matrix lives, for {@link wasmOffset}.
 */
export function markPlaced(rows: Float64Array[], at: number): void {
  (rows as Placed)[PLACE] = { at, views: rows.slice() };
}

/**
 * The byte offset of a matrix's storage in the wasm memory when its row
 * array is one that {@link markPlaced} recorded, still holding the same row
 * views (ml-matrix's `setRow` replaces a row), else -1. Kernels can then
 * work on it in place.
 */
export function wasmOffset(R: readonly Float64Array[], rows: number, cols: number): number {
  const place = (R as Placed)[PLACE];
  if (place === undefined) return -1;
  const views = place.views;
  if (R.length !== rows || views.length !== rows || rows === 0 || views[0].length !== cols) return -1;
  for (let i = 0; i < rows; i++) if (R[i] !== views[i]) return -1;
  return place.at;
}

/** Blocks start at 16-byte boundaries (SIMD loads); the first 64 bytes are the load-time check's. */
const ALIGN = 16;
let top = 64;
/** Free blocks by size in bytes. */
const freeBlocks = new Map<number, number[]>();

function ensure(end: number): boolean {
  if (end <= heapBytes) return true;
  const k = kernels as Kernels;
  const have = k.memory.buffer.byteLength;
  if (end > MAX_BYTES) return false;
  try {
    k.memory.grow(Math.ceil((end - have) / PAGE));
    heapView = new Float64Array(k.memory.buffer);
    heapBytes = heapView.byteLength;
  } catch {
    return false;
  }
  return true;
}

/**
 * A block of `bytes` bytes of wasm memory (contents undefined), or -1 when
 * there are no kernels or the memory is full. Give it back with {@link freeBlock}.
 */
export function allocateBlock(bytes: number): number {
  if (!kernels) return -1;
  const size = Math.ceil(bytes / ALIGN) * ALIGN;
  const free = freeBlocks.get(size);
  if (free !== undefined && free.length > 0) return free.pop() as number;
  if (!ensure(top + size)) return -1;
  const at = top;
  top += size;
  return at;
}

/** Returns a block from {@link allocateBlock} (same `bytes`) for reuse. */
export function freeBlock(at: number, bytes: number): void {
  const size = Math.ceil(bytes / ALIGN) * ALIGN;
  let free = freeBlocks.get(size);
  if (free === undefined) {
    free = [];
    freeBlocks.set(size, free);
  }
  free.push(at);
}

let scratchAt = -1;
let scratchBytes = 0;

/**
 * A scratch area of at least `doubles` doubles for copies of operands that
 * are not in the wasm memory, as a byte offset; valid until the next call.
 * Call {@link heap} after it (the memory may have grown).
 * @throws RangeError when the wasm memory is full
 */
export function scratch(doubles: number): number {
  const bytes = doubles * 8;
  if (bytes <= scratchBytes) return scratchAt;
  if (scratchAt >= 0) freeBlock(scratchAt, scratchBytes);
  const size = Math.max(bytes, 2 * scratchBytes, 1 << 16);
  const at = allocateBlock(size);
  if (at < 0) throw new RangeError(`dnnlab: the WebAssembly memory is full (${MAX_BYTES / 2 ** 20} MiB)`);
  scratchAt = at;
  scratchBytes = Math.ceil(size / ALIGN) * ALIGN;
  return at;
}

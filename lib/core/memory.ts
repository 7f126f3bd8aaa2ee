/**
 * Recycling the storage of temporary matrices: {@link tidy} and {@link keep},
 * the matrix counterparts of TensorFlow.js's `tf.tidy` and `tf.keep`.
 *
 * Why: a training loop written the way the course writes it (one numpy-like
 * operation per line) creates a dozen new (20, 211) matrices per iteration.
 * numpy's allocator hands the memory of an array that died a moment ago to
 * the next one; V8 cannot, because it frees an `ArrayBuffer` only when the
 * garbage collector finds it dead, much later. Every new buffer is then fresh,
 * cold memory that the system has to zero and map, and allocating costs
 * several times the arithmetic done on it.
 *
 * `tidy(fn)` records the matrices created while `fn` runs; when `fn` returns,
 * those that are not part of its result go back to a pool, and the next
 * matrices of the same shape reuse their storage (still hot in the CPU's
 * cache). A released matrix is emptied: any later use of it throws an error
 * that says so, instead of silently reading someone else's numbers.
 *
 * Inside a scope, new storage comes from the WebAssembly memory
 * (lib/wasmKernels.ts), where the products and element-wise kernels work on
 * it in place; a matrix that outlives every scope (returned by the outermost
 * `tidy`, or passed to `keep`) is moved to an ordinary buffer when the scope
 * ends. Outside scopes nothing changes: ordinary buffers, freed by the
 * garbage collector.
 *
 * Inside a scope every matrix made by dnnlab is handled this way (also the
 * narrow ones, which outside scopes keep one small array per row).
 */
import { Matrix } from "ml-matrix";
import { allocateBlock, freeBlock, heap, markPlaced } from "./wasmKernels";

/**
 * One matrix's storage: the row views, one view over all of it, and where it
 * lies in the WebAssembly memory (-1 for an ordinary ArrayBuffer).
 */
interface Storage {
  /** The row array a matrix gets as its `data`. */
  readonly rows: Float64Array[];
  /** The row views it was made with (restored into `rows` when recycled: ml-matrix's setRow replaces rows). */
  readonly views: readonly Float64Array[];
  readonly whole: Float64Array;
  readonly at: number;
}

interface Scope {
  /** Matrices created in this scope, with the storage they were given. */
  readonly matrices: Matrix[];
  readonly storages: Storage[];
}

/** At most this many bytes wait in the pool; beyond, released storage is left to the garbage collector. */
const POOL_LIMIT_BYTES = 256 * 1024 * 1024;
/** Larger matrices (over 256 MiB) are never recycled. */
const MAX_RECYCLED = 32 * 1024 * 1024;
/** At most this many free storages per shape. */
const POOL_LIMIT_PER_SHAPE = 256;

const pool = new Map<number, Storage[]>();
let pooledBytes = 0;
const scopes: Scope[] = [];
const kept = new WeakSet<Matrix>();

const shapeKey = (rows: number, cols: number): number => rows * 4294967296 + cols;

function releasedMessage(rows: number, cols: number): string {
  return (
    `this (${rows}, ${cols}) matrix was created inside tidy() and released when that call ended: ` +
    "return it from the function given to tidy(), or pass it to keep(), to use it afterwards"
  );
}

/** Marks the proxy of a released matrix (read by {@link releasedError}). */
const RELEASED = Symbol("dnnlab.released");

/** Reading anything from a released matrix's rows throws (the message names the shape). */
const releasedHandler: ProxyHandler<{ rows: number; cols: number }> = {
  get(target, property) {
    const message = releasedMessage(target.rows, target.cols);
    if (property === RELEASED) return message;
    throw new Error(message);
  },
};

/**
 * The `data` of a released matrix: reading a row throws (ml-matrix's methods
 * and dnnlab's functions all read the rows through `data`). Not an array, so
 * that `rowsOf` notices it before reading a row.
 */
function releasedRows(rows: number, cols: number): Float64Array[] {
  const key = shapeKey(rows, cols);
  let proxy = releasedProxies.get(key);
  if (proxy === undefined) {
    proxy = new Proxy({ rows, cols }, releasedHandler) as unknown as Float64Array[];
    releasedProxies.set(key, proxy);
  }
  return proxy;
}

/** One released-rows proxy per shape (it holds nothing but the shape). */
const releasedProxies = new Map<number, Float64Array[]>();

/**
 * The error for a matrix released by {@link tidy}, or null when `data` is
 * live storage. Internal (used by `rowsOf`).
 */
export function releasedError(data: unknown): Error | null {
  if (data === null || typeof data !== "object") return null;
  const message = (data as { [RELEASED]?: string })[RELEASED];
  return typeof message === "string" ? new Error(message) : null;
}

/**
 * A new (rows, cols) matrix, the storage behind `zeros`. Inside a
 * {@link tidy} scope: a released matrix's storage of that shape when the
 * pool has one (cleared only when `zeroed`: callers that overwrite every
 * element pass false), else a block of wasm memory, and the matrix is
 * recorded for recycling. Outside: rows longer than 8 are views into one
 * fresh buffer; shorter rows are separate arrays, cheaper because V8 keeps
 * typed arrays of up to 64 bytes in its own heap. Internal (the public
 * constructor is `zeros`).
 * @throws RangeError for negative or fractional sizes.
 */
export function allocateMatrix(rows: number, cols: number, zeroed: boolean): Matrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`matrix sizes must be non-negative integers, got (${rows}, ${cols})`);
  }
  // Object.create skips ml-matrix's constructor (which allocates row by row);
  // Matrix instances are just { data, rows, columns } on Matrix.prototype.
  const m = Object.create(Matrix.prototype) as Matrix;
  let data: Float64Array[];
  const scope = scopes[scopes.length - 1];
  if (scope !== undefined && rows > 0 && cols > 0 && rows * cols <= MAX_RECYCLED) {
    // inside tidy: recycled or wasm storage, whatever the shape
    const storage = takeStorage(rows, cols, zeroed);
    scope.matrices.push(m);
    scope.storages.push(storage);
    data = storage.rows;
  } else if (cols <= 8) {
    data = new Array(rows);
    for (let i = 0; i < rows; i++) data[i] = new Float64Array(cols);
  } else {
    data = rowViews(new ArrayBuffer(rows * cols * 8), 0, rows, cols);
  }
  const raw = m as unknown as { data: Float64Array[]; rows: number; columns: number };
  raw.data = data;
  raw.rows = rows;
  raw.columns = cols;
  return m;
}

function rowViews(buffer: ArrayBufferLike, byteOffset: number, rows: number, cols: number): Float64Array[] {
  const data: Float64Array[] = new Array(rows);
  for (let i = 0; i < rows; i++) data[i] = new Float64Array(buffer, byteOffset + i * cols * 8, cols);
  return data;
}

/** Storage inside a scope: a released matrix's, else a block of wasm memory, else an ordinary buffer. */
function takeStorage(rows: number, cols: number, zeroed: boolean): Storage {
  const free = pool.get(shapeKey(rows, cols));
  if (free !== undefined && free.length > 0) {
    const storage = free.pop() as Storage;
    pooledBytes -= storage.whole.byteLength;
    if (zeroed) storage.whole.fill(0);
    return storage;
  }
  const bytes = rows * cols * 8;
  const at = allocateBlock(bytes);
  if (at >= 0) {
    const buffer = heap().buffer;
    const whole = new Float64Array(buffer, at, rows * cols);
    if (zeroed) whole.fill(0);
    const views = rowViews(buffer, at, rows, cols);
    markPlaced(views, at);
    return { rows: views, views: views.slice(), whole, at };
  }
  const buffer = new ArrayBuffer(bytes);
  const views = rowViews(buffer, 0, rows, cols);
  return { rows: views, views: views.slice(), whole: new Float64Array(buffer), at: -1 };
}

/** Adds every matrix reachable from `value` (arrays, plain objects, maps, sets) to `found`. */
function collectMatrices(value: unknown, found: Set<Matrix>, seen: Set<object>, depth: number): void {
  if (value === null || typeof value !== "object" || depth > 16) return;
  if (value instanceof Matrix) {
    found.add(value);
    return;
  }
  if (seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const v of value) collectMatrices(v, found, seen, depth + 1);
  } else if (value instanceof Map) {
    for (const [k, v] of value) {
      collectMatrices(k, found, seen, depth + 1);
      collectMatrices(v, found, seen, depth + 1);
    }
  } else if (value instanceof Set) {
    for (const v of value) collectMatrices(v, found, seen, depth + 1);
  } else if (!ArrayBuffer.isView(value)) {
    for (const v of Object.values(value)) collectMatrices(v, found, seen, depth + 1);
  }
}

/** Puts a storage back: into the pool of its shape, else (pool full) its wasm block is freed. */
function recycle(storage: Storage): void {
  const { rows, views } = storage;
  rows.length = views.length;
  for (let i = 0; i < views.length; i++) rows[i] = views[i];
  const bytes = storage.whole.byteLength;
  const key = shapeKey(views.length, views[0].length);
  let free = pool.get(key);
  if (free === undefined) {
    free = [];
    pool.set(key, free);
  }
  if (free.length < POOL_LIMIT_PER_SHAPE && pooledBytes + bytes <= POOL_LIMIT_BYTES) {
    free.push(storage);
    pooledBytes += bytes;
  } else if (storage.at >= 0) {
    freeBlock(storage.at, bytes);
  }
}

/** Empties a matrix that its scope does not return (any later use throws) and recycles its storage. */
function release(m: Matrix, storage: Storage): void {
  const raw = m as unknown as { data: Float64Array[]; rows: number; columns: number };
  raw.data = releasedRows(raw.rows, raw.columns);
  recycle(storage);
}

/**
 * A matrix that outlives every scope moves out of the wasm memory into an
 * ordinary buffer (which the garbage collector frees when the matrix dies).
 */
function detach(m: Matrix, storage: Storage): void {
  if (storage.at < 0) return;
  const raw = m as unknown as { data: Float64Array[]; rows: number; columns: number };
  // Copy row by row: ml-matrix may have replaced rows, or the whole array.
  const data = raw.data;
  const rows = raw.rows;
  const cols = raw.columns;
  const fresh = rowViews(new ArrayBuffer(rows * cols * 8), 0, rows, cols);
  for (let i = 0; i < rows; i++) fresh[i].set(data[i]);
  raw.data = fresh;
  recycle(storage);
}

/** An `async function` or async generator: refused before it runs, since its later steps would outlive the scope. */
function isAsyncFunction(fn: unknown): boolean {
  const tag = Object.prototype.toString.call(fn);
  return tag === "[object AsyncFunction]" || tag === "[object AsyncGeneratorFunction]";
}

function isThenable(v: unknown): boolean {
  return v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { then?: unknown }).then === "function";
}

const ASYNC_REFUSED = "tidy cannot recycle the matrices of an async function: call tidy inside it, around synchronous work";

/**
 * Runs `fn` and recycles the matrices it created, except those in its result
 * (found in arrays, plain objects, maps and sets) and those passed to
 * {@link keep}: the next matrices of the same shape reuse their storage. The
 * counterpart of `tf.tidy`. Typical use, one training iteration:
 *
 *     const cost = tidy(() => { ...forward, cost, backward, update in place...; return cost; });
 *
 * Matrices that existed before the call (the parameters updated in place)
 * are never touched. A released matrix must not be used again: reading it
 * throws an error naming `tidy`. Scopes nest; what an inner scope returns
 * belongs to the outer one. When `fn` throws, its matrices are released and
 * the error passes through.
 * @param fn a synchronous function
 * @returns what `fn` returns
 * @throws TypeError when `fn` is not a function, is an `async` function (refused before
 *   it starts, so none of it runs), or returns a promise (use tidy inside the async function instead)
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`tidy expects a function, got ${typeof fn}`);
  if (isAsyncFunction(fn)) throw new TypeError(ASYNC_REFUSED);
  const scope: Scope = { matrices: [], storages: [] };
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    scopes.pop();
    releaseScope(scope, new Set());
    throw err;
  }
  scopes.pop();
  if (isThenable(result)) {
    // A plain function that returned a promise has already started work that
    // continues later: its matrices are left to the garbage collector (not
    // recycled), so that work never meets a released matrix.
    for (let i = 0; i < scope.matrices.length; i++) detach(scope.matrices[i], scope.storages[i]);
    throw new TypeError(ASYNC_REFUSED);
  }
  const found = new Set<Matrix>();
  if (scope.matrices.length > 0) collectMatrices(result, found, new Set(), 0);
  releaseScope(scope, found);
  return result;
}

function releaseScope(scope: Scope, keepThese: Set<Matrix>): void {
  const parent = scopes[scopes.length - 1];
  const { matrices, storages } = scope;
  for (let i = 0; i < matrices.length; i++) {
    const m = matrices[i];
    if (kept.has(m)) {
      detach(m, storages[i]);
    } else if (keepThese.has(m)) {
      if (parent !== undefined) {
        parent.matrices.push(m);
        parent.storages.push(storages[i]);
      } else {
        detach(m, storages[i]);
      }
    } else {
      release(m, storages[i]);
    }
  }
}

/**
 * Exempts a matrix from recycling by the enclosing {@link tidy} scopes (for
 * a matrix stored outside the scope, e.g. pushed to a list of snapshots).
 * @returns the same matrix
 * @throws TypeError when `m` is not a Matrix
 */
export function keep(m: Matrix): Matrix {
  if (!(m instanceof Matrix)) throw new TypeError(`keep expects a Matrix, got ${m === null ? "null" : typeof m}`);
  kept.add(m);
  return m;
}

/** How the pool stands (for tests and benchmarks): storages and bytes waiting, active scopes. */
export function memoryInfo(): { pooledMatrices: number; pooledBytes: number; scopes: number } {
  let n = 0;
  for (const free of pool.values()) n += free.length;
  return { pooledMatrices: n, pooledBytes, scopes: scopes.length };
}

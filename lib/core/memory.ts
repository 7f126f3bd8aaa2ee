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
import { releasedRows } from "./released";
import { allocateBlock, freeBlock, heap, kernels, markPlaced } from "./wasmKernels";

/**
 * One matrix's storage: the row views, one view over all of it, where it lies
 * in the WebAssembly memory (-1 for an ordinary ArrayBuffer), the pool list it
 * returns to and the `data` its matrix gets when released (both found once,
 * when the storage is made, so that recycling looks nothing up).
 */
interface Storage {
  /** The row array a matrix gets as its `data`. */
  readonly rows: Float64Array[];
  /** The row views it was made with (restored into `rows` when recycled: ml-matrix's setRow replaces rows). */
  readonly views: readonly Float64Array[];
  readonly whole: Float64Array;
  readonly at: number;
  /** Its shape. */
  readonly height: number;
  readonly width: number;
  /** Its size (a field: a typed array's byteLength on shared memory is a call, not a load). */
  readonly bytes: number;
  /** The free storages of this shape (the pool's list). */
  readonly free: Storage[];
  /** What a released matrix of this shape gets as `data` (reading it throws). */
  readonly released: Float64Array[];
}

/**
 * The matrices created by one active `tidy` call, with their storage, in
 * the order of creation. One Scope per nesting depth, reused by every call
 * at that depth. A training loop makes the same matrices in the same order
 * in every iteration, so the storage of the i-th matrix of the last call
 * stays in slot i, and the i-th matrix of the next call takes it when the
 * shape matches: no pool lookup, no list to push to or pop from. Slots from
 * `count` to `high` hold the last call's storages, free for this call.
 */
interface Scope {
  /** The live matrices of this call (slots below `count`). */
  readonly matrices: (Matrix | undefined)[];
  /** Their storages (below `count`); free storages from `count` to `high`. */
  readonly storages: (Storage | undefined)[];
  count: number;
  high: number;
}

/** At most this many bytes wait in the pool; beyond, released storage is left to the garbage collector. */
const POOL_LIMIT_BYTES = 256 * 1024 * 1024;
/** Larger matrices (over 256 MiB) are never recycled. */
const MAX_RECYCLED = 32 * 1024 * 1024;
/** At most this many free storages per shape. */
const POOL_LIMIT_PER_SHAPE = 65536;
/** Storages of at most this many bytes are cleared in JavaScript (a wasm call costs more). */
const SMALL_CLEAR_BYTES = 256;

const pool = new Map<number, Storage[]>();
let pooledBytes = 0;
/** The scope objects by depth; `scopes[depth - 1]` is the innermost active one. */
const scopes: Scope[] = [];
let depth = 0;
/** The innermost active scope (kept in a variable: reading `scopes[-1]` of an empty array is a slow lookup). */
let current: Scope | undefined;
const kept = new WeakSet<Matrix>();
/** Whether keep() was ever called (until then, releasing skips the WeakSet lookup). */
let anyKept = false;

/** A pool key per shape: a small integer for the usual shapes. */
const shapeKey = (rows: number, cols: number): number => (rows < 0x4000 && cols < 0x10000 ? rows * 0x10000 + cols : rows * 4294967296 + cols);

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
  const scope = current;
  if (scope !== undefined && rows > 0 && cols > 0 && rows * cols <= MAX_RECYCLED) {
    // inside tidy: the storage this slot had in the last call, else recycled or wasm storage
    const i = scope.count++;
    let storage = i < scope.high ? scope.storages[i] : undefined;
    if (storage !== undefined && storage.height === rows && storage.width === cols) {
      if (zeroed) clear(storage);
    } else {
      if (storage !== undefined) recycle(storage);
      storage = takeStorage(rows, cols, zeroed);
      scope.storages[i] = storage;
    }
    const m = new MatrixShell(storage.rows, rows, cols);
    scope.matrices[i] = m;
    return m;
  }
  return new MatrixShell(freshRows(rows, cols), rows, cols);
}

/**
 * Makes Matrix instances without ml-matrix's constructor (which allocates row
 * by row): a Matrix is just `{ data, rows, columns }` on `Matrix.prototype`.
 * A constructor function (rather than `Object.create`) gives V8 the object's
 * final shape at once, with the three fields inside the object.
 */
const MatrixShell = function MatrixShell(this: { data: Float64Array[]; rows: number; columns: number }, data: Float64Array[], rows: number, columns: number) {
  this.data = data;
  this.rows = rows;
  this.columns = columns;
} as unknown as new (
  data: Float64Array[],
  rows: number,
  columns: number,
) => Matrix;
MatrixShell.prototype = Matrix.prototype;

/** Zeroed rows in ordinary memory: separate small arrays up to 8 columns, else views of one buffer. */
function freshRows(rows: number, cols: number): Float64Array[] {
  if (cols > 8) return rowViews(new ArrayBuffer(rows * cols * 8), 0, rows, cols);
  const data: Float64Array[] = new Array(rows);
  for (let i = 0; i < rows; i++) data[i] = new Float64Array(cols);
  return data;
}

function rowViews(buffer: ArrayBufferLike, byteOffset: number, rows: number, cols: number): Float64Array[] {
  const data: Float64Array[] = new Array(rows);
  for (let i = 0; i < rows; i++) data[i] = new Float64Array(buffer, byteOffset + i * cols * 8, cols);
  return data;
}

/** The pool's list of free storages of a shape (the last one looked up is remembered: loops repeat shapes). */
function freeList(rows: number, cols: number): Storage[] {
  const key = shapeKey(rows, cols);
  if (key === lastKey) return lastFree;
  let free = pool.get(key);
  if (free === undefined) {
    free = [];
    pool.set(key, free);
  }
  lastKey = key;
  lastFree = free;
  return free;
}

let lastKey = -1;
let lastFree: Storage[] = [];

/** Sets a storage to zeros (in the wasm memory by the kernel: `fill` on shared memory is slow). */
function clear(storage: Storage): void {
  const whole = storage.whole;
  if (storage.at >= 0 && kernels !== null && storage.bytes > SMALL_CLEAR_BYTES) {
    kernels.zero(storage.at, storage.bytes);
  } else {
    for (let j = 0; j < whole.length; j++) whole[j] = 0;
  }
}

/** Storage inside a scope: a released matrix's, else a block of wasm memory, else an ordinary buffer. */
function takeStorage(rows: number, cols: number, zeroed: boolean): Storage {
  const free = freeList(rows, cols);
  const reused = free.pop();
  if (reused !== undefined) {
    pooledBytes -= reused.bytes;
    if (zeroed) clear(reused);
    return reused;
  }
  const bytes = rows * cols * 8;
  const released = releasedRows(rows, cols);
  const at = allocateBlock(bytes);
  if (at >= 0) {
    const buffer = heap().buffer;
    const views = rowViews(buffer, at, rows, cols);
    markPlaced(views, at);
    const whole = new Float64Array(buffer, at, rows * cols);
    const storage: Storage = { rows: views, views: views.slice(), whole, at, height: rows, width: cols, bytes, free, released };
    if (zeroed) clear(storage);
    return storage;
  }
  const buffer = new ArrayBuffer(bytes);
  const views = rowViews(buffer, 0, rows, cols);
  const whole = new Float64Array(buffer);
  return { rows: views, views: views.slice(), whole, at: -1, height: rows, width: cols, bytes, free, released };
}

/** Adds every matrix reachable from `value` (arrays, plain objects, maps, sets) to `found`. */
function collectMatrices(value: unknown, found: Set<Matrix>, seen: Set<object>, depthLeft: number): void {
  if (value === null || typeof value !== "object" || depthLeft < 0) return;
  if (value instanceof Matrix) {
    found.add(value);
    return;
  }
  if (seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const v of value) collectMatrices(v, found, seen, depthLeft - 1);
  } else if (value instanceof Map) {
    for (const [k, v] of value) {
      collectMatrices(k, found, seen, depthLeft - 1);
      collectMatrices(v, found, seen, depthLeft - 1);
    }
  } else if (value instanceof Set) {
    for (const v of value) collectMatrices(v, found, seen, depthLeft - 1);
  } else if (!ArrayBuffer.isView(value)) {
    for (const v of Object.values(value)) collectMatrices(v, found, seen, depthLeft - 1);
  }
}

/** Gives a released storage its own rows back (ml-matrix's removeRow, addColumn, ... replace rows). */
function restoreRows(storage: Storage): void {
  const { rows, views } = storage;
  if (rows.length !== views.length) rows.length = views.length;
  for (let i = 0; i < views.length; i++) if (rows[i] !== views[i]) rows[i] = views[i];
}

/** Puts a free storage into the pool of its shape, else (pool full) its wasm block is freed. */
function recycle(storage: Storage): void {
  const bytes = storage.bytes;
  const free = storage.free;
  if (free.length < POOL_LIMIT_PER_SHAPE && pooledBytes + bytes <= POOL_LIMIT_BYTES) {
    free.push(storage);
    pooledBytes += bytes;
  } else if (storage.at >= 0) {
    freeBlock(storage.at, bytes);
  }
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
  const fresh = freshRows(raw.rows, raw.columns);
  for (let i = 0; i < raw.rows; i++) fresh[i].set(data[i]);
  raw.data = fresh;
  restoreRows(storage);
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
  if (depth === scopes.length) scopes.push({ matrices: [], storages: [], count: 0, high: 0 });
  const scope = scopes[depth++];
  scope.count = 0;
  current = scope;
  let result: T;
  try {
    result = fn();
  } catch (err) {
    leave(scope, null);
    throw err;
  }
  if (isThenable(result)) {
    // A plain function that returned a promise has already started work that
    // continues later: its matrices are kept (left to the garbage collector,
    // not recycled), so that work never meets a released matrix.
    for (let i = 0; i < scope.count; i++) keep(scope.matrices[i] as Matrix);
    leave(scope, null);
    throw new TypeError(ASYNC_REFUSED);
  }
  let found: Set<Matrix> | null = null;
  if (scope.count > 0 && result !== null && typeof result === "object") {
    found = new Set();
    collectMatrices(result, found, new Set(), 16);
  }
  leave(scope, found);
  return result;
}

/**
 * Ends the innermost scope: its matrices in `keepThese` go to the enclosing
 * scope (or, at the outermost, to ordinary memory), kept ones to ordinary
 * memory, the others are released and their storages stay in their slots
 * for the next call at this depth.
 */
function leave(scope: Scope, keepThese: Set<Matrix> | null): void {
  depth--;
  const parent = depth > 0 ? scopes[depth - 1] : undefined;
  current = parent;
  const { matrices, storages } = scope;
  const count = scope.count;
  for (let i = 0; i < count; i++) {
    const m = matrices[i] as Matrix;
    const storage = storages[i] as Storage;
    matrices[i] = undefined; // the scope object is reused: drop the reference now
    if (anyKept && kept.has(m)) {
      storages[i] = undefined;
      detach(m, storage);
    } else if (keepThese?.has(m)) {
      storages[i] = undefined;
      if (parent !== undefined) adopt(parent, m, storage);
      else detach(m, storage);
    } else {
      (m as unknown as { data: Float64Array[] }).data = storage.released;
      restoreRows(storage);
    }
  }
  // the last call's storages that this call did not reach go to the pool
  for (let i = count; i < scope.high; i++) {
    const storage = storages[i];
    if (storage !== undefined) {
      storages[i] = undefined;
      recycle(storage);
    }
  }
  scope.high = count;
  scope.count = 0;
}

/** A matrix returned by an inner scope joins the enclosing one (taking the slot of its next matrix). */
function adopt(parent: Scope, m: Matrix, storage: Storage): void {
  const j = parent.count++;
  const displaced = j < parent.high ? parent.storages[j] : undefined;
  if (displaced !== undefined) recycle(displaced);
  parent.matrices[j] = m;
  parent.storages[j] = storage;
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
  anyKept = true;
  return m;
}

/**
 * How the pool stands (for tests and benchmarks): free storages and their
 * bytes (in the pool, and in the slots of scopes for their next call), and
 * the number of active scopes.
 */
export function memoryInfo(): { pooledMatrices: number; pooledBytes: number; scopes: number } {
  let n = 0;
  let bytes = pooledBytes;
  for (const free of pool.values()) n += free.length;
  for (let d = 0; d < scopes.length; d++) {
    const scope = scopes[d];
    for (let i = d < depth ? scope.count : 0; i < scope.high; i++) {
      const storage = scope.storages[i];
      if (storage !== undefined) {
        n++;
        bytes += storage.bytes;
      }
    }
  }
  return { pooledMatrices: n, pooledBytes: bytes, scopes: depth };
}

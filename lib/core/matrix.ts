/**
 * Matrices: ml-matrix's `Matrix`, kept with the storage this library gives it
 * (core/storage.ts), and the numpy basics that create and reshape them
 * (`zeros`, `copy`, transposes, flatten/reshape, vstack) with numpy's shape
 * texts and errors. The numpy operations on them live one layer up
 * (numpy/elementwise.ts, numpy/reductions.ts, numpy/products.ts).
 */
import { Matrix } from "ml-matrix";
import { allocateMatrix } from "./memory";
import { releasedError } from "./released";
import { useFastExports } from "./moduleExports";

/**
 * ml-matrix's `Matrix`, re-exported as itself: a notebook's declarations
 * (tslab writes one for every top-level variable) name a matrix's type
 * `import("dnnlab").Matrix`. A copy (`const Matrix = MlMatrix` with a type
 * alias) would be named by ml-matrix's own path, which a notebook outside
 * this project cannot reach ("cannot be named without a reference to
 * dnnlab/node_modules/ml-matrix"). The re-export is a getter: the module ends
 * with useFastExports so the other modules' `matrix_1.rowsOf(...)` stay fast.
 */
export { Matrix };

/** `[rows, cols]`, numpy's `.shape` of a 2-D array. */
export type Shape = readonly [number, number];

/** A matrix or a scalar (a scalar broadcasts against anything). */
export type MatrixOrScalar = Matrix | number;

/** The rows of a matrix's storage. Internal: ml-matrix does not type `data`. */
export function rowsOf(m: Matrix): Float64Array[] {
  const data = (m as unknown as { data?: Float64Array[] }).data;
  if (!Array.isArray(data)) {
    // a matrix released by tidy() says so; anything else is not a Matrix
    throw releasedError(data) ?? new TypeError("expected an ml-matrix Matrix (not a view or a plain array)");
  }
  return data;
}

/** numpy's `.shape` of a matrix. */
export function shape(m: Matrix): Shape {
  return [m.rows, m.columns];
}

/** numpy's text for a shape: `(5, 4)`. */
export function shapeText(s: Shape): string {
  return `(${s[0]}, ${s[1]})`;
}

/**
 * Throws unless `m` has the expected shape; `what` names the value in the
 * message, e.g. `W1 has shape (5, 3), expected (5, 4)`.
 * A `null` dimension in `expected` accepts any size.
 */
export function assertShape(m: Matrix, expected: readonly [number | null, number | null], what: string): void {
  if (!(m instanceof Matrix)) {
    throw new TypeError(`${what} must be a Matrix, got ${describeValue(m)}`);
  }
  const [r, c] = expected;
  if ((r !== null && m.rows !== r) || (c !== null && m.columns !== c)) {
    const want = `(${r ?? "any"}, ${c ?? "any"})`;
    throw new RangeError(`${what} has shape ${shapeText(shape(m))}, expected ${want}`);
  }
}

/** A short description of any value for error messages. */
export function describeValue(v: unknown): string {
  if (v instanceof Matrix) return `a Matrix of shape ${shapeText(shape(v))}`;
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return `an object (${Object.prototype.toString.call(v)})`;
  return `${typeof v} ${String(v)}`;
}

/**
 * A matrix of zeros, numpy `np.zeros((rows, cols))`. Rows longer than 8 are
 * views into one contiguous buffer (one allocation instead of one per row,
 * which matters in training loops, and a single copy into the WebAssembly
 * kernels); ml-matrix's own constructor allocates every row separately.
 * Inside {@link tidy} the storage is a released matrix's or a block of the
 * WebAssembly memory, and is recycled when the scope ends.
 * @throws RangeError for negative or fractional sizes.
 */
export function zeros(rows: number, cols: number): Matrix {
  return allocateMatrix(rows, cols, true);
}

/** A new matrix whose every element the caller writes (recycled storage is not cleared first). */
export const uninitialized = (rows: number, cols: number): Matrix => allocateMatrix(rows, cols, false);

/** A matrix of zeros shaped like `m`, numpy `np.zeros_like(m)`. */
export function zerosLike(m: Matrix): Matrix {
  return zeros(m.rows, m.columns);
}

/** A copy of a matrix, numpy `np.copy(m)` (fast, unlike ml-matrix's element-by-element `clone()`). */
export function copy(m: Matrix): Matrix {
  const out = uninitialized(m.rows, m.columns);
  const O = rowsOf(out);
  const A = rowsOf(m);
  const cols = m.columns;
  if (cols <= 8) {
    // narrow rows (a column vector has one per element): a set() call per row costs more than the copy
    for (let i = 0; i < m.rows; i++) {
      const o = O[i];
      const a = A[i];
      for (let j = 0; j < cols; j++) o[j] = a[j];
    }
  } else {
    for (let i = 0; i < m.rows; i++) O[i].set(A[i]);
  }
  return out;
}

/** The transpose as a new matrix, numpy `a.T` (without ml-matrix's per-element iterator). */
export function transpose(a: Matrix): Matrix {
  const out = uninitialized(a.columns, a.rows);
  const O = rowsOf(out);
  const A = rowsOf(a);
  for (let i = 0; i < a.rows; i++) {
    const ai = A[i];
    for (let j = 0; j < a.columns; j++) O[j][i] = ai[j];
  }
  return out;
}

/** The elements in row-major (C) order, numpy `a.ravel()`, as a new `Float64Array`. */
export function flatten(a: Matrix): Float64Array {
  const out = new Float64Array(a.rows * a.columns);
  const A = rowsOf(a);
  for (let i = 0; i < a.rows; i++) out.set(A[i], i * a.columns);
  return out;
}

/**
 * Row-major reshape, numpy `a.reshape(rows, cols)` (or of a flat array).
 * @throws RangeError `cannot reshape array of size 12 into shape (5,4)`.
 */
export function reshape(a: Matrix | ArrayLike<number>, rows: number, cols: number): Matrix {
  const flat = a instanceof Matrix ? flatten(a) : a;
  if (flat.length !== rows * cols) {
    throw new RangeError(`cannot reshape array of size ${flat.length} into shape (${rows},${cols})`);
  }
  const out = uninitialized(rows, cols);
  const O = rowsOf(out);
  for (let i = 0; i < rows; i++) {
    const oi = O[i];
    for (let j = 0; j < cols; j++) oi[j] = flat[i * cols + j];
  }
  return out;
}

/** Stacks matrices vertically, `np.concatenate(list, axis=0)`; all must have the same column count. */
export function vstack(parts: readonly Matrix[]): Matrix {
  if (parts.length === 0) throw new RangeError("need at least one matrix to stack");
  const cols = parts[0].columns;
  let rows = 0;
  parts.forEach((p, i) => {
    if (p.columns !== cols) {
      throw new RangeError(
        `all the input array dimensions except for the concatenation axis must match exactly, ` +
          `but along dimension 1, the array at index 0 has size ${cols} and the array at index ${i} has size ${p.columns}`,
      );
    }
    rows += p.rows;
  });
  const out = uninitialized(rows, cols);
  const O = rowsOf(out);
  let r = 0;
  for (const p of parts) for (const row of rowsOf(p)) O[r++].set(row);
  return out;
}

/**
 * The columns `indices` of `a`, in that order, numpy `a[:, indices]` (as the
 * course shuffles the examples with a permutation).
 * @param a `(n, m)`; indices integers in [0, m), repeats allowed
 * @returns `(n, indices.length)`
 * @throws RangeError naming the first index out of range (numpy's IndexError text).
 */
export function takeColumns(a: Matrix, indices: ArrayLike<number>): Matrix {
  const k = indices.length;
  for (let j = 0; j < k; j++) {
    const c = indices[j];
    if (!Number.isInteger(c) || c < 0 || c >= a.columns) {
      throw new RangeError(`index ${c} is out of bounds for axis 1 with size ${a.columns}`);
    }
  }
  const out = uninitialized(a.rows, k);
  const A = rowsOf(a);
  const O = rowsOf(out);
  for (let i = 0; i < a.rows; i++) {
    const ai = A[i];
    const oi = O[i];
    for (let j = 0; j < k; j++) oi[j] = ai[indices[j]];
  }
  return out;
}

/**
 * The columns `start` to `stop - 1` of `a`, numpy `a[:, start:stop]` (Python's
 * slice: `stop` is excluded and clipped to the number of columns, so the last
 * mini-batch may be shorter).
 * @returns `(n, max(0, min(stop, m) - start))`, a copy
 * @throws RangeError for a negative or fractional bound.
 */
export function sliceColumns(a: Matrix, start: number, stop: number): Matrix {
  if (!Number.isInteger(start) || !Number.isInteger(stop) || start < 0 || stop < 0) {
    throw new RangeError(`slice bounds must be non-negative integers, got ${start}:${stop}`);
  }
  const end = Math.min(stop, a.columns);
  const width = Math.max(0, end - start);
  const out = uninitialized(a.rows, width);
  const A = rowsOf(a);
  const O = rowsOf(out);
  for (let i = 0; i < a.rows; i++) O[i].set(A[i].subarray(start, start + width));
  return out;
}

// Last: the exports object made fast for V8 (see core/moduleExports.ts).
useFastExports(typeof module === "undefined" ? undefined : module);

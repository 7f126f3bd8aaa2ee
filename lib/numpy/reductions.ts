/**
 * Reductions with numpy's semantics and digits: `sum` with `axis`/`keepdims`
 * in numpy's pairwise order along contiguous rows, `nansum`, `mean`, the
 * vector 2-norm (squares added in order, as BLAS `ddot` does), and the
 * closeness tests `isclose`/`allclose` with numpy's default tolerances.
 */
import type { Matrix } from "ml-matrix";
import { flatten, rowsOf, uninitialized, zeros, type MatrixOrScalar } from "../core/matrix";
import { subtract } from "./elementwise";
import { contiguous } from "../core/blas";
import { kernels, wasmOffset } from "../core/wasmKernels";

/**
 * numpy's pairwise summation of `v[start] .. v[start+n-1]`: fewer than 8
 * values are added in order; up to 128 use 8 interleaved accumulators;
 * longer runs are split in two halves (the first a multiple of 8 long).
 */
export function pairwiseSum(v: Float64Array, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += v[start + i];
    return res;
  }
  if (n <= 128) {
    let r0 = v[start],
      r1 = v[start + 1],
      r2 = v[start + 2],
      r3 = v[start + 3];
    let r4 = v[start + 4],
      r5 = v[start + 5],
      r6 = v[start + 6],
      r7 = v[start + 7];
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const s = start + i;
      r0 += v[s];
      r1 += v[s + 1];
      r2 += v[s + 2];
      r3 += v[s + 3];
      r4 += v[s + 4];
      r5 += v[s + 5];
      r6 += v[s + 6];
      r7 += v[s + 7];
    }
    let res = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += v[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(v, start, n2) + pairwiseSum(v, start + n2, n - n2);
}

/**
 * `O[i][0]` = the sum of row i of A in numpy's pairwise order (`np.sum(a,
 * axis=1, keepdims=True)`), for A of `rows` × `cols` and O of `rows` × 1. When
 * A lies in the WebAssembly memory (made inside `tidy`) the kernel sums it
 * there, with the same additions.
 */
export function rowSumsInto(A: readonly Float64Array[], O: readonly Float64Array[], rows: number, cols: number): void {
  const k = kernels;
  if (k !== null && rows > 0 && cols >= 8) {
    const pa = wasmOffset(A, rows, cols);
    if (pa >= 0) {
      const po = wasmOffset(O, rows, 1);
      if (po >= 0) {
        k.row_sums(rows, cols, pa, po);
      } else {
        for (let i = 0; i < rows; i++) O[i][0] = k.pairwise(pa + i * cols * 8, cols);
      }
      return;
    }
  }
  for (let i = 0; i < rows; i++) O[i][0] = pairwiseSum(A[i], 0, cols);
}

/** Sums a contiguous run of numbers in numpy's order (`np.sum` of a 1-D array). */
export function sumArray(v: Float64Array): number {
  return pairwiseSum(v, 0, v.length);
}

/** An axis of a 2-D array as numpy takes it: 0 or -2 (rows), 1 or -1 (columns). */
export type Axis = 0 | 1 | -1 | -2;

/** Options of {@link sum}. */
export interface SumOptions {
  /** 0 (or -2) sums down the columns (one value per column), 1 (or -1) across each row; omitted sums everything. */
  axis?: Axis;
  /** Keep the reduced axis with length 1, giving `(1,m)` or `(n,1)`; without it numpy gives a 1-D array. */
  keepdims?: boolean;
}

/**
 * `np.sum(a, axis, keepdims)`.
 * - no axis: a number (pairwise over the row-major elements, as numpy for a contiguous array);
 * - `axis: 1`: the row sums, pairwise along each row, as a `(n,1)` Matrix with `keepdims`,
 *   else as a 1-D `Float64Array` of length n (numpy's shape `(n,)`);
 * - `axis: 0`: the column sums, rows added in order: `(1,m)` with `keepdims`, else length m.
 * Negative axes count from the end, as in numpy: -1 is axis 1, -2 is axis 0.
 * @throws RangeError for any other axis (a 2-D matrix has axes 0, 1, -1, -2).
 */
export function sum(a: Matrix): number;
export function sum(a: Matrix, options: { axis: Axis; keepdims: true }): Matrix;
export function sum(a: Matrix, options: { axis: Axis; keepdims?: false }): Float64Array;
export function sum(a: Matrix, options?: SumOptions): number | Matrix | Float64Array;
export function sum(a: Matrix, options: SumOptions = {}): number | Matrix | Float64Array {
  const A = rowsOf(a);
  const axis = options.axis === undefined ? undefined : normalizeAxis(options.axis, "sum");
  if (axis === undefined) {
    if (kernels !== null && a.rows * a.columns >= 8) {
      const pa = wasmOffset(A, a.rows, a.columns);
      if (pa >= 0) return kernels.pairwise(pa, a.rows * a.columns);
    }
    if (a.rows === 1) return pairwiseSum(A[0], 0, a.columns);
    const flat = contiguous(A, a.rows, a.columns) ?? flatten(a);
    return pairwiseSum(flat, 0, flat.length);
  }
  if (axis === 1) {
    if (options.keepdims) {
      const out = uninitialized(a.rows, 1);
      rowSumsInto(A, rowsOf(out), a.rows, a.columns);
      return out;
    }
    const sums = new Float64Array(a.rows);
    for (let i = 0; i < a.rows; i++) sums[i] = pairwiseSum(A[i], 0, a.columns);
    return sums;
  }
  const out = options.keepdims ? zeros(1, a.columns) : null;
  const sums = out ? rowsOf(out)[0] : new Float64Array(a.columns);
  for (let i = 0; i < a.rows; i++) {
    const ai = A[i];
    for (let j = 0; j < a.columns; j++) sums[j] += ai[j];
  }
  return out ?? sums;
}

/**
 * An axis of a 2-D array as 0 or 1, numpy's way: a negative axis counts from
 * the end (-1 is the last axis). `what` names the function in the message.
 * @throws RangeError for anything but 0, 1, -1, -2.
 */
export function normalizeAxis(axis: unknown, what: string): 0 | 1 {
  if (axis === 0 || axis === -2) return 0;
  if (axis === 1 || axis === -1) return 1;
  const shown = typeof axis === "string" ? JSON.stringify(axis) : String(axis);
  throw new RangeError(`${what}: axis ${shown} is out of bounds for a 2-D matrix (expected 0, 1, -1 or -2)`);
}

/** `np.nansum(a)`: the sum with nan elements counted as 0 (an inf still gives inf). */
export function nansum(a: Matrix): number {
  const A = rowsOf(a);
  const view = a.rows === 1 ? A[0] : contiguous(A, a.rows, a.columns);
  let flat = view ?? flatten(a);
  let own = view === null; // a copy of our own may be changed
  for (let i = 0; i < flat.length; i++) {
    if (flat[i] !== flat[i]) {
      if (!own) {
        flat = flat.slice();
        own = true;
      }
      flat[i] = 0;
    }
  }
  return pairwiseSum(flat, 0, flat.length);
}

/** `np.mean(a)` over all elements. */
export function mean(a: Matrix): number {
  return sum(a) / (a.rows * a.columns);
}

/**
 * The 2-norm of all elements, `np.linalg.norm(a)` for a vector (or the
 * Frobenius norm of a matrix): `sqrt` of the squares added in row-major order.
 */
export function norm(a: Matrix | number): number {
  if (typeof a === "number") return Math.abs(a);
  let s = 0;
  for (const row of rowsOf(a)) for (let j = 0; j < row.length; j++) s += row[j] * row[j];
  return Math.sqrt(s);
}

/** True when every element is finite (no nan, no ±inf). */
export function allFinite(a: Matrix): boolean {
  for (const row of rowsOf(a)) for (let j = 0; j < row.length; j++) if (!Number.isFinite(row[j])) return false;
  return true;
}

/** `np.isclose(a, b)` for numbers: `|a - b| <= atol + rtol * |b|` (defaults 1e-5, 1e-8). */
export function isclose(a: number, b: number, rtol = 1e-5, atol = 1e-8): boolean {
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= atol + rtol * Math.abs(b);
}

/** `np.allclose(a, b)` with broadcasting; false on a shape mismatch that does not broadcast. */
export function allclose(a: MatrixOrScalar, b: MatrixOrScalar, rtol = 1e-5, atol = 1e-8): boolean {
  if (typeof a === "number" && typeof b === "number") return isclose(a, b, rtol, atol);
  let diff: Matrix;
  try {
    diff = subtract(a, b);
  } catch (e) {
    if (e instanceof RangeError) return false;
    throw e;
  }
  const left = typeof a === "number" ? null : a;
  const right = typeof b === "number" ? null : b;
  for (let i = 0; i < diff.rows; i++) {
    for (let j = 0; j < diff.columns; j++) {
      const x = left ? left.get(left.rows === 1 ? 0 : i, left.columns === 1 ? 0 : j) : (a as number);
      const y = right ? right.get(right.rows === 1 ? 0 : i, right.columns === 1 ? 0 : j) : (b as number);
      if (!isclose(x, y, rtol, atol)) return false;
    }
  }
  return true;
}

/**
 * Matrix products with numpy's semantics and digits: `np.dot` for 2-D arrays,
 * with numpy's shape error texts, and the products with a transposed operand
 * (`np.dot(a, b.T)`, `np.dot(a.T, b)`) without building the transpose.
 *
 * Summation order matters for reproducing numpy's digits: each output element
 * accumulates in increasing k with fused multiply-adds, as OpenBLAS's x86-64
 * kernels do (core/blas.ts runs them, in WebAssembly or in JavaScript).
 */
import { Matrix } from "ml-matrix";
import { gemmRows } from "../core/blas";
import { describeValue, rowsOf, shape, shapeText, uninitialized } from "../core/matrix";

function checkOut(out: Matrix | undefined, n: number, m: number, a: Matrix, b: Matrix, what: string): Matrix {
  const result = out ?? uninitialized(n, m);
  if (result.rows !== n || result.columns !== m) {
    throw new RangeError(`${what}: output has shape ${shapeText(shape(result))}, expected (${n}, ${m})`);
  }
  if (result === a || result === b) throw new RangeError(`${what}: the output must not be an input`);
  return result;
}

function checkOperands(a: Matrix, b: Matrix, what: string): void {
  if (!(a instanceof Matrix) || !(b instanceof Matrix)) {
    throw new TypeError(`${what} expects two Matrix operands, got ${describeValue(a)} and ${describeValue(b)}`);
  }
}

function notAligned(ra: number, ca: number, rb: number, cb: number): RangeError {
  return new RangeError(`shapes (${ra},${ca}) and (${rb},${cb}) not aligned: ${ca} (dim 1) != ${rb} (dim 0)`);
}

/**
 * Matrix product, numpy `np.dot(a, b)` for 2-D arrays: `(n,k) x (k,m) -> (n,m)`.
 * Each element is accumulated over k in increasing order with fused
 * multiply-adds, which reproduces numpy's (OpenBLAS's) digits (see `blasBackend`).
 * `out`, when given, receives the result (it must not be `a` or `b`).
 * @throws RangeError with numpy's text, e.g.
 *   `shapes (5,4) and (3,1) not aligned: 4 (dim 1) != 3 (dim 0)`.
 */
export function dot(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkOperands(a, b, "dot");
  if (a.columns !== b.rows) throw notAligned(a.rows, a.columns, b.rows, b.columns);
  const result = checkOut(out, a.rows, b.columns, a, b, "dot");
  gemmRows(rowsOf(a), false, rowsOf(b), false, rowsOf(result), a.rows, a.columns, b.columns);
  return result;
}

/**
 * `a · bᵀ` without building the transpose, numpy `np.dot(a, b.T)`:
 * `(n,k) x (m,k)ᵀ -> (n,m)`. Same accumulation as {@link dot}.
 * @throws RangeError with numpy's text for `a` and `b.T`.
 */
export function dotTransB(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkOperands(a, b, "dotTransB");
  if (a.columns !== b.columns) throw notAligned(a.rows, a.columns, b.columns, b.rows);
  const result = checkOut(out, a.rows, b.rows, a, b, "dotTransB");
  gemmRows(rowsOf(a), false, rowsOf(b), true, rowsOf(result), a.rows, a.columns, b.rows);
  return result;
}

/**
 * `aᵀ · b` without building the transpose, numpy `np.dot(a.T, b)`:
 * `(k,n)ᵀ x (k,m) -> (n,m)`. Same accumulation as {@link dot}.
 * @throws RangeError with numpy's text for `a.T` and `b`.
 */
export function dotTransA(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  checkOperands(a, b, "dotTransA");
  if (a.rows !== b.rows) throw notAligned(a.columns, a.rows, b.rows, b.columns);
  const result = checkOut(out, a.columns, b.columns, a, b, "dotTransA");
  gemmRows(rowsOf(a), true, rowsOf(b), false, rowsOf(result), a.columns, a.rows, b.columns);
  return result;
}

/**
 * Matrices with numpy semantics, on top of ml-matrix.
 *
 * ml-matrix is the storage (a `Matrix` keeps one `Float64Array` per row) and
 * the fast path. This module adds only what the course's numpy code needs and
 * ml-matrix lacks: numpy's shape errors, broadcasting of a column `(n,1)` or a
 * row `(1,m)` against `(n,m)`, `sum` with `axis`/`keepdims` that adds in
 * numpy's order, masks from comparisons, the vector 2-norm and row-major
 * flatten/reshape.
 *
 * Summation order matters for reproducing numpy's digits: `dot` accumulates
 * each output element in increasing k with fused multiply-adds (as OpenBLAS's
 * x86-64 kernels do), `sum` uses numpy's pairwise summation along contiguous
 * rows, and `norm` adds squares in order (as BLAS `ddot` does).
 */
import { Matrix } from "ml-matrix";
import { exp as libmExp, log as libmLog } from "./libm";
import { contiguous, gemmRows } from "./blas";
import { EW, EW_UNARY, kernels, wasmOffset } from "./wasmKernels";
import { allocateMatrix, releasedError } from "./memory";

export { fma } from "./fma";
export { blasBackend } from "./blas";
export { tidy, keep, memoryInfo } from "./memory";

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
const uninitialized = (rows: number, cols: number): Matrix => allocateMatrix(rows, cols, false);

/** A matrix of zeros shaped like `m`, numpy `np.zeros_like(m)`. */
export function zerosLike(m: Matrix): Matrix {
  return zeros(m.rows, m.columns);
}

/** A copy of a matrix, numpy `np.copy(m)` (fast, unlike ml-matrix's element-by-element `clone()`). */
export function copy(m: Matrix): Matrix {
  const out = uninitialized(m.rows, m.columns);
  const O = rowsOf(out);
  const A = rowsOf(m);
  for (let i = 0; i < m.rows; i++) O[i].set(A[i]);
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


/** Shape of the broadcast of two shapes, or a numpy-style error. */
export function broadcastShape(a: Shape, b: Shape): Shape {
  const dim = (x: number, y: number): number => {
    if (x === y || y === 1) return x;
    if (x === 1) return y;
    throw new RangeError(
      `operands could not be broadcast together with shapes ${shapeText(a)} ${shapeText(b)}`,
    );
  };
  return [dim(a[0], b[0]), dim(a[1], b[1])];
}

/**
 * Row kernels, one set per operation, generated once at load time so that
 * each gets its own optimized machine code (a shared loop calling a closure
 * or switching on the operation is 2-4 times slower in V8).
 */
interface RowKernels {
  /** The operation's code for the wasm kernels (`EW`). */
  op: number;
  /** c[j] = a[j] op b[j] */
  rr: (c: Float64Array, a: Float64Array, b: Float64Array, n: number) => void;
  /** c[j] = a[j] op y */
  rs: (c: Float64Array, a: Float64Array, y: number, n: number) => void;
  /** c[j] = x op b[j] */
  sr: (c: Float64Array, x: number, b: Float64Array, n: number) => void;
}

function rowKernels(op: number, expr: string): RowKernels {
  const loop = (setup: string): string => `for (let j = 0; j < n; j++) { ${setup} c[j] = ${expr}; }`;
  return {
    op,
    rr: new Function("c", "a", "b", "n", loop("const x = a[j]; const y = b[j];")) as RowKernels["rr"],
    rs: new Function("c", "a", "y", "n", loop("const x = a[j];")) as RowKernels["rs"],
    sr: new Function("c", "x", "b", "n", loop("const y = b[j];")) as RowKernels["sr"],
  };
}

const ADD = rowKernels(EW.add, "x + y");
const SUB = rowKernels(EW.subtract, "x - y");
const MUL = rowKernels(EW.multiply, "x * y");
const DIV = rowKernels(EW.divide, "x / y");
const MAX = rowKernels(EW.maximum, "(x !== x || y !== y) ? NaN : (x >= y ? x : y)");
const MIN = rowKernels(EW.minimum, "(x !== x || y !== y) ? NaN : (x <= y ? x : y)");
const GT = rowKernels(EW.greater, "x > y ? 1 : 0");
const LT = rowKernels(EW.less, "x < y ? 1 : 0");
const EQ = rowKernels(EW.equal, "x === y ? 1 : 0");

function checkOperand(v: unknown, name: string): void {
  if (typeof v !== "number" && !(v instanceof Matrix)) {
    throw new TypeError(`${name} operand must be a Matrix or a number, got ${describeValue(v)}`);
  }
}

function elementwise(a: MatrixOrScalar, b: MatrixOrScalar, k: RowKernels, out?: Matrix): Matrix {
  if (typeof a === "number" && typeof b === "number") {
    throw new TypeError("expected at least one Matrix operand, got two numbers");
  }
  checkOperand(a, "left");
  checkOperand(b, "right");
  const ar = typeof a === "number" ? 1 : a.rows;
  const ac = typeof a === "number" ? 1 : a.columns;
  const br = typeof b === "number" ? 1 : b.rows;
  const bc = typeof b === "number" ? 1 : b.columns;
  const [n, m] = broadcastShape([ar, ac], [br, bc]);
  const result = out ?? uninitialized(n, m);
  if (result.rows !== n || result.columns !== m) {
    throw new RangeError(`output has shape ${shapeText(shape(result))}, expected ${shapeText([n, m])}`);
  }
  const C = rowsOf(result);
  const A = typeof a === "number" ? null : rowsOf(a);
  const B = typeof b === "number" ? null : rowsOf(b);
  if (kernels !== null && elementwiseInPlace(k.op, a, A, ar, ac, b, B, br, bc, C, n, m)) return result;
  // a single column (or a number) repeats along the row: use the scalar kernels
  const aScalar = A === null || (ac === 1 && m !== 1);
  const bScalar = B === null || (bc === 1 && m !== 1);
  for (let i = 0; i < n; i++) {
    const ci = C[i];
    const ai = A ? A[ar === 1 ? 0 : i] : null;
    const bi = B ? B[br === 1 ? 0 : i] : null;
    const x = ai ? ai[0] : (a as number);
    const y = bi ? bi[0] : (b as number);
    if (aScalar && bScalar) {
      ci.fill(x);
      k.rs(ci, ci, y, m);
    } else if (aScalar) k.sr(ci, x, bi as Float64Array, m);
    else if (bScalar) k.rs(ci, ai as Float64Array, y, m);
    else k.rr(ci, ai as Float64Array, bi as Float64Array, m);
  }
  return result;
}

/**
 * The wasm kernels' share of {@link elementwise}: when the result and the
 * full-size operands lie in the wasm memory (matrices made inside `tidy`),
 * the operation runs there in place, two doubles at a time, with the same
 * results. Handles full-size operands, numbers and (1, 1) matrices, and a
 * column (n, 1) against (n, m); returns false for anything else (the
 * JavaScript loops do it).
 */
function elementwiseInPlace(
  op: number,
  a: MatrixOrScalar, A: Float64Array[] | null, ar: number, ac: number,
  b: MatrixOrScalar, B: Float64Array[] | null, br: number, bc: number,
  C: Float64Array[], n: number, m: number,
): boolean {
  const k = kernels;
  if (k === null || n * m < 16) return false;
  const pc = wasmOffset(C, n, m);
  if (pc < 0) return false;
  const rowBytes = m * 8;
  const aFull = A !== null && ar === n && ac === m;
  const bFull = B !== null && br === n && bc === m;
  const aOne = A === null || (ar === 1 && ac === 1);
  const bOne = B === null || (br === 1 && bc === 1);
  if (aFull) {
    const pa = wasmOffset(A, n, m);
    if (pa < 0) return false;
    if (bFull) {
      const pb = wasmOffset(B, n, m);
      if (pb < 0) return false;
      k.ew_rr(op, n * m, pa, pb, pc);
      return true;
    }
    if (bOne) {
      k.ew_rs(op, n * m, pa, B === null ? (b as number) : B[0][0], pc);
      return true;
    }
    if (B !== null && bc === 1 && br === n) {
      for (let i = 0; i < n; i++) k.ew_rs(op, m, pa + i * rowBytes, B[i][0], pc + i * rowBytes);
      return true;
    }
    return false;
  }
  if (bFull) {
    const pb = wasmOffset(B, n, m);
    if (pb < 0) return false;
    if (aOne) {
      k.ew_sr(op, n * m, A === null ? (a as number) : A[0][0], pb, pc);
      return true;
    }
    if (A !== null && ac === 1 && ar === n) {
      for (let i = 0; i < n; i++) k.ew_sr(op, m, A[i][0], pb + i * rowBytes, pc + i * rowBytes);
      return true;
    }
  }
  return false;
}

/** `a + b` with numpy broadcasting (`(n,m)` with `(n,1)`, `(1,m)`, `(1,1)` or a number). */
export function add(a: MatrixOrScalar, b: MatrixOrScalar, out?: Matrix): Matrix {
  return elementwise(a, b, ADD, out);
}

/** `a - b` with numpy broadcasting. */
export function subtract(a: MatrixOrScalar, b: MatrixOrScalar, out?: Matrix): Matrix {
  return elementwise(a, b, SUB, out);
}

/** `a * b` element-wise with numpy broadcasting (not the matrix product: see `dot`). */
export function multiply(a: MatrixOrScalar, b: MatrixOrScalar, out?: Matrix): Matrix {
  return elementwise(a, b, MUL, out);
}

/** `a / b` element-wise with numpy broadcasting (x/0 gives ±inf or nan, as numpy). */
export function divide(a: MatrixOrScalar, b: MatrixOrScalar, out?: Matrix): Matrix {
  return elementwise(a, b, DIV, out);
}

/** `np.maximum(a, b)` with broadcasting; nan wins, as in numpy. */
export function maximum(a: MatrixOrScalar, b: MatrixOrScalar, out?: Matrix): Matrix {
  return elementwise(a, b, MAX, out);
}

/** `np.minimum(a, b)` with broadcasting; nan wins, as in numpy. */
export function minimum(a: MatrixOrScalar, b: MatrixOrScalar, out?: Matrix): Matrix {
  return elementwise(a, b, MIN, out);
}

/** 0/1 mask of `a > b` (numpy's boolean array as numbers), with broadcasting. */
export function greater(a: MatrixOrScalar, b: MatrixOrScalar, out?: Matrix): Matrix {
  return elementwise(a, b, GT, out);
}

/** 0/1 mask of `a < b`, with broadcasting. */
export function less(a: MatrixOrScalar, b: MatrixOrScalar, out?: Matrix): Matrix {
  return elementwise(a, b, LT, out);
}

/** 0/1 mask of `a == b`, with broadcasting. */
export function equal(a: MatrixOrScalar, b: MatrixOrScalar, out?: Matrix): Matrix {
  return elementwise(a, b, EQ, out);
}

/** Applies `f` to every element (a new matrix unless `out` is given; `out` may be `a`). */
export function map(a: Matrix, f: (x: number) => number, out?: Matrix): Matrix {
  return mapWith(MAP_CALL, a, f, out);
}

type UnaryKernel = ((c: Float64Array, a: Float64Array, n: number, f: (x: number) => number) => void) & { wasmOp?: number };

/** A unary row kernel with its own machine code (see {@link rowKernels}). */
function unaryKernel(expr: string, wasmOp?: number): UnaryKernel {
  const kernel = new Function("c", "a", "n", "f", `for (let j = 0; j < n; j++) { const x = a[j]; c[j] = ${expr}; }`) as UnaryKernel;
  if (wasmOp !== undefined) kernel.wasmOp = wasmOp;
  return kernel;
}

const MAP_CALL = unaryKernel("f(x)");
const NEGATE = unaryKernel("-x", EW_UNARY.negative);
const SQUARE = unaryKernel("x * x", EW_UNARY.square);
const LOG = unaryKernel("f(x)");
const EXP = unaryKernel("f(x)");
const SQRT = unaryKernel("Math.sqrt(x)", EW_UNARY.sqrt);

const identity = (x: number): number => x;

function mapWith(kernel: UnaryKernel, a: Matrix, f: (x: number) => number, out?: Matrix): Matrix {
  if (!(a instanceof Matrix)) throw new TypeError(`expected a Matrix, got ${describeValue(a)}`);
  const result = out ?? uninitialized(a.rows, a.columns);
  if (result.rows !== a.rows || result.columns !== a.columns) {
    throw new RangeError(`output has shape ${shapeText(shape(result))}, expected ${shapeText(shape(a))}`);
  }
  const A = rowsOf(a);
  const C = rowsOf(result);
  if (kernels !== null && kernel.wasmOp !== undefined) {
    const pa = wasmOffset(A, a.rows, a.columns);
    const pc = pa < 0 ? -1 : wasmOffset(C, a.rows, a.columns);
    if (pc >= 0) {
      kernels.ew_unary(kernel.wasmOp, a.rows * a.columns, pa, pc);
      return result;
    }
  }
  for (let i = 0; i < a.rows; i++) kernel(C[i], A[i], a.columns, f);
  return result;
}

/** Element-wise negation, numpy `-a`. */
export function negative(a: Matrix, out?: Matrix): Matrix {
  return mapWith(NEGATE, a, identity, out);
}

/** Element-wise square, `np.square(a)`. */
export function square(a: Matrix, out?: Matrix): Matrix {
  return mapWith(SQUARE, a, identity, out);
}

/** Element-wise natural log with glibc's rounding, `np.log(a)` (log 0 = -inf, log of a negative = nan). */
export function log(a: Matrix, out?: Matrix): Matrix {
  return mapWith(LOG, a, libmLog, out);
}

/** Element-wise exponential with glibc's rounding, `np.exp(a)`. */
export function exp(a: Matrix, out?: Matrix): Matrix {
  return mapWith(EXP, a, libmExp, out);
}

/** Element-wise square root, `np.sqrt(a)` (correctly rounded, as numpy). */
export function sqrt(a: Matrix, out?: Matrix): Matrix {
  return mapWith(SQRT, a, identity, out);
}

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
    let r0 = v[start], r1 = v[start + 1], r2 = v[start + 2], r3 = v[start + 3];
    let r4 = v[start + 4], r5 = v[start + 5], r6 = v[start + 6], r7 = v[start + 7];
    const end = n - (n % 8);
    let i = 8;
    for (; i < end; i += 8) {
      const s = start + i;
      r0 += v[s]; r1 += v[s + 1]; r2 += v[s + 2]; r3 += v[s + 3];
      r4 += v[s + 4]; r5 += v[s + 5]; r6 += v[s + 6]; r7 += v[s + 7];
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += v[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(v, start, n2) + pairwiseSum(v, start + n2, n - n2);
}

/** Sums a contiguous run of numbers in numpy's order (`np.sum` of a 1-D array). */
export function sumArray(v: Float64Array): number {
  return pairwiseSum(v, 0, v.length);
}

/** Options of {@link sum}. */
export interface SumOptions {
  /** 0 sums down the columns (one value per column), 1 across each row; omitted sums everything. */
  axis?: 0 | 1;
  /** Keep the reduced axis with length 1, giving `(1,m)` or `(n,1)`; without it numpy gives a 1-D array. */
  keepdims?: boolean;
}

/**
 * `np.sum(a, axis, keepdims)`.
 * - no axis: a number (pairwise over the row-major elements, as numpy for a contiguous array);
 * - `axis: 1`: the row sums, pairwise along each row, as a `(n,1)` Matrix with `keepdims`,
 *   else as a 1-D `Float64Array` of length n (numpy's shape `(n,)`);
 * - `axis: 0`: the column sums, rows added in order: `(1,m)` with `keepdims`, else length m.
 * @throws RangeError for any other axis.
 */
export function sum(a: Matrix): number;
export function sum(a: Matrix, options: { axis: 0 | 1; keepdims: true }): Matrix;
export function sum(a: Matrix, options: { axis: 0 | 1; keepdims?: false }): Float64Array;
export function sum(a: Matrix, options?: SumOptions): number | Matrix | Float64Array;
export function sum(a: Matrix, options: SumOptions = {}): number | Matrix | Float64Array {
  const A = rowsOf(a);
  if (options.axis === undefined) {
    if (a.rows === 1) return pairwiseSum(A[0], 0, a.columns);
    const flat = contiguous(A, a.rows, a.columns) ?? flatten(a);
    return pairwiseSum(flat, 0, flat.length);
  }
  if (options.axis === 1) {
    if (options.keepdims) {
      const out = uninitialized(a.rows, 1);
      const O = rowsOf(out);
      for (let i = 0; i < a.rows; i++) O[i][0] = pairwiseSum(A[i], 0, a.columns);
      return out;
    }
    const sums = new Float64Array(a.rows);
    for (let i = 0; i < a.rows; i++) sums[i] = pairwiseSum(A[i], 0, a.columns);
    return sums;
  }
  if (options.axis === 0) {
    const out = options.keepdims ? zeros(1, a.columns) : null;
    const sums = out ? rowsOf(out)[0] : new Float64Array(a.columns);
    for (let i = 0; i < a.rows; i++) {
      const ai = A[i];
      for (let j = 0; j < a.columns; j++) sums[j] += ai[j];
    }
    return out ?? sums;
  }
  throw new RangeError(`axis ${String(options.axis)} is out of bounds for array of dimension 2`);
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
    diff = elementwise(a, b, SUB);
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

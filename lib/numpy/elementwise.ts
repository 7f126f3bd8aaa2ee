/**
 * Element-wise operations with numpy's broadcasting: a column `(n,1)`, a row
 * `(1,m)`, a `(1,1)` matrix or a number against `(n,m)`, with numpy's error
 * text for shapes that do not broadcast. Comparisons give 0/1 masks; `log`
 * and `exp` round as glibc does (numerics/libm.ts).
 *
 * Each operation has its own generated row kernels (see {@link rowKernels});
 * matrices that live in the WebAssembly memory (made inside `tidy`) are
 * computed there in place, two doubles at a time, with the same results.
 */
import { Matrix } from "ml-matrix";
import { exp as libmExp, log as libmLog } from "../numerics/libm";
import { describeValue, rowsOf, shape, shapeText, uninitialized, type MatrixOrScalar, type Shape } from "../core/matrix";
import { EW, EW_UNARY, heap, kernels, scratch, wasmOffset } from "../core/wasmKernels";
import { LIBM, mapLibm } from "../core/wasmLibm";

/** Shape of the broadcast of two shapes, or a numpy-style error. */
export function broadcastShape(a: Shape, b: Shape): Shape {
  const dim = (x: number, y: number): number => {
    if (x === y || y === 1) return x;
    if (x === 1) return y;
    throw new RangeError(`operands could not be broadcast together with shapes ${shapeText(a)} ${shapeText(b)}`);
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
  // the broadcast shape without building arrays (this runs for every operation of a training loop)
  const n = ar === br || br === 1 ? ar : ar === 1 ? br : -1;
  const m = ac === bc || bc === 1 ? ac : ac === 1 ? bc : -1;
  if (n < 0 || m < 0) broadcastShape([ar, ac], [br, bc]); // throws numpy's error
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
 * JavaScript loops do it). Even a few elements go to the kernels: a call
 * costs less than a JavaScript loop over shared memory.
 */
function elementwiseInPlace(
  op: number,
  a: MatrixOrScalar,
  A: Float64Array[] | null,
  ar: number,
  ac: number,
  b: MatrixOrScalar,
  B: Float64Array[] | null,
  br: number,
  bc: number,
  C: Float64Array[],
  n: number,
  m: number,
): boolean {
  const k = kernels;
  if (k === null) return false;
  const pc = wasmOffset(C, n, m);
  if (pc < 0) return false;
  const aFull = A !== null && ar === n && ac === m;
  const bFull = B !== null && br === n && bc === m;
  const aOne = A === null || (ar === 1 && ac === 1);
  const bOne = B === null || (br === 1 && bc === 1);
  if (aFull) {
    const pa = fullOperand(A, n, m, 0);
    if (bFull) {
      k.ew_rr(op, n * m, pa, fullOperand(B, n, m, 1), pc);
      return true;
    }
    if (bOne) {
      k.ew_rs(op, n * m, pa, B === null ? (b as number) : B[0][0], pc);
      return true;
    }
    if (B !== null && bc === 1 && br === n) {
      const pcol = wasmOffset(B, n, 1);
      if (pcol >= 0) k.ew_rc(op, n, m, pa, pcol, pc);
      else for (let i = 0; i < n; i++) k.ew_rs(op, m, pa + i * m * 8, B[i][0], pc + i * m * 8);
      return true;
    }
    return false;
  }
  if (bFull) {
    const pb = fullOperand(B, n, m, 1);
    if (aOne) {
      k.ew_sr(op, n * m, A === null ? (a as number) : A[0][0], pb, pc);
      return true;
    }
    if (A !== null && ac === 1 && ar === n) {
      const pcol = wasmOffset(A, n, 1);
      if (pcol >= 0) k.ew_cr(op, n, m, pcol, pb, pc);
      else for (let i = 0; i < n; i++) k.ew_sr(op, m, A[i][0], pb + i * m * 8, pc + i * m * 8);
      return true;
    }
  }
  return false;
}

/**
 * Where a full-size operand of an in-place element-wise operation lies in the
 * wasm memory: its own storage (a matrix made inside `tidy`), else a copy in
 * the scratch area (`slot` 0 or 1: room for two operands). Copying costs less
 * than the JavaScript loops over shared memory it spares.
 */
function fullOperand(R: readonly Float64Array[], n: number, m: number, slot: number): number {
  const at = wasmOffset(R, n, m);
  if (at >= 0) return at;
  const base = scratch(2 * n * m); // the same area for both slots, whichever asks first
  const h = heap();
  const start = base / 8 + slot * n * m;
  if (m <= 8) {
    for (let i = 0; i < n; i++) {
      const row = R[i];
      for (let j = 0; j < m; j++) h[start + i * m + j] = row[j];
    }
  } else {
    for (let i = 0; i < n; i++) h.set(R[i], start + i * m);
  }
  return base + slot * n * m * 8;
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

type UnaryKernel = ((c: Float64Array, a: Float64Array, n: number, f: (x: number) => number) => void) & { wasmOp?: number; libmOp?: number };

/**
 * A unary row kernel with its own machine code (see {@link rowKernels}), and
 * the wasm kernel that computes the same: an `ew_unary` operation, or a
 * `mapLibm` function (glibc's exp and log).
 */
function unaryKernel(expr: string, wasm?: { wasmOp?: number; libmOp?: number }): UnaryKernel {
  const kernel = new Function("c", "a", "n", "f", `for (let j = 0; j < n; j++) { const x = a[j]; c[j] = ${expr}; }`) as UnaryKernel;
  if (wasm?.wasmOp !== undefined) kernel.wasmOp = wasm.wasmOp;
  if (wasm?.libmOp !== undefined) kernel.libmOp = wasm.libmOp;
  return kernel;
}

const MAP_CALL = unaryKernel("f(x)");
const NEGATE = unaryKernel("-x", { wasmOp: EW_UNARY.negative });
const SQUARE = unaryKernel("x * x", { wasmOp: EW_UNARY.square });
const LOG = unaryKernel("f(x)", { libmOp: LIBM.log });
const EXP = unaryKernel("f(x)", { libmOp: LIBM.exp });
const SQRT = unaryKernel("Math.sqrt(x)", { wasmOp: EW_UNARY.sqrt });

const identity = (x: number): number => x;

function mapWith(kernel: UnaryKernel, a: Matrix, f: (x: number) => number, out?: Matrix): Matrix {
  if (!(a instanceof Matrix)) throw new TypeError(`expected a Matrix, got ${describeValue(a)}`);
  const result = out ?? uninitialized(a.rows, a.columns);
  if (result.rows !== a.rows || result.columns !== a.columns) {
    throw new RangeError(`output has shape ${shapeText(shape(result))}, expected ${shapeText(shape(a))}`);
  }
  const A = rowsOf(a);
  const C = rowsOf(result);
  if (kernel.libmOp !== undefined && mapLibm(kernel.libmOp, A, C, a.rows, a.columns)) return result;
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

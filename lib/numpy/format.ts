/**
 * Printing values exactly as Python and numpy print them: {@link str} is
 * Python's `str()` of numbers, booleans, strings and numpy arrays (`Matrix`,
 * nested arrays, typed arrays), following numpy's default print options
 * (precision 8, floatmode 'maxprec', linewidth 75, threshold 1000, edgeitems
 * 3). Floats are printed as Python does (floats.ts: `reprFloat`); Python's
 * `%` operator is in printf.ts (`sprintf`).
 */
import { AbstractMatrix, Matrix } from "ml-matrix";
import { expSuffix, fixedDigits, intString, nonFinite, reprFloat, reprFloat32, shortestDigits, shortestDigits32, sigDigits } from "./floats";

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/** Element type an array (or scalar) is printed as, named like numpy's dtypes. */
export type Dtype = "float64" | "float32" | "int64" | "bool";

/** Options for {@link str}. */
export interface StrOptions {
  /**
   * How numbers are printed. Default: `"float64"` for `Matrix`, `number[]`
   * and `Float64Array`; `"float32"` for `Float32Array`; `"int64"` for integer
   * typed arrays; `"bool"` for boolean arrays; for a plain `number`, a Python
   * int when integer-valued, else a float.
   */
  dtype?: Dtype;
}

/** A rectangular nested JS array (any depth) of `T`, like a numpy array literal. */
export type NestedArray<T> = readonly T[] | readonly NestedArray<T>[];

/** The typed arrays {@link str} prints as 1-D numpy arrays. */
export type NumericTypedArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** Everything {@link str} knows how to print. */
export type Printable = number | bigint | boolean | string | null | AbstractMatrix | NumericTypedArray | NestedArray<number> | NestedArray<boolean>;

// ---------------------------------------------------------------------------
// numpy array printing
// ---------------------------------------------------------------------------

const PRECISION = 8;
const LINEWIDTH = 75;
const THRESHOLD = 1000;
const EDGEITEMS = 3;

type Elem = number | boolean | bigint;

/** Parts of one finite float as numpy's first formatting pass sees them. */
interface FloatParts {
  neg: boolean;
  int: string; // integer digits (positional) or the single mantissa digit (scientific)
  frac: string; // fraction digits, trailing zeros trimmed
  exp: number; // scientific only
}

function floatPartsPositional(x: number, f32: boolean): FloatParts {
  const neg = x < 0 || Object.is(x, -0);
  if (x === 0) return { neg, int: "0", frac: "", exp: 0 };
  const [d, e] = f32 ? shortestDigits32(x) : shortestDigits(x);
  const nFrac = Math.max(0, d.length - 1 - e);
  if (nFrac <= PRECISION) {
    if (e < 0) return { neg, int: "0", frac: "0".repeat(-e - 1) + d, exp: 0 };
    return { neg, int: d.slice(0, e + 1).padEnd(e + 1, "0"), frac: d.slice(e + 1), exp: 0 };
  }
  const [i, f] = fixedDigits(x, PRECISION);
  return { neg, int: i, frac: f.replace(/0+$/, ""), exp: 0 };
}

/** numpy's second positional pass (min_digits=0) prints every integer digit of a float32 exactly. */
function exactIntegerPart(x: number): string {
  return BigInt(Math.abs(x)).toString();
}

function floatPartsScientific(x: number, f32: boolean): FloatParts {
  const neg = x < 0 || Object.is(x, -0);
  if (x === 0) return { neg, int: "0", frac: "", exp: 0 };
  let [d, e] = f32 ? shortestDigits32(x) : shortestDigits(x);
  if (d.length > PRECISION + 1) {
    [d, e] = sigDigits(x, PRECISION + 1);
    d = d.replace(/0+$/, "");
  }
  return { neg, int: d[0], frac: d.slice(1), exp: e };
}

/** numpy's FloatingFormat: returns the formatted (padded) string of every element. */
function formatFloats(values: readonly number[], f32: boolean): string[] {
  let maxAbs = -Infinity;
  let minAbs = Infinity;
  let anyFinite = false;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    anyFinite = true;
    if (v === 0) continue;
    const a = Math.abs(v);
    if (a > maxAbs) maxAbs = a;
    if (a < minAbs) minAbs = a;
  }
  let expFormat = false;
  if (maxAbs >= 0) {
    const ratio = f32 ? Math.fround(maxAbs / minAbs) : maxAbs / minAbs;
    expFormat = maxAbs >= 1e8 || minAbs < 0.0001 || ratio > 1000;
  }

  const parts: (FloatParts | undefined)[] = values.map((v) =>
    Number.isFinite(v) ? (expFormat ? floatPartsScientific(v, f32) : floatPartsPositional(v, f32)) : undefined,
  );

  let padLeft = 0;
  let padRight = 0;
  let expSize = -1;
  if (anyFinite) {
    for (const p of parts) {
      if (p === undefined) continue;
      const il = p.int.length + (p.neg ? 1 : 0);
      if (il > padLeft) padLeft = il;
      if (p.frac.length > padRight) padRight = p.frac.length;
      if (expFormat) {
        const el = String(Math.abs(p.exp)).length;
        if (Math.max(2, el) > expSize) expSize = Math.max(2, el);
      }
    }
  }
  const precision = padRight; // scientific: every mantissa gets this many digits
  if (expFormat) padRight = expSize + 2 + precision;

  // non-finite values may widen the integer part
  if (parts.some((p) => p === undefined)) {
    const negInf = values.some((v) => v === -Infinity);
    const offset = padRight + 1;
    padLeft = Math.max(padLeft, 3 - offset, 3 + (negInf ? 1 : 0) - offset);
  }

  const total = padLeft + padRight + 1;
  return values.map((v, idx) => {
    const p = parts[idx];
    if (p === undefined) return (nonFinite(v) as string).padStart(total);
    const intStr = ((p.neg ? "-" : "") + p.int).padStart(padLeft);
    if (expFormat) {
      let frac = p.frac;
      let exp = p.exp;
      if (f32 && frac.length < precision && v !== 0) {
        // numpy's min_digits prints further digits of the exact value; for
        // float64 those are always zeros, for float32 they are not
        const [d, e] = sigDigits(v, precision + 1);
        frac = d.slice(1);
        exp = e;
      }
      return `${intStr}.${frac.padEnd(precision, "0")}${expSuffix(exp, expSize)}`;
    }
    if (f32 && Math.abs(v) >= 2 ** 24) {
      return `${((p.neg ? "-" : "") + exactIntegerPart(v)).padStart(padLeft)}.${"".padEnd(padRight, " ")}`;
    }
    return `${intStr}.${p.frac.padEnd(padRight, " ")}`;
  });
}

function formatInts(values: readonly Elem[]): string[] {
  const strs = values.map((v) => {
    if (typeof v === "bigint") return v.toString();
    const n = Number(v);
    if (!Number.isFinite(n)) throw new RangeError(`str: cannot print ${n} as int64`);
    return intString(n);
  });
  const width = strs.reduce((w, s) => Math.max(w, s.length), 0);
  return strs.map((s) => s.padStart(width));
}

function formatBools(values: readonly Elem[]): string[] {
  return values.map((v) => (v === true || (typeof v === "number" && v !== 0) || (typeof v === "bigint" && v !== 0n) ? " True" : "False"));
}

/** An n-d array seen through an element getter. */
interface ArrayView {
  shape: number[];
  get: (index: readonly number[]) => Elem;
  dtype: Dtype;
}

function extendLine(state: { s: string; line: string }, word: string, width: number, hanging: string): void {
  let needsWrap = state.line.length + word.length > width;
  if (state.line.length <= hanging.length) needsWrap = false;
  if (needsWrap) {
    state.s += `${state.line.trimEnd()}\n`;
    state.line = hanging;
  }
  state.line += word;
}

/** numpy's array2string (separator ' ', prefix '') for an n-d array. */
function arrayToString(view: ArrayView): string {
  const { shape } = view;
  const ndim = shape.length;
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) return "[]";
  const summarise = size > THRESHOLD;

  // indices shown along each axis, and where "..." goes (-1: nowhere)
  const shown: number[][] = [];
  const summaryAt: number[] = [];
  for (const n of shape) {
    if (summarise && n > 2 * EDGEITEMS) {
      const idx: number[] = [];
      for (let i = 0; i < EDGEITEMS; i++) idx.push(i);
      for (let i = n - EDGEITEMS; i < n; i++) idx.push(i);
      shown.push(idx);
      summaryAt.push(EDGEITEMS);
    } else {
      shown.push(Array.from({ length: n }, (_, i) => i));
      summaryAt.push(-1);
    }
  }

  // gather the shown elements in row-major order
  const rshape = shown.map((s) => s.length);
  const elems: Elem[] = [];
  const cursor = new Array<number>(ndim).fill(0);
  const full = new Array<number>(ndim).fill(0);
  for (;;) {
    for (let a = 0; a < ndim; a++) full[a] = shown[a][cursor[a]];
    elems.push(view.get(full));
    let a = ndim - 1;
    while (a >= 0) {
      cursor[a]++;
      if (cursor[a] < rshape[a]) break;
      cursor[a] = 0;
      a--;
    }
    if (a < 0) break;
  }

  let words: string[];
  if (view.dtype === "bool") words = formatBools(elems);
  else if (view.dtype === "int64") words = formatInts(elems);
  else {
    const f32 = view.dtype === "float32";
    const nums = elems.map((v) => {
      const n = typeof v === "boolean" ? (v ? 1 : 0) : Number(v);
      return f32 ? Math.fround(n) : n;
    });
    words = formatFloats(nums, f32);
  }

  const strides = new Array<number>(ndim).fill(1);
  for (let a = ndim - 2; a >= 0; a--) strides[a] = strides[a + 1] * rshape[a + 1];

  const recurse = (axis: number, offset: number, hanging: string, currWidth: number): string => {
    if (axis === ndim) return words[offset];
    const nextHanging = `${hanging} `;
    const nextWidth = currWidth - 1;
    const n = rshape[axis];
    const sAt = summaryAt[axis];
    let s = "";
    if (axis === ndim - 1) {
      const elemWidth = currWidth - 1;
      const state = { s: "", line: hanging };
      for (let i = 0; i < n; i++) {
        if (i === sAt) {
          extendLine(state, "...", elemWidth, hanging);
          state.line += " ";
        }
        extendLine(state, recurse(axis + 1, offset + i * strides[axis], nextHanging, nextWidth), elemWidth, hanging);
        if (i < n - 1) state.line += " ";
      }
      s = state.s + state.line;
    } else {
      const lineSep = "\n".repeat(ndim - axis - 1);
      for (let i = 0; i < n; i++) {
        if (i === sAt) s += `${hanging}...${lineSep}`;
        s += hanging + recurse(axis + 1, offset + i * strides[axis], nextHanging, nextWidth);
        if (i < n - 1) s += lineSep;
      }
    }
    return `[${s.slice(hanging.length)}]`;
  };
  return recurse(0, 0, " ", LINEWIDTH);
}

function isTypedArray(v: unknown): v is NumericTypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

function defaultTypedDtype(v: NumericTypedArray): Dtype {
  if (v instanceof Float64Array) return "float64";
  if (v instanceof Float32Array) return "float32";
  return "int64";
}

/** Shape of a rectangular nested array; throws on ragged or mixed input. */
function nestedShape(v: readonly unknown[]): { shape: number[]; kind: "number" | "boolean" | "empty" } {
  const shape: number[] = [];
  let cur: unknown = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  let kind: "number" | "boolean" | "empty" = "empty";
  const walk = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(node)) throw new TypeError("str: ragged nested array (inconsistent depth)");
      const t = typeof node;
      if (t !== "number" && t !== "boolean") throw new TypeError(`str: array elements must be numbers or booleans, got ${t}`);
      if (kind === "empty") kind = t as "number" | "boolean";
      else if (kind !== t) throw new TypeError("str: array mixes numbers and booleans");
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[depth]) {
      throw new TypeError("str: ragged nested array (rows of different lengths)");
    }
    for (const child of node) walk(child, depth + 1);
  };
  walk(v, 0);
  return { shape, kind };
}

function scalarStr(v: number | boolean | bigint, dtype: Dtype | undefined): string {
  if (typeof v === "boolean" && dtype === undefined) return v ? "True" : "False";
  if (typeof v === "bigint" && dtype === undefined) return v.toString();
  const n = typeof v === "boolean" ? (v ? 1 : 0) : Number(v);
  switch (dtype) {
    case "float64":
      return reprFloat(n);
    case "float32":
      return reprFloat32(n);
    case "bool":
      return n !== 0 ? "True" : "False";
    case "int64":
      if (typeof v === "bigint") return v.toString();
      if (!Number.isFinite(n)) throw new RangeError(`str: cannot print ${n} as int64`);
      return intString(n);
    default:
      return Number.isInteger(n) && Math.abs(n) < 2 ** 53 ? String(n) : reprFloat(n);
  }
}

/**
 * Python's `str(value)` for the values the course prints.
 *
 * @param value - a `number` (an integer-valued finite number below 2**53 prints
 *   as a Python int, e.g. `8`; anything else as {@link reprFloat}), a `boolean`
 *   (`True`/`False`), a `string` (as is), a `bigint` (its digits), `null`
 *   (`None`), an ml-matrix `Matrix` (numpy 2-D array), a typed array (numpy
 *   1-D array), or a rectangular nested array of numbers or booleans (numpy
 *   n-d array).
 * @param options - `dtype` chooses how numbers are printed (see {@link StrOptions}).
 * @returns the text numpy 1.24 / Python 3 print, with numpy's default print
 *   options (precision 8, linewidth 75, summarisation above 1000 elements).
 * @throws TypeError for an unsupported value, a ragged or mixed nested array;
 *   RangeError when a non-finite number is printed with dtype `"int64"`.
 */
export function str(value: Printable, options: StrOptions = {}): string {
  const dtype = options.dtype;
  if (dtype !== undefined && !["float64", "float32", "int64", "bool"].includes(dtype)) {
    throw new TypeError(`str: unknown dtype ${String(dtype)}`);
  }
  if (value === null) return "None";
  switch (typeof value) {
    case "string":
      return value;
    case "number":
    case "boolean":
    case "bigint":
      return scalarStr(value, dtype);
    default:
      break;
  }
  if (value instanceof AbstractMatrix || Matrix.isMatrix(value)) {
    const m = value as AbstractMatrix;
    return arrayToString({ shape: [m.rows, m.columns], get: (i) => m.get(i[0], i[1]), dtype: dtype ?? "float64" });
  }
  if (isTypedArray(value)) {
    const a = value;
    return arrayToString({ shape: [a.length], get: (i) => a[i[0]], dtype: dtype ?? defaultTypedDtype(a) });
  }
  if (Array.isArray(value)) {
    const { shape, kind } = nestedShape(value);
    const get = (idx: readonly number[]): Elem => {
      let node: unknown = value;
      for (const i of idx) node = (node as readonly unknown[])[i];
      return node as Elem;
    };
    return arrayToString({ shape, get, dtype: dtype ?? (kind === "boolean" ? "bool" : "float64") });
  }
  throw new TypeError(`str: cannot print a value of type ${typeof value}`);
}

// ---------------------------------------------------------------------------

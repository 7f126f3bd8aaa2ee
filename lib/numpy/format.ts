/**
 * Printing values exactly as Python and numpy print them.
 *
 * - {@link reprFloat}: Python's `repr(float)` / `str(float)`.
 * - {@link str}: Python's `str()` of numbers, booleans, strings and numpy
 *   arrays (`Matrix`, nested arrays, typed arrays), following numpy's
 *   default print options (precision 8, floatmode 'maxprec', linewidth 75,
 *   threshold 1000, edgeitems 3).
 * - {@link sprintf}: Python's `format % args` operator.
 *
 * @module
 */
import { AbstractMatrix, Matrix } from "ml-matrix";

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
export type Printable =
  | number
  | bigint
  | boolean
  | string
  | null
  | AbstractMatrix
  | NumericTypedArray
  | NestedArray<number>
  | NestedArray<boolean>;

/** An argument of {@link sprintf}. */
export type SprintfArg = number | string | boolean;

// ---------------------------------------------------------------------------
// Exact decimal arithmetic on doubles
// ---------------------------------------------------------------------------

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
const LO = LITTLE_ENDIAN ? 0 : 1;

const POW5: bigint[] = [1n];
function pow5(k: number): bigint {
  while (POW5.length <= k) POW5.push(POW5[POW5.length - 1] * 5n);
  return POW5[k];
}
const POW10: bigint[] = [1n];
function pow10(k: number): bigint {
  while (POW10.length <= k) POW10.push(POW10[POW10.length - 1] * 10n);
  return POW10[k];
}

/** |x| = n / 10**k exactly (x finite). */
interface ExactDecimal {
  n: bigint;
  k: number;
}

function exactDecimal(x: number): ExactDecimal {
  F64[0] = x;
  const hi = U32[HI];
  const lo = U32[LO];
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) {
    e = -1074;
  } else {
    m |= 1n << 52n;
    e = biased - 1075;
  }
  if (m === 0n) return { n: 0n, k: 0 };
  if (e >= 0) return { n: m << BigInt(e), k: 0 };
  // strip factors of two to keep the numbers small
  while ((m & 1n) === 0n && e < 0) {
    m >>= 1n;
    e += 1;
  }
  if (e >= 0) return { n: m << BigInt(e), k: 0 };
  return { n: m * pow5(-e), k: -e };
}

/** Divide by 10**d rounding half to even (d >= 0). */
function divRoundHalfEven(n: bigint, d: number): bigint {
  if (d <= 0) return n * pow10(-d);
  const p = pow10(d);
  const q = n / p;
  const r2 = (n - q * p) * 2n;
  if (r2 > p || (r2 === p && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** Digits of |x| rounded half-even to `prec` fraction digits: [intDigits, fracDigits]. */
function fixedDigits(x: number, prec: number): [string, string] {
  const { n, k } = exactDecimal(x);
  const q = divRoundHalfEven(n, k - prec);
  const s = q.toString().padStart(prec + 1, "0");
  return [s.slice(0, s.length - prec), s.slice(s.length - prec)];
}

/** Digits of |x| (x != 0) rounded half-even to `sig` significant digits: [digits, exponent]. */
function sigDigits(x: number, sig: number): [string, number] {
  const { n, k } = exactDecimal(x);
  const len = n.toString().length;
  let exp = len - 1 - k;
  let q = divRoundHalfEven(n, len - sig);
  let s = q.toString();
  if (s.length > sig) {
    q /= 10n;
    s = q.toString();
    exp += 1;
  }
  return [s, exp];
}

/** Shortest round-trip digits of |x| (x finite, non-zero): [digits without trailing zeros, exponent]. */
function shortestDigits(x: number): [string, number] {
  const s = Math.abs(x).toExponential();
  const ePos = s.indexOf("e");
  const mant = s.slice(0, ePos);
  const digits = mant.length > 1 ? mant[0] + mant.slice(2) : mant;
  return [digits, Number(s.slice(ePos + 1))];
}

/**
 * Shortest digits that round-trip through float32 (x is a float32 value,
 * finite, non-zero); among equally short candidates the nearest, ties to even.
 */
function shortestDigits32(x: number): [string, number] {
  const a = Math.abs(x);
  for (let p = 1; p <= 9; p++) {
    const [d, e] = sigDigits(a, p);
    if (p === 9 || Math.fround(Number(`${d}e${e - p + 1}`)) === a) {
      return [d.replace(/0+$/, "") || "0", e];
    }
  }
  throw new Error("unreachable");
}

function expSuffix(exp: number, minDigits: number): string {
  return (exp < 0 ? "e-" : "e+") + String(Math.abs(exp)).padStart(minDigits, "0");
}

/** Python's repr layout of the given shortest digits, scientific or positional. */
function pythonFloatLayout(x: number, digits: [string, number], sci: boolean): string {
  const sign = x < 0 ? "-" : "";
  const [d, e] = digits;
  if (sci) {
    const mant = d.length > 1 ? `${d[0]}.${d.slice(1)}` : d;
    return sign + mant + expSuffix(e, 2);
  }
  if (e < 0) return `${sign}0.${"0".repeat(-e - 1)}${d}`;
  const intPart = d.slice(0, e + 1).padEnd(e + 1, "0");
  const frac = d.slice(e + 1);
  return `${sign}${intPart}.${frac === "" ? "0" : frac}`;
}

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  return undefined;
}

/**
 * Python's `repr(x)` (= `str(x)`) of a float.
 *
 * @param x - any JS number, treated as a Python float.
 * @returns the shortest round-trip digits in Python's layout: positional with
 *   a `.0` on integral values (`8.0`, `-0.0`, `0.0001`), scientific when the
 *   decimal exponent is < -4 or >= 16 (`2e-05`, `1e+16`), and `inf`, `-inf`, `nan`.
 *   Never throws.
 */
export function reprFloat(x: number): string {
  const nf = nonFinite(x);
  if (nf !== undefined) return nf;
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const d = shortestDigits(x);
  return pythonFloatLayout(x, d, d[1] < -4 || d[1] >= 16);
}

/** numpy's `str(np.float32(x))`. */
function reprFloat32(x: number): string {
  const v = Math.fround(x);
  const nf = nonFinite(v);
  if (nf !== undefined) return nf;
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const a = Math.abs(v);
  return pythonFloatLayout(v, shortestDigits32(v), a < 1e-4 || a >= 1e16);
}

/** Python int digits of an integer-valued double (exact beyond 2**53). */
function intString(x: number): string {
  const t = Math.trunc(x);
  if (t === 0) return "0";
  if (Math.abs(t) < 2 ** 53) return String(t);
  return BigInt(t).toString();
}

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
    state.s += state.line.trimEnd() + "\n";
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
    const nextHanging = hanging + " ";
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
        if (i === sAt) s += hanging + "..." + lineSep;
        s += hanging + recurse(axis + 1, offset + i * strides[axis], nextHanging, nextWidth);
        if (i < n - 1) s += lineSep;
      }
    }
    return "[" + s.slice(hanging.length) + "]";
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
// Python's % operator
// ---------------------------------------------------------------------------

/** Python's `repr()` of a str. */
function reprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/** Python's `'%f'`-family body of |x| (x finite): digits only, no sign. */
function pyFixed(a: number, prec: number, alt: boolean): string {
  const [i, f] = fixedDigits(a, prec);
  return prec > 0 ? `${i}.${f}` : alt ? `${i}.` : i;
}

function pyExp(a: number, prec: number, alt: boolean, upper: boolean): string {
  let d: string;
  let e: number;
  if (a === 0) {
    d = "0".repeat(prec + 1);
    e = 0;
  } else {
    [d, e] = sigDigits(a, prec + 1);
  }
  const mant = prec > 0 ? `${d[0]}.${d.slice(1)}` : alt ? `${d[0]}.` : d[0];
  const s = mant + expSuffix(e, 2);
  return upper ? s.toUpperCase() : s;
}

function pyGeneral(a: number, precIn: number, alt: boolean, upper: boolean): string {
  const p = precIn === 0 ? 1 : precIn;
  const x = a === 0 ? 0 : sigDigits(a, p)[1];
  let s: string;
  if (x >= -4 && x < p) {
    s = pyFixed(a, p - 1 - x, alt);
    if (!alt && s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  } else {
    s = pyExp(a, p - 1, alt, upper);
    if (!alt) s = s.replace(/\.?0+(?=[eE])/, "");
  }
  return s;
}

const FORMAT_RE = /%(\([^)]*\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([\s\S])?/g;

/**
 * Python's `format % args` (printf-style string formatting).
 *
 * @param format - a Python format string using `%d` `%i` `%u`, `%f` `%F`,
 *   `%e` `%E`, `%g` `%G`, `%x` `%X` `%o`, `%s`, `%r` and `%%`, with flags
 *   `-` `+` space `#` `0`, a width and a `.precision` (either may be `*`).
 * @param args - one argument per conversion: numbers, strings or booleans.
 *   `%s` prints a number with {@link str}; `%d` truncates toward zero; `%f`,
 *   `%e`, `%g` round half-to-even on the exact binary value, like Python.
 * @returns the formatted string.
 * @throws Error naming the format on a wrong argument count, an unsupported
 *   or incomplete conversion, or an argument of the wrong type for it.
 */
export function sprintf(format: string, ...args: SprintfArg[]): string {
  let argIndex = 0;
  const fail = (msg: string): never => {
    throw new Error(`sprintf(${JSON.stringify(format)}): ${msg}`);
  };
  const nextArg = (): SprintfArg => {
    if (argIndex >= args.length) fail("not enough arguments for format string");
    return args[argIndex++];
  };
  const starArg = (): number => {
    const v = nextArg();
    if (typeof v !== "number" || !Number.isInteger(v)) fail("* wants int");
    return v as number;
  };
  const typeName = (v: SprintfArg): string => (typeof v === "string" ? "str" : typeof v === "boolean" ? "bool" : "float");
  const realArg = (conv: string): number => {
    const v = nextArg();
    if (typeof v === "string") fail(`%${conv} format: a real number is required, not str`);
    return typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
  };

  let out = "";
  let last = 0;
  FORMAT_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FORMAT_RE.exec(format)) !== null) {
    out += format.slice(last, m.index);
    last = FORMAT_RE.lastIndex;
    const [whole, mapping, flags, widthSpec, precSpec, conv] = m;
    if (conv === undefined) fail("incomplete format");
    if (mapping !== undefined) fail("mapping keys like %(name)s are not supported");
    if (conv === "%") {
      if (whole !== "%%") fail(`unsupported format ${whole}`);
      out += "%";
      continue;
    }
    let left = flags.includes("-");
    const plus = flags.includes("+");
    const space = flags.includes(" ");
    const alt = flags.includes("#");
    const zero = flags.includes("0");
    let width = 0;
    if (widthSpec === "*") {
      width = starArg();
      if (width < 0) {
        left = true;
        width = -width;
      }
    } else if (widthSpec !== undefined) width = Number(widthSpec);
    let prec: number | undefined;
    if (precSpec === "*") prec = Math.max(0, starArg());
    else if (precSpec !== undefined) prec = precSpec === "" ? 0 : Number(precSpec);

    let sign = "";
    let body: string;
    let numeric = true;
    switch (conv) {
      case "d":
      case "i":
      case "u": {
        const v = realArg(conv);
        if (Number.isNaN(v)) fail("cannot convert float NaN to integer");
        if (!Number.isFinite(v)) fail("cannot convert float infinity to integer");
        const t = Math.trunc(v);
        body = intString(Math.abs(t));
        if (t < 0) sign = "-";
        if (prec !== undefined) body = body.padStart(prec, "0");
        break;
      }
      case "x":
      case "X":
      case "o": {
        const v = nextArg();
        if (typeof v === "string" || (typeof v === "number" && !Number.isInteger(v))) {
          fail(`%${conv} format: an integer is required, not ${typeName(v)}`);
        }
        const n = typeof v === "boolean" ? (v ? 1 : 0) : (v as number);
        const big = BigInt(n);
        const abs = big < 0n ? -big : big;
        body = abs.toString(conv === "o" ? 8 : 16);
        if (conv === "X") body = body.toUpperCase();
        if (prec !== undefined) body = body.padStart(prec, "0");
        if (big < 0n) sign = "-";
        else if (plus) sign = "+";
        else if (space) sign = " ";
        if (alt) sign += conv === "o" ? "0o" : conv === "x" ? "0x" : "0X";
        break;
      }
      case "f":
      case "F":
      case "e":
      case "E":
      case "g":
      case "G": {
        const v = realArg(conv);
        const upper = conv === "F" || conv === "E" || conv === "G";
        if (v < 0 || Object.is(v, -0) || v === -Infinity) sign = "-";
        const a = Math.abs(v);
        const p = prec ?? 6;
        if (!Number.isFinite(a)) body = Number.isNaN(a) ? "nan" : "inf";
        else if (conv === "f" || conv === "F") body = pyFixed(a, p, alt);
        else if (conv === "e" || conv === "E") body = pyExp(a, p, alt, upper);
        else body = pyGeneral(a, p, alt, upper);
        if (upper) body = body.toUpperCase();
        break;
      }
      case "s":
      case "r": {
        const v = nextArg();
        if (typeof v === "string") body = conv === "r" ? reprString(v) : v;
        else body = str(v);
        if (prec !== undefined) body = body.slice(0, prec);
        numeric = false;
        break;
      }
      default:
        return fail(`unsupported format character '${conv}' (0x${conv.charCodeAt(0).toString(16)}) at index ${m.index + whole.length - 1}`);
    }
    if (numeric && sign === "") sign = plus ? "+" : space ? " " : "";
    const len = sign.length + body.length;
    if (len >= width) out += sign + body;
    else if (left) out += sign + body + " ".repeat(width - len);
    else if (zero && numeric) out += sign + "0".repeat(width - len) + body;
    else out += " ".repeat(width - len) + sign + body;
  }
  out += format.slice(last);
  if (argIndex < args.length) fail("not all arguments converted during string formatting");
  return out;
}

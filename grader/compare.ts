/**
 * Comparing a learner's result with the expected one, for the autograder's
 * hidden cases: matrices by shape and values (numpy's `allclose` tolerances),
 * numbers, arrays and tuples element by element, dictionaries key by key.
 * The message names the first difference by its path, e.g.
 * `result.W1 has shape (3, 4), expected (4, 3)`. TensorFlow.js tensors are
 * recognised by their shape, dtype and `dataSync` (this module does not load
 * TensorFlow.js) and compared by dtype, shape and values; a `tf.Variable`
 * expected must come back as a variable.
 */
import { Matrix, shape, shapeText, str } from "dnnlab";
import { Opaque } from "./sandbox/codec";

export interface CompareOptions {
  /** Relative tolerance (numpy's default 1e-5). */
  readonly rtol?: number;
  /** Absolute tolerance (numpy's default 1e-8). */
  readonly atol?: number;
  /** Accept dictionary keys that the expected value does not have (default false). */
  readonly extraKeys?: boolean;
}

function close(got: number, want: number, rtol: number, atol: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (got === want) return true;
  if (!Number.isFinite(got) || !Number.isFinite(want)) return false;
  return Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function number(x: number): string {
  return str(x);
}

/** What the comparison needs of a TensorFlow.js tensor. */
interface TensorLike {
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly isDisposed?: boolean;
  dataSync(): ArrayLike<number>;
}

function isTensorLike(v: unknown): v is TensorLike {
  if (v === null || typeof v !== "object") return false;
  const t = v as Partial<TensorLike>;
  return Array.isArray(t.shape) && typeof t.dtype === "string" && typeof t.dataSync === "function";
}

/** tf.Variable has `trainable` and `assign`; a plain tensor has neither. */
function isVariableLike(v: TensorLike): boolean {
  const o = v as unknown as { trainable?: unknown; assign?: unknown };
  return typeof o.trainable === "boolean" && typeof o.assign === "function";
}

/** A tensor shape as Python prints it: (4, 1), (6,), (). */
function tupleText(s: readonly number[]): string {
  return s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`;
}

function flatIndex(i: number, s: readonly number[]): string {
  if (s.length <= 1) return `[${s.length ? i : ""}]`;
  const idx: number[] = [];
  for (let k = s.length - 1; k >= 0; k--) {
    idx.unshift(i % s[k]);
    i = Math.floor(i / s[k]);
  }
  return `[${idx.join(",")}]`;
}

function compareTensors(expected: TensorLike, actual: unknown, path: string, rtol: number, atol: number): string | null {
  const what = `a ${expected.dtype} ${isVariableLike(expected) ? "tf.Variable" : "tensor"} of shape ${tupleText(expected.shape)}`;
  if (!isTensorLike(actual)) return `${path} should be ${what} (use the TensorFlow.js API), got ${got(actual)}`;
  if (actual.isDisposed) return `${path} is a tensor that was already disposed (return it from tf.tidy, do not dispose it)`;
  if (isVariableLike(expected) && !isVariableLike(actual)) return `${path} should be a tf.Variable (wrap it in tf.variable), got a plain tensor`;
  if (actual.dtype !== expected.dtype) return `${path} has dtype ${actual.dtype}, expected ${expected.dtype}`;
  if (actual.shape.length !== expected.shape.length || actual.shape.some((n, k) => n !== expected.shape[k])) {
    return `${path} has shape ${tupleText(actual.shape)}, expected ${tupleText(expected.shape)}`;
  }
  const want = expected.dataSync();
  const have = actual.dataSync();
  const text = (x: number): string => (expected.dtype === "float32" ? str(x, { dtype: "float32" }) : String(x));
  let bad = 0;
  let first = "";
  for (let i = 0; i < want.length; i++) {
    if (!close(have[i], want[i], rtol, atol)) {
      if (bad === 0) first = `${path}${flatIndex(i, expected.shape)} = ${text(have[i])}, expected ${text(want[i])}`;
      bad++;
    }
  }
  if (bad === 0) return null;
  return `${first}${want.length > 1 ? ` (${bad} of ${want.length} entries differ)` : ""}`;
}

/** A value in words, for messages: "a Matrix of shape (2, 3)", "number 4", "undefined". */
function describeValue(v: unknown): string {
  if (v instanceof Matrix) return `a Matrix of shape ${shapeText(shape(v))}`;
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return `an object (${Object.prototype.toString.call(v)})`;
  return `${typeof v} ${String(v)}`;
}

function typeWord(v: unknown): string {
  if (v instanceof Matrix) return "a Matrix";
  if (isTensorLike(v)) return "a tensor";
  if (Array.isArray(v)) return "an array";
  if (ArrayBuffer.isView(v)) return "a typed array";
  if (isPlainObject(v)) return "a dictionary";
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  return `a ${typeof v}`;
}

function got(v: unknown): string {
  if (v === undefined) return "undefined (did the function return its result?)";
  if (v instanceof Opaque) return String(v);
  if (isTensorLike(v)) return `a ${v.dtype} tensor of shape ${tupleText(v.shape)}`;
  return describeValue(v);
}

/**
 * Why `actual` differs from `expected`, or null when they agree.
 * @param path how the compared value is called in the message ("result", "result.W1", ...)
 */
export function compareValues(expected: unknown, actual: unknown, path = "result", options: CompareOptions = {}): string | null {
  const rtol = options.rtol ?? 1e-5;
  const atol = options.atol ?? 1e-8;
  if (expected instanceof Matrix) {
    if (!(actual instanceof Matrix)) return `${path} should be a Matrix of shape ${shapeText(shape(expected))}, got ${got(actual)}`;
    if (actual.rows !== expected.rows || actual.columns !== expected.columns) {
      return `${path} has shape ${shapeText(shape(actual))}, expected ${shapeText(shape(expected))}`;
    }
    let bad = 0;
    let first = "";
    for (let i = 0; i < expected.rows; i++) {
      for (let j = 0; j < expected.columns; j++) {
        const a = actual.get(i, j);
        const e = expected.get(i, j);
        if (!close(a, e, rtol, atol)) {
          if (bad === 0) first = `${path}[${i},${j}] = ${number(a)}, expected ${number(e)}`;
          bad++;
        }
      }
    }
    if (bad === 0) return null;
    const total = expected.rows * expected.columns;
    return `${first}${total > 1 ? ` (${bad} of ${total} entries differ)` : ""}`;
  }
  if (isTensorLike(expected)) return compareTensors(expected, actual, path, rtol, atol);
  if (typeof expected === "number") {
    if (typeof actual !== "number") return `${path} should be a number, got ${got(actual)}`;
    return close(actual, expected, rtol, atol) ? null : `${path} = ${number(actual)}, expected ${number(expected)}`;
  }
  if (Array.isArray(expected) || ArrayBuffer.isView(expected)) {
    const want = expected as ArrayLike<unknown>;
    if (!Array.isArray(actual) && !ArrayBuffer.isView(actual)) {
      return `${path} should be ${typeWord(expected)} of length ${want.length}, got ${got(actual)}`;
    }
    const have = actual as unknown as ArrayLike<unknown>;
    if (have.length !== want.length) return `${path} has ${have.length} entries, expected ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const why = compareValues(want[i], have[i], `${path}[${i}]`, options);
      if (why) return why;
    }
    return null;
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return `${path} should be a dictionary with keys ${Object.keys(expected).join(", ")}, got ${got(actual)}`;
    for (const key of Object.keys(expected)) {
      if (!(key in actual)) return `${path} has no key "${key}"`;
      const why = compareValues(expected[key], actual[key], `${path}.${key}`, options);
      if (why) return why;
    }
    if (!options.extraKeys) {
      const extra = Object.keys(actual).filter((k) => !(k in expected));
      if (extra.length) return `${path} has unexpected key${extra.length > 1 ? "s" : ""} ${extra.map((k) => `"${k}"`).join(", ")}`;
    }
    return null;
  }
  if (Object.is(expected, actual)) return null;
  if (typeof expected !== typeof actual) return `${path} should be ${typeWord(expected)}, got ${got(actual)}`;
  return `${path} = ${String(actual)}, expected ${String(expected)}`;
}

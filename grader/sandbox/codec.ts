/**
 * Values across the sandbox boundary, as data.
 *
 * The grading process (trusted) and the process that runs a submission
 * exchange only JSON trees built here: the arguments of a call going in, the
 * function's result and its arguments after the call coming back. Nothing
 * executable crosses: a function becomes its name, an unknown object its
 * class name. Matrices travel as their doubles (base64, bit for bit, NaN and
 * -0 included), TensorFlow.js tensors as dtype, shape and values.
 *
 * Identity survives the trip: every object gets an id when it is first
 * encoded, and later occurrences (aliasing, cycles) become references. The
 * child encodes the arguments after the call with the ids they came with, so
 * the parent can update its own objects in place (a function that updates a
 * dictionary of parameters in place, as the course's do, is seen doing so)
 * and a result that *is* an argument decodes to the parent's argument.
 *
 * Limits (depth, number of values, bytes) turn a hostile value into a clear
 * {@link CodecError} instead of a hang or an out-of-memory.
 */
import { Matrix } from "dnnlab";

/** One node of an encoded value. */
export type Encoded =
  | number
  | string
  | boolean
  | null
  | { $: "num"; v: "NaN" | "Infinity" | "-Infinity" | "-0" }
  | { $: "undef" }
  | { $: "ref"; id: number }
  | { $: "arr"; id: number; items: Encoded[] }
  | { $: "obj"; id: number; entries: Array<[string, Encoded]> }
  | { $: "mat"; id: number; rows: number; columns: number; data: string }
  | { $: "typed"; id: number; kind: TypedKind; data: string }
  | { $: "tensor"; id: number; dtype: string; shape: number[]; data: string | null; variable: boolean; trainable: boolean }
  | { $: "fn"; name: string }
  | { $: "other"; kind: string };

type TypedKind = "Float64Array" | "Float32Array" | "Int32Array" | "Uint8Array" | "Int16Array" | "Uint16Array" | "Int8Array" | "Uint32Array";

/** A value the codec refuses (too big, too deep), with a message for the report. */
export class CodecError extends Error {
  override readonly name = "CodecError";
}

/** Limits of one encoded value. */
export interface CodecLimits {
  /** Nesting depth (default 64). */
  readonly maxDepth: number;
  /** Numbers, strings and containers, all counted (default 50 million). */
  readonly maxValues: number;
}

export const DEFAULT_LIMITS: CodecLimits = { maxDepth: 64, maxValues: 50_000_000 };

/** What the codec needs of TensorFlow.js (loaded only where tensors occur). */
export interface TensorApi {
  tensor(values: Float32Array | Int32Array | Uint8Array, shape: number[], dtype: "float32" | "int32" | "bool"): TensorLike;
  variable(initial: TensorLike, trainable?: boolean): TensorLike;
  memory(): { numTensors: number };
}

/** The parts of a tensor the codec reads (duck-typed: the codec does not load TensorFlow.js to recognise one). */
export interface TensorLike {
  readonly shape: number[];
  readonly dtype: string;
  readonly isDisposed: boolean;
  dataSync(): ArrayLike<number>;
  dispose(): void;
  assign?(value: TensorLike): void;
  trainable?: boolean;
}

export function isTensorLike(v: unknown): v is TensorLike {
  if (v === null || typeof v !== "object") return false;
  const t = v as Partial<TensorLike>;
  return Array.isArray(t.shape) && typeof t.dtype === "string" && typeof t.dataSync === "function" && typeof t.dispose === "function";
}

const isVariableLike = (t: TensorLike): boolean => typeof t.trainable === "boolean" && typeof t.assign === "function";

const TYPED: Record<TypedKind, new (buffer: ArrayBuffer) => ArrayBufferView> = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint8Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint32Array,
};

function typedKind(v: ArrayBufferView): TypedKind | null {
  const name = Object.getPrototypeOf(v)?.constructor?.name;
  return typeof name === "string" && name in TYPED ? (name as TypedKind) : null;
}

const bytesOf = (v: ArrayBufferView): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function className(v: object): string {
  try {
    const ctor = Object.getPrototypeOf(v)?.constructor;
    return typeof ctor?.name === "string" && ctor.name ? ctor.name : "Object";
  } catch {
    return "Object";
  }
}

/** The ids given to objects while encoding; shared by the encodings of one exchange. */
export class Identities {
  readonly ids = new Map<object, number>();
  next = 1;
  /** Objects decoded under an id (the receiving side's own objects). */
  readonly objects = new Map<number, object>();
}

/**
 * Encodes a value. Objects already in `identities` are encoded in full with
 * their id the first time (so the receiver can update its copy) and as
 * references afterwards.
 * @throws CodecError when a limit is passed.
 */
export function encode(value: unknown, identities = new Identities(), limits: CodecLimits = DEFAULT_LIMITS): Encoded {
  let count = 0;
  const written = new Set<object>();
  const idOf = (o: object): number => {
    let id = identities.ids.get(o);
    if (id === undefined) {
      id = identities.next++;
      identities.ids.set(o, id);
    }
    return id;
  };
  const tick = (n = 1): void => {
    count += n;
    if (count > limits.maxValues) throw new CodecError(`more than ${limits.maxValues} values`);
  };
  const walk = (v: unknown, depth: number): Encoded => {
    tick();
    if (depth > limits.maxDepth) throw new CodecError(`nested more than ${limits.maxDepth} levels deep`);
    switch (typeof v) {
      case "number":
        if (Number.isNaN(v)) return { $: "num", v: "NaN" };
        if (v === Infinity) return { $: "num", v: "Infinity" };
        if (v === -Infinity) return { $: "num", v: "-Infinity" };
        if (Object.is(v, -0)) return { $: "num", v: "-0" };
        return v;
      case "string":
        tick(v.length >> 3);
        return v;
      case "boolean":
        return v;
      case "undefined":
        return { $: "undef" };
      case "function":
        return { $: "fn", name: String((v as { name?: unknown }).name ?? "") };
      case "bigint":
      case "symbol":
        return { $: "other", kind: typeof v };
    }
    if (v === null) return null;
    const o = v as object;
    if (written.has(o)) return { $: "ref", id: idOf(o) };
    written.add(o);
    const id = idOf(o);
    if (o instanceof Matrix) {
      const { rows, columns } = o;
      tick(rows * columns);
      const data = new Float64Array(rows * columns);
      for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) data[i * columns + j] = o.get(i, j);
      return { $: "mat", id, rows, columns, data: bytesOf(data).toString("base64") };
    }
    if (isTensorLike(o)) {
      const variable = isVariableLike(o);
      if (o.isDisposed) return { $: "tensor", id, dtype: o.dtype, shape: [...o.shape], data: null, variable, trainable: o.trainable === true };
      const values = o.dataSync();
      tick(values.length);
      let bytes: Buffer;
      if (o.dtype === "float32") bytes = bytesOf(Float32Array.from(values));
      else if (o.dtype === "int32") bytes = bytesOf(Int32Array.from(values));
      else if (o.dtype === "bool") bytes = bytesOf(Uint8Array.from(values));
      else return { $: "other", kind: `${o.dtype} tensor` };
      return { $: "tensor", id, dtype: o.dtype, shape: [...o.shape], data: bytes.toString("base64"), variable, trainable: o.trainable === true };
    }
    if (ArrayBuffer.isView(o)) {
      const kind = typedKind(o);
      if (!kind) return { $: "other", kind: className(o) };
      tick(o.byteLength >> 3);
      return { $: "typed", id, kind, data: bytesOf(o).toString("base64") };
    }
    if (Array.isArray(o)) {
      tick(o.length);
      const items: Encoded[] = [];
      for (let i = 0; i < o.length; i++) items.push(walk(o[i], depth + 1));
      return { $: "arr", id, items };
    }
    if (isPlainObject(o)) {
      const entries: Array<[string, Encoded]> = [];
      for (const key of Object.keys(o)) entries.push([key, walk((o as Record<string, unknown>)[key], depth + 1)]);
      return { $: "obj", id, entries };
    }
    return { $: "other", kind: className(o) };
  };
  return walk(value, 0);
}

/** Stands for a value of a kind the codec does not carry (a class instance, a symbol). */
export class Opaque {
  constructor(readonly kind: string) {}
  toString(): string {
    return `a ${this.kind}`;
  }
}

function decodeBytes(data: string, kind: TypedKind): ArrayBufferView {
  const bytes = Buffer.from(data, "base64");
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return new TYPED[kind](copy);
}

/** A matrix with these doubles, row-major. */
function matrixOf(rows: number, columns: number, data: Float64Array): Matrix {
  const m = new Matrix(rows, columns);
  for (let i = 0; i < rows; i++) for (let j = 0; j < columns; j++) m.set(i, j, data[i * columns + j]);
  return m;
}

/** Copies the doubles of `from` into `into` (same shape). */
function overwrite(into: Matrix, from: Float64Array): void {
  const c = into.columns;
  for (let i = 0; i < into.rows; i++) for (let j = 0; j < c; j++) into.set(i, j, from[i * c + j]);
}

/**
 * Decodes a value. A node whose id names an object in `identities.objects`
 * updates that object in place (matrices of the same shape, dictionaries,
 * arrays, tf.Variables) and decodes to it; other nodes make new objects,
 * registered under their ids.
 * @param tf TensorFlow.js, needed only when the value holds tensors
 * @throws CodecError for a malformed tree
 */
export function decode(tree: Encoded, identities = new Identities(), tf?: () => TensorApi): unknown {
  const objects = identities.objects;
  const walk = (n: Encoded): unknown => {
    if (n === null || typeof n !== "object") return n;
    switch (n.$) {
      case "num":
        return n.v === "NaN" ? NaN : n.v === "Infinity" ? Infinity : n.v === "-Infinity" ? -Infinity : -0;
      case "undef":
        return undefined;
      case "ref": {
        if (!objects.has(n.id)) throw new CodecError(`reference to unknown object ${n.id}`);
        return objects.get(n.id);
      }
      case "fn": {
        const name = String(n.name);
        const f = {
          [name]: () => {
            throw new TypeError(`${name || "this function"} came back from the submission: the grader cannot call it`);
          },
        }[name];
        return f;
      }
      case "other":
        return new Opaque(String(n.kind));
      case "mat": {
        const values = decodeBytes(n.data, "Float64Array") as Float64Array;
        if (values.length !== n.rows * n.columns) throw new CodecError(`a (${n.rows}, ${n.columns}) matrix with ${values.length} values`);
        const mine = objects.get(n.id);
        if (mine instanceof Matrix && mine.rows === n.rows && mine.columns === n.columns) {
          overwrite(mine, values);
          return mine;
        }
        const m = matrixOf(n.rows, n.columns, values);
        objects.set(n.id, m);
        return m;
      }
      case "typed": {
        if (!(n.kind in TYPED)) throw new CodecError(`unknown typed array ${String(n.kind)}`);
        const v = decodeBytes(n.data, n.kind);
        objects.set(n.id, v);
        return v;
      }
      case "tensor":
        return decodeTensor(n, objects, tf);
      case "arr": {
        const mine = objects.get(n.id);
        const out: unknown[] = Array.isArray(mine) ? mine : [];
        objects.set(n.id, out);
        const items = n.items.map(walk);
        out.length = 0;
        out.push(...items);
        return out;
      }
      case "obj": {
        const mine = objects.get(n.id);
        const out = (mine !== undefined && typeof mine === "object" && !Array.isArray(mine) && !(mine instanceof Matrix) ? mine : {}) as Record<
          string,
          unknown
        >;
        objects.set(n.id, out);
        const entries = n.entries.map(([k, v]) => [String(k), walk(v)] as const);
        for (const k of Object.keys(out)) delete out[k];
        for (const [k, v] of entries) {
          if (k === "__proto__") Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
          else out[k] = v;
        }
        return out;
      }
      default:
        throw new CodecError(`unknown node ${JSON.stringify(n).slice(0, 80)}`);
    }
  };
  return walk(tree);
}

function decodeTensor(n: Extract<Encoded, { $: "tensor" }>, objects: Map<number, object>, tf?: () => TensorApi): TensorLike {
  if (!tf) throw new CodecError("a tensor, where no TensorFlow.js is loaded");
  const api = tf();
  const dtype = n.dtype === "int32" || n.dtype === "bool" ? n.dtype : "float32";
  const size = n.shape.reduce((a, b) => a * b, 1);
  const values =
    n.data === null
      ? dtype === "float32"
        ? new Float32Array(size)
        : dtype === "int32"
          ? new Int32Array(size)
          : new Uint8Array(size)
      : (decodeBytes(n.data, dtype === "float32" ? "Float32Array" : dtype === "int32" ? "Int32Array" : "Uint8Array") as Float32Array | Int32Array | Uint8Array);
  if (values.length !== size) throw new CodecError(`a tensor of shape (${n.shape.join(", ")}) with ${values.length} values`);
  const mine = objects.get(n.id);
  if (mine && isTensorLike(mine) && !mine.isDisposed && mine.shape.join() === n.shape.join() && mine.dtype === dtype) {
    // The receiver's own tensor: disposed there, disposed here; a variable takes its new values; a tensor cannot have changed.
    if (n.data === null) mine.dispose();
    else if (n.variable && isVariableLike(mine)) {
      const t = api.tensor(values, n.shape, dtype);
      (mine.assign as (v: TensorLike) => void)(t);
      t.dispose();
    }
    return mine;
  }
  let t = api.tensor(values, n.shape, dtype);
  if (n.variable) {
    const v = api.variable(t, n.trainable);
    t.dispose();
    t = v;
  }
  if (n.data === null) t.dispose();
  objects.set(n.id, t as unknown as object);
  return t;
}

/** Counts the distinct tensors in an encoded tree that are not among `known` ids. */
export function newTensors(tree: Encoded, known: ReadonlySet<number>): number {
  let count = 0;
  const seen = new Set<number>();
  const walk = (n: Encoded): void => {
    if (n === null || typeof n !== "object") return;
    if (n.$ === "tensor" && n.data !== null && !known.has(n.id) && !seen.has(n.id)) {
      seen.add(n.id);
      count++;
    } else if (n.$ === "arr") n.items.forEach(walk);
    else if (n.$ === "obj") for (const [, v] of n.entries) walk(v);
  };
  walk(tree);
  return count;
}

// ---------------------------------------------------------------------------
// Framing: a 4-byte big-endian length, then that many bytes of JSON.

/** One message as bytes on a pipe. */
export function frame(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), "utf8");
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length, 0);
  return Buffer.concat([head, body]);
}

/**
 * Splits a byte stream into messages. `push` returns the complete messages
 * so far; a message longer than `maxBytes` throws a {@link CodecError}
 * without buffering it.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private size = 0;
  /** The length of the message being received, -1 before its header is complete. */
  private expected = -1;
  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): unknown[] {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const out: unknown[] = [];
    for (;;) {
      if (this.size < 4) return out;
      if (this.expected < 0) {
        const head = this.chunks[0].length >= 4 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
        this.expected = head.readUInt32BE(0);
        if (this.expected > this.maxBytes) throw new CodecError(`a message of ${this.expected} bytes (the limit is ${this.maxBytes})`);
      }
      // Wait for the whole message before joining the chunks (joining at every chunk would be quadratic).
      if (this.size < 4 + this.expected) return out;
      const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
      const body = all.subarray(4, 4 + this.expected).toString("utf8");
      const rest = all.subarray(4 + this.expected);
      this.chunks = rest.length ? [Buffer.from(rest)] : [];
      this.size = rest.length;
      this.expected = -1;
      try {
        out.push(JSON.parse(body));
      } catch {
        throw new CodecError("a message that is not JSON");
      }
    }
  }
}

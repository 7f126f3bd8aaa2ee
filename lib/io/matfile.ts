/**
 * A small reader for MATLAB level-5 MAT-files (the format MATLAB writes with
 * `save -v6` / `-v7` and scipy with `savemat`), enough for the course's
 * `data.mat`: numeric and logical arrays, plain or zlib-compressed.
 *
 * Layout read (MathWorks, "MAT-File Format", level 5): a 128-byte header
 * (116 bytes of text, 8 bytes of subsystem offset, a 2-byte version 0x0100
 * and the 2-byte endian indicator "IM"/"MI"), then data elements, each an
 * 8-byte tag (type, byte count) or a 4-byte "small data element" tag, padded
 * to 8 bytes. A variable is an `miMATRIX` element (array flags, dimensions,
 * name, real part, optional imaginary part) or an `miCOMPRESSED` element
 * holding one deflated `miMATRIX`. Cell, struct, char, sparse and object
 * variables are listed but not decoded. Version 7.3 files (HDF5) and level-4
 * files are rejected with a message saying so.
 */
import { existsSync } from "node:fs";
import { readDataFile } from "./files";
import { basename } from "node:path";
import { inflateSync } from "node:zlib";
import type { Matrix } from "ml-matrix";
import { zeros } from "../core/matrix";

/** MATLAB classes whose values this reader decodes. */
export type MatNumericClass = "double" | "single" | "int8" | "uint8" | "int16" | "uint16" | "int32" | "uint32" | "int64" | "uint64" | "logical";

/** One decoded numeric (or logical) variable. */
export interface MatArray {
  /** The variable's name. */
  name: string;
  /** Its MATLAB class (what MATLAB's `class(v)` prints). */
  className: MatNumericClass;
  /**
   * The type its values were stored as, which may be narrower than the class
   * (MATLAB stores a double array of small integers as "uint8"; scipy's
   * `loadmat` reports that storage type as the dtype).
   */
  storedType: string;
  /** Dimensions, at least two (`[rows, cols, ...]`). */
  dims: number[];
  /** Real part in MATLAB's column-major order, as doubles (64-bit integers lose precision beyond 2^53). */
  real: Float64Array;
  /** Imaginary part, for complex variables. */
  imag?: Float64Array;
}

/** A parsed MAT-file. */
export interface MatFile {
  /** The header's descriptive text (trailing blanks removed). */
  header: string;
  /** The numeric and logical variables, by name, in file order. */
  variables: Map<string, MatArray>;
  /** Variables of classes this reader does not decode ("cell", "struct", "char", ...), in file order. */
  skipped: { name: string; className: string }[];
}

const MI_MATRIX = 14;
const MI_COMPRESSED = 15;

/** Storage types of numeric data: name, bytes per value. */
const MI_TYPES: Record<number, [string, number]> = {
  1: ["int8", 1],
  2: ["uint8", 1],
  3: ["int16", 2],
  4: ["uint16", 2],
  5: ["int32", 4],
  6: ["uint32", 4],
  7: ["single", 4],
  9: ["double", 8],
  12: ["int64", 8],
  13: ["uint64", 8],
};

const MX_CLASSES: Record<number, string> = {
  1: "cell",
  2: "struct",
  3: "object",
  4: "char",
  5: "sparse",
  6: "double",
  7: "single",
  8: "int8",
  9: "uint8",
  10: "int16",
  11: "uint16",
  12: "int32",
  13: "uint32",
  14: "int64",
  15: "uint64",
  16: "function_handle",
  17: "opaque",
};

const NUMERIC = new Set(["double", "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64"]);

/** A byte range being read, with the words that name it in error messages. */
class Reader {
  readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly le: boolean,
    readonly label: string,
    /** Describes a position for messages, e.g. "offset 136" or "offset 40 of the 3432 bytes inflated from offset 128". */
    readonly where: (offset: number) => string,
    /** Says what the byte count refers to, e.g. "file has 6038". */
    readonly size: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  need(offset: number, n: number): void {
    if (offset + n > this.bytes.length) {
      throw new Error(`${this.label}: truncated MAT file: expected ${n} bytes at ${this.where(offset)}, ${this.size}`);
    }
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, this.le);
  }

  /** The tag at `offset`: type, byte count, where the data starts and where the next element starts. */
  tag(offset: number): { type: number; n: number; data: number; next: number } {
    this.need(offset, 8); // a tag is 8 bytes, a small data element too
    const first = this.u32(offset);
    if (first >>> 16 !== 0) {
      // Small data element: byte count in the upper half-word, up to 4 bytes of data in the tag.
      const n = first >>> 16;
      if (n > 4) throw new Error(`${this.label}: malformed small data element at ${this.where(offset)} (${n} bytes, at most 4 allowed)`);
      return { type: first & 0xffff, n, data: offset + 4, next: offset + 8 };
    }
    const n = this.u32(offset + 4);
    this.need(offset + 8, n);
    const type = first;
    // Compressed elements are not padded; everything else is padded to 8 bytes.
    const next = type === MI_COMPRESSED ? offset + 8 + n : offset + 8 + Math.ceil(n / 8) * 8;
    return { type, n, data: offset + 8, next: Math.min(next, this.bytes.length) };
  }

  /** Reads `count` values of storage type `type` starting at `offset` as doubles. */
  numbers(type: number, offset: number, count: number): Float64Array {
    const out = new Float64Array(count);
    const v = this.view;
    const le = this.le;
    switch (type) {
      case 1:
        for (let i = 0; i < count; i++) out[i] = v.getInt8(offset + i);
        break;
      case 2:
        for (let i = 0; i < count; i++) out[i] = v.getUint8(offset + i);
        break;
      case 3:
        for (let i = 0; i < count; i++) out[i] = v.getInt16(offset + 2 * i, le);
        break;
      case 4:
        for (let i = 0; i < count; i++) out[i] = v.getUint16(offset + 2 * i, le);
        break;
      case 5:
        for (let i = 0; i < count; i++) out[i] = v.getInt32(offset + 4 * i, le);
        break;
      case 6:
        for (let i = 0; i < count; i++) out[i] = v.getUint32(offset + 4 * i, le);
        break;
      case 7:
        for (let i = 0; i < count; i++) out[i] = v.getFloat32(offset + 4 * i, le);
        break;
      case 9:
        for (let i = 0; i < count; i++) out[i] = v.getFloat64(offset + 8 * i, le);
        break;
      case 12:
        for (let i = 0; i < count; i++) out[i] = Number(v.getBigInt64(offset + 8 * i, le));
        break;
      case 13:
        for (let i = 0; i < count; i++) out[i] = Number(v.getBigUint64(offset + 8 * i, le));
        break;
      default:
        throw new Error(`unreachable storage type ${type}`);
    }
    return out;
  }
}

/**
 * Parses a level-5 MAT-file held in memory.
 * @param bytes the whole file
 * @param label names the file in error messages (usually its path)
 * @returns the header text, the numeric/logical variables (column-major
 *   data, see {@link MatArray}) and the names of the variables not decoded
 * @throws Error `"<label>: not a MATLAB v5 MAT-file (header ...)"` for other
 *   formats (v7.3/HDF5 and v4 named as such), `"<label>: truncated MAT file:
 *   expected N bytes at offset O, file has M"`, and messages naming the
 *   offset for corrupt compressed data or malformed elements.
 */
export function parseMatFile(bytes: Uint8Array, label = "<buffer>"): MatFile {
  if (bytes.length < 128) {
    throw new Error(`${label}: truncated MAT file: expected 128 bytes at offset 0, file has ${bytes.length}`);
  }
  const text = latin1(bytes.subarray(0, 116)).replace(/[\s\0]+$/, "");
  const indicator = latin1(bytes.subarray(126, 128));
  if (indicator !== "IM" && indicator !== "MI") {
    const kind = text.startsWith("MATLAB 7.3")
      ? "; version 7.3 files are HDF5, save with -v7 or -v6 instead"
      : text.startsWith("\x89HDF")
        ? "; this is an HDF5 file"
        : "";
    throw new Error(
      `${label}: not a MATLAB v5 MAT-file (header ${quote(text.slice(0, 40))}, endian indicator ${quote(indicator)}, expected "IM" or "MI"${kind})`,
    );
  }
  const le = indicator === "IM";
  const reader = new Reader(bytes, le, label, (o) => `offset ${o}`, `file has ${bytes.length}`);
  const version = reader.view.getUint16(124, le);
  if (version !== 0x0100) {
    const kind = version === 0x0200 ? "; version 7.3 files are HDF5, save with -v7 or -v6 instead" : "";
    throw new Error(
      `${label}: not a MATLAB v5 MAT-file (header ${quote(text.slice(0, 40))}, version 0x${version.toString(16).padStart(4, "0")}, expected 0x0100${kind})`,
    );
  }
  const out: MatFile = { header: text, variables: new Map(), skipped: [] };
  readElements(reader, 128, bytes.length, out, true);
  return out;
}

/**
 * Reads a level-5 MAT-file from disk; see {@link parseMatFile}.
 * @throws Error `"<file name> not found at <path>"` (e.g. `data.mat not found
 *   at /x/data.mat`) when it does not exist, the errors of `readDataFile` for a
 *   directory or an unreadable file, and the format errors of {@link parseMatFile}
 */
export function readMatFile(path: string): MatFile {
  if (!existsSync(path)) throw new Error(`${basename(path)} not found at ${path}`);
  return parseMatFile(readDataFile(path, "a MATLAB MAT-file"), path);
}

/**
 * A 2-D real variable as a `Matrix` of the same shape (rows × cols, values
 * taken from MATLAB's column-major order).
 * @throws Error when the variable has more than two dimensions or is complex
 */
export function matArrayToMatrix(a: MatArray, label = "<buffer>"): Matrix {
  if (a.dims.length !== 2) throw new Error(`${label}: "${a.name}" has ${a.dims.length} dimensions (${a.dims.join("×")}), expected 2`);
  if (a.imag) throw new Error(`${label}: "${a.name}" is complex, expected real values`);
  const [rows, cols] = a.dims;
  const m = zeros(rows, cols);
  for (let j = 0; j < cols; j++) for (let i = 0; i < rows; i++) m.set(i, j, a.real[j * rows + i]);
  return m;
}

/** A string of bytes quoted for a message, with control and non-ASCII bytes escaped. */
function quote(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\u00ff]/g, (c) => `\\x${c.charCodeAt(0).toString(16)}`);
}

function latin1(b: Uint8Array): string {
  let s = "";
  for (const c of b) s += String.fromCharCode(c);
  return s;
}

function readElements(r: Reader, start: number, end: number, out: MatFile, top: boolean): void {
  let offset = start;
  while (offset < end) {
    const t = r.tag(offset);
    if (t.type === MI_COMPRESSED && top) {
      let inflated: Buffer;
      try {
        inflated = inflateSync(r.bytes.subarray(t.data, t.data + t.n), { maxOutputLength: 1 << 30 });
      } catch (e) {
        throw new Error(`${r.label}: corrupt compressed element at ${r.where(offset)} (${(e as Error).message})`);
      }
      const at = offset;
      const inner = new Reader(
        inflated,
        r.le,
        r.label,
        (o) => `offset ${o} of the ${inflated.length} bytes inflated from offset ${at}`,
        `inflated data has ${inflated.length}`,
      );
      readElements(inner, 0, inflated.length, out, false);
    } else if (t.type === MI_MATRIX) {
      if (t.n > 0) readMatrix(r, offset, t.data, t.data + t.n, out);
    } else if (t.type === MI_COMPRESSED) {
      throw new Error(`${r.label}: malformed MAT file: compressed element nested in compressed data at ${r.where(offset)}`);
    }
    // Other top-level element types carry no variable; skip them.
    offset = t.next;
  }
}

function readMatrix(r: Reader, at: number, start: number, end: number, out: MatFile): void {
  const bad = (what: string): Error => new Error(`${r.label}: malformed variable at ${r.where(at)}: ${what}`);
  const sub = (offset: number, what: string) => {
    if (offset >= end) throw bad(`missing ${what}`);
    const t = r.tag(offset);
    if (t.data + t.n > end) throw bad(`${what} runs past the end of the variable`);
    return t;
  };
  const flagsTag = sub(start, "array flags");
  if (flagsTag.n < 4) throw bad("array flags too short");
  const flags = r.u32(flagsTag.data);
  const classId = flags & 0xff;
  const complex = (flags & 0x0800) !== 0;
  const logical = (flags & 0x0200) !== 0;
  const dimsTag = sub(flagsTag.next, "dimensions");
  if (dimsTag.type !== 5 || dimsTag.n < 8 || dimsTag.n % 4 !== 0) throw bad("dimensions are not an int32 array of at least 2 values");
  const dims = Array.from(r.numbers(5, dimsTag.data, dimsTag.n / 4));
  if (dims.some((d) => d < 0)) throw bad(`negative dimension in ${dims.join("×")}`);
  const nameTag = sub(dimsTag.next, "array name");
  const name = latin1(r.bytes.subarray(nameTag.data, nameTag.data + nameTag.n));
  const className = MX_CLASSES[classId] ?? `class ${classId}`;
  if (!NUMERIC.has(className)) {
    out.skipped.push({ name, className });
    return;
  }
  const count = dims.reduce((a, b) => a * b, 1);
  const part = (offset: number, what: string): [Float64Array, string] => {
    const t = sub(offset, what);
    const type = MI_TYPES[t.type];
    if (!type) throw bad(`"${name}" ${what} has unsupported storage type ${t.type}`);
    const [typeName, size] = type;
    if (t.n !== count * size) {
      throw bad(`"${name}" ${what} holds ${t.n / size} ${typeName} values, expected ${count} for dimensions ${dims.join("×")}`);
    }
    return [r.numbers(t.type, t.data, count), typeName];
  };
  const [real, storedType] = part(nameTag.next, "real part");
  const array: MatArray = {
    name,
    className: logical ? "logical" : (className as MatNumericClass),
    storedType,
    dims,
    real,
  };
  if (complex) array.imag = part(r.tag(nameTag.next).next, "imaginary part")[0];
  out.variables.set(name, array);
}

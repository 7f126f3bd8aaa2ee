import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { deflateSync } from "node:zlib";
import { footballDataPaths, footballStandIn, parseMatFile, readMatFile } from "../helpers/internal";
import { loadFootball } from "dnnlab/course/regularization";
import { random, RandomState } from "dnnlab";
import type { Matrix } from "dnnlab";

// build/test/lib/ -> project root; the course's file lives next to the project.
const root = resolve(__dirname, "..", "..", "..");
const realPath = join(root, "..", "shared", "data", "data.mat");
const haveReal = existsSync(realPath);
const skipReason = `the course's data.mat is not at ${realPath}`;

const tmp = mkdtempSync(join(tmpdir(), "dnnlab-football-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
let tmpCount = 0;
function tmpFile(bytes: Uint8Array, name = `f${tmpCount++}.mat`): string {
  const dir = join(tmp, `d${tmpCount++}`);
  const path = join(dir, name);
  mkdirSync(dir);
  writeFileSync(path, bytes);
  return path;
}

// ---- a minimal level-5 MAT-file writer, written from the format description ----

type Stored = "double" | "uint8" | "int16" | "single" | "uint16";
interface Var {
  name: string;
  dims: number[];
  /** Column-major values. */
  values: number[];
  stored?: Stored; // storage type (default double)
  classId?: number; // MATLAB class (default 6, double)
}
const MI: Record<Stored, [number, number]> = { double: [9, 8], single: [7, 4], int16: [3, 2], uint8: [2, 1], uint16: [4, 2] };

class Bytes {
  parts: number[] = [];
  constructor(readonly le: boolean) {}
  private put(size: number, write: (v: DataView) => void): void {
    const v = new DataView(new ArrayBuffer(size));
    write(v);
    for (let i = 0; i < size; i++) this.parts.push(v.getUint8(i));
  }
  u32(x: number): void {
    this.put(4, (v) => v.setUint32(0, x, this.le));
  }
  i32(x: number): void {
    this.put(4, (v) => v.setInt32(0, x, this.le));
  }
  value(type: Stored, x: number): void {
    const le = this.le;
    if (type === "double") this.put(8, (v) => v.setFloat64(0, x, le));
    else if (type === "single") this.put(4, (v) => v.setFloat32(0, x, le));
    else if (type === "int16") this.put(2, (v) => v.setInt16(0, x, le));
    else if (type === "uint16") this.put(2, (v) => v.setUint16(0, x, le));
    else this.parts.push(x);
  }
  raw(b: ArrayLike<number>): void {
    for (let i = 0; i < b.length; i++) this.parts.push(b[i]);
  }
  pad(): void {
    while (this.parts.length % 8) this.parts.push(0);
  }
  get bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

function matrixElement(v: Var, le: boolean): Uint8Array {
  const body = new Bytes(le);
  body.u32(6);
  body.u32(8);
  body.u32(v.classId ?? 6);
  body.u32(0); // array flags
  body.u32(5);
  body.u32(4 * v.dims.length);
  for (const d of v.dims) body.i32(d);
  body.pad();
  const name = Buffer.from(v.name, "latin1");
  if (name.length <= 4) {
    body.u32((name.length << 16) | 1);
    body.raw(name);
    body.pad(); // small data element
  } else {
    body.u32(1);
    body.u32(name.length);
    body.raw(name);
    body.pad();
  }
  const stored = v.stored ?? "double";
  body.u32(MI[stored][0]);
  body.u32(MI[stored][1] * v.values.length);
  for (const x of v.values) body.value(stored, x);
  body.pad();
  const el = new Bytes(le);
  el.u32(14);
  el.u32(body.parts.length);
  el.raw(body.parts);
  return el.bytes;
}

function matFile(vars: Var[], { le = true, compress = false } = {}): Uint8Array {
  const out = new Bytes(le);
  out.raw(Buffer.from("MATLAB 5.0 MAT-file, written by the dnnlab tests".padEnd(116, " "), "latin1"));
  out.raw(new Uint8Array(8));
  const v = new DataView(new ArrayBuffer(2));
  v.setUint16(0, 0x0100, le);
  out.raw(new Uint8Array(v.buffer));
  out.raw(Buffer.from(le ? "IM" : "MI", "latin1"));
  for (const variable of vars) {
    const el = matrixElement(variable, le);
    if (compress) {
      const z = deflateSync(el);
      out.u32(15);
      out.u32(z.length);
      out.raw(z); // compressed elements are not padded
    } else out.raw(el);
  }
  return out.bytes;
}

/** A small valid football-shaped file: 3 training and 2 test examples. */
function smallFootball(overrides: Partial<Record<"X" | "y" | "Xval" | "yval", Var | null>> = {}, opts = {}): Uint8Array {
  const vars: Record<string, Var> = {
    X: { name: "X", dims: [3, 2], values: [0.1, 0.2, 0.3, -0.1, -0.2, -0.3] },
    y: { name: "y", dims: [3, 1], values: [1, 0, 1], stored: "uint8" },
    Xval: { name: "Xval", dims: [2, 2], values: [0.5, 0.25, -0.5, -0.25] },
    yval: { name: "yval", dims: [2, 1], values: [0, 1], stored: "uint8" },
  };
  const list: Var[] = [];
  for (const k of ["X", "y", "Xval", "yval"] as const) {
    const o = overrides[k];
    if (o === null) continue;
    list.push(o ?? vars[k]);
  }
  return matFile(list, opts);
}

const count = (m: Matrix, v: number) => m.to1DArray().filter((x) => x === v).length;

// ---- the course's file ----

test("loadFootball reads the course's data.mat: shapes, label counts, values", (t) => {
  if (!haveReal) return t.skip(skipReason);
  const d = loadFootball(realPath);
  assert.equal(d.source, realPath);
  assert.equal(d.standIn, false);
  assert.deepEqual([d.trainX.rows, d.trainX.columns, d.trainY.rows, d.trainY.columns], [2, 211, 1, 211]);
  assert.deepEqual([d.testX.rows, d.testX.columns, d.testY.rows, d.testY.columns], [2, 200, 1, 200]);
  assert.deepEqual([count(d.trainY, 0), count(d.trainY, 1)], [105, 106]);
  assert.deepEqual([count(d.testY, 0), count(d.testY, 1)], [113, 87]);
  // Values read with scipy.io.loadmat (train_X = X.T, so column i is X[i]).
  const trainX: [number, number, number][] = [
    [0, -0.158986, 0.423977],
    [1, -0.347926, 0.47076],
    [105, -0.361751, -0.137427],
    [210, -0.153111, 0.184503],
  ];
  for (const [i, a, b] of trainX) assert.deepEqual([d.trainX.get(0, i), d.trainX.get(1, i)], [a, b], `train_X[:, ${i}]`);
  const testX: [number, number, number][] = [
    [0, -0.3530623458334412, -0.6739018129665528],
    [100, 0.14320848869091707, 0.5729022280248965],
    [199, -0.31689908531098365, -0.42941272913886863],
  ];
  for (const [i, a, b] of testX) assert.deepEqual([d.testX.get(0, i), d.testX.get(1, i)], [a, b], `test_X[:, ${i}]`);
  assert.deepEqual(
    [0, 1, 105, 208, 209, 210].map((i) => d.trainY.get(0, i)),
    [1, 1, 1, 1, 0, 0],
  );
  assert.deepEqual(d.testY.getRow(0).slice(0, 20), [0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0]);
  assert.equal(d.testY.get(0, 199), 0);
});

test("readMatFile describes the course's file as MATLAB and scipy see it", (t) => {
  if (!haveReal) return t.skip(skipReason);
  const mat = readMatFile(realPath);
  assert.equal(mat.header, "MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Sun Nov 13 14:29:06 2011");
  const summary = [...mat.variables.values()].map((v) => [v.name, v.className, v.storedType, v.dims.join("x")]);
  // The labels are MATLAB doubles stored as uint8 (scipy reports the storage type, uint8).
  assert.deepEqual(summary, [
    ["X", "double", "double", "211x2"],
    ["y", "double", "uint8", "211x1"],
    ["yval", "double", "uint8", "200x1"],
    ["Xval", "double", "double", "200x2"],
  ]);
  assert.deepEqual(mat.skipped, []);
  // Column-major: X(1,2) (MATLAB indexing) is the second value of the second column.
  assert.equal(mat.variables.get("X")?.real[211 + 1], 0.47076);
});

test("loadFootball() without a path uses the first existing search location", (t) => {
  const paths = footballDataPaths();
  assert.ok(paths.includes(join(root, "datasets", "data.mat")));
  assert.equal(paths[paths.length - 1], realPath);
  const d = loadFootball();
  const found = paths.find((p) => existsSync(p));
  if (found === undefined) {
    assert.equal(d.standIn, true);
    assert.equal(d.source, "stand-in");
    t.diagnostic("no data.mat found: the loader returned the stand-in");
  } else {
    assert.equal(d.source, found);
    assert.equal(d.standIn, false);
  }
});

test("$DNNLAB_DATA_DIR/data.mat comes first", () => {
  const file = tmpFile(smallFootball(), "data.mat");
  const saved = process.env.DNNLAB_DATA_DIR;
  process.env.DNNLAB_DATA_DIR = resolve(file, "..");
  try {
    assert.equal(footballDataPaths()[0], file);
    const d = loadFootball();
    assert.equal(d.source, file);
    assert.deepEqual(d.trainX.to2DArray(), [
      [0.1, 0.2, 0.3],
      [-0.1, -0.2, -0.3],
    ]);
    assert.deepEqual(d.trainY.to2DArray(), [[1, 0, 1]]);
    assert.deepEqual(d.testX.to2DArray(), [
      [0.5, 0.25],
      [-0.5, -0.25],
    ]);
    assert.deepEqual(d.testY.to2DArray(), [[0, 1]]);
  } finally {
    if (saved === undefined) delete process.env.DNNLAB_DATA_DIR;
    else process.env.DNNLAB_DATA_DIR = saved;
  }
});

/** Runs `fn` with the given environment variables set (undefined: unset), then restores them. */
function withEnv<T>(vars: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(vars);
  try {
    return fn();
  } finally {
    set(saved);
  }
}

/** The records a data log holds, one object per line. */
const records = (log: string) =>
  readFileSync(log, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as unknown);

test("loadFootball() records in $DNNLAB_DATA_LOG whether it read data.mat or made the stand-in", () => {
  const log = join(tmp, "choices.jsonl");
  const file = tmpFile(smallFootball(), "data.mat");
  withEnv({ DNNLAB_DATA_LOG: log, DNNLAB_NO_COURSE_DATA: "1", DNNLAB_DATA_DIR: undefined }, () => assert.equal(loadFootball().standIn, true));
  assert.deepEqual(records(log), [{ file: "data.mat", used: "stand-in" }]);
  withEnv({ DNNLAB_DATA_LOG: log, DNNLAB_NO_COURSE_DATA: undefined, DNNLAB_DATA_DIR: resolve(file, "..") }, () => assert.equal(loadFootball().source, file));
  assert.deepEqual(records(log), [
    { file: "data.mat", used: "stand-in" },
    { file: "data.mat", used: "course" },
  ]);
  // An explicit path is no choice between file and stand-in: nothing is recorded.
  withEnv({ DNNLAB_DATA_LOG: log }, () => loadFootball(file));
  assert.equal(records(log).length, 2);
  // Without the variable nothing is recorded (the path is read at each call, not kept).
  withEnv({ DNNLAB_DATA_LOG: undefined, DNNLAB_NO_COURSE_DATA: "1" }, () => loadFootball());
  assert.equal(records(log).length, 2);
});

test("a data log that cannot be written is an error naming it, not a silent loss", () => {
  const log = join(tmp, "no-such-dir", "choices.jsonl");
  withEnv({ DNNLAB_DATA_LOG: log, DNNLAB_NO_COURSE_DATA: "1" }, () =>
    throwsMessage(() => loadFootball(), new RegExp(`^DNNLAB_DATA_LOG=${escapeRegExp(log)}: cannot record that data\\.mat was used \\(ENOENT`)),
  );
});

// ---- the reader on hand-written files ----

test("parseMatFile reads plain and compressed, little- and big-endian files alike", () => {
  const vars: Var[] = [
    { name: "a", dims: [2, 3], values: [1, 2, 3, 4, 5, 6.5] },
    { name: "longer_name", dims: [1, 2], values: [-7, 300], stored: "int16" },
    { name: "s", dims: [2, 1], values: [0.5, -1.25], stored: "single", classId: 7 },
    { name: "c", dims: [1, 2], values: [104, 105], stored: "uint16", classId: 4 }, // char 'hi'
    { name: "e", dims: [0, 0], values: [] },
  ];
  for (const le of [true, false]) {
    for (const compress of [false, true]) {
      const mat = parseMatFile(matFile(vars, { le, compress }), "mem.mat");
      const what = `le=${le} compress=${compress}`;
      assert.equal(mat.header, "MATLAB 5.0 MAT-file, written by the dnnlab tests", what);
      assert.deepEqual([...mat.variables.keys()], ["a", "longer_name", "s", "e"], what);
      assert.deepEqual(Array.from(mat.variables.get("a")?.real ?? []), [1, 2, 3, 4, 5, 6.5], what);
      assert.deepEqual(mat.variables.get("a")?.dims, [2, 3], what);
      const l = mat.variables.get("longer_name");
      assert.deepEqual([l?.className, l?.storedType, Array.from(l?.real ?? [])], ["double", "int16", [-7, 300]], what);
      const s = mat.variables.get("s");
      assert.deepEqual([s?.className, Array.from(s?.real ?? [])], ["single", [0.5, -1.25]], what);
      assert.equal(mat.variables.get("e")?.real.length, 0, what);
      assert.deepEqual(mat.skipped, [{ name: "c", className: "char" }], what);
    }
  }
});

// ---- errors ----

function throwsMessage(fn: () => unknown, expected: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error, "an Error object");
    if (typeof expected === "string") assert.equal(e.message, expected);
    else assert.match(e.message, expected);
    return true;
  });
}

test("a missing explicit path is an error naming it", () => {
  const missing = join(tmp, "nowhere", "data.mat");
  throwsMessage(() => loadFootball(missing), `data.mat not found at ${missing}`);
});

test("a directory or an unreadable file is an error naming the path and what was expected", () => {
  const dir = join(tmp, "a-folder.mat");
  mkdirSync(dir, { recursive: true });
  throwsMessage(() => loadFootball(dir), `${dir}: is a directory, expected a MATLAB MAT-file`);
  const empty = join(tmp, "empty.mat");
  writeFileSync(empty, "");
  throwsMessage(() => loadFootball(empty), `${empty}: truncated MAT file: expected 128 bytes at offset 0, file has 0`);
});

test("truncated copies of the course's file name the path, the offset and the sizes", (t) => {
  if (!haveReal) return t.skip(skipReason);
  const real = readFileSync(realPath);
  // The file: 128-byte header, then compressed elements at 128 (2576 bytes), 2712 (59), 2779 (94), 2881 (3149).
  const cases: [number, string][] = [
    [0, "expected 128 bytes at offset 0, file has 0"],
    [100, "expected 128 bytes at offset 0, file has 100"],
    [131, "expected 8 bytes at offset 128, file has 131"],
    [1000, "expected 2576 bytes at offset 136, file has 1000"],
    [2712 + 5, "expected 8 bytes at offset 2712, file has 2717"],
    [6037, "expected 3149 bytes at offset 2889, file has 6037"],
  ];
  for (const [n, detail] of cases) {
    const file = tmpFile(real.subarray(0, n));
    throwsMessage(() => loadFootball(file), `${file}: truncated MAT file: ${detail}`);
  }
});

test("truncated hand-written files are reported too", () => {
  const whole = smallFootball();
  const file = tmpFile(whole.subarray(0, whole.length - 4));
  throwsMessage(
    () => loadFootball(file),
    new RegExp(`^${escapeRegExp(file)}: truncated MAT file: expected \\d+ bytes at offset \\d+, file has ${whole.length - 4}$`),
  );
});

test("garbage and other formats are not MATLAB v5 MAT-files", () => {
  const rng = new RandomState(0);
  const garbage = Uint8Array.from({ length: 600 }, () => rng.randomInterval(255));
  const file = tmpFile(garbage);
  throwsMessage(
    () => loadFootball(file),
    new RegExp(`^${escapeRegExp(file)}: not a MATLAB v5 MAT-file \\(header ".*", endian indicator ".*", expected "IM" or "MI"\\)$`),
  );
  const text = tmpFile(Buffer.from("x1,x2,y\n".repeat(40)));
  throwsMessage(
    () => loadFootball(text),
    `${text}: not a MATLAB v5 MAT-file (header "x1,x2,y\\nx1,x2,y\\nx1,x2,y\\nx1,x2,y\\nx1,x2,y\\n", endian indicator "y\\n", expected "IM" or "MI")`,
  );
  const h5 = Buffer.alloc(600);
  Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]).copy(h5);
  const fh5 = tmpFile(h5);
  throwsMessage(() => loadFootball(fh5), /^.*: not a MATLAB v5 MAT-file \(header ".*", endian indicator .*; this is an HDF5 file\)$/);
  // A v7.3 (HDF5) header: same text layout, version 0x0200.
  const v73 = Buffer.from(smallFootball());
  v73.write("MATLAB 7.3 MAT-file, Platform: GLNXA64", 0, "latin1");
  v73.writeUInt16LE(0x0200, 124);
  const f73 = tmpFile(v73);
  throwsMessage(() => loadFootball(f73), /version 0x0200, expected 0x0100; version 7.3 files are HDF5/);
});

test("corrupt compressed data names the element's offset", (t) => {
  if (!haveReal) return t.skip(skipReason);
  const bad = Buffer.from(readFileSync(realPath));
  for (let i = 140; i < 160; i++) bad[i] ^= 0x5a;
  const file = tmpFile(bad);
  throwsMessage(() => loadFootball(file), new RegExp(`^${escapeRegExp(file)}: corrupt compressed element at offset 128 \\(.+\\)$`));
});

test("missing variables, wrong shapes, NaN and bad labels are reported with the variable", () => {
  const f1 = tmpFile(smallFootball({ Xval: null }, { compress: true }));
  throwsMessage(() => loadFootball(f1), `${f1}: no variable "Xval" (variables present: X, y, yval)`);
  const f2 = tmpFile(smallFootball({ X: { name: "X", dims: [2, 3], values: [1, 2, 3, 4, 5, 6] } }));
  throwsMessage(() => loadFootball(f2), `${f2}: "X" has shape (2, 3), expected (n, 2)`);
  const f3 = tmpFile(smallFootball({ y: { name: "y", dims: [2, 1], values: [1, 0], stored: "uint8" } }));
  throwsMessage(() => loadFootball(f3), `${f3}: "y" has shape (2, 1), expected (3, 1) (one label per row of "X")`);
  const f4 = tmpFile(smallFootball({ Xval: { name: "Xval", dims: [2, 2], values: [0.5, NaN, -0.5, -0.25] } }));
  throwsMessage(() => loadFootball(f4), `${f4}: "Xval" has the non-finite value NaN at (1, 0)`);
  const f5 = tmpFile(smallFootball({ yval: { name: "yval", dims: [2, 1], values: [0, 2], stored: "uint8" } }));
  throwsMessage(() => loadFootball(f5), `${f5}: "yval" has the value 2 at (1, 0), expected labels 0 or 1`);
  const f6 = tmpFile(matFile([]));
  throwsMessage(() => loadFootball(f6), `${f6}: no variable "X" (variables present: none)`);
  const f7 = tmpFile(smallFootball({ y: { name: "y", dims: [3, 1], values: [121, 122, 123], stored: "uint16", classId: 4 } }));
  throwsMessage(() => loadFootball(f7), `${f7}: "y" is a char variable, expected a numeric array`);
});

test("a variable whose data does not match its dimensions is malformed", () => {
  const bytes = matFile([{ name: "X", dims: [3, 2], values: [1, 2, 3, 4, 5] }]);
  throwsMessage(
    () => parseMatFile(bytes, "m.mat"),
    'm.mat: malformed variable at offset 128: "X" real part holds 5 double values, expected 6 for dimensions 3×2',
  );
});

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---- the stand-in ----

test("footballStandIn has the course's shapes, both classes and the file's character", () => {
  const d = footballStandIn();
  assert.equal(d.standIn, true);
  assert.equal(d.source, "stand-in");
  assert.deepEqual([d.trainX.rows, d.trainX.columns, d.trainY.rows, d.trainY.columns], [2, 211, 1, 211]);
  assert.deepEqual([d.testX.rows, d.testX.columns, d.testY.rows, d.testY.columns], [2, 200, 1, 200]);
  // The file has 106 / 87 ones.
  assert.deepEqual([count(d.trainY, 0), count(d.trainY, 1)], [108, 103]);
  assert.deepEqual([count(d.testY, 0), count(d.testY, 1)], [115, 85]);
  const inRange = (m: Matrix, row: number, lo: number, hi: number) => m.getRow(row).every((v) => v >= lo && v <= hi);
  // Training points in the oval around (-0.13, -0.05) with half-axes 0.44 x 0.62, 6 decimals.
  assert.ok(inRange(d.trainX, 0, -0.57, 0.31) && inRange(d.trainX, 1, -0.67, 0.57));
  assert.ok(d.trainX.to1DArray().every((v) => Math.round(v * 1e6) / 1e6 === v));
  assert.ok(inRange(d.testX, 0, -0.5, 0.29) && inRange(d.testX, 1, -0.8, 0.6));
  // Class 1 lies upper-left, class 0 lower-right, as in the file.
  const mean = (X: Matrix, Y: Matrix, row: number, label: number) => {
    const v = X.getRow(row).filter((_, i) => Y.get(0, i) === label);
    return v.reduce((a, b) => a + b, 0) / v.length;
  };
  assert.ok(mean(d.trainX, d.trainY, 0, 1) < mean(d.trainX, d.trainY, 0, 0));
  assert.ok(mean(d.trainX, d.trainY, 1, 1) > mean(d.trainX, d.trainY, 1, 0));
  // Some labels sit well inside the other class's side (what overfitting chases).
  const far = (X: Matrix, Y: Matrix) =>
    Y.getRow(0).filter((y, i) => {
      const margin = -0.8767344 * X.get(0, i) + 0.48097483 * X.get(1, i) - 0.08400304;
      return Math.abs(margin) > 0.1 && (margin > 0 ? 1 : 0) !== y;
    }).length;
  assert.equal(far(d.trainX, d.trainY), 6);
  assert.equal(far(d.testX, d.testY), 3);
  // Pinned first points: a change to the generator shows up here.
  assert.deepEqual([d.trainX.get(0, 0), d.trainX.get(1, 0), d.trainY.get(0, 0)], [0.215717, -0.258345, 0]);
});

test("footballStandIn is deterministic, returns fresh matrices and leaves the global random alone", () => {
  random.seed(5);
  const expected = random.randomSample();
  random.seed(5);
  const a = footballStandIn();
  assert.equal(random.randomSample(), expected, "the global random was not advanced");
  random.seed(99);
  const b = footballStandIn();
  for (const k of ["trainX", "trainY", "testX", "testY"] as const) assert.deepEqual(a[k].to2DArray(), b[k].to2DArray(), k);
  a.trainX.set(0, 0, 42);
  assert.notEqual(footballStandIn().trainX.get(0, 0), 42);
});

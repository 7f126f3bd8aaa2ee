// The TensorFlow notebook's library: SIGNS loading and stand-in, the tfjs
// helpers (backend, printing, tf.data pieces, accuracy), the exercise
// checkers, and the notebook's training loop (`model`, from the solution
// module `npm run build` generates) on them: its tensor count, and that it learns.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureLog, captureLogAsync } from "../helpers/capture";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { inflateSync } from "node:zlib";
import type * as TF from "@tensorflow/tfjs";
import { COURSE_FIRST_TRAIN_LABELS, CheckFailed, encodePng, readSignsFile, signsDataPaths, withTitleBelowModeBar } from "../helpers/internal";
import { loadSigns, signsStandIn } from "dnnlab/course/tensorflow";
import { random } from "dnnlab";
import * as tfCheckers from "dnnlab/course/tensorflow";
import * as tfUtils from "dnnlab/course/tensorflow";
import { loadSolution, type TensorFlowTraining } from "../helpers/solutions";

const tf = tfUtils.tfjs();
const root = resolve(__dirname, "..", "..", "..");
const testFile = join(root, "..", "shared", "data", "test_signs.h5");
const haveTestFile = existsSync(testFile);

const captured = captureLog;
const capturedAsync = captureLogAsync;

const PASSED = "\x1b[92m All tests passed.";

test.before(async () => {
  assert.equal(await tfUtils.setUpBackend(), "wasm", "the wasm backend should start offline");
});

// ---------------------------------------------------------------------------
// SIGNS data

test("readSignsFile reads the course's test_signs.h5 (uint8 images, int64 labels)", { skip: !haveTestFile && "no ../shared/data/test_signs.h5" }, () => {
  const t = readSignsFile(testFile, "test");
  assert.equal(t.count, 120);
  assert.equal(t.x.length, 120 * 64 * 64 * 3);
  assert.deepEqual(Array.from(t.x.subarray(0, 9)), [231, 224, 216, 232, 224, 216, 232, 225, 217]);
  assert.deepEqual(Array.from(t.y.subarray(0, 25)), [0, 0, 0, 5, 1, 0, 3, 1, 5, 1, 5, 1, 3, 1, 1, 3, 5, 4, 0, 4, 5, 4, 2, 5, 3]);
  const perClass = [0, 0, 0, 0, 0, 0];
  for (const l of t.y) perClass[l]++;
  assert.deepEqual(perClass, [20, 20, 20, 20, 20, 20]);
  assert.deepEqual(t.classes, [0, 1, 2, 3, 4, 5]);
  assert.equal(t.source, "../shared/data/test_signs.h5");
  assert.equal(t.standIn, false);
});

test("readSignsFile: a missing file, a directory and an empty file are named with what was expected", () => {
  const dir = mkdtempSync(join(tmpdir(), "dnnlab-signs-"));
  const expected = "expected the course's test_signs.h5";
  assert.throws(() => readSignsFile(join(dir, "nothing.h5"), "test"), { message: `${join(dir, "nothing.h5")}: file not found (${expected})` });
  assert.throws(() => readSignsFile(dir, "test"), { message: `${dir}: is a directory, ${expected}` });
  const empty = join(dir, "empty.h5");
  writeFileSync(empty, "");
  assert.throws(
    () => readSignsFile(empty, "test"),
    (e: Error) => e.message.startsWith(`${empty}: not a readable HDF5 file (`) && e.message.endsWith(expected),
  );
});

test("readSignsFile: clear errors for missing, non-HDF5, truncated and wrong-layout files", { skip: !haveTestFile && "no test_signs.h5" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "dnnlab-signs-"));
  assert.throws(() => readSignsFile(join(dir, "nothing.h5"), "test"), /nothing\.h5: file not found \(expected the course's test_signs\.h5\)/);
  const junk = join(dir, "junk.h5");
  writeFileSync(junk, Buffer.from("this is not an HDF5 file at all, just text".repeat(20)));
  assert.throws(
    () => readSignsFile(junk, "test"),
    (e: Error) => e.message.startsWith(`${junk}: not a readable HDF5 file`),
  );
  const bytes = readFileSync(testFile);
  const truncated = join(dir, "truncated.h5");
  writeFileSync(truncated, bytes.subarray(0, 200_000));
  assert.throws(
    () => readSignsFile(truncated, "test"),
    (e: Error) => e.message.startsWith(`${truncated}: `) && /corrupt|truncated|HDF5/.test(e.message),
  );
  // the test file read as a training file: its datasets have other names
  assert.throws(() => readSignsFile(testFile, "train"), /no dataset "train_set_x" \(found: list_classes, test_set_x, test_set_y\)/);
});

test("signsStandIn: deterministic, balanced, the requested first labels, global random untouched", () => {
  random.seed(5);
  const before = random.randomSample();
  random.seed(5);
  const a = signsStandIn(60, { seed: 3, firstLabels: [5, 0, 2] });
  const after = random.randomSample();
  assert.equal(after, before, "the global random must not be used");
  const b = signsStandIn(60, { seed: 3, firstLabels: [5, 0, 2] });
  assert.deepEqual(a.x, b.x);
  assert.deepEqual(a.y, b.y);
  assert.deepEqual(Array.from(a.y.subarray(0, 3)), [5, 0, 2]);
  const perClass = [0, 0, 0, 0, 0, 0];
  for (const l of a.y) perClass[l]++;
  assert.deepEqual(perClass, [10, 10, 10, 10, 10, 10]);
  assert.equal(a.x.length, 60 * 12288);
  assert.notDeepEqual(signsStandIn(6, { seed: 4 }).x, signsStandIn(6, { seed: 3 }).x.subarray(0, 6 * 12288));
  // the top corners are background (light grey), the centre is the hand (redder)
  const px = (k: number, i: number, j: number, c: number): number => a.x[k * 12288 + (i * 64 + j) * 3 + c];
  const redness = (k: number, i0: number, i1: number, j0: number, j1: number): number => {
    let s = 0;
    for (let i = i0; i < i1; i++) for (let j = j0; j < j1; j++) s += px(k, i, j, 0) - px(k, i, j, 2);
    return s / ((i1 - i0) * (j1 - j0));
  };
  for (let k = 0; k < 60; k++) {
    assert.ok(px(k, 1, 1, 0) > 170 && Math.abs(redness(k, 0, 4, 0, 4)) < 15, `image ${k}: corner not background`);
    assert.ok(redness(k, 36, 48, 26, 40) > 30, `image ${k}: no hand in the centre`);
  }
  assert.throws(() => signsStandIn(-1), RangeError);
  assert.throws(() => signsStandIn(3, { firstLabels: [6] }), /label 6 is not in 0\.\.5/);
});

test("loadSigns: the real test file when found, a stand-in of 1080 images for train_signs.h5", { skip: !haveTestFile && "no test_signs.h5" }, () => {
  const d = loadSigns(join(root, "..", "shared", "data"));
  assert.equal(d.test.standIn, false);
  assert.equal(d.test.count, 120);
  if (!existsSync(join(root, "..", "shared", "data", "train_signs.h5"))) {
    assert.equal(d.train.standIn, true);
    assert.equal(d.train.source, "stand-in");
    assert.equal(d.train.count, 1080);
    assert.deepEqual(Array.from(d.train.y.subarray(0, 25)), COURSE_FIRST_TRAIN_LABELS);
  }
  assert.deepEqual(d.classes, [0, 1, 2, 3, 4, 5]);
  assert.throws(() => loadSigns(mkdtempSync(join(tmpdir(), "dnnlab-empty-"))), /neither train_signs\.h5 nor test_signs\.h5 is there/);
});

test("signsDataPaths: DNNLAB_DATA_DIR, datasets/, ../shared/data/; none with DNNLAB_NO_COURSE_DATA=1", () => {
  const saved = { ...process.env };
  try {
    process.env.DNNLAB_DATA_DIR = "/some/where";
    delete process.env.DNNLAB_NO_COURSE_DATA;
    assert.deepEqual(signsDataPaths("test_signs.h5"), [
      "/some/where/test_signs.h5",
      join(root, "datasets", "test_signs.h5"),
      join(root, "..", "shared", "data", "test_signs.h5"),
    ]);
    process.env.DNNLAB_NO_COURSE_DATA = "1";
    assert.deepEqual(signsDataPaths("train_signs.h5"), []);
    const d = loadSigns();
    assert.equal(d.train.standIn && d.test.standIn, true);
    assert.equal(d.test.count, 120);
  } finally {
    process.env = saved;
  }
});

test("loadSigns records in $DNNLAB_DATA_LOG, per file, whether it read the course's file or made the stand-in", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "dnnlab-signs-log-"));
  const log = join(dir, "choices.jsonl");
  const saved = { ...process.env };
  const records = () =>
    readFileSync(log, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => JSON.parse(l) as unknown);
  try {
    process.env.DNNLAB_DATA_LOG = log;
    process.env.DNNLAB_NO_COURSE_DATA = "1";
    loadSigns();
    assert.deepEqual(records(), [
      { file: "train_signs.h5", used: "stand-in" },
      { file: "test_signs.h5", used: "stand-in" },
    ]);
    if (!haveTestFile) {
      t.diagnostic(`no ${testFile}: the course-file record is not checked`);
      return;
    }
    // A folder with only the course's test file: the test split is the course's, the training split a stand-in.
    const only = mkdtempSync(join(tmpdir(), "dnnlab-signs-only-"));
    writeFileSync(join(only, "test_signs.h5"), readFileSync(testFile));
    loadSigns(only);
    assert.deepEqual(records().slice(2), [
      { file: "train_signs.h5", used: "stand-in" },
      { file: "test_signs.h5", used: "course" },
    ]);
  } finally {
    process.env = saved;
  }
});

// ---------------------------------------------------------------------------
// tfjs helpers

test("tensorStr prints tensors as TensorFlow does", () => {
  tf.tidy(() => {
    assert.equal(
      tfUtils.tensorStr(tf.tensor2d([[-2.15657382], [2.95891446]], [2, 1])),
      "tf.Tensor(\n[[-2.1565738]\n [ 2.9589145]], shape=(2, 1), dtype=float32)",
    );
    assert.equal(tfUtils.tensorStr(tf.sigmoid(tf.scalar(-1))), "tf.Tensor(0.26894143, shape=(), dtype=float32)");
    assert.equal(tfUtils.tensorStr(tf.tensor1d([0, 1, 0, 0])), "tf.Tensor([0. 1. 0. 0.], shape=(4,), dtype=float32)");
    assert.equal(tfUtils.tensorStr(tf.tensor1d([3, 10], "int32")), "tf.Tensor([ 3 10], shape=(2,), dtype=int32)");
    const big = tfUtils.tensorStr(tf.range(0, 12288, 1, "int32").reshape([64, 64, 3]));
    assert.ok(big.startsWith("tf.Tensor(\n[[[    0     1     2]\n  [    3     4     5]\n  [    6     7     8]\n  ...\n"), big.slice(0, 120));
    assert.ok(big.endsWith("[12285 12286 12287]]], shape=(64, 64, 3), dtype=int32)"));
  });
});

test("fromTensorSlices, elementSpec, firstElement: like tf.data's from_tensor_slices, element_spec and next(iter())", async () => {
  const start = tf.memory().numTensors;
  const t = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [3, 2, 2], "int32");
  const ds = tfUtils.fromTensorSlices(t);
  t.dispose(); // the dataset keeps a copy of the values
  assert.equal(ds.size, 3);
  assert.equal(await tfUtils.elementSpec(ds), "TensorSpec(shape=(2, 2), dtype=int32)");
  const first = await tfUtils.firstElement(ds);
  assert.deepEqual(first.arraySync(), [
    [1, 2],
    [3, 4],
  ]);
  first.dispose();
  const all = await ds.map((e) => tf.tidy(() => tf.sum(e))).toArray();
  assert.deepEqual(
    all.map((e) => e.dataSync()[0]),
    [10, 26, 42],
  );
  tf.dispose(all);
  const labels = tf.tensor1d([0, 1, 2]);
  const zipped = tf.data.zip({ x: ds, y: tfUtils.fromTensorSlices(labels) });
  labels.dispose();
  assert.equal(
    await tfUtils.elementSpec(zipped as unknown as TF.data.Dataset<TF.TensorContainer>),
    "{'x': TensorSpec(shape=(2, 2), dtype=int32), 'y': TensorSpec(shape=(), dtype=float32)}",
  );
  assert.equal(tf.memory().numTensors, start, "no tensor left behind");
});

test("fromTensorSlices(t).map(f): f runs once per element and its results are kept; maps of that dataset run at every pass; nothing leaks", async () => {
  const start = tf.memory().numTensors;
  const t = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], "int32");
  const ds = tfUtils.fromTensorSlices(t);
  t.dispose();
  const seen: number[] = [];
  const halves = ds.map((e) => {
    seen.push(e.dataSync()[0]);
    return tf.div(tf.cast(e, "float32"), 2);
  });
  let outer = 0;
  const counted = halves.map((e) => {
    outer++;
    return e;
  });
  const pass = async (d: TF.data.Dataset<TF.Tensor>, shape = [2]): Promise<number[][]> => {
    const all = await d.toArray();
    const out = all.map((e) => Array.from(e.dataSync()));
    assert.ok(all.every((e) => e.dtype === "float32" && e.shape.join() === shape.join()));
    tf.dispose(all);
    return out;
  };
  assert.equal(await tfUtils.elementSpec(halves), "TensorSpec(shape=(2,), dtype=float32)"); // computes element 0 only
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(await pass(i === 2 ? counted : halves), [
      [0.5, 1],
      [1.5, 2],
      [2.5, 3],
    ]);
  }
  assert.deepEqual(seen, [1, 3, 5], "f ran once for each element (for element 0, at element_spec)");
  assert.equal(outer, 3, "the map of the mapped dataset ran at its pass");
  // results that are not one tensor of one shape are not kept: f runs at every pass
  const shapes: number[] = [];
  const sources = [tf.tensor1d([1, 2, 3], "int32"), tf.tensor1d([7, 8])];
  const ragged = tfUtils.fromTensorSlices(sources[0]).map((e) => {
    const n = e.dataSync()[0];
    shapes.push(n);
    return tf.zeros([n]);
  });
  for (let i = 0; i < 2; i++) {
    const all = await ragged.toArray();
    assert.deepEqual(
      all.map((e) => e.shape),
      [[1], [2], [3]],
    );
    tf.dispose(all);
  }
  assert.deepEqual(shapes, [1, 2, 3, 1, 2, 3]);
  // an f returning its input keeps it alive; an f that throws leaves nothing behind
  const same = tfUtils.fromTensorSlices(sources[1]).map((e) => e);
  assert.deepEqual((await pass(same, [])).flat(), [7, 8]);
  assert.deepEqual((await pass(same, [])).flat(), [7, 8]);
  const failing = tfUtils.fromTensorSlices(sources[1]).map((): TF.Tensor => {
    throw new Error("no such element");
  });
  await assert.rejects(failing.toArray(), /no such element/);
  tf.dispose(sources);
  assert.equal(tf.memory().numTensors, start, "no tensor left behind");
});

/** Every batch of `ds` as plain data: dtype, shape and values of each tensor, in the structure's order. */
async function batchesOf(ds: TF.data.Dataset<TF.TensorContainer>): Promise<unknown[]> {
  const out: unknown[] = [];
  const describe = (v: unknown): unknown => {
    if (v instanceof tf.Tensor) return { dtype: v.dtype, shape: v.shape, values: Array.from(v.dataSync()) };
    return Object.fromEntries(Object.entries(v as object).map(([k, e]) => [k, describe(e)]));
  };
  const it = await ds.iterator();
  for (let next = await it.next(); !next.done; next = await it.next()) {
    out.push(describe(next.value));
    tf.dispose(next.value);
  }
  return out;
}

/** The kernels run while `f` runs. */
async function kernelsOf(f: () => Promise<void>): Promise<string[]> {
  return (await tf.profile(f as () => Promise<TF.TensorContainer>)).kernelNames;
}

test("batch of slice datasets (and of tf.data.zip of them): the batches tf.data makes element by element, sliced out of the kept values", async () => {
  const start = tf.memory().numTensors;
  const images = tf.tensor3d(
    Array.from({ length: 28 }, (_, i) => i),
    [7, 2, 2],
    "int32",
  );
  const labels = tf.tensor1d([0, 1, 2, 3, 4], "int32");
  const flags = tf.tensor1d([1, 0, 1, 1, 0, 0, 1], "bool");
  const calls: number[] = [];
  const x = tfUtils.fromTensorSlices(images);
  const y = tfUtils.fromTensorSlices(labels).map((e) => {
    calls.push(e.dataSync()[0]);
    return tf.oneHot(e, 5);
  });
  const z = tfUtils.fromTensorSlices(flags);
  // the same elements, made one by one by a generator at each pass: tf.data's own batching
  const elements = { x: await x.toArray(), y: await y.toArray(), z: await z.toArray() };
  const plain = (all: TF.Tensor[]): TF.data.Dataset<TF.Tensor> =>
    tf.data.generator(function* () {
      for (const e of all) yield e.clone();
    });
  type Sources = { x: TF.data.Dataset<TF.Tensor>; y: TF.data.Dataset<TF.Tensor>; z: TF.data.Dataset<TF.Tensor> };
  const pipelines = (d: Sources) => [
    tf.data.zip({ x: d.x, y: d.y }).batch(3),
    tf.data.zip({ x: d.x, y: d.y }).batch(3, false),
    tf.data
      .zip({ z: d.z, inner: { a: d.x, b: d.y } })
      .batch(2)
      .prefetch(2),
    d.x.batch(4),
    d.z.batch(7),
    d.x.batch(10),
  ];
  // (tf.data's zip drops, without disposing, the element it drew from a longer dataset: the scope frees it)
  tf.engine().startScope();
  const expected: unknown[][] = [];
  for (const ds of pipelines({ x: plain(elements.x), y: plain(elements.y), z: plain(elements.z) })) {
    expected.push(await batchesOf(ds as TF.data.Dataset<TF.TensorContainer>));
  }
  tf.engine().endScope();
  tf.dispose([...elements.x, ...elements.y, ...elements.z]);
  assert.deepEqual(calls, [0, 1, 2, 3, 4], "f ran once per element");
  assert.deepEqual((expected[0][1] as { y: { shape: number[] } }).y.shape, [2, 5], "the zip stops at the shortest dataset: 5 labels, batches of 3 and 2");
  assert.equal(expected[1].length, 1, "without the small last batch, one batch of 3");
  const before = tf.memory().numTensors;
  const summaries: string[] = [];
  const kernels = await kernelsOf(async () => {
    const got = [];
    for (const ds of pipelines({ x, y, z })) {
      got.push(await batchesOf(ds as TF.data.Dataset<TF.TensorContainer>));
      summaries.push((await ds.iterator()).summary());
    }
    assert.deepEqual(got, expected);
  });
  assert.equal(tf.memory().numTensors, before, "sliced batching leaves no tensor behind");
  assert.ok(!kernels.includes("Pack"), `no batch was stacked: ${kernels.join(" ")}`);
  assert.equal(summaries.filter((s) => s.includes("-> Batch (sliced)")).length, 6, summaries.join("\n"));
  assert.equal(calls.length, 5, "the kept results were batched: f did not run again");
  // prefetch asks for batches ahead; each is made when it is awaited (read while in cache), none left behind
  const ahead = await tf.data.zip({ x, y }).batch(1).prefetch(4).iterator();
  const first = await ahead.next();
  assert.equal(tf.memory().numTensors, before + 2, "one batch (x and y) made, not the four asked for");
  tf.dispose(first.value as TF.TensorContainer);
  for (let next = await ahead.next(); !next.done; next = await ahead.next()) tf.dispose(next.value as TF.TensorContainer);
  assert.equal(tf.memory().numTensors, before);
  // a map whose first pass has not run yet, and a tf.data map of a slice dataset: batched by tf.data
  const fresh = tfUtils.fromTensorSlices(labels).map((e) => tf.cast(e, "float32"));
  const doubled = y.map((e) => tf.add(e, e)); // tf.data's map of a kept map: runs at every pass
  const stacked = await kernelsOf(async () => {
    assert.deepEqual(await batchesOf(fresh.batch(2)), [
      { dtype: "float32", shape: [2], values: [0, 1] },
      { dtype: "float32", shape: [2], values: [2, 3] },
      { dtype: "float32", shape: [1], values: [4] },
    ]);
    assert.deepEqual(await batchesOf(doubled.batch(4)), [
      { dtype: "int32", shape: [4, 5], values: Array.from({ length: 20 }, (_, i) => (i % 6 === 0 ? 2 : 0)) },
      { dtype: "int32", shape: [1, 5], values: [0, 0, 0, 0, 2] },
    ]);
  });
  assert.ok(stacked.includes("Pack"), "tf.data stacked the elements");
  assert.ok(!(await doubled.batch(4).iterator()).summary().includes("sliced"), "a map that runs at every pass is batched by tf.data");
  assert.ok((await fresh.batch(2).iterator()).summary().includes("sliced"), "once its first pass has run, the map is sliced too");
  tf.dispose([images, labels, flags]);
  assert.equal(tf.memory().numTensors, start, "no tensor left behind");
});

test("CategoricalAccuracy accumulates like Keras' metric (float32 ratio), resets, and needs matching shapes", () => {
  const acc = new tfUtils.CategoricalAccuracy();
  tf.tidy(() => {
    const yTrue = tf.tensor2d([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    acc.updateState(
      yTrue,
      tf.tensor2d([
        [0.9, 0.05, 0.05],
        [0.2, 0.1, 0.7],
        [0, 0.1, 3],
      ]),
    );
    acc.updateState(tf.tensor2d([[0, 1, 0]]), tf.tensor2d([[1, 2, 0]]));
  });
  const r = acc.result();
  assert.equal(tfUtils.tensorStr(r), "tf.Tensor(0.75, shape=(), dtype=float32)");
  r.dispose();
  acc.resetState();
  tf.tidy(() => {
    for (let k = 0; k < 1080; k++) acc.updateState(tf.tensor2d([[1, 0]]), tf.tensor2d([[k < 187 ? 1 : 0, 0.5]]));
  });
  const r2 = acc.result();
  assert.equal(tfUtils.tensorStr(r2), "tf.Tensor(0.17314816, shape=(), dtype=float32)"); // 187/1080, the course's first accuracy
  r2.dispose();
  assert.throws(() => tf.tidy(() => acc.updateState(tf.zeros([2, 3]), tf.zeros([3, 2]))), /must both be \(examples, classes\)/);
  acc.dispose();
});

test("encodePng writes a valid 8-bit RGB PNG", () => {
  const rgb = Uint8Array.from({ length: 2 * 3 * 3 }, (_, i) => i * 10);
  const png = encodePng(3, 2, rgb);
  assert.deepEqual(Array.from(png.subarray(0, 8)), [137, 80, 78, 71, 13, 10, 26, 10]);
  const idatAt = png.indexOf("IDAT");
  const len = png.readUInt32BE(idatAt - 4);
  const raw = inflateSync(png.subarray(idatAt + 4, idatAt + 4 + len));
  assert.deepEqual(Array.from(raw), [0, ...rgb.subarray(0, 9), 0, ...rgb.subarray(9)]);
  assert.throws(() => encodePng(3, 3, rgb), RangeError);
});

test("plotImageGrid builds a 5×5 grid of PNG images titled by label", () => {
  const s = signsStandIn(25, { seed: 1 });
  const fig = tfUtils.plotImageGrid(s.x, s.y, { show: false });
  assert.equal(fig.data.length, 25);
  assert.ok(fig.data.every((t) => t.type === "image" && t.source.startsWith("data:image/png;base64,")));
  assert.deepEqual(
    fig.layout.annotations.map((a) => a.text),
    Array.from(s.y, String),
  );
});

test("plotImageGrid and plotAccuracies place their titles below the mode bar themselves: the figure returned is the one shown", () => {
  const s = signsStandIn(10, { seed: 1 });
  const grid = tfUtils.plotImageGrid(s.x, s.y, { show: false, title: "The first 10 training images" });
  const accuracies = tfUtils.plotAccuracies([0.2, 0.5], [0.1, 0.4], { show: false, title: "Learning rate =0.0001", xlabel: "epochs (per tens)" });
  for (const fig of [grid, accuracies]) {
    assert.equal(withTitleBelowModeBar(fig), fig, `${fig.layout.title?.text}: nothing for the display to move`);
    assert.equal(fig.layout.title?.yanchor, "top");
  }
  // the panels are laid out for the top margin the figure has: the first row's labels end just below it
  const plotHeight = grid.layout.height - grid.layout.margin.t - grid.layout.margin.b;
  const firstLabel = grid.layout.annotations[0];
  assert.ok(Math.abs((1 - firstLabel.y) * plotHeight - 18) < 1e-9, `label row at ${(1 - firstLabel.y) * plotHeight} px below the plot's top`);
});

// ---------------------------------------------------------------------------
// Reference solutions of the exercises (as in the notebook)

function initializeParameters(): tfUtils.TfParameters {
  const shapes: Record<string, [number, number]> = { W1: [25, 12288], b1: [25, 1], W2: [12, 25], b2: [12, 1], W3: [6, 12], b3: [6, 1] };
  const parameters: tfUtils.TfParameters = {};
  Object.entries(shapes).forEach(([k, s], i) => {
    parameters[k] = tf.tidy(() => tf.variable(tf.initializers.glorotNormal({ seed: i + 1 }).apply(s)));
  });
  return parameters;
}

function forwardPropagation(X: TF.Tensor, p: tfUtils.TfParameters): TF.Tensor {
  const A1 = tf.relu(tf.add(tf.matMul(p.W1 as TF.Tensor2D, X as TF.Tensor2D), p.b1));
  const A2 = tf.relu(tf.add(tf.matMul(p.W2 as TF.Tensor2D, A1 as TF.Tensor2D), p.b2));
  return tf.add(tf.matMul(p.W3 as TF.Tensor2D, A2 as TF.Tensor2D), p.b3);
}

function computeCost(logits: TF.Tensor, labels: TF.Tensor): TF.Tensor {
  return tf.losses.softmaxCrossEntropy(tf.transpose(labels), tf.transpose(logits));
}

const normalize = (image: TF.Tensor): TF.Tensor => tf.tidy(() => tf.reshape(tf.div(tf.cast(image, "float32"), 255), [-1]));
const oneHot = (label: TF.Tensor): TF.Tensor => tf.tidy(() => tf.cast(tf.oneHot(label as TF.Tensor1D, 6), "float32"));

function datasets(split: { x: Uint8Array; y: Int32Array; count: number }): [TF.data.Dataset<TF.Tensor>, TF.data.Dataset<TF.Tensor>] {
  const x = tf.tensor4d(split.x, [split.count, 64, 64, 3], "int32");
  const y = tf.tensor1d(split.y, "int32");
  const result: [TF.data.Dataset<TF.Tensor>, TF.data.Dataset<TF.Tensor>] = [
    tfUtils.fromTensorSlices(x).map(normalize),
    tfUtils.fromTensorSlices(y).map(oneHot),
  ];
  tf.dispose([x, y]); // the datasets keep copies of the values
  return result;
}

/** The notebook's model and data pipeline (build/solutions/TensorFlow_introduction.training.js), loaded once. */
let training: Promise<TensorFlowTraining["functions"]> | undefined;
function notebook(): Promise<TensorFlowTraining["functions"]> {
  training ??= loadSolution<TensorFlowTraining>("TensorFlow_introduction", "training").then((t) => t.functions);
  return training;
}

/**
 * `ds` with the number of tensors recorded in `counts` when each pass over it
 * starts (at its first element: after the previous epoch, its evaluation included).
 */
function countingPasses(ds: TF.data.Dataset<TF.Tensor>, counts: number[]): TF.data.Dataset<TF.Tensor> {
  const size = ds.size;
  assert.ok(Number.isInteger(size) && size > 0, `the dataset's size is known: ${size}`);
  let k = 0;
  return ds.map((e) => {
    if (k++ % size === 0) counts.push(tf.memory().numTensors);
    return e;
  });
}

test("the notebook's model on its own pipeline: the number of tensors is the same after every epoch, none is left once the parameters are freed", async () => {
  const nb = await notebook(); // the data tensors it holds exist before `start`
  const start = tf.memory().numTensors;
  const counts: number[] = [];
  const { lines, error } = await capturedAsync(async () => {
    const [parameters, costs, trainAcc, testAcc] = await nb.model(countingPasses(nb.newTrain, counts), nb.newYTrain, nb.newTest, nb.newYTest, {
      numEpochs: 3,
    });
    assert.equal(costs.length, 1);
    assert.equal(trainAcc.length, 1);
    assert.equal(testAcc.length, 1);
    tf.dispose(Object.values(parameters));
  });
  assert.equal(error, undefined, String(error));
  // epoch 0 creates Adam's moment variables; from then on nothing accumulates
  assert.equal(counts.length, 3, `tensors at the start of each epoch: ${counts.join(" ")}`);
  assert.deepEqual(new Set(counts.slice(1)).size, 1, `tensors at the start of each epoch: ${counts.join(" ")}`);
  assert.equal(tf.memory().numTensors, start);
  assert.match(lines[0], /^Cost after epoch 0: 0\.\d{6}$/);
  assert.match(lines[1], /^Train accuracy: tf\.Tensor\(0\.\d+, shape=\(\), dtype=float32\)$/);
  assert.match(lines[2], /^Test_accuracy: tf\.Tensor\(/);
  assert.match(lines[3], /^Trained 3 epochs in /);
  // the notebook's own count: after the first epoch and after the last
  const [, first, last] = /^Tensors in memory after the first epoch: (\d+), after the last: (\d+)$/.exec(lines[4]) ?? [];
  assert.ok(first !== undefined && first === last, lines[4]);
  assert.equal(lines.length, 5, lines.join("\n"));
});

test("the notebook's model learns the stand-in: the cost falls and the training accuracy rises", async () => {
  const nb = await notebook();
  const [xTrain, yTrain] = datasets(signsStandIn(192, { seed: 9 }));
  // the model records the cost and the accuracies when it prints them (every 10 epochs)
  const { error } = await capturedAsync(async () => {
    const [parameters, costs, trainAcc] = await nb.model(xTrain, yTrain, xTrain, yTrain, { numEpochs: 21, learningRate: 0.0003 });
    tf.dispose(Object.values(parameters));
    assert.equal(costs.length, 3);
    assert.ok(costs[2] < costs[0], `costs ${costs.join(", ")}`);
    assert.ok(trainAcc[2] > trainAcc[0] && trainAcc[2] > 0.3, `train accuracies ${trainAcc.join(", ")}`);
  });
  assert.equal(error, undefined, String(error));
});

// ---------------------------------------------------------------------------
// Checkers

function linearFunction(): TF.Tensor {
  random.seed(1);
  const X = tf.tensor2d(random.randn(3, 1).to2DArray());
  const W = tf.tensor2d(random.randn(4, 3).to2DArray());
  const b = tf.tensor2d(random.randn(4, 1).to2DArray());
  return tf.add(tf.matMul(W, X), b);
}

test("linearFunctionTest: passes the solution (printing the course's column), names a wrong draw order", () => {
  const ok = captured(() => tfCheckers.linearFunctionTest(linearFunction));
  assert.equal(ok.error, undefined);
  assert.deepEqual(ok.lines, ["tf.Tensor(\n[[-2.1565738]\n [ 2.9589148]\n [-1.0892676]\n [-0.8453805]], shape=(4, 1), dtype=float32)", PASSED]);
  const bad = captured(() =>
    tfCheckers.linearFunctionTest(() => {
      random.seed(1);
      const W = tf.tensor2d(random.randn(4, 3).to2DArray());
      const X = tf.tensor2d(random.randn(3, 1).to2DArray());
      const b = tf.tensor2d(random.randn(4, 1).to2DArray());
      return tf.add(tf.matMul(W, X), b);
    }),
  );
  assert.ok(bad.error instanceof CheckFailed);
  assert.ok(
    bad.lines.some((l) => l.includes("Wrong values: expected [-2.1565738, 2.9589145, -1.0892678, -0.8453804]")),
    bad.lines.join("\n"),
  );
  const notTensor = captured(() => tfCheckers.linearFunctionTest((() => [[1]]) as unknown as () => TF.Tensor));
  assert.ok(notTensor.lines.some((l) => l.includes("Use the TensorFlow.js API: expected a tf.Tensor")));
});

test("sigmoidTest: float32 values of the course; a float64-minded or wrong sigmoid fails", () => {
  const sigmoid = (z: number): TF.Tensor => tf.sigmoid(tf.cast(tf.scalar(z), "float32"));
  const ok = captured(() => tfCheckers.sigmoidTest(sigmoid));
  assert.equal(ok.error, undefined);
  assert.deepEqual(ok.lines, [PASSED]);
  const bad = captured(() => tfCheckers.sigmoidTest((z) => tf.tanh(tf.scalar(z))));
  assert.ok(bad.error instanceof CheckFailed);
  assert.ok(
    bad.lines.some((l) => l.includes("sigmoid(0): expected 0.5, got 0.")),
    bad.lines.join("\n"),
  );
  const ints = captured(() => tfCheckers.sigmoidTest((z) => tf.scalar(z, "int32")));
  assert.ok(ints.lines.some((l) => l.includes("sigmoid(0): expected dtype float32 (cast the input), got int32")));
});

test("oneHotMatrixTest: prints the two vectors; an int32 or unreshaped result fails precisely", () => {
  const start = tf.memory().numTensors;
  const oneHotMatrix = (label: TF.Tensor | number | number[], depth = 6): TF.Tensor =>
    tf.tidy(() => tf.reshape(tf.cast(tf.oneHot(label as TF.Tensor1D, depth), "float32"), [depth]));
  const ok = captured(() => tfCheckers.oneHotMatrixTest(oneHotMatrix));
  assert.equal(ok.error, undefined);
  assert.deepEqual(ok.lines, [
    "Test 1: tf.Tensor([0. 1. 0. 0.], shape=(4,), dtype=float32)",
    "Test 2: tf.Tensor([0. 0. 1. 0.], shape=(4,), dtype=float32)",
    PASSED,
  ]);
  const ints = captured(() => tfCheckers.oneHotMatrixTest((l, d = 6) => tf.oneHot(l as TF.Tensor1D, d)));
  assert.ok(ints.error instanceof CheckFailed);
  assert.ok(ints.lines.some((l) => l.includes("oneHotMatrix(tf.scalar(1, 'int32'), 4): expected dtype float32 (tf.oneHot gives int32: cast it), got int32")));
  assert.ok(ints.lines.some((l) => l.includes("oneHotMatrix([2], 4): expected shape (4,) (reshape to [depth]), got (1, 4)")));
  assert.equal(tf.memory().numTensors, start);
});

test("initializeParametersTest: shapes printed, statistics checked, a reused seed is caught, nothing leaks", () => {
  const start = tf.memory().numTensors;
  const ok = captured(() => tfCheckers.initializeParametersTest(initializeParameters));
  assert.equal(ok.error, undefined, ok.lines.join("\n"));
  assert.deepEqual(ok.lines, [
    "W1 shape: (25, 12288)",
    "b1 shape: (25, 1)",
    "W2 shape: (12, 25)",
    "b2 shape: (12, 1)",
    "W3 shape: (6, 12)",
    "b3 shape: (6, 1)",
    PASSED,
  ]);
  const shared = captured(() =>
    tfCheckers.initializeParametersTest(() => {
      const init = tf.initializers.glorotNormal({ seed: 1 });
      const p: tfUtils.TfParameters = {};
      for (const [k, s] of Object.entries(tfCheckers.PARAMETER_SHAPES)) p[k] = tf.tidy(() => tf.variable(init.apply([...s])));
      return p;
    }),
  );
  assert.ok(shared.error instanceof CheckFailed);
  assert.ok(
    shared.lines.some((l) => l.includes(`"b1" and "W1"`) && l.includes("give each parameter its own seed")),
    shared.lines.join("\n"),
  );
  let leaked: TF.Tensor | undefined;
  const wrong = captured(() =>
    tfCheckers.initializeParametersTest(() => {
      const p = initializeParameters();
      p.W1.dispose();
      leaked?.dispose(); // the first call's
      leaked = tf.zeros([12288, 25]);
      p.W1 = tf.variable(leaked);
      return p;
    }),
  );
  assert.ok(wrong.lines.some((l) => l.includes(`"W1" has shape (12288, 25), expected (25, 12288)`)));
  assert.ok(
    wrong.lines.some((l) => l.includes("initializeParameters() leaves 1 tensor(s) behind besides the 6 it returns")),
    wrong.lines.join("\n"),
  );
  leaked?.dispose();
  assert.equal(tf.memory().numTensors, start);
});

/** The numbers of a printed list "[a, b, ...]" that follows `label` in `line`. */
function listAfter(line: string, label: string): number[] {
  const at = line.indexOf(label);
  assert.ok(at >= 0, `no "${label}" in: ${line}`);
  const open = line.indexOf("[", at + label.length);
  return line
    .slice(open + 1, line.indexOf("]", open))
    .split(",")
    .map(Number);
}

/** The forward pass, and the same with one mistake each: none passes but the first. */
const forwardPasses: Record<string, (X: TF.Tensor, p: tfUtils.TfParameters) => TF.Tensor> = {
  correct: forwardPropagation,
  "no relu after layer 1": (X, p) =>
    tf.add(
      tf.matMul(
        p.W3 as TF.Tensor2D,
        tf.relu(tf.add(tf.matMul(p.W2 as TF.Tensor2D, tf.add(tf.matMul(p.W1 as TF.Tensor2D, X as TF.Tensor2D), p.b1) as TF.Tensor2D), p.b2)) as TF.Tensor2D,
      ),
      p.b3,
    ),
  "no relu after layer 2": (X, p) =>
    tf.add(
      tf.matMul(
        p.W3 as TF.Tensor2D,
        tf.add(tf.matMul(p.W2 as TF.Tensor2D, tf.relu(tf.add(tf.matMul(p.W1 as TF.Tensor2D, X as TF.Tensor2D), p.b1)) as TF.Tensor2D), p.b2) as TF.Tensor2D,
      ),
      p.b3,
    ),
  "b3 subtracted": (X, p) => tf.sub(tf.sub(forwardPropagation(X, p), p.b3), p.b3),
  "no b3": (X, p) => tf.sub(forwardPropagation(X, p), p.b3),
  "b1 forgotten": (X, p) => {
    const A1 = tf.relu(tf.matMul(p.W1 as TF.Tensor2D, X as TF.Tensor2D));
    const A2 = tf.relu(tf.add(tf.matMul(p.W2 as TF.Tensor2D, A1 as TF.Tensor2D), p.b2));
    return tf.add(tf.matMul(p.W3 as TF.Tensor2D, A2 as TF.Tensor2D), p.b3);
  },
};

const FORWARD_LABEL = "expected W3·relu(W2·relu(W1·X + b1) + b2) + b3 =";

test("FORWARD_PROPAGATION_EXPECTED: a (6, 2) literal of the course's network on the checker's inputs", () => {
  const want = tfCheckers.FORWARD_PROPAGATION_EXPECTED;
  assert.equal(want.length, 6);
  assert.ok(want.every((r) => r.length === 2 && r.every(Number.isFinite)));
  // the same values as the reference forward pass, within float32 rounding, on the inputs the docs name
  const [got, z3] = tf.tidy(() => {
    const images = signsStandIn(2, { seed: 1, firstLabels: [5, 0] });
    const X = tf.transpose(tf.div(tf.tensor2d(images.x, [2, 12288], "float32"), 255));
    const p = initializeParameters();
    const out = forwardPropagation(X, p);
    tf.dispose(Object.values(p));
    return [Array.from(out.dataSync()), out.shape];
  }) as unknown as [number[], number[]];
  assert.deepEqual(z3, [6, 2]);
  want.flat().forEach((w, i) => {
    assert.ok(Math.abs(got[i] - w) <= 1e-5 + 1e-5 * Math.abs(w), `Z3[${i}]: ${got[i]} vs ${w}`);
  });
});

test("forwardPropagationTest: the solution matches the literal; a missing relu or a wrong bias fails with expected and got; nothing leaks", () => {
  const start = tf.memory().numTensors;
  // the checker takes the learner's function only: inputs of the caller would need the answer computed
  // @ts-expect-error no second argument
  void (() => tfCheckers.forwardPropagationTest(forwardPropagation, {}));
  const ok = captured(() => tfCheckers.forwardPropagationTest(forwardPropagation));
  assert.equal(ok.error, undefined, ok.lines.join("\n"));
  assert.match(ok.lines[0], /^tf\.Tensor\(\n\[\[.*\]\], shape=\(6, 2\), dtype=float32\)$/s);
  assert.equal(ok.lines[1], PASSED);
  assert.equal(tf.memory().numTensors, start);
  const want = tfCheckers.FORWARD_PROPAGATION_EXPECTED.flat();
  for (const [name, pass] of Object.entries(forwardPasses)) {
    if (name === "correct") continue;
    let gotValues: number[] = [];
    const r = captured(() =>
      tfCheckers.forwardPropagationTest((X, p) => {
        const z = pass(X, p);
        gotValues = Array.from(z.dataSync());
        return z;
      }),
    );
    assert.ok(r.error instanceof CheckFailed, `${name}: should fail`);
    const line = r.lines.find((l) => l.includes(FORWARD_LABEL));
    assert.ok(line !== undefined, `${name}: no expected/got line in\n${r.lines.join("\n")}`);
    const expectedShown = listAfter(line, FORWARD_LABEL);
    const gotShown = listAfter(line, ", got ");
    assert.equal(expectedShown.length, 12);
    expectedShown.forEach((e, i) => {
      assert.ok(Math.abs(e - want[i]) <= 1e-6 * Math.max(1, Math.abs(want[i])), `${name}: expected[${i}] shown ${e}, literal ${want[i]}`);
    });
    assert.equal(gotShown.length, 12);
    gotShown.forEach((g, i) => {
      assert.ok(Math.abs(g - gotValues[i]) <= 1e-6 * Math.max(1, Math.abs(gotValues[i])), `${name}: got[${i}] shown ${g}, returned ${gotValues[i]}`);
    });
    assert.ok(
      r.lines.some((l) => l.includes(" 1  Tests failed")),
      r.lines.join("\n"),
    );
    assert.equal(tf.memory().numTensors, start, `${name}: tensors left behind`);
  }
  const wrongShape = captured(() => tfCheckers.forwardPropagationTest((X, p) => tf.add(tf.matMul(p.W2, tf.relu(tf.add(tf.matMul(p.W1, X), p.b1))), p.b2)));
  assert.ok(wrongShape.lines.some((l) => l.includes("expected shape (6, 2), got (12, 2): the last layer must use W3 and b3")));
  assert.equal(tf.memory().numTensors, start);
});

test("forwardPropagationTest on the cpu backend: the same literal accepts the solution and rejects the mistakes", () => {
  // a fresh process: the backend of this one stays wasm
  const script = `
    const course = require(${JSON.stringify(join(root, "dist", "course", "tensorflow", "index.js"))});
    const dnn = { tfUtils: course, tfCheckers: course };
    const tf = course.tfjs();
    const forwardPropagation = (X, p) => {
      const A1 = tf.relu(tf.add(tf.matMul(p.W1, X), p.b1));
      const A2 = tf.relu(tf.add(tf.matMul(p.W2, A1), p.b2));
      return tf.add(tf.matMul(p.W3, A2), p.b3);
    };
    const noRelu = (X, p) => tf.add(tf.matMul(p.W3, tf.relu(tf.add(tf.matMul(p.W2, tf.add(tf.matMul(p.W1, X), p.b1)), p.b2))), p.b3);
    const wrongBias = (X, p) => tf.sub(forwardPropagation(X, p), tf.mul(2, p.b3));
    dnn.tfUtils.setUpBackend({ backend: "cpu" }).then((b) => {
      console.log("backend:", b, tf.getBackend());
      for (const [name, f] of [["correct", forwardPropagation], ["noRelu", noRelu], ["wrongBias", wrongBias]]) {
        console.log("== " + name);
        try { dnn.tfCheckers.forwardPropagationTest(f); console.log("verdict: passed"); }
        catch (e) { console.log("verdict: " + e.name); }
      }
    });`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout;
  assert.match(out, /^backend: cpu cpu\n/);
  const sections = Object.fromEntries(
    out
      .split("== ")
      .slice(1)
      .map((s) => [s.slice(0, s.indexOf("\n")), s]),
  );
  assert.match(sections.correct, /\x1b\[92m All tests passed\.\nverdict: passed\n$/);
  const want = tfCheckers.FORWARD_PROPAGATION_EXPECTED.flat();
  for (const name of ["noRelu", "wrongBias"]) {
    assert.match(sections[name], /verdict: AssertionError\n$/, sections[name]);
    const line = sections[name].split("\n").find((l: string) => l.includes(FORWARD_LABEL));
    assert.ok(line !== undefined, sections[name]);
    listAfter(line, FORWARD_LABEL).forEach((e, i) => {
      assert.ok(Math.abs(e - want[i]) <= 1e-6 * Math.max(1, Math.abs(want[i])));
    });
    assert.equal(listAfter(line, ", got ").length, 12);
  }
});

test("computeCostTest: 0.4051435 for the course's logits and labels [5, 0]; untransposed inputs fail", () => {
  const ok = captured(() => tfCheckers.computeCostTest(computeCost));
  assert.equal(ok.error, undefined, ok.lines.join("\n"));
  assert.deepEqual(ok.lines, ["tf.Tensor(0.4051435, shape=(), dtype=float32)", PASSED]);
  const untransposed = captured(() => tfCheckers.computeCostTest((logits, labels) => tf.losses.softmaxCrossEntropy(labels, logits)));
  assert.ok(untransposed.error instanceof CheckFailed);
  assert.ok(
    untransposed.lines.some((l) => l.includes("expected 0.405143535 (within 1e-7), got")),
    untransposed.lines.join("\n"),
  );
});

test("setUpBackend falls back to the cpu backend, with a note, when the wasm files are not found", () => {
  const script = `require(${JSON.stringify(join(root, "dist", "course", "tensorflow", "index.js"))}).setUpBackend({ wasmDir: "/nonexistent/" }).then((b) => console.log("backend:", b))`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Note: the WebAssembly backend could not start \(.*nonexistent.*\); using the cpu backend instead \(slower\)\.\nbackend: cpu\n$/);
});

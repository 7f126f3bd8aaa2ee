// The kernels setUpBackend installs on TensorFlow.js's wasm backend
// (lib/course/tensorflow/kernels.ts, kernels.wat) and the fused Adam update
// (adam.ts): the same bits as the backend's own kernels they replace, the
// same values as tfjs's cpu backend (within float32 rounding where the order
// of a sum differs), for every transpose flag, batch shape and size.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type * as TF from "@tensorflow/tfjs";
import * as tfUtils from "dnnlab/course/tensorflow";
import { ADAM_KERNEL, originalKernel } from "../helpers/internal";
import { projectRoot, solutionModulePath } from "../helpers/solutions";

const tf = tfUtils.tfjs();

test.before(async () => {
  assert.equal(await tfUtils.setUpBackend(), "wasm");
});

/** Seeded values in [-1, 1) (xorshift32), with a few exact zeros and large ones. */
function values(count: number, seed: number): Float32Array {
  let s = seed * 2654435761 || 1;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const u = (s >>> 0) / 2 ** 32;
    out[i] = i % 29 === 7 ? 0 : i % 31 === 3 ? (u - 0.5) * 1e4 : 2 * u - 1;
  }
  return out;
}

/** Where two float32 arrays differ bit for bit, as a message (empty when they do not). */
function bitDifference(got: Float32Array, want: Float32Array): string {
  if (got.length !== want.length) return `length ${got.length}, expected ${want.length}`;
  const g = new Uint32Array(got.buffer, got.byteOffset, got.length);
  const w = new Uint32Array(want.buffer, want.byteOffset, want.length);
  for (let i = 0; i < g.length; i++)
    if (g[i] !== w[i]) return `element ${i}: ${got[i]}, expected ${want[i]} (bits ${g[i].toString(16)} vs ${w[i].toString(16)})`;
  return "";
}

/** Runs the wasm backend's own kernel `name` (the one setUpBackend replaced) and returns its float32 values. */
function viaOriginal(name: string, inputs: TF.NamedTensorInfoMap | TF.TensorInfo[], attrs: TF.NamedAttrMap): Float32Array {
  const kernel = originalKernel(name);
  assert.ok(kernel, `setUpBackend should have replaced the wasm backend's ${name}`);
  const backend = tf.backend();
  const out = kernel({ inputs: inputs as TF.NamedTensorInfoMap, backend, attrs }) as TF.TensorInfo;
  const result = Float32Array.from(backend.readSync(out.dataId) as Float32Array);
  backend.disposeData(out.dataId);
  return result;
}

interface Product {
  m: number;
  k: number;
  n: number;
  transposeA: boolean;
  transposeB: boolean;
  batchA: number[];
  batchB: number[];
}

const shapesOf = (p: Product): [number[], number[]] => [
  [...p.batchA, ...(p.transposeA ? [p.k, p.m] : [p.m, p.k])],
  [...p.batchB, ...(p.transposeB ? [p.n, p.k] : [p.k, p.n])],
];
const describe = (p: Product): string => {
  const [a, b] = shapesOf(p);
  return `(${a}) · (${b}), transposeA ${p.transposeA}, transposeB ${p.transposeB}`;
};

const sizeOf = (shape: number[]): number => shape.reduce((x, y) => x * y, 1);

function product(p: Product, seed: number): Float32Array {
  const [sa, sb] = shapesOf(p);
  return tf.tidy(() => {
    const a = tf.tensor(values(sizeOf(sa), seed), sa);
    const b = tf.tensor(values(sizeOf(sb), seed + 1), sb);
    return Float32Array.from(tf.matMul(a, b, p.transposeA, p.transposeB).dataSync() as Float32Array);
  });
}

/** The product in float64 and, per element, the sum of the terms' magnitudes (what bounds a float32 sum's error). */
function reference(p: Product, seed: number): { exact: Float64Array; magnitude: Float64Array } {
  const [sa, sb] = shapesOf(p);
  const a = values(sizeOf(sa), seed);
  const b = values(sizeOf(sb), seed + 1);
  const batchA = sizeOf(p.batchA);
  const batchB = sizeOf(p.batchB);
  const batch = Math.max(batchA, batchB);
  const exact = new Float64Array(batch * p.m * p.n);
  const magnitude = new Float64Array(batch * p.m * p.n);
  for (let t = 0; t < batch; t++) {
    const a0 = (batchA === 1 ? 0 : t) * p.m * p.k;
    const b0 = (batchB === 1 ? 0 : t) * p.k * p.n;
    for (let i = 0; i < p.m; i++) {
      for (let j = 0; j < p.n; j++) {
        let sum = 0;
        let abs = 0;
        for (let q = 0; q < p.k; q++) {
          const term = a[a0 + (p.transposeA ? q * p.m + i : i * p.k + q)] * b[b0 + (p.transposeB ? j * p.k + q : q * p.n + j)];
          sum += term;
          abs += Math.abs(term);
        }
        exact[(t * p.m + i) * p.n + j] = sum;
        magnitude[(t * p.m + i) * p.n + j] = abs;
      }
    }
  }
  return { exact, magnitude };
}

test("BatchMatMul: the same bits as the wasm backend's own kernel (XNNPACK's running sum, the scalar loop's blocks of 48)", () => {
  const plain = { batchA: [], batchB: [] };
  const cases: Product[] = [
    { m: 25, k: 12288, n: 32, transposeA: false, transposeB: false, ...plain }, // W1·X
    { m: 25, k: 32, n: 12288, transposeA: false, transposeB: true, ...plain }, // dW1 = dZ1·Xᵀ
    { m: 25, k: 12, n: 32, transposeA: true, transposeB: false, ...plain }, // dA1 = W2ᵀ·dZ2
    { m: 7, k: 300, n: 13, transposeA: false, transposeB: false, ...plain }, // several running blocks
    { m: 13, k: 130, n: 9, transposeA: true, transposeB: true, ...plain }, // blocks of 48 and a remainder
    { m: 25, k: 100, n: 50, transposeA: false, transposeB: true, ...plain },
    { m: 5, k: 7, n: 3, transposeA: false, transposeB: false, ...plain },
    { m: 1, k: 1, n: 1, transposeA: true, transposeB: true, ...plain },
    { m: 6, k: 97, n: 19, transposeA: true, transposeB: false, ...plain },
    { m: 3, k: 50, n: 11, transposeA: false, transposeB: false, batchA: [3], batchB: [3] }, // batches: the scalar loop
    { m: 9, k: 49, n: 5, transposeA: true, transposeB: true, batchA: [2, 2], batchB: [2, 2] },
    { m: 4, k: 33, n: 8, transposeA: false, transposeB: true, batchA: [1], batchB: [1] },
  ];
  for (const [i, p] of cases.entries()) {
    const [sa, sb] = shapesOf(p);
    const a = tf.tensor(values(sizeOf(sa), 10 + i), sa);
    const b = tf.tensor(values(sizeOf(sb), 11 + i), sb);
    const got = Float32Array.from(tf.matMul(a, b, p.transposeA, p.transposeB).dataSync() as Float32Array);
    const want = viaOriginal("BatchMatMul", { a, b }, { transposeA: p.transposeA, transposeB: p.transposeB });
    tf.dispose([a, b]);
    assert.equal(bitDifference(got, want), "", describe(p));
  }
});

test("BatchMatMul: the cpu backend's values within float32 rounding, for random shapes, flags and batches (broadcast included)", async () => {
  const cases: Product[] = [];
  let r = 12345;
  const next = (n: number): number => {
    r = (r * 1103515245 + 12345) % 2 ** 31;
    return r % n;
  };
  for (let i = 0; i < 60; i++) {
    const batches = [
      [[], []],
      [[2], [2]],
      [[1], [3]],
      [[2, 3], [1]],
      [[], [2, 2]],
      [[3], []],
    ][next(6)];
    cases.push({
      m: 1 + next(20),
      k: next(130),
      n: 1 + next(40),
      transposeA: next(2) === 1,
      transposeB: next(2) === 1,
      batchA: batches[0],
      batchB: batches[1],
    });
  }
  cases.push({ m: 25, k: 32, n: 12288, transposeA: false, transposeB: true, batchA: [], batchB: [] });
  cases.push({ m: 2, k: 0, n: 3, transposeA: false, transposeB: false, batchA: [], batchB: [] });
  await tf.setBackend("cpu");
  const cpu = cases.map((p, i) => product(p, 100 + i));
  await tf.setBackend("wasm");
  cases.forEach((p, i) => {
    const got = product(p, 100 + i);
    const { exact, magnitude } = reference(p, 100 + i);
    assert.equal(got.length, exact.length, describe(p));
    assert.equal(cpu[i].length, exact.length, describe(p));
    // a float32 sum of k terms is within k roundings (2⁻²⁴ each) of the exact sum, whatever its order
    for (let j = 0; j < got.length; j++) {
      const bound = (p.k + 1) * 2 ** -24 * magnitude[j];
      assert.ok(Math.abs(got[j] - exact[j]) <= bound, `${describe(p)}: element ${j} is ${got[j]}, exactly ${exact[j]}`);
      assert.ok(Math.abs(got[j] - cpu[i][j]) <= 2 * bound, `${describe(p)}: element ${j} is ${got[j]}, the cpu backend gives ${cpu[i][j]}`);
    }
  });
});

test("BatchMatMul: what the kernel does not cover goes to the backend's own kernel and its messages", () => {
  const a = tf.ones([2, 3]);
  const b = tf.ones([4, 5]);
  assert.throws(() => tf.matMul(a, b), /inner shapes \(3\) and \(4\)/);
  const i = tf.ones([2, 3], "int32");
  assert.throws(() => tf.matMul(i, tf.ones([3, 2], "int32")), /non-float32|not yet supported/);
  tf.dispose([a, b, i]);
});

test("Transpose: matrix transposes of 32-bit values (after dropping axes of size 1) are exact; other permutations still work", () => {
  const cases: Array<[number[], number[], TF.DataType]> = [
    [[32, 12288], [1, 0], "float32"],
    [[12288, 32], [1, 0], "float32"],
    [[5, 7], [1, 0], "float32"],
    [[17, 33], [1, 0], "int32"],
    [[3, 1, 4], [2, 0, 1], "float32"],
    [[2, 3, 4], [1, 2, 0], "float32"],
    [[2, 3, 4], [0, 2, 1], "float32"], // not a rotation: the backend's kernel
    [[2, 3, 4], [2, 1, 0], "int32"],
    [[6, 1], [1, 0], "float32"],
    [[4, 5], [1, 0], "bool"],
  ];
  for (const [shape, perm, dtype] of cases) {
    const size = sizeOf(shape);
    const data =
      dtype === "bool" ? values(size, 3).map((v) => (v > 0 ? 1 : 0)) : dtype === "int32" ? values(size, 3).map((v) => Math.round(v * 1000)) : values(size, 3);
    const x = tf.tensor(data, shape, dtype);
    const y = tf.transpose(x, perm);
    assert.deepEqual(
      y.shape,
      perm.map((d) => shape[d]),
    );
    // the reference: out[index] = x[index permuted back]
    const got = y.dataSync();
    const strides = shape.map((_, d) => shape.slice(d + 1).reduce((p, q) => p * q, 1));
    const outShape = perm.map((d) => shape[d]);
    for (let o = 0; o < size; o++) {
      let rest = o;
      let from = 0;
      for (let d = outShape.length - 1; d >= 0; d--) {
        from += (rest % outShape[d]) * strides[perm[d]];
        rest = Math.floor(rest / outShape[d]);
      }
      if (got[o] !== data[from]) assert.fail(`transpose of (${shape}) by [${perm}] (${dtype}): element ${o} is ${got[o]}, expected ${data[from]}`);
    }
    tf.dispose([x, y]);
  }
});

test("Pack (tf.stack, tf.data's batch): the backend's values along axis 0, other axes unchanged", () => {
  const parts = [0, 1, 2].map((i) => tf.tensor(values(5 * 7, 20 + i), [5, 7]));
  const got = Float32Array.from(tf.stack(parts).dataSync() as Float32Array);
  assert.equal(bitDifference(got, viaOriginal("Pack", parts, { axis: 0 })), "");
  assert.deepEqual(tf.stack(parts, 1).shape, [5, 3, 7]);
  assert.equal(bitDifference(Float32Array.from(tf.stack(parts, 1).dataSync() as Float32Array), viaOriginal("Pack", parts, { axis: 1 })), "");
  assert.deepEqual(tf.stack([tf.scalar(1, "int32"), tf.scalar(-2, "int32")]).arraySync(), [1, -2]);
  assert.deepEqual(tf.stack([tf.tensor([true, false], [2], "bool"), tf.tensor([false, true], [2], "bool")]).arraySync(), [
    [1, 0],
    [0, 1],
  ]);
  assert.throws(() => tf.stack([parts[0], tf.ones([7, 5])]), /must have matching shapes/);
  tf.dispose(parts);
});

test("Identity (tf.clone): shares the data, counted, so clones outlive their source and nothing leaks", () => {
  const backend = tf.backend();
  const ids = backend.numDataIds();
  const buffers = (): number => (tf.memory() as { numDataBuffers: number }).numDataBuffers;
  const before = buffers();
  const x = tf.tensor(values(1000, 4), [10, 100]);
  const y = tf.clone(x);
  assert.equal(backend.numDataIds(), ids + 1, "the clone has no data of its own");
  assert.equal(buffers(), before + 1);
  x.dispose();
  assert.equal(bitDifference(Float32Array.from(y.dataSync() as Float32Array), values(1000, 4)), "");
  y.dispose();
  assert.equal(backend.numDataIds(), ids);
  assert.equal(buffers(), before);
});

/** What `applyGradients` takes (tfjs types the map's values as variables; they are the gradients). */
type AdamGradients = Parameters<TF.AdamOptimizer["applyGradients"]>[0];

/** Five Adam steps (seeded gradients) on variables of these shapes: the values and moments, in order. */
function adamRun(shapes: number[][], asList: boolean): Float32Array[] {
  const variables = shapes.map((s, i) =>
    tf.tidy(() => tf.variable(tf.tensor(values(sizeOf(s), 50 + i), s), true, `adamTest${asList ? "List" : "Map"}${tf.getBackend()}${i}`)),
  );
  const optimizer = tf.train.adam(0.01);
  for (let step = 0; step < 5; step++) {
    tf.tidy(() => {
      const grads = variables.map((v, i) => tf.tensor(values(v.size, 1000 * step + i), v.shape));
      const named = asList ? variables.map((v, i) => ({ name: v.name, tensor: grads[i] })) : Object.fromEntries(variables.map((v, i) => [v.name, grads[i]]));
      optimizer.applyGradients(named as AdamGradients);
    });
  }
  const moments = optimizer as unknown as {
    accumulatedFirstMoment: Array<{ variable: TF.Variable }>;
    accumulatedSecondMoment: Array<{ variable: TF.Variable }>;
  };
  const out = [...variables, ...moments.accumulatedFirstMoment.map((m) => m.variable), ...moments.accumulatedSecondMoment.map((m) => m.variable)].map((t) =>
    Float32Array.from(t.dataSync() as Float32Array),
  );
  optimizer.dispose();
  tf.dispose(variables);
  return out;
}

test("Adam: one fused kernel per variable on the wasm backend, bit for bit the values and moments of tfjs's own update", async () => {
  const start = tf.memory().numTensors;
  const shapes = [[7, 13], [25, 12288], [1], [6, 1]];
  // the fused kernel runs (one per variable), not the 14 operations of tfjs's update
  const v = tf.tidy(() => tf.variable(tf.ones([3, 3])));
  const optimizer = tf.train.adam(0.1);
  const profile = await tf.profile(() => tf.tidy(() => optimizer.applyGradients({ [v.name]: tf.ones([3, 3]) } as AdamGradients)));
  assert.deepEqual(profile.kernels.filter((k) => k.name === ADAM_KERNEL).length, 1, profile.kernels.map((k) => k.name).join(" "));
  assert.ok(!profile.kernels.some((k) => k.name === "Sqrt"), profile.kernels.map((k) => k.name).join(" "));
  optimizer.dispose();
  v.dispose();
  // tfjs's own update on the cpu backend rounds every operation to float32 as the fused kernel does
  await tf.setBackend("cpu");
  const reference = [adamRun(shapes, false), adamRun(shapes, true)];
  await tf.setBackend("wasm");
  const fused = [adamRun(shapes, false), adamRun(shapes, true)];
  for (const form of [0, 1]) {
    for (const [i, got] of fused[form].entries()) {
      assert.equal(bitDifference(got, reference[form][i]), "", `${form ? "NamedTensor[]" : "NamedTensorMap"} gradients, tensor ${i}`);
    }
  }
  assert.equal(tf.memory().numTensors, start, "no tensor left behind");
});

/** sha256 of the notebook model's parameters after `epochs` epochs, and what it printed, with tfjs's kernels or these. */
const trainingScript = (epochs: number): string => `
  const course = require(${JSON.stringify(join(projectRoot, "dist", "course", "tensorflow", "index.js"))});
  const { createHash } = require("node:crypto");
  (async () => {
    await course.setUpBackend();
    const tf = course.tfjs();
    const nb = (await require(${JSON.stringify(join(projectRoot, "build", "solutions", "TensorFlow_introduction.training.js"))}).load()).functions;
    const lines = [];
    const log = console.log;
    console.log = (...a) => lines.push(a.join(" "));
    const [p] = await nb.model(nb.newTrain, nb.newYTrain, nb.newTest, nb.newYTest, { numEpochs: ${epochs} });
    console.log = log;
    const hash = createHash("sha256");
    for (const k of Object.keys(p).sort()) hash.update(Buffer.from(p[k].dataSync().buffer));
    console.log(JSON.stringify({ hash: hash.digest("hex"), lines: lines.filter((l) => !/^Trained /.test(l)) }));
  })();`;

test("the notebook's training on these kernels: the same parameters, bit for bit, as on tfjs's own kernels", async () => {
  const run = (env: Record<string, string>): { hash: string; lines: string[] } => {
    const r = spawnSync(process.execPath, ["-e", trainingScript(2)], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split("\n").pop() ?? "");
  };
  assert.ok(existsSync(solutionModulePath("TensorFlow_introduction", "training")), "build/solutions/ is missing: run `npm run build`");
  const ours = run({});
  const tfjs = run({ DNNLAB_TF_KERNELS: "tfjs" });
  assert.match(ours.lines[0], /^Cost after epoch 0: /);
  assert.deepEqual(ours.lines, tfjs.lines);
  assert.equal(ours.hash, tfjs.hash);
});

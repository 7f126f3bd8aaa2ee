import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Matrix,
  dot,
  add,
  subtract,
  multiply,
  divide,
  maximum,
  greater,
  less,
  equal,
  sum,
  mean,
  norm,
  reshape,
  square,
  negative,
  sqrt,
  isclose,
  allclose,
  log,
  exp,
  dotTransA,
  dotTransB,
  takeColumns,
  sliceColumns,
} from "dnnlab";
import { flatten, vstack } from "../helpers/internal";
import { nansum, broadcastShape, fma, assertShape, blasBackend } from "../helpers/internal";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

const M = (rows: number[][]): Matrix => new Matrix(rows);

test("dot: values and numpy's shape error", () => {
  const a = M([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const b = M([
    [7, 8, 9],
    [10, 11, 12],
  ]);
  assert.deepEqual(dot(a, b).to2DArray(), [
    [27, 30, 33],
    [61, 68, 75],
    [95, 106, 117],
  ]);
  assert.throws(() => dot(new Matrix(5, 4), new Matrix(3, 1)), {
    name: "RangeError",
    message: "shapes (5,4) and (3,1) not aligned: 4 (dim 1) != 3 (dim 0)",
  });
  const sq = M([
    [1, 2],
    [3, 4],
  ]);
  assert.throws(() => dot(sq, sq, sq), /must not be an input/);
});

test("fma rounds once, like IEEE fused multiply-add", () => {
  // a*b = 1 - 2^-60 exactly; a*b + c with c = -1 is -2^-60 only if the product is not rounded first
  const a = 1 + 2 ** -30;
  const b = 1 - 2 ** -30;
  assert.equal(fma(a, b, -1), -(2 ** -60));
  assert.equal(a * b - 1, 0);
  assert.equal(fma(2, 3, 4), 10);
  assert.equal(fma(0.1, 10, -1), 5.551115123125783e-17);
});

test("dot accumulates with fused multiply-adds in increasing k", () => {
  // Products whose rounding matters: fused accumulation keeps the low bits.
  const a = M([[1, 1 + 2 ** -30]]);
  const b = M([[-1], [1 - 2 ** -30]]);
  assert.equal(dot(a, b).get(0, 0), -(2 ** -60));
});

test("broadcasting: column, row, scalar, and numpy's error", () => {
  const a = M([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(add(a, M([[10], [20]])).to2DArray(), [
    [11, 12, 13],
    [24, 25, 26],
  ]);
  assert.deepEqual(subtract(a, M([[1, 2, 3]])).to2DArray(), [
    [0, 0, 0],
    [3, 3, 3],
  ]);
  assert.deepEqual(multiply(2, a).to2DArray(), [
    [2, 4, 6],
    [8, 10, 12],
  ]);
  assert.deepEqual(subtract(1, M([[0.25]])).to2DArray(), [[0.75]]);
  assert.deepEqual(divide(a, 2).to2DArray(), [
    [0.5, 1, 1.5],
    [2, 2.5, 3],
  ]);
  assert.deepEqual(add(M([[1], [2]]), M([[10, 20, 30]])).to2DArray(), [
    [11, 21, 31],
    [12, 22, 32],
  ]);
  assert.deepEqual(broadcastShape([5, 1], [1, 3]), [5, 3]);
  assert.throws(() => add(a, M([[1, 2]])), {
    message: "operands could not be broadcast together with shapes (2, 3) (1, 2)",
  });
  assert.throws(() => add(a, new Matrix(3, 1)), /shapes \(2, 3\) \(3, 1\)/);
  assert.throws(() => add(1 as unknown as Matrix, 2), /at least one Matrix/);
  assert.throws(() => add(a, [1, 2] as unknown as Matrix), /right operand must be a Matrix or a number/);
});

test("masks and maximum", () => {
  const a = M([[-1, 0, 2]]);
  assert.deepEqual(maximum(0, a).to2DArray(), [[0, 0, 2]]);
  assert.ok(Number.isNaN(maximum(0, M([[NaN]])).get(0, 0)));
  assert.deepEqual(greater(a, 0).to2DArray(), [[0, 0, 1]]);
  assert.deepEqual(less(a, 0).to2DArray(), [[1, 0, 0]]);
  assert.deepEqual(equal(a, M([[-1, 1, 2]])).to2DArray(), [[1, 0, 1]]);
  assert.deepEqual(square(a).to2DArray(), [[1, 0, 4]]);
  assert.deepEqual(negative(a).to2DArray(), [[1, -0, -2]]);
  assert.deepEqual(sqrt(M([[4, 9]])).to2DArray(), [[2, 3]]);
});

test("log and exp are element-wise with numpy's special values", () => {
  assert.deepEqual(log(M([[1, 0]])).to2DArray(), [[0, -Infinity]]);
  assert.ok(Number.isNaN(log(M([[-1]])).get(0, 0)));
  assert.deepEqual(exp(M([[0, -Infinity]])).to2DArray(), [[1, 0]]);
});

test("sum: axis, keepdims, and numpy's pairwise order", () => {
  const a = M([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.equal(sum(a), 21);
  assert.deepEqual(sum(a, { axis: 1, keepdims: true }).to2DArray(), [[6], [15]]);
  assert.deepEqual(sum(a, { axis: 0, keepdims: true }).to2DArray(), [[5, 7, 9]]);
  assert.deepEqual([...sum(a, { axis: 1 })], [6, 15]);
  assert.deepEqual([...sum(a, { axis: 0 })], [5, 7, 9]);
  // negative axes count from the end, as numpy's
  assert.deepEqual(sum(a, { axis: -1, keepdims: true }).to2DArray(), [[6], [15]]);
  assert.deepEqual([...sum(a, { axis: -2 })], [5, 7, 9]);
  // anything else: one line naming the axis and what a 2-D matrix has
  for (const bad of [2, -3, 0.5, "1"]) {
    assert.throws(
      () => sum(a, { axis: bad as 0 }),
      new RegExp(`^RangeError: sum: axis ${bad === "1" ? '"1"' : bad} is out of bounds for a 2-D matrix \\(expected 0, 1, -1 or -2\\)$`),
    );
  }
  // numpy: np.sum(np.array([0.1] * 10)) == 1.0 (8 accumulators, then the last 2 in order),
  // where adding in order gives 0.9999999999999999
  assert.equal(sum(Matrix.rowVector(new Array(10).fill(0.1))), 1);
  // numpy: np.sum(np.array([0.1] * 300)) == 29.999999999999996 (split in halves, then blocks)
  assert.equal(sum(Matrix.rowVector(new Array(300).fill(0.1))), 29.999999999999996);
  assert.deepEqual([...sum(new Matrix([new Array(300).fill(0.1)]), { axis: 1 })], [29.999999999999996]);
  let seq = 0;
  for (let i = 0; i < 300; i++) seq += 0.1;
  assert.equal(seq, 30.000000000000156);
});

test("nansum drops nan but keeps inf; mean", () => {
  assert.equal(nansum(M([[1, NaN, 2]])), 3);
  assert.equal(nansum(M([[1, Infinity, NaN]])), Infinity);
  assert.equal(
    mean(
      M([
        [1, 2],
        [3, 6],
      ]),
    ),
    3,
  );
});

test("norm: 2-norm over all elements; abs of a number", () => {
  assert.equal(norm(M([[3], [4]])), 5);
  assert.equal(
    norm(
      M([
        [1, 2],
        [2, 4],
      ]),
    ),
    5,
  );
  assert.equal(norm(-2.5), 2.5);
});

test("row-major flatten and reshape, with numpy's error", () => {
  const a = M([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual([...flatten(a)], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(reshape(a, 3, 2).to2DArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(reshape([1, 2, 3, 4], 4, 1).to2DArray(), [[1], [2], [3], [4]]);
  assert.throws(() => reshape(a, 5, 4), { message: "cannot reshape array of size 6 into shape (5,4)" });
  assert.deepEqual(
    vstack([
      M([[1, 2]]),
      M([
        [3, 4],
        [5, 6],
      ]),
    ]).to2DArray(),
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
  );
  assert.throws(() => vstack([M([[1, 2]]), M([[3]])]), /along dimension 1/);
});

test("assertShape names the value and both shapes", () => {
  assert.throws(() => assertShape(new Matrix(5, 3), [5, 4], "W1"), { message: "W1 has shape (5, 3), expected (5, 4)" });
  assert.doesNotThrow(() => assertShape(new Matrix(5, 3), [5, null], "W1"));
});

test("isclose / allclose use numpy's tolerances", () => {
  assert.ok(isclose(1.189041787877932e-7, 1.1890913024229996e-7));
  assert.ok(!isclose(0.28, 0.2850931567761623));
  assert.ok(allclose(M([[1, 2]]), M([[1 + 1e-9, 2]])));
  assert.ok(!allclose(M([[1, 2]]), M([[1, 2, 3]])));
});

test("products run on the WebAssembly fma kernel here, and the JS fallback gives the same digits", () => {
  // Node 20 on x86-64 with FMA (this machine, CI): the fast kernel must load.
  if (process.arch === "x64" || process.arch === "arm64") assert.equal(blasBackend, "wasm-fma");
  const script = `
    const d = require(${JSON.stringify(resolve(__dirname, "..", "..", ".."))});
    const { blasBackend } = require(${JSON.stringify(resolve(__dirname, "..", "..", "..", "dist", "core", "blas.js"))});
    d.random.seed(7);
    const a = d.random.randn(7, 13), b = d.random.randn(13, 301), c = d.random.randn(5, 13);
    const out = [d.dot(a, b), d.dotTransB(a, c), d.dotTransA(b, d.random.randn(13, 3)), d.dotTransB(b, b)];
    console.log(JSON.stringify({ backend: blasBackend, values: out.map((m) => m.to1DArray()) }));`;
  const run = (env: NodeJS.ProcessEnv): { backend: string; values: number[][] } =>
    JSON.parse(execFileSync(process.execPath, ["-e", script], { env: { ...process.env, ...env }, encoding: "utf8" }));
  const fast = run({});
  const slow = run({ DNNLAB_NO_WASM: "1" });
  assert.equal(slow.backend, "js-fma");
  assert.deepEqual(slow.values, fast.values);
});

test("dotTransA / dotTransB equal dot with an explicit transpose, and check shapes like numpy", () => {
  const a = M([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = M([
    [1, 0, 2],
    [0, 1, 1],
  ]);
  assert.deepEqual(dotTransB(a, b).to2DArray(), dot(a, b.transpose()).to2DArray());
  assert.deepEqual(dotTransA(a, b).to2DArray(), dot(a.transpose(), b).to2DArray());
  assert.throws(() => dotTransB(a, M([[1, 2]])), { message: "shapes (2,3) and (2,1) not aligned: 3 (dim 1) != 2 (dim 0)" });
  assert.throws(() => dotTransA(a, M([[1, 2]])), { message: "shapes (3,2) and (1,2) not aligned: 2 (dim 1) != 1 (dim 0)" });
});

test("takeColumns and sliceColumns: numpy's a[:, indices] and a[:, start:stop]", () => {
  const a = new Matrix([
    [1, 2, 3, 4, 5],
    [6, 7, 8, 9, 10],
  ]);
  assert.deepEqual(takeColumns(a, [4, 0, 0, 2]).to2DArray(), [
    [5, 1, 1, 3],
    [10, 6, 6, 8],
  ]);
  assert.deepEqual(takeColumns(a, []).to2DArray(), [[], []]);
  assert.throws(() => takeColumns(a, [1, 5]), /^RangeError: index 5 is out of bounds for axis 1 with size 5$/);
  assert.deepEqual(sliceColumns(a, 1, 3).to2DArray(), [
    [2, 3],
    [7, 8],
  ]);
  assert.deepEqual(
    sliceColumns(a, 3, 64).to2DArray(),
    [
      [4, 5],
      [9, 10],
    ],
    "the stop is clipped, as Python's slice",
  );
  assert.deepEqual(sliceColumns(a, 5, 7).columns, 0);
  const s = sliceColumns(a, 0, 2);
  s.set(0, 0, 99);
  assert.equal(a.get(0, 0), 1, "a slice is a copy");
  assert.throws(() => sliceColumns(a, -1, 2), RangeError);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, random, multiply, zeros, reprFloat, tidy } from "dnnlab";
import * as initUtils from "dnnlab/course/initialization";
import { loadCircles } from "dnnlab/course/initialization";
import { accuracy } from "../helpers/internal";
import type { Parameters } from "dnnlab";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";

const { forwardPropagation, backwardPropagation, computeLoss, updateParameters, predict, predictDec } = initUtils;

function he(dims: number[]): Parameters {
  random.seed(3);
  const p: Parameters = {};
  for (let l = 1; l < dims.length; l++) {
    p[`W${l}`] = multiply(random.randn(dims[l], dims[l - 1]), Math.sqrt(2 / dims[l - 1]));
    p[`b${l}`] = zeros(dims[l], 1);
  }
  return p;
}

function train(parameters: Parameters, X: Matrix, Y: Matrix, iterations: number, every = 1000): [Parameters, number[]] {
  const costs: number[] = [];
  for (let i = 0; i < iterations; i++) {
    // the parameters are updated in place; each iteration's matrices are recycled for the next
    const cost = tidy(() => {
      const [a3, cache] = forwardPropagation(X, parameters);
      const c = computeLoss(a3, Y);
      updateParameters(parameters, backwardPropagation(X, Y, cache), 0.01);
      return c;
    });
    if (i % every === 0) costs.push(cost);
  }
  return [parameters, costs];
}

test("He run: the course's first costs exactly, its accuracies", () => {
  const { trainX, trainY, testX, testY } = loadCircles();
  const [, costs] = train(he([2, 10, 5, 1]), trainX, trainY, 2001);
  assert.equal(reprFloat(costs[0]), "0.8830537463419761");
  assert.equal(reprFloat(costs[1]), "0.6879825919728063");
  assert.equal(reprFloat(costs[2]), "0.6751286264523371");
  const [p] = train(he([2, 10, 5, 1]), trainX, trainY, 15000, 15000);
  const log = console.log;
  const lines: string[] = [];
  console.log = (s: string) => void lines.push(s);
  try {
    predict(trainX, trainY, p);
    predict(testX, testY, p);
  } finally {
    console.log = log;
  }
  assert.deepEqual(lines, ["Accuracy: 0.9933333333333333", "Accuracy: 0.96"]);
});

test("zeros run: ln 2 every time, and the course's one odd value at iteration 10000", () => {
  const { trainX, trainY } = loadCircles();
  const p: Parameters = { W1: zeros(10, 2), b1: zeros(10, 1), W2: zeros(5, 10), b2: zeros(5, 1), W3: zeros(1, 5), b3: zeros(1, 1) };
  const [, costs] = train(p, trainX, trainY, 15000);
  const printed = costs.map(reprFloat);
  assert.equal(printed[10], "0.6931471805599455");
  assert.deepEqual(
    printed.filter((_, i) => i !== 10),
    new Array(14).fill("0.6931471805599453"),
  );
});

test("computeLoss: nansum drops 0*inf, a confident mistake is inf", () => {
  assert.equal(computeLoss(new Matrix([[0, 1]]), new Matrix([[0, 1]])), 0);
  assert.equal(computeLoss(new Matrix([[1, 0.5]]), new Matrix([[0, 1]])), Infinity);
  assert.throws(() => computeLoss(new Matrix([[0.5]]), new Matrix([[1, 0]])), /a3 has shape \(1, 1\) but Y has shape \(1, 2\)/);
});

test("inside tidy (recycled storage) the passes give the same results as outside", () => {
  const { trainX, trainY } = loadCircles();
  const p = he([2, 10, 5, 1]);
  const [a3, cache] = forwardPropagation(trainX, p);
  const g = backwardPropagation(trainX, trainY, cache);
  for (let i = 0; i < 3; i++) {
    const [a3t, dW1] = tidy(() => {
      const [a, c] = forwardPropagation(trainX, p);
      return [a, backwardPropagation(trainX, trainY, c).dW1];
    });
    assert.deepEqual(a3t.to1DArray(), a3.to1DArray());
    assert.deepEqual(dW1.to1DArray(), g.dW1.to1DArray());
  }
});

test("clear errors for missing or misshapen parameters and labels", () => {
  const { trainX } = loadCircles();
  const p = he([2, 10, 5, 1]);
  const { W2: _, ...noW2 } = p;
  assert.throws(() => forwardPropagation(trainX, noW2), /parameters has no "W2" \(keys present: W1, b1, b2, W3, b3\)/);
  assert.throws(() => forwardPropagation(trainX, { ...p, W1: zeros(10, 3) }), /parameters\["W1"\] has shape \(10, 3\), expected \(n1, 2\)/);
  const [, cache] = forwardPropagation(trainX, p);
  assert.throws(() => backwardPropagation(trainX, zeros(1, 5), cache), /Y has shape \(1, 5\), expected \(1, 300\)/);
  assert.throws(() => updateParameters(p, { dW1: zeros(10, 2) }, 0.1), /grads has no "db1"/);
});

test("predictDec and accuracy", () => {
  const p = he([2, 3, 2, 1]);
  const X = new Matrix([
    [0, 1, -1],
    [0, 2, 5],
  ]);
  const d = predictDec(p, X);
  assert.deepEqual([d.rows, d.columns], [1, 3]);
  assert.ok(d.to1DArray().every((v) => v === 0 || v === 1));
  assert.equal(accuracy(new Matrix([[1, 0, 1, 1]]), new Matrix([[1, 1, 1, 0]])), 0.5);
});

test("the WebAssembly kernels and the JavaScript fallback train to the same digits", () => {
  const root = resolve(__dirname, "..", "..", "..");
  const script = `
    const d = require(${JSON.stringify(root)});
    const U = require(${JSON.stringify(`${root}/dist/course/initialization/index.js`)});
    const { blasBackend } = require(${JSON.stringify(`${root}/dist/core/blas.js`)});
    const { trainX, trainY } = U.loadCircles();
    d.random.seed(3);
    let p = { W1: d.multiply(d.random.randn(10, 2), 1), b1: d.zeros(10, 1), W2: d.random.randn(5, 10), b2: d.zeros(5, 1), W3: d.random.randn(1, 5), b3: d.zeros(1, 1) };
    const out = [];
    let grads;
    for (let i = 0; i < 20; i++) {
      const [a3, cache] = U.forwardPropagation(trainX, p);
      out.push(U.computeLoss(a3, trainY));
      grads = U.backwardPropagation(trainX, trainY, cache);
      p = U.updateParameters(p, grads, 0.05);
    }
    out.push(...grads.dW1.to1DArray(), ...grads.dz1.to1DArray().slice(0, 50));
    console.log(JSON.stringify({ backend: blasBackend, out }));`;
  const run = (env: NodeJS.ProcessEnv): { backend: string; out: number[] } =>
    JSON.parse(execFileSync(process.execPath, ["-e", script], { env: { ...process.env, ...env }, encoding: "utf8" }));
  const fast = run({});
  const slow = run({ DNNLAB_NO_WASM: "1" });
  assert.equal(slow.backend, "js-fma");
  assert.deepEqual(slow.out, fast.out);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Matrix,
  random,
  str,
  reprFloat,
  sprintf,
  zeros,
  less,
  copy,
  optUtils,
  randomMiniBatches,
  updateParametersWithGd,
  initializeVelocity,
  updateParametersWithMomentum,
  initializeAdam,
  updateParametersWithAdam,
  updateLr,
  scheduleLrDecay,
  powInt,
  gd,
  momentum,
  adam,
  CheckFailed,
  updateParametersWithGdTest,
  randomMiniBatchesTest,
  initializeVelocityTest,
  updateParametersWithMomentumTest,
  initializeAdamTest,
  updateParametersWithAdamTest,
  updateLrTest,
  scheduleLrDecayTest,
  updateParametersWithGdTestCase,
  randomMiniBatchesTestCase,
  initializeVelocityTestCase,
  updateParametersWithMomentumTestCase,
  initializeAdamTestCase,
  updateParametersWithAdamTestCase,
} from "dnnlab";
import type { Optimizer, Parameters, Gradients } from "dnnlab";

const GREEN = "\x1b[92m";

function captureLog(fn: () => void): { lines: string[]; error: unknown } {
  const lines: string[] = [];
  const original = console.log;
  console.log = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  let error: unknown = null;
  try {
    fn();
  } catch (e) {
    error = e;
  } finally {
    console.log = original;
  }
  return { lines, error };
}

const flat = (m: Matrix): number[] => m.to2DArray().flat();

// ---------------------------------------------------------------------------
// The course's exercise outputs

test("updateParametersWithGd: the course's printed arrays, numpy's doubles, new matrices", () => {
  const [parameters, grads, learningRate] = updateParametersWithGdTestCase();
  assert.equal(learningRate, 0.01);
  const W1before = parameters.W1;
  const W1copy = copy(W1before);
  const p = updateParametersWithGd(parameters, grads, 0.01);
  assert.equal(p, parameters);
  assert.notEqual(p.W1, W1before);
  assert.deepEqual(flat(W1before), flat(W1copy), "the old matrix is untouched, as numpy rebinds");
  assert.equal("W1 =\n" + str(p.W1), "W1 =\n[[ 1.63535156 -0.62320365 -0.53718766]\n [-1.07799357  0.85639907 -2.29470142]]");
  assert.equal(str(p.b1), "[[ 1.74604067]\n [-0.75184921]]");
  assert.equal(
    str(p.W2),
    "[[ 0.32171798 -0.25467393  1.46902454]\n [-2.05617317 -0.31554548 -0.3756023 ]\n [ 1.1404819  -1.09976462 -0.1612551 ]]",
  );
  assert.equal(str(p.b2), "[[-0.88020257]\n [ 0.02561572]\n [ 0.57539477]]");
  assert.deepEqual(flat(p.W1).map(reprFloat), [
    "1.6353515554353708", "-0.6232036507484715", "-0.5371876594693836",
    "-1.077993565545189", "0.8563990698320344", "-2.2947014182885392",
  ]);
  assert.deepEqual(flat(p.b2).map(reprFloat), ["-0.8802025748995427", "0.025615724944494125", "0.5753947721100489"]);
});

test("randomMiniBatches on the course's test case: shapes and the sanity check", () => {
  const [X, Y, size] = randomMiniBatchesTestCase();
  assert.equal(size, 64);
  const batches = randomMiniBatches(X, Y, size);
  const lines = [
    "shape of the 1st mini_batch_X: " + `(${batches[0][0].rows}, ${batches[0][0].columns})`,
    "shape of the 2nd mini_batch_X: " + `(${batches[1][0].rows}, ${batches[1][0].columns})`,
    "shape of the 3rd mini_batch_X: " + `(${batches[2][0].rows}, ${batches[2][0].columns})`,
    "shape of the 1st mini_batch_Y: " + `(${batches[0][1].rows}, ${batches[0][1].columns})`,
    "shape of the 2nd mini_batch_Y: " + `(${batches[1][1].rows}, ${batches[1][1].columns})`,
    "shape of the 3rd mini_batch_Y: " + `(${batches[2][1].rows}, ${batches[2][1].columns})`,
    "mini batch sanity check: " + str(new Float64Array(batches[0][0].getRow(0).slice(0, 3))),
  ];
  assert.deepEqual(lines, [
    "shape of the 1st mini_batch_X: (12288, 64)",
    "shape of the 2nd mini_batch_X: (12288, 64)",
    "shape of the 3rd mini_batch_X: (12288, 20)",
    "shape of the 1st mini_batch_Y: (1, 64)",
    "shape of the 2nd mini_batch_Y: (1, 64)",
    "shape of the 3rd mini_batch_Y: (1, 20)",
    "mini batch sanity check: [ 0.90085595 -0.7612069   0.2344157 ]",
  ]);
  assert.deepEqual(batches[0][0].getRow(0).slice(0, 3).map(reprFloat), ["0.9008559492644118", "-0.7612069008951028", "0.23441569781709215"]);
  assert.deepEqual(batches[2][0].getRow(12287).slice(17).map(reprFloat), ["0.6362959129828627", "-1.171586339225534", "-0.34992496875026985"]);
  assert.deepEqual(flat(batches[2][1]), [1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1]);
});

test("randomMiniBatches: the notebook's inline test (12288 x 148 integers)", () => {
  random.seed(1);
  const nx = 12288;
  const m = 148;
  const X = zeros(nx, m);
  for (let i = 0; i < nx; i++) for (let j = 0; j < m; j++) X.set(i, j, j * nx + i); // arange reshaped (m, nx), transposed
  const Y = less(random.randn(1, m), 0.5);
  const batches = randomMiniBatches(X, Y, 64);
  assert.equal(batches.length, Math.ceil(m / 64));
  for (const [bx, by] of batches.slice(0, 2)) {
    assert.deepEqual([bx.rows, bx.columns, by.rows, by.columns], [nx, 64, 1, 64]);
  }
  assert.deepEqual([batches[2][0].rows, batches[2][0].columns, batches[2][1].columns], [nx, 20, 20]);
  // rows are not reordered: each column minus its first entry is 0, 1, ..., nx - 1
  for (const [bx] of batches) {
    let s = 0;
    for (let i = 0; i < nx; i++) for (let j = 0; j < bx.columns; j++) s += bx.get(i, j) - bx.get(0, j);
    assert.equal(s, ((nx * (nx - 1)) / 2) * bx.columns);
  }
  assert.deepEqual(batches[0][0].getRow(0).slice(0, 3), [294912, 86016, 454656]);
  assert.deepEqual(batches[2][0].getRow(nx - 1).slice(0, 3), [1425407, 1769471, 897023]);
});

test("randomMiniBatches: 300 columns give 64, 64, 64, 64, 44; exact multiples give no remainder; X and Y untouched", () => {
  const { trainX, trainY } = optUtils.loadDataset();
  const before = flat(trainX);
  const batches = randomMiniBatches(trainX, trainY, 64, 11);
  assert.deepEqual(batches.map(([bx, by]) => [bx.rows, bx.columns, by.columns]), [[2, 64, 64], [2, 64, 64], [2, 64, 64], [2, 64, 64], [2, 44, 44]]);
  assert.deepEqual(flat(trainX), before);
  // every column appears once, with its label
  random.seed(11);
  const perm = random.permutation(300);
  const cols = batches.flatMap(([bx, by]) => Array.from({ length: bx.columns }, (_, j) => [bx.get(0, j), bx.get(1, j), by.get(0, j)]));
  cols.forEach((c, j) => assert.deepEqual(c, [trainX.get(0, perm[j]), trainX.get(1, perm[j]), trainY.get(0, perm[j])]));
  assert.deepEqual(randomMiniBatches(trainX, trainY, 100).map(([bx]) => bx.columns), [100, 100, 100]);
});

test("initializeVelocity / initializeAdam: zeros shaped like the parameters", () => {
  const v = initializeVelocity(initializeVelocityTestCase());
  assert.deepEqual(Object.keys(v), ["dW1", "db1", "dW2", "db2"]);
  assert.equal('v["dW1"] =\n' + str(v.dW1), 'v["dW1"] =\n[[0. 0. 0.]\n [0. 0. 0.]]');
  assert.equal(str(v.db2), "[[0.]\n [0.]\n [0.]]");
  const [va, sa] = initializeAdam(initializeAdamTestCase());
  assert.notEqual(va.dW2, sa.dW2);
  assert.equal(str(sa.dW2), "[[0. 0. 0.]\n [0. 0. 0.]\n [0. 0. 0.]]");
});

test("updateParametersWithMomentum: the course's printed arrays, including the odd v[\"db2\"] line", () => {
  const [parameters, grads, v] = updateParametersWithMomentumTestCase();
  const [p, v2] = updateParametersWithMomentum(parameters, grads, v, 0.9, 0.01);
  assert.equal(v2, v);
  assert.equal("W1 = \n" + str(p.W1), "W1 = \n[[ 1.62544598 -0.61290114 -0.52907334]\n [-1.07347112  0.86450677 -2.30085497]]");
  assert.equal(str(p.b1), "[[ 1.74493465]\n [-0.76027113]]");
  assert.equal(str(p.W2), "[[ 0.31930698 -0.24990073  1.4627996 ]\n [-2.05974396 -0.32173003 -0.38320915]\n [ 1.13444069 -1.0998786  -0.1713109 ]]");
  assert.equal(str(p.b2), "[[-0.87809283]\n [ 0.04055394]\n [ 0.58207317]]");
  assert.equal(str(v.dW1), "[[-0.11006192  0.11447237  0.09015907]\n [ 0.05024943  0.09008559 -0.06837279]]");
  assert.equal(str(v.db1), "[[-0.01228902]\n [-0.09357694]]");
  assert.equal(str(v.dW2), "[[-0.02678881  0.05303555 -0.06916608]\n [-0.03967535 -0.06871727 -0.08452056]\n [-0.06712461 -0.00126646 -0.11173103]]");
  assert.equal('v["db2"] = v' + str(v.db2), 'v["db2"] = v[[0.02344157]\n [0.16598022]\n [0.07420442]]');
  assert.deepEqual(flat(p.W1).map(reprFloat).slice(0, 2), ["1.6254459828404546", "-0.612901137359915"]);
  assert.deepEqual(flat(v.db2).map(reprFloat), ["0.02344156978170921", "0.165980217710987", "0.07420441605773354"]);
});

test("updateParametersWithAdam: the course's printed arrays and numpy's doubles", () => {
  const [parameters, grads, v, s] = updateParametersWithAdamTestCase();
  const [p, v2, s2, vc, sc] = updateParametersWithAdam(parameters, grads, v, s, 2, 0.02, 0.8, 0.888, 1e-2);
  assert.equal(v2, v);
  assert.equal(s2, s);
  const printed = [`W1 = \n${str(p.W1)}`, `W2 = \n${str(p.W2)}`, `b1 = \n${str(p.b1)}`, `b2 = \n${str(p.b2)}`].join("\n");
  assert.equal(
    printed,
    [
      "W1 = ",
      "[[ 1.63942428 -0.6268425  -0.54320974]",
      " [-1.08782943  0.85036983 -2.2865723 ]]",
      "W2 = ",
      "[[ 0.33356139 -0.26425199  1.47707772]",
      " [-2.04538458 -0.30744933 -0.36903141]",
      " [ 1.14873036 -1.09256871 -0.15734651]]",
      "b1 = ",
      "[[ 1.75854357]",
      " [-0.74616067]]",
      "b2 = ",
      "[[-0.89228024]",
      " [ 0.02707193]",
      " [ 0.56782561]]",
    ].join("\n"),
  );
  assert.deepEqual(flat(p.W1).map(reprFloat), [
    "1.639424282075354", "-0.6268424990180875", "-0.5432097379151726",
    "-1.0878294290106922", "0.850369827794223", "-2.286572299182693",
  ]);
  assert.deepEqual(flat(p.b2).map(reprFloat), ["-0.8922802400762183", "0.027071928209959982", "0.5678256085947565"]);
  assert.deepEqual(flat(v.dW1).map(reprFloat).slice(0, 3), ["-0.2201238354425842", "0.22894474196792278", "0.18031814411855906"]);
  assert.deepEqual(flat(s.dW2).map(reprFloat).slice(6), ["0.05046399323430079", "1.79639113669834e-05", "0.13981883049875843"]);
  assert.deepEqual(flat(vc.db1).map(reprFloat), ["-0.0682723475103601", "-0.519871907921705"]);
  assert.deepEqual(flat(sc.db2).map(reprFloat), ["0.02910525391052662", "1.459186052509887", "0.29164700013078526"]);
});

test("updateLr and scheduleLrDecay: the course's numbers, digit for digit", () => {
  assert.equal("Updated learning rate:  " + reprFloat(updateLr(0.5, 2, 1)), "Updated learning rate:  0.16666666666666666");
  assert.equal(reprFloat(scheduleLrDecay(0.5, 10, 0.3, 100)), "0.5");
  assert.equal(reprFloat(scheduleLrDecay(0.5, 100, 0.3, 100)), "0.3846153846153846");
  // the cost-plot titles of the decay runs (final rates after epoch 4999)
  assert.equal(reprFloat(updateLr(0.1, 4999, 1)), "2e-05");
  assert.equal(reprFloat(scheduleLrDecay(0.1, 4999, 1)), "0.020000000000000004");
  assert.equal(reprFloat(scheduleLrDecay(0.01, 4999, 1)), "0.002");
  assert.deepEqual(
    [scheduleLrDecay(0.5, 100, 1, 100), scheduleLrDecay(0.5, 10, 1, 100), scheduleLrDecay(0.3, 100, 0.25, 100)],
    [0.25, 0.5, 0.24],
  );
  assert.equal(sprintf("learning rate after epoch %i: %f", 1000, scheduleLrDecay(0.1, 1000, 1)), "learning rate after epoch 1000: 0.050000");
  assert.throws(() => scheduleLrDecay(0.1, 5, 1, 0), /timeInterval must not be 0/);
  assert.throws(() => updateLr("0.1" as unknown as number, 5, 1), /learningRate0 must be a number/);
});

test("powInt rounds beta ** t as glibc's pow (numpy), not as Math.pow", () => {
  // numpy 1.24 / glibc 2.36: 0.999 ** 16 and 1 - 0.999 ** 16 (Math.pow is one unit off in both)
  assert.equal(reprFloat(powInt(0.999, 16)), "0.9841194418156399");
  assert.equal(reprFloat(1 - powInt(0.999, 16)), "0.015880558184360072");
  assert.equal(reprFloat(1 - powInt(0.999, 32)), "0.031508924240473246");
  assert.equal(powInt(0.8, 2), 0.6400000000000001);
  assert.equal(powInt(0.888, 2), 0.788544);
  assert.equal(powInt(0.9, 0), 1);
  assert.equal(powInt(2, 1023), 2 ** 1023);
  assert.equal(powInt(2, 1024), Infinity);
  assert.equal(powInt(-2, 3), -8);
  assert.equal(powInt(0.5, 1074), 5e-324);
  assert.equal(powInt(0.5, 1075), 0);
  assert.throws(() => powInt(0.9, 1.5), /n must be a non-negative integer/);
});

// ---------------------------------------------------------------------------
// Optimizer objects: bit for bit the course's functions

function network(): Parameters {
  random.seed(7);
  return { W1: random.randn(5, 2), b1: random.randn(5, 1), W2: random.randn(2, 5), b2: random.randn(2, 1), W3: random.randn(1, 2), b3: random.randn(1, 1) };
}

function gradientsFor(p: Parameters, step: number): Gradients {
  random.seed(100 + step);
  const g: Gradients = {};
  for (const k of Object.keys(p)) g["d" + k] = random.randn(p[k].rows, p[k].columns);
  return g;
}

function assertSameParameters(a: Parameters, b: Parameters, what: string): void {
  assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
  for (const k of Object.keys(a)) {
    flat(a[k]).forEach((x, i) => assert.ok(Object.is(x, flat(b[k])[i]), `${what}: ${k}[${i}] ${x} != ${flat(b[k])[i]}`));
  }
}

test("gd/momentum/adam objects equal the course's functions bit for bit over 60 steps (with a decay between steps)", () => {
  const steps = 60;
  const rate = (i: number): number => scheduleLrDecay(0.01, i, 1, 20);
  // gd
  let ref = network();
  const mine = network();
  const g = gd({ learningRate: rate(0) });
  for (let i = 0; i < steps; i++) {
    const grads = gradientsFor(ref, i);
    ref = updateParametersWithGd(ref, grads, rate(i));
    g.learningRate = rate(i);
    g.step(mine, grads);
  }
  assertSameParameters(mine, ref, "gd");
  // momentum
  ref = network();
  const mine2 = network();
  let v = initializeVelocity(ref);
  const mo = momentum({ learningRate: rate(0), beta: 0.9 });
  for (let i = 0; i < steps; i++) {
    const grads = gradientsFor(ref, i);
    [ref, v] = updateParametersWithMomentum(ref, grads, v, 0.9, rate(i));
    mo.learningRate = rate(i);
    mo.step(mine2, grads);
  }
  assertSameParameters(mine2, ref, "momentum");
  assertSameParameters(mo.velocity, v, "momentum velocity");
  // Adam (t = 1..60 covers t = 16 and 32, where Math.pow would change 1 - beta2 ** t)
  ref = network();
  const mine3 = network();
  let [va, sa] = initializeAdam(ref);
  const ad = adam({ learningRate: rate(0) });
  for (let i = 0; i < steps; i++) {
    const grads = gradientsFor(ref, i);
    [ref, va, sa] = updateParametersWithAdam(ref, grads, va, sa, i + 1, rate(i));
    ad.learningRate = rate(i);
    ad.step(mine3, grads);
  }
  assert.equal(ad.t, steps);
  assertSameParameters(mine3, ref, "adam");
  assertSameParameters(ad.v, va, "adam v");
  assertSameParameters(ad.s, sa, "adam s");
});

test("optimizer objects update in place and keep their state across calls; reset() starts over", () => {
  const p = network();
  const W1 = p.W1;
  const ad = adam({ learningRate: 0.01, beta1: 0.8, beta2: 0.888, epsilon: 1e-2 });
  assert.equal(ad.name, "adam");
  ad.step(p, gradientsFor(p, 0));
  ad.step(p, gradientsFor(p, 1));
  assert.equal(p.W1, W1, "same matrix object, updated in place");
  assert.equal(ad.t, 2);
  ad.reset();
  assert.equal(ad.t, 0);
  assert.deepEqual(Object.keys(ad.v), []);
  // after reset it accepts another network
  const q = initializeAdamTestCase();
  ad.step(q, { dW1: zeros(2, 3), db1: zeros(2, 1), dW2: zeros(3, 3), db2: zeros(3, 1) });
  assert.equal(ad.t, 1);
  // the course's Adam test case through the object: same parameters as the function
  const [parameters, grads, v, s] = updateParametersWithAdamTestCase();
  const mine = Object.fromEntries(Object.entries(parameters).map(([k, m]) => [k, copy(m)]));
  const fresh = adam({ learningRate: 0.02, beta1: 0.8, beta2: 0.888, epsilon: 1e-2 });
  fresh.step(mine, grads);
  fresh.step(mine, grads);
  let [pr, vr, sr] = updateParametersWithAdam(parameters, grads, v, s, 1, 0.02, 0.8, 0.888, 1e-2);
  [pr, vr, sr] = updateParametersWithAdam(pr, grads, vr, sr, 2, 0.02, 0.8, 0.888, 1e-2);
  assertSameParameters(mine, pr, "adam test case, 2 steps");
  const opts: Optimizer[] = [gd({ learningRate: 0.1 }), momentum({ learningRate: 0.1 }), adam({ learningRate: 0.1 })];
  assert.deepEqual(opts.map((o) => o.name), ["gd", "momentum", "adam"]);
});

// ---------------------------------------------------------------------------
// Errors

test("precise errors for missing keys and wrong shapes; nothing is changed by a failed update", () => {
  const [parameters, grads] = updateParametersWithGdTestCase();
  const before = flat(parameters.W1);
  const noDW2 = { dW1: grads.dW1, db1: grads.db1, db2: grads.db2 };
  assert.throws(() => updateParametersWithGd(parameters, noDW2, 0.01), { message: 'grads has no "dW2" (keys present: dW1, db1, db2)' });
  assert.deepEqual(flat(parameters.W1), before, "layer 1 was not updated before the error");
  const badShape = { ...grads, dW1: zeros(3, 2) };
  assert.throws(() => updateParametersWithGd(parameters, badShape, 0.01), { name: "RangeError", message: 'grads["dW1"] has shape (3, 2), expected (2, 3)' });
  assert.throws(() => updateParametersWithGd({ b1: zeros(2, 1) }, grads, 0.01), /parameters has no "W1" \(keys present: b1\)/);
  assert.throws(() => updateParametersWithGd({ W1: zeros(2, 3) }, grads, 0.01), /parameters has no "b1"/);
  assert.throws(() => updateParametersWithGd(parameters, grads, "0.01" as unknown as number), /learningRate must be a number/);
  const [p2, g2, v2] = updateParametersWithMomentumTestCase();
  delete v2.db2;
  assert.throws(() => updateParametersWithMomentum(p2, g2, v2, 0.9, 0.01), { message: 'v has no "db2" (keys present: dW1, db1, dW2)' });
  const [p3, g3, v3, s3] = updateParametersWithAdamTestCase();
  s3.dW2 = zeros(2, 3);
  assert.throws(() => updateParametersWithAdam(p3, g3, v3, s3, 1), { message: 's["dW2"] has shape (2, 3), expected (3, 3)' });
  assert.throws(() => updateParametersWithAdam(p3, g3, v3, s3, 0), /t \(the Adam step count, 1 for the first update\) must be a positive integer, got number 0/);
  const X = zeros(2, 10);
  assert.throws(() => randomMiniBatches(X, zeros(1, 9)), { name: "RangeError", message: "Y has shape (1, 9), expected (1, 10) for X of shape (2, 10)" });
  assert.throws(() => randomMiniBatches(X, zeros(1, 10), 0), /miniBatchSize must be a positive integer/);
  assert.throws(() => randomMiniBatches(X, zeros(1, 10), 64, -1), /Seed must be between 0 and 2\*\*32 - 1/);
});

test("optimizer objects: precise errors, and state built for one network refuses another", () => {
  const p = network();
  const ad = adam({ learningRate: 0.01 });
  const grads = gradientsFor(p, 0);
  delete grads.db3;
  assert.throws(() => ad.step(p, grads), { message: 'grads has no "db3" (keys present: dW1, db1, dW2, db2, dW3)' });
  assert.equal(ad.t, 0, "a failed step does not count");
  ad.step(p, gradientsFor(p, 0));
  const q = initializeAdamTestCase();
  assert.throws(
    () => ad.step(q, { dW1: zeros(2, 3), db1: zeros(2, 1), dW2: zeros(3, 3), db2: zeros(3, 1) }),
    /^RangeError: adam\.step: parameters\["W1"\] has shape \(2, 3\), expected \(5, 2\); its state was built for W1 \(5, 2\), .* \(call reset\(\) to start over with other parameters\)$/,
  );
  const bigger = { ...p, W4: zeros(1, 1), b4: zeros(1, 1) };
  assert.throws(() => ad.step(bigger, gradientsFor(bigger, 1)), /adam\.step: parameters has more than 3 layers/);
  // gd has no state: it follows the parameters it is given
  const g = gd({ learningRate: 0.1 });
  g.step(p, gradientsFor(p, 2));
  g.step(q, { dW1: zeros(2, 3), db1: zeros(2, 1), dW2: zeros(3, 3), db2: zeros(3, 1) });
  assert.throws(() => g.step(q, { dW1: zeros(3, 2), db1: zeros(2, 1), dW2: zeros(3, 3), db2: zeros(3, 1) }), {
    message: 'grads["dW1"] has shape (3, 2), expected (2, 3)',
  });
  assert.throws(() => gd({ learningRate: NaN }), /learningRate must be a number/);
  assert.throws(() => momentum({ learningRate: 0.1, beta: Infinity }), /beta must be finite/);
  assert.throws(() => g.learningRate = Number("x"), /learningRate must be a number/);
  assert.throws(() => (gd as unknown as () => Optimizer)(), /gd expects an options object/);
});

// ---------------------------------------------------------------------------
// Checkers

test("the checkers accept the library's functions with the course's success lines", () => {
  const cases: Array<[() => void, string]> = [
    [() => updateParametersWithGdTest(updateParametersWithGd), GREEN + "All test passed"],
    [() => randomMiniBatchesTest(randomMiniBatches), GREEN + " All tests passed."],
    [() => initializeVelocityTest(initializeVelocity), GREEN + " All tests passed."],
    [() => updateParametersWithMomentumTest(updateParametersWithMomentum), GREEN + " All tests passed."],
    [() => initializeAdamTest(initializeAdam), GREEN + " All tests passed."],
    [() => updateParametersWithAdamTest(updateParametersWithAdam), GREEN + "All test passed"],
    [() => updateLrTest(updateLr), GREEN + "All test passed"],
    [() => scheduleLrDecayTest(scheduleLrDecay), GREEN + "All test passed"],
  ];
  for (const [run, line] of cases) {
    const r = captureLog(run);
    assert.equal(r.error, null, String(r.error));
    assert.deepEqual(r.lines, [line]);
  }
});

test("the checkers reject wrong implementations with a message and an AssertionError", () => {
  // gd with + instead of -
  let r = captureLog(() =>
    updateParametersWithGdTest((p, g, lr) => {
      for (const k of ["W1", "b1", "W2", "b2"]) p[k] = p[k].clone().add(g["d" + k].clone().mul(lr));
      return p;
    }),
  );
  assert.ok(r.error instanceof CheckFailed);
  assert.match((r.error as Error).message, /Wrong values for W1\. Check the formulas\./);
  // mini-batches without shuffling
  r = captureLog(() =>
    randomMiniBatchesTest((X, Y, size) => {
      const out: Array<[Matrix, Matrix]> = [];
      for (let s = 0; s < X.columns; s += size) {
        const e = Math.min(s + size, X.columns) - 1;
        out.push([X.subMatrix(0, X.rows - 1, s, e), Y.subMatrix(0, 0, s, e)]);
      }
      return out;
    }),
  );
  assert.ok(r.error instanceof CheckFailed);
  assert.match(r.lines.join("\n"), /miniBatches\[0\]\[0\] has wrong values/);
  assert.ok(r.lines.includes(GREEN + " 0  Tests passed"));
  // velocity of the wrong (v2) layout
  r = captureLog(() => initializeVelocityTest(() => ({ dW1: zeros(3, 2), db1: zeros(2, 1), dW2: zeros(3, 3), db2: zeros(3, 1) })));
  assert.ok(r.error instanceof CheckFailed);
  assert.match(r.lines.join("\n"), /"dW1" has shape \(3, 2\), expected \(2, 3\)/);
  // momentum that forgets (1 - beta)
  r = captureLog(() =>
    updateParametersWithMomentumTest((p, g, v, beta, lr) => {
      for (const k of ["W1", "b1", "W2", "b2"]) {
        v["d" + k] = v["d" + k].clone().mul(beta).add(g["d" + k]);
        p[k] = p[k].clone().sub(v["d" + k].clone().mul(lr));
      }
      return [p, v];
    }),
  );
  assert.ok(r.error instanceof CheckFailed);
  assert.match(r.lines.join("\n"), /parameters\["W1"\] has wrong values/);
  // Adam with epsilon inside the root
  r = captureLog(() =>
    updateParametersWithAdamTest((p, g, v, s, t, lr, b1, b2, eps) => {
      const vc: Gradients = {};
      const sc: Gradients = {};
      for (const k of ["W1", "b1", "W2", "b2"]) {
        const d = "d" + k;
        v[d] = v[d].clone().mul(b1).add(g[d].clone().mul(1 - b1));
        s[d] = s[d].clone().mul(b2).add(g[d].clone().mul(g[d]).mul(1 - b2));
        vc[d] = v[d].clone().div(1 - b1 ** t);
        sc[d] = s[d].clone().div(1 - b2 ** t);
        p[k] = p[k].clone().sub(vc[d].clone().mul(lr).div(sc[d].clone().add(eps).sqrt()));
      }
      return [p, v, s, vc, sc];
    }),
  );
  assert.ok(r.error instanceof CheckFailed);
  assert.match((r.error as Error).message, /Check your formulas for parameters\['W1'\]/);
  // lr decay without the floor
  r = captureLog(() => scheduleLrDecayTest((lr0, e, d, ti) => lr0 / (1 + (d * e) / ti)));
  assert.ok(r.error instanceof CheckFailed);
  assert.match((r.error as Error).message, /scheduleLrDecay\(0\.5, 10, 1, 100\) is number 0\.45454545454545453, expected 0\.5/);
  r = captureLog(() => updateLrTest(() => {
    throw new Error("Exercise not implemented: updateLr");
  }));
  assert.ok(r.error instanceof CheckFailed);
  assert.match((r.error as Error).message, /updateLr threw Error: Exercise not implemented/);
});

test("updateParametersWithAdamTest checks vCorrected and sCorrected against expected values, not the learner's own v and s", () => {
  const lines = (r: { lines: string[] }): string => r.lines.join("\n");
  // the uncorrected moments returned as corrected: parameters, v and s are right, the 8 corrected entries wrong
  let r = captureLog(() =>
    updateParametersWithAdamTest((p, g, v, s, t, lr, b1, b2, eps) => {
      const [p2, v2, s2] = updateParametersWithAdam(p, g, v, s, t, lr, b1, b2, eps);
      return [p2, v2, s2, v2, s2];
    }),
  );
  assert.ok(r.error instanceof CheckFailed);
  assert.equal(r.lines.length, 8, lines(r));
  assert.ok(r.lines.every((l) => /Check your formulas for [vs]_corrected\['d[Wb][12]'\]/.test(l)), lines(r));
  assert.ok(
    r.lines.includes(
      "\x1b[91mWrong values. Check your formulas for v_corrected['dW1'] (v / (1 - beta1^t)): row 0 is [[-0.22012384  0.22894474  0.18031814]], " +
        "expected [[-0.6114551   0.63595762  0.50088373]]\x1b[0m",
    ),
    lines(r),
  );
  assert.ok(
    r.lines.includes(
      "\x1b[91mWrong values. Check your formulas for s_corrected['db2'] (s / (1 - beta2^t)): row 0 is [[0.00615448]], expected [[0.02910525]]\x1b[0m",
    ),
    lines(r),
  );
  assert.match((r.error as Error).message, /v_corrected\['dW1'\] .*row 0 is .*, expected .* \(and 7 more\)$/);
  // bias correction with beta2 instead of beta2^t: only s_corrected (and the parameters it moves) are wrong
  r = captureLog(() =>
    updateParametersWithAdamTest((p, g, v, s, t, lr, b1, b2, eps) => {
      const [p2, v2, s2, vc] = updateParametersWithAdam(p, g, v, s, t, lr, b1, b2, eps);
      const sc: Gradients = {};
      for (const k of Object.keys(s2)) sc[k] = s2[k].clone().div(1 - b2);
      return [p2, v2, s2, vc, sc];
    }),
  );
  assert.ok(r.error instanceof CheckFailed);
  assert.equal(r.lines.length, 4, lines(r));
  assert.ok(r.lines.every((l) => l.includes("s_corrected[") && l.includes("row 0 is") && l.includes("expected [[")), lines(r));
  assert.ok(r.lines.some((l) => l.includes("s_corrected['dW1'] (s / (1 - beta2^t)): row 0 is [[1.21136257 1.31039237 0.81286583]], expected [[0.64161153 0.69406376 0.43054334]]")), lines(r));
  // a wrong v (without 1 - beta1) corrected consistently: the old check, v / (1 - beta1^t) from the learner's v, let v_corrected pass
  r = captureLog(() =>
    updateParametersWithAdamTest((p, g, v, s, t, lr, b1, b2, eps) => {
      const [p2, , s2, , sc] = updateParametersWithAdam(p, g, v, s, t, lr, b1, b2, eps);
      const v2: Gradients = {};
      const vc: Gradients = {};
      for (const k of Object.keys(g)) {
        v2[k] = v[k].clone().mul(b1).add(g[k]);
        vc[k] = v2[k].clone().div(1 - b1 ** t);
      }
      return [p2, v2, s2, vc, sc];
    }),
  );
  assert.ok(r.error instanceof CheckFailed);
  assert.equal(r.lines.filter((l) => l.includes("for v['")).length, 4, lines(r));
  assert.equal(r.lines.filter((l) => l.includes("for v_corrected['")).length, 4, lines(r));
  // missing or misshapen corrected entries are named
  r = captureLog(() =>
    updateParametersWithAdamTest((p, g, v, s, t, lr, b1, b2, eps) => {
      const [p2, v2, s2, vc, sc] = updateParametersWithAdam(p, g, v, s, t, lr, b1, b2, eps);
      delete vc.db1;
      sc.db2 = sc.db2.transpose();
      return [p2, v2, s2, vc, sc];
    }),
  );
  assert.deepEqual(r.lines, [
    "\x1b[91mWrong type for v_corrected['db1']. Expected a Matrix, but got undefined (missing)\x1b[0m",
    "\x1b[91mWrong shape for s_corrected['db2']. (1, 3) != (3, 1)\x1b[0m",
  ]);
});

// ---------------------------------------------------------------------------
// optUtils and a short training run against numpy

test("optUtils: He initialisation, load_params_and_grads, computeCost is a sum", () => {
  const p = optUtils.initializeParameters([2, 5, 2, 1]);
  assert.deepEqual(Object.keys(p), ["W1", "b1", "W2", "b2", "W3", "b3"]);
  assert.deepEqual(flat(p.W1).slice(0, 3).map(reprFloat), ["1.7886284734303186", "0.43650985051198943", "0.09649746807200862"]);
  assert.deepEqual(flat(p.W3).map(reprFloat), ["-1.1850465270201729", "-0.20564989942254108"]);
  const [W1, , , , dW1, , , db2] = optUtils.loadParamsAndGrads();
  const [pp, gg] = updateParametersWithGdTestCase();
  assert.deepEqual(flat(W1), flat(pp.W1));
  assert.deepEqual(flat(dW1), flat(gg.dW1));
  assert.deepEqual(flat(db2), flat(gg.db2));
  const { trainX, trainY } = optUtils.loadDataset();
  const [, , , , bx] = randomMiniBatches(trainX, trainY, 64, 11).map(([x]) => x);
  const [, , , , by] = randomMiniBatches(trainX, trainY, 64, 11).map(([, y]) => y);
  const [a3] = optUtils.forwardPropagation(bx, p);
  assert.equal(reprFloat(optUtils.computeCost(a3, by)), "30.392660531891742"); // numpy, 44 examples
  assert.equal(optUtils.computeCost(new Matrix([[0, 0.5]]), new Matrix([[1, 0]])), Infinity);
  assert.ok(Number.isNaN(optUtils.computeCost(new Matrix([[0, 0.5]]), new Matrix([[0, 0]]))), "0 * inf is nan in a plain sum");
  assert.throws(() => optUtils.computeCost(new Matrix([[0.5]]), new Matrix([[1, 0]])), /a3 has shape \(1, 1\) but Y has shape \(1, 2\)/);
});

/** The course's model (cell 35): the per-epoch average costs. */
function train(opt: Optimizer, epochs: number): number[] {
  const { trainX: X, trainY: Y } = optUtils.loadDataset();
  const parameters = optUtils.initializeParameters([2, 5, 2, 1]);
  const costs: number[] = [];
  let seed = 10;
  for (let i = 0; i < epochs; i++) {
    seed = seed + 1;
    let costTotal = 0;
    for (const [bx, by] of randomMiniBatches(X, Y, 64, seed)) {
      const [a3, cache] = optUtils.forwardPropagation(bx, parameters);
      costTotal += optUtils.computeCost(a3, by);
      opt.step(parameters, optUtils.backwardPropagation(bx, by, cache));
    }
    costs.push(costTotal / X.columns);
  }
  return costs;
}

test("the course's model, first 3 epochs: numpy's costs bit for bit, the course's printed line", () => {
  // numpy 1.24 on this machine (glibc exp/log: NPY_DISABLE_CPU_FEATURES=AVX512...), course code, lr 0.0007
  const numpy: Record<string, string[]> = {
    gd: ["0.7024046849828726", "0.7023642293272219", "0.7023196666528048"],
    momentum: ["0.7024127305373173", "0.7023965423255557", "0.7023721240851031"],
    adam: ["0.7021655222604548", "0.7008600024297935", "0.6998074967093485"],
  };
  const adamOpt = adam({ learningRate: 0.0007, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  const runs: Record<string, Optimizer> = {
    gd: gd({ learningRate: 0.0007 }),
    momentum: momentum({ learningRate: 0.0007, beta: 0.9 }),
    adam: adamOpt,
  };
  const printed: string[] = [];
  for (const [name, opt] of Object.entries(runs)) {
    const costs = train(opt, 3);
    assert.deepEqual(costs.map(reprFloat), numpy[name], name);
    printed.push(sprintf("Cost after epoch %i: %f", 0, costs[0]));
  }
  assert.equal(adamOpt.t, 15, "Adam's counter is global: 3 epochs x 5 batches");
  assert.deepEqual(printed, ["Cost after epoch 0: 0.702405", "Cost after epoch 0: 0.702413", "Cost after epoch 0: 0.702166"]);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { makeCircles, makeMoons } from "../helpers/internal";
import { loadCircles } from "dnnlab/course/initialization";
import { loadMoons } from "dnnlab/course/optimization";
import { random, RandomState } from "dnnlab";
import vectors from "../fixtures/rng-vectors.json";

/** Distance in units in the last place between two doubles of the same sign. */
function ulps(a: number, b: number): number {
  const buf = new Float64Array([a, b]);
  const bits = new BigInt64Array(buf.buffer);
  const d = bits[0] - bits[1];
  return Number(d < 0n ? -d : d);
}

const circles = (vectors as unknown as Record<string, { X: { values: string[] }; y: { values: number[] } }>)["make_circles_n300_noise0.05_seed1"];

test("makeCircles after seed(1) is sklearn's make_circles(300, noise=0.05): labels exact, coordinates within 2 ulp", () => {
  random.seed(1);
  const { X, y } = makeCircles({ nSamples: 300, noise: 0.05 });
  assert.deepEqual([X.rows, X.columns], [300, 2]);
  assert.deepEqual(y, circles.y.values);
  const got = X.to1DArray();
  let worst = 0;
  got.forEach((v, i) => {
    worst = Math.max(worst, ulps(v, Number(circles.X.values[i])));
  });
  assert.ok(worst <= 2, `worst coordinate is ${worst} ulp away`);
});

test("loadCircles gives the course's layout and class balance", () => {
  const { trainX, trainY, testX, testY } = loadCircles();
  assert.deepEqual([trainX.rows, trainX.columns, trainY.rows, trainY.columns], [2, 300, 1, 300]);
  assert.deepEqual([testX.rows, testX.columns, testY.rows, testY.columns], [2, 100, 1, 100]);
  assert.equal(trainY.to1DArray().filter((v) => v === 1).length, 150);
  assert.equal(testY.to1DArray().filter((v) => v === 1).length, 50);
  assert.deepEqual(trainY.to1DArray(), circles.y.values);
  assert.equal(trainX.get(0, 0), makeCirclesFirst());
});

function makeCirclesFirst(): number {
  random.seed(1);
  return makeCircles({ nSamples: 300, noise: 0.05 }).X.get(0, 0);
}

const moons = (vectors as unknown as Record<string, { X: { values: string[] }; y: { values: number[] } }>)["make_moons_n300_noise0.2_seed3"];

test("makeMoons after seed(3) is sklearn's make_moons(300, noise=0.2): labels exact, coordinates within an ulp of sin/cos", () => {
  random.seed(3);
  const { X, y } = makeMoons({ nSamples: 300, noise: 0.2 });
  assert.deepEqual(y, moons.y.values);
  // V8's sin/cos may round a value in [-1, 1] one ulp away from glibc's; after
  // the noise is added that is at most 1.1e-16 absolute (more ulps of a sum
  // that cancels to a small number, hence an absolute bound here).
  let worst = 0;
  let differing = 0;
  X.to1DArray().forEach((v, i) => {
    const d = Math.abs(v - Number(moons.X.values[i]));
    worst = Math.max(worst, d);
    if (d > 0) differing++;
  });
  assert.ok(worst <= 2.3e-16, `worst coordinate is ${worst} away`);
  assert.ok(differing < 30, `${differing} of 600 coordinates differ`);
  const { trainX, trainY } = loadMoons();
  assert.deepEqual(trainY.to1DArray(), moons.y.values);
  assert.equal(trainX.get(1, 0), Number(moons.X.values[1]));
});

test("makeMoons: shapes, balance, sklearn's geometry without noise", () => {
  const { X, y } = makeMoons({ nSamples: 6, shuffle: false });
  assert.deepEqual(y, [0, 0, 0, 1, 1, 1]);
  assert.deepEqual(X.getRow(0), [1, 0]);
  assert.deepEqual(X.getRow(2), [-1, Math.sin(Math.PI)]);
  assert.deepEqual(X.getRow(3), [0, 0.5]);
  const { trainX, trainY } = loadMoons();
  assert.deepEqual([trainX.rows, trainX.columns], [2, 300]);
  assert.equal(trainY.to1DArray().filter((v) => v === 1).length, 150);
});

test("the generators use the given RandomState and validate their options", () => {
  const a = makeCircles({ nSamples: 10, noise: 0.1, randomState: new RandomState(5) });
  const b = makeCircles({ nSamples: 10, noise: 0.1, randomState: new RandomState(5) });
  assert.deepEqual(a.X.to2DArray(), b.X.to2DArray());
  assert.throws(() => makeCircles({ factor: 1 }), /factor has to be between 0 and 1, got 1/);
  assert.throws(() => makeMoons({ nSamples: -1 }), /nSamples must be a non-negative integer, got -1/);
  assert.throws(() => makeMoons({ noise: -0.1 }), /noise must be >= 0/);
});

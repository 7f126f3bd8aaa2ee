import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, add, subtract, multiply, negative, dot, log, sum, sigmoid, relu, positiveMask, checkGradients, formatGradientReport, reprFloat } from "dnnlab";
import { dictionaryToVector, vectorToDictionary, gradientsToVector, gradientCheckNTestCase } from "dnnlab/course/gradientChecking";
import { parameterKeys, gradientCheckLayout, relativeDifference } from "../helpers/internal";
import type { Parameters, Gradients } from "dnnlab";

// The Gradient Checking notebook's model, as its cells write it.
function forwardN(X: Matrix, Y: Matrix, p: Parameters): [number, Matrix[]] {
  const m = X.columns;
  const Z1 = add(dot(p.W1, X), p.b1);
  const A1 = relu(Z1);
  const Z2 = add(dot(p.W2, A1), p.b2);
  const A2 = relu(Z2);
  const Z3 = add(dot(p.W3, A2), p.b3);
  const A3 = sigmoid(Z3);
  const logprobs = add(multiply(negative(log(A3)), Y), multiply(negative(log(subtract(1, A3))), subtract(1, Y)));
  return [(1 / m) * sum(logprobs), [A1, A2, A3]];
}

function backwardN(X: Matrix, Y: Matrix, p: Parameters, cache: Matrix[], buggy: boolean): Gradients {
  const m = X.columns;
  const [A1, A2, A3] = cache;
  const rowSums = (a: Matrix): Matrix => sum(a, { axis: 1, keepdims: true });
  const dZ3 = subtract(A3, Y);
  const dA2 = dot(p.W3.transpose(), dZ3);
  const dZ2 = multiply(dA2, positiveMask(A2));
  const dA1 = dot(p.W2.transpose(), dZ2);
  const dZ1 = multiply(dA1, positiveMask(A1));
  return {
    dW3: multiply(1 / m, dot(dZ3, A2.transpose())),
    db3: multiply(1 / m, rowSums(dZ3)),
    dW2: multiply(multiply(1 / m, dot(dZ2, A1.transpose())), buggy ? 2 : 1),
    db2: multiply(1 / m, rowSums(dZ2)),
    dW1: multiply(1 / m, dot(dZ1, X.transpose())),
    db1: multiply((buggy ? 4 : 1) / m, rowSums(dZ1)),
    dZ1,
    dA1,
  };
}

test("dictionaryToVector stacks W1, b1, ... row-major with the course's keys list", () => {
  const p = {
    b1: new Matrix([[5], [6]]),
    W1: new Matrix([
      [1, 2],
      [3, 4],
    ]),
    W2: new Matrix([[7, 8]]),
    b2: new Matrix([[9]]),
  };
  assert.deepEqual(parameterKeys(p), ["W1", "b1", "W2", "b2"]);
  const [theta, keys] = dictionaryToVector(p);
  assert.deepEqual(theta.to1DArray(), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(keys, ["W1", "W1", "W1", "W1", "b1", "b1", "W2", "W2", "b2"]);
  assert.throws(() => dictionaryToVector({ W1: new Matrix(2, 2) }), /layer 1 but no "b1"/);
});

test("vectorToDictionary inverts it with the Gradient Checking layout, and checks the size", () => {
  const theta = Matrix.columnVector(Array.from({ length: 47 }, (_, i) => i));
  const p = vectorToDictionary(theta);
  assert.deepEqual(Object.keys(p), ["W1", "b1", "W2", "b2", "W3", "b3"]);
  assert.deepEqual(p.W1.getRow(1), [4, 5, 6, 7]);
  assert.deepEqual(p.b3.to2DArray(), [[46]]);
  assert.deepEqual(dictionaryToVector(p, gradientCheckLayout)[0].to1DArray(), theta.to1DArray());
  assert.throws(() => vectorToDictionary(new Matrix(46, 1)), { message: "theta has shape (46, 1), expected (47, 1)" });
});

test("gradientsToVector ignores dZ/dA keys and names a missing gradient", () => {
  const g = { dW1: new Matrix([[1, 2]]), db1: new Matrix([[3]]), dZ1: new Matrix([[99]]) };
  assert.deepEqual(gradientsToVector(g).to1DArray(), [1, 2, 3]);
  assert.throws(
    () => gradientsToVector({ dW1: new Matrix([[1]]) }, gradientCheckLayout),
    /gradients has no "dW1"|gradients\["dW1"\] has shape \(1, 1\), expected \(5, 4\)/,
  );
});

test("the course's N-D check: 0.2850931567761623 with the bugs, 1.1890913024229996e-07 fixed", () => {
  const [X, Y, parameters] = gradientCheckNTestCase();
  const [cost, cache] = forwardN(X, Y, parameters);
  assert.equal(cost, 2.407833389834357);
  const costOf = (p: Parameters): number => forwardN(X, Y, p)[0];

  const buggy = checkGradients(costOf, parameters, backwardN(X, Y, parameters, cache, true));
  assert.equal(reprFloat(buggy.difference), "0.2850931567761623");
  assert.equal(buggy.passed, false);
  const wrong = buggy.blocks.filter((b) => !b.ok).map((b) => b.key);
  assert.deepEqual(wrong, ["b1", "W2"]);
  const ratio = (k: string): number => {
    const block = buggy.blocks.find((b) => b.key === k);
    assert.ok(block, `no block ${k}`);
    return block.ratio;
  };
  assert.ok(Math.abs(ratio("W2") - 2) < 1e-6, `dW2 ratio ${ratio("W2")}`);
  assert.ok(Math.abs(ratio("b1") - 4) < 1e-6, `db1 ratio ${ratio("b1")}`);
  const table = formatGradientReport(buggy);
  assert.match(table, /dW2 .*WRONG \(x2\.00\)/);
  assert.match(table, /db1 .*WRONG \(x4\.00\)/);
  assert.match(table, /dW1 .* ok/);

  const fixed = checkGradients(costOf, parameters, backwardN(X, Y, parameters, cache, false));
  assert.equal(reprFloat(fixed.difference), "1.1890913024229996e-07");
  assert.equal(fixed.passed, true);
  assert.ok(fixed.blocks.every((b) => b.ok));
  // parameters were not modified by the check
  assert.equal(costOf(parameters), 2.407833389834357);
});

test("checkGradients reports a non-finite cost with the parameter entry", () => {
  const p = { W1: new Matrix([[1, 2]]), b1: new Matrix([[0]]) };
  const g = { dW1: new Matrix([[0, 0]]), db1: new Matrix([[0]]) };
  assert.throws(() => checkGradients((q) => (q.W1.get(0, 1) > 2 ? NaN : 0), p, g), /cost is NaN .* at W1\[0,1\] \+ epsilon/);
});

test("relativeDifference is the course's formula", () => {
  assert.equal(relativeDifference([3, 4], [3, 4]), 0);
  assert.equal(relativeDifference([2, 0], [0, 0]), 1);
});

// The grader's comparison of results and the shape of its hidden cases.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Matrix, zeros } from "dnnlab";
import { tfjs } from "dnnlab/course/tensorflow";
import { grader } from "../helpers/submissions.mjs";

const { compareValues } = grader("compare");
const { hiddenCases, gradingFor } = grader("cases/index");

test("compareValues accepts equal values within numpy's allclose tolerances", () => {
  assert.equal(compareValues(1.5, 1.5 + 1e-9), null);
  assert.equal(compareValues(new Matrix([[1, 2]]), new Matrix([[1, 2.000001]])), null);
  assert.equal(compareValues({ W1: zeros(2, 1), b1: zeros(1, 1) }, { W1: zeros(2, 1), b1: zeros(1, 1) }), null);
  assert.equal(compareValues([new Matrix([[1]]), [2, 3]], [new Matrix([[1]]), [2, 3]]), null);
  assert.equal(compareValues(NaN, NaN), null);
});

test("compareValues names the first difference by its path", () => {
  assert.equal(compareValues(2, 3), "result = 3, expected 2");
  assert.equal(compareValues(new Matrix([[1, 2]]), new Matrix([[1], [2]])), "result has shape (2, 1), expected (1, 2)");
  assert.equal(compareValues(new Matrix([[1, 2]]), new Matrix([[1, 5]])), "result[0,1] = 5, expected 2 (1 of 2 entries differ)");
  assert.equal(compareValues({ W1: zeros(1, 1), b1: zeros(1, 1) }, { W1: zeros(1, 1) }), 'result has no key "b1"');
  assert.equal(compareValues({ W1: zeros(1, 1) }, { W1: zeros(1, 1), W0: zeros(1, 1) }), 'result has unexpected key "W0"');
  assert.equal(compareValues([1, new Matrix([[1]])], [1, new Matrix([[2]])], "out"), "out[1][0,0] = 2, expected 1");
  assert.match(
    compareValues(new Matrix([[1]]), undefined) ?? "",
    /should be a Matrix of shape \(1, 1\), got undefined \(did the function return its result\?\)/,
  );
  assert.match(compareValues(1, "1") ?? "", /should be a number, got string 1/);
});

test("compareValues compares TensorFlow.js tensors by dtype, shape and values, and variables as variables", () => {
  const tf = tfjs();
  const t = (values, shape, dtype = "float32") => tf.tensor(values, shape, dtype);
  assert.equal(compareValues(t([1, 2], [2, 1]), t([1, 2.000001], [2, 1])), null);
  assert.equal(compareValues(t([1, 2], [2, 1]), t([1, 2], [1, 2])), "result has shape (1, 2), expected (2, 1)");
  assert.equal(compareValues(t([0, 1], [2]), t([0, 1], [2], "int32")), "result has dtype int32, expected float32");
  assert.equal(compareValues(t([0.5, 1, 2, 3], [2, 2]), t([0.5, 1, 2, 4], [2, 2])), "result[1,1] = 4.0, expected 3.0 (1 of 4 entries differ)");
  assert.equal(compareValues(t([0.25], []), t([0.5], [])), "result[] = 0.5, expected 0.25");
  assert.match(compareValues(t([1], [1]), 1) ?? "", /should be a float32 tensor of shape \(1,\) \(use the TensorFlow\.js API\), got number 1/);
  assert.match(compareValues(t([1], [1]), new Matrix([[1]])) ?? "", /got a Matrix of shape \(1, 1\)/);
  const disposed = t([1], [1]);
  disposed.dispose();
  assert.match(compareValues(t([1], [1]), disposed) ?? "", /already disposed/);
  const v = tf.variable(t([1, 2], [2, 1]));
  assert.equal(compareValues({ W1: v }, { W1: tf.variable(t([1, 2], [2, 1])) }), null);
  assert.equal(compareValues({ W1: v }, { W1: t([1, 2], [2, 1]) }), "result.W1 should be a tf.Variable (wrap it in tf.variable), got a plain tensor");
});

test("every hidden case has a label and builds its arguments afresh", () => {
  for (const [assignment, functions] of Object.entries(hiddenCases)) {
    for (const [fn, spec] of Object.entries(functions)) {
      assert.ok(spec.hidden.length > 0, `${assignment}/${fn}: no hidden cases`);
      for (const c of spec.hidden) {
        assert.ok(c.label.length > 0, `${assignment}/${fn}: a case without a label`);
        if (c.needs) continue; // built from the notebook's own functions
        const a = c.args({});
        const b = c.args({});
        assert.ok(Array.isArray(a));
        assert.notEqual(a, b, `${assignment}/${fn} "${c.label}": args must be rebuilt on every call`);
        assert.equal(compareValues(a, b), null, `${assignment}/${fn} "${c.label}": args differ between calls (seed first)`);
      }
    }
  }
  assert.deepEqual(gradingFor("no such notebook", "f"), { hidden: [] });
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import * as dnnlab from "dnnlab";

test("the package loads by its name", () => {
  assert.equal(typeof dnnlab.version, "string");
});

test("require(<project root>) gives the built library with its main exports", () => {
  const root = resolve(__dirname, "..", "..", "..");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require(root) as typeof dnnlab;
  assert.equal(typeof lib.Matrix, "function");
  assert.ok(new lib.Matrix(2, 3) instanceof lib.Matrix);
  assert.ok(lib.random instanceof lib.RandomState);
  assert.equal(lib.str(new lib.Matrix([[1.5, -2]])), "[[ 1.5 -2. ]]");
  lib.random.seed(1);
  assert.equal(lib.random.randn(1, 1).get(0, 0), 1.6243453636632417);
});

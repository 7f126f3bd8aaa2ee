import { test } from "node:test";
import assert from "node:assert/strict";
import * as dnnlab from "dnnlab";

test("the package loads by its name", () => {
  assert.equal(typeof dnnlab.version, "string");
});

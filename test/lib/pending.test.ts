import { test } from "node:test";
import assert from "node:assert/strict";
import { type Matrix, pendingValue, str } from "dnnlab";

test("pendingValue throws on use, naming the value and the reason", () => {
  const m = pendingValue<Matrix>("parameters", "run the cell above first");
  assert.throws(() => m.rows, /^Error: parameters is not available yet: run the cell above first$/);
  assert.throws(() => str(m), /parameters is not available yet/);
  const n = pendingValue<number>("cost", "why");
  assert.throws(() => n > 1, /cost is not available yet: why/);
});

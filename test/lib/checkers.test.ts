import { test } from "node:test";
import assert from "node:assert/strict";
import { captureLog } from "../helpers/capture";
import { forwardPropagationTest, backwardPropagationTest, gradientCheckTest } from "dnnlab/course/gradientChecking";
import { singleTest, CheckFailed } from "../helpers/internal";

test("a correct function prints the course's green line", () => {
  const r = captureLog(() => forwardPropagationTest((x, theta) => theta * x));
  assert.equal(r.error, undefined);
  assert.deepEqual(r.lines, ["\x1b[92m All tests passed."]);
  assert.deepEqual(captureLog(() => backwardPropagationTest((x) => x)).lines, ["\x1b[92m All tests passed."]);
});

test("a wrong function gets the case, expected and got, the counts, and an AssertionError", () => {
  const r = captureLog(() => forwardPropagationTest((x, theta) => theta + x));
  assert.ok(r.error instanceof CheckFailed);
  assert.equal((r.error as Error).name, "AssertionError");
  assert.match((r.error as Error).message, /^Not all tests were passed for forwardPropagation\./);
  assert.ok(
    r.lines.some((l) => l.includes("forwardPropagation(2, 4) expected 8, got 6")),
    r.lines.join("\n"),
  );
  assert.ok(r.lines.includes("\x1b[92m 1  Tests passed"), r.lines.join("\n"));
  assert.ok(r.lines.includes("\x1b[91m 2  Tests failed\x1b[0m"), r.lines.join("\n"));
});

test("an unfinished exercise is reported, not crashed on", () => {
  const r = captureLog(() =>
    gradientCheckTest(() => {
      throw new Error("Exercise not implemented: gradientCheck");
    }),
  );
  assert.ok(r.error instanceof CheckFailed);
  assert.ok(r.lines.some((l) => l.includes("gradientCheck(2, 4) threw Error: Exercise not implemented: gradientCheck")));
});

test("a datatype mismatch names the type that came", () => {
  const r = captureLog(() => backwardPropagationTest((() => "2") as unknown as (x: number, t: number) => number));
  assert.ok(
    r.lines.some((l) => l.includes("expected a number, got string 2")),
    r.lines.join("\n"),
  );
});

test("singleTest rejects a non-function target", () => {
  assert.throws(() => singleTest([], 3 as unknown as () => number, "f"), /f must be a function, got number 3/);
});

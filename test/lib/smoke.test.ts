import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { execFileSync } from "node:child_process";
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

test("the public surface: dnnlab and dnnlab/course/<notebook> load; the modules behind them stay private", () => {
  const courses = ["gradientChecking", "initialization", "regularization", "optimization", "tensorflow"];
  for (const c of courses) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m = require(`dnnlab/course/${c}`) as Record<string, unknown>;
    assert.ok(Object.keys(m).length > 0, `dnnlab/course/${c} exports nothing`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const optimization = require("dnnlab/course/optimization") as Record<string, unknown>;
  assert.equal(typeof optimization.updateParametersWithAdamTest, "function");
  assert.equal(optimization.updateParametersWithAdam, undefined, "a graded solution in the course entry point");
  for (const internal of ["dnnlab/dist/core/matrix", "dnnlab/dist/index.js", "dnnlab/course/checks", "dnnlab/lib/index.ts"]) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    assert.throws(() => require(internal), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" }, `${internal} is reachable`);
  }
});

test("the entry points' export objects are fast V8 objects whose re-exports stay live getters", () => {
  // In a child with V8's natives syntax: %HasFastProperties says whether a
  // notebook's `dnnlab_1.add(...)` reads an ordinary property or probes a
  // dictionary (core/moduleExports.ts).
  const root = resolve(__dirname, "..", "..", "..");
  const script = `
    const entries = ["dnnlab", "dnnlab/course/gradientChecking", "dnnlab/course/initialization", "dnnlab/course/regularization", "dnnlab/course/optimization"];
    const internal = ["course/initialization/utils.js", "course/regularization/utils.js", "course/optimization/utils.js", "core/matrix.js", "numerics/libm.js"];
    const fast = {};
    for (const e of entries) fast[e] = %HasFastProperties(require(e));
    for (const f of internal) fast[f] = %HasFastProperties(require(${JSON.stringify(`${root}/dist/`)} + f));
    const d = require("dnnlab");
    const plots = require(${JSON.stringify(`${root}/dist/display/plots.js`)});
    const before = d.plotCosts, patched = () => "patched";
    plots.plotCosts = patched;
    const live = d.plotCosts === patched;
    plots.plotCosts = before;
    console.log(JSON.stringify({ fast, live, esModule: d.__esModule, proto: Object.getPrototypeOf(d) === Object.prototype, same: require("dnnlab") === d }));`;
  const out = JSON.parse(execFileSync(process.execPath, ["--allow-natives-syntax", "-e", script], { cwd: root, encoding: "utf8" }));
  assert.deepEqual(
    Object.entries(out.fast).filter(([, isFast]) => !isFast),
    [],
    "export objects in dictionary mode",
  );
  assert.equal(out.live, true, "dnnlab.plotCosts no longer reads the plots module's current export");
  assert.equal(out.esModule, true);
  assert.equal(out.proto, true);
  assert.equal(out.same, true);
});

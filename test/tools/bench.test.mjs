// The bench's preflight: a numpy baseline that cannot import what it needs is
// reported as skipped in one line, with the Debian package to install, before
// anything is timed (no Python traceback, no crash half-way).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "../../scripts/kernel.mjs";
import { baselineProblem, scriptImports } from "../../bench/preflight.mjs";

const SYSTEM_PYTHON = "/usr/bin/python3";
const numpyThere = spawnSync(SYSTEM_PYTHON, ["-c", "import numpy"], { stdio: "ignore" }).status === 0;
const skip = numpyThere ? false : `${SYSTEM_PYTHON} has no numpy (Debian package python3-numpy)`;

/** A python whose `scipy` cannot be imported: a stand-in package that raises, first on its path. */
function pythonWithoutScipy() {
  const dir = mkdtempSync(join(tmpdir(), "dnnlab-bench-"));
  mkdirSync(join(dir, "site", "scipy"), { recursive: true });
  writeFileSync(join(dir, "site", "scipy", "__init__.py"), 'raise ImportError("No module named scipy (hidden by the test)")\n');
  const wrapper = join(dir, "python3");
  writeFileSync(wrapper, `#!/bin/sh\nPYTHONPATH=${join(dir, "site")} exec ${SYSTEM_PYTHON} "$@"\n`);
  chmodSync(wrapper, 0o755);
  return wrapper;
}

test("the baselines' imports are read through their local modules", () => {
  const reg = scriptImports(join(projectRoot, "bench", "numpy", "reg_model.py"));
  assert.ok(reg.includes("scipy.io") && reg.includes("numpy"), reg.join(", "));
  assert.ok(!reg.includes("course_nn"), "course_nn.py is followed, not listed");
});

test("a baseline whose python lacks scipy is named with the apt package", { skip }, () => {
  const python = pythonWithoutScipy();
  assert.equal(
    baselineProblem(python, join(projectRoot, "bench", "numpy", "reg_model.py")),
    `${python} cannot import scipy.io (needed by bench/numpy/reg_model.py); install it: sudo apt-get install python3-scipy`,
  );
  assert.equal(baselineProblem(python, join(projectRoot, "bench", "numpy", "init_model.py")), null);
});

test("npm run bench skips such a workload in one line and exits 0", { skip }, () => {
  const python = pythonWithoutScipy();
  const r = spawnSync(process.execPath, [join(projectRoot, "bench", "run.mjs"), "--runs", "1", "reg dropout"], {
    cwd: projectRoot,
    env: { ...process.env, DNNLAB_BENCH_PYTHON: python },
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  const lines = r.stdout.trim().split("\n");
  assert.deepEqual(lines.slice(1), [
    `reg dropout 30000 iterations: skipped: ${python} cannot import scipy.io (needed by bench/numpy/reg_model.py); install it: sudo apt-get install python3-scipy`,
    "bench: 1 workload skipped (their numpy baseline cannot run; see above)",
  ]);
});

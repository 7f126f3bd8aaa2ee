// Notebook tests: every solution notebook is re-executed through real Jupyter
// (nbclient) with the tslab kernel, and its text outputs must equal the saved
// ones; the saved notebook itself must carry outputs and no errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { ensureJupyter, kernelEnv } from "../../scripts/jupyter.mjs";
import { projectRoot } from "../../scripts/kernel.mjs";
import { compareNotebooks, readNotebook, savedNotebookProblems } from "../../scripts/nbcompare.mjs";

const notebooks = readdirSync(join(projectRoot, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

let python = null;
let jupyterProblem = null;
try {
  python = ensureJupyter({ log: (m) => console.error(m) });
} catch (err) {
  jupyterProblem = err.message;
}

function execute(name, outDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      python,
      [join(projectRoot, "scripts", "nbrun.py"), "--out-dir", outDir, "--failed-dir", outDir, join("notebooks", name)],
      { cwd: projectRoot, env: kernelEnv(), stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

test("there are solution notebooks to test", () => {
  assert.ok(notebooks.length > 0, "no notebooks/*.ipynb found");
});

for (const name of notebooks) {
  const path = join("notebooks", name);

  test(`${name}: saved with outputs, no errors, tslab kernel`, () => {
    const problems = savedNotebookProblems(readNotebook(join(projectRoot, path)), path);
    assert.deepEqual(problems, []);
  });

  test(`${name}: re-executes through Jupyter + tslab to the saved outputs`, { timeout: 20 * 60 * 1000 }, async () => {
    assert.ok(python, `Jupyter is needed for the notebook tests: ${jupyterProblem}`);
    const outDir = mkdtempSync(join(tmpdir(), "dnnlab-nbtest-"));
    const { code, output } = await execute(name, outDir);
    assert.equal(code, 0, `executing ${path} failed:\n${output}`);
    const saved = readNotebook(join(projectRoot, path));
    const rerun = readNotebook(join(outDir, name));
    const diffs = compareNotebooks(saved, rerun, path);
    assert.deepEqual(diffs, [], `re-executed outputs differ from the saved ones:\n${diffs.join("\n")}`);
  });
}

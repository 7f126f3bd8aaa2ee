// Notebook tests: every solution notebook is re-executed through real Jupyter
// (nbclient) with the tslab kernel, and its text outputs must equal the saved
// ones; the saved notebook itself must carry outputs and no errors.
//
// Notebooks that read a course data file name it in their metadata
// (`dnnlab.data_file`). Their saved outputs come from the real file, which
// their record of the run says (`dnnlab.data`, written by scripts/nbrun.py
// from what the library reported). Without the file, the notebook runs on a
// generated stand-in and is checked on its own terms (it runs, says it uses
// the stand-in, records it, and learns: see standInChecks); with the file,
// both runs are tested.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { ensureJupyter, kernelEnv } from "../../scripts/jupyter.mjs";
import { projectRoot } from "../../scripts/kernel.mjs";
import { compareNotebooks, readNotebook, savedNotebookProblems } from "../../scripts/nbcompare.mjs";

const require = createRequire(import.meta.url);

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

function execute(name, outDir, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(projectRoot, "scripts", "nbrun.py"), "--out-dir", outDir, "--failed-dir", outDir, join("notebooks", name)], {
      cwd: projectRoot,
      env: { ...kernelEnv(), ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Where the library finds a course data file (existing paths only). */
function courseDataFound(file) {
  // where the library looks for the course's files (an internal module of the library)
  const { courseDataPaths } = require(join(projectRoot, "dist", "io", "dataPaths.js"));
  if (file === "data.mat" || file === "test_signs.h5") return courseDataPaths(file).filter((p) => existsSync(p));
  throw new Error(`no lookup known for the data file ${file}`);
}

/** All stream text a notebook printed. */
function printedText(nb) {
  return nb.cells
    .filter((c) => c.cell_type === "code")
    .flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === "stream"))
    .map((o) => [].concat(o.text).join(""))
    .join("");
}

/** The test-set accuracies a notebook printed, in order. */
function testAccuracies(text) {
  return [...text.matchAll(/On the test set:\nAccuracy: ([0-9.]+)/g)].map((m) => Number(m[1]));
}

/**
 * What each notebook with a course data file must show when it runs on the
 * generated stand-in instead: `title` ends the test's name, `check(text)`
 * asserts on everything the notebook printed.
 */
const standInChecks = {
  "Regularization.ipynb": {
    title: "learns, and regularization helps",
    check(name, text) {
      assert.match(text, /using the generated stand-in data set/);
      const [baseline, l2, dropout] = testAccuracies(text);
      assert.ok(baseline > 0.8, `the baseline should learn (test accuracy ${baseline})`);
      assert.ok(l2 > baseline, `L2 should beat the baseline on test accuracy: ${l2} vs ${baseline}`);
      assert.ok(dropout > baseline, `dropout should beat the baseline on test accuracy: ${dropout} vs ${baseline}`);
      console.log(`# ${name}: stand-in test accuracies: baseline ${baseline}, L2 ${l2}, dropout ${dropout}`);
    },
  },
  "TensorFlow_introduction.ipynb": {
    title: "the cost falls and the accuracies rise",
    check(name, text) {
      assert.match(text, /Test images: test_signs\.h5 was not found: using the generated stand-in data set/);
      const numbers = (re) => [...text.matchAll(re)].map((m) => Number(m[1]));
      const costs = numbers(/Cost after epoch \d+: ([0-9.]+)/g);
      const train = numbers(/Train accuracy: tf\.Tensor\(([0-9.e-]+),/g);
      const testAcc = numbers(/Test_accuracy: tf\.Tensor\(([0-9.e-]+),/g);
      assert.equal(costs.length, 10, "one cost every 10 epochs for 100 epochs");
      assert.ok(costs[9] < costs[0] * 0.7, `the cost should fall: ${costs.join(", ")}`);
      assert.ok(train[9] > train[0] + 0.3, `the training accuracy should rise: ${train.join(", ")}`);
      assert.ok(testAcc[9] > testAcc[0] + 0.3, `the (stand-in) test accuracy should rise: ${testAcc.join(", ")}`);
      console.log(
        `# ${name}: stand-in run: cost ${costs[0]} -> ${costs[9]}, train accuracy ${train[0]} -> ${train[9]}, test accuracy ${testAcc[0]} -> ${testAcc[9]}`,
      );
    },
  },
};

test("there are solution notebooks to test", () => {
  assert.ok(notebooks.length > 0, "no notebooks/*.ipynb found");
});

for (const name of notebooks) {
  const path = join("notebooks", name);
  const saved = readNotebook(join(projectRoot, path));
  const dataFile = saved.metadata?.dnnlab?.data_file;
  const found = dataFile ? courseDataFound(dataFile) : [];
  const withoutData = dataFile && found.length === 0;

  test(`${name}: saved with outputs, no errors, tslab kernel${dataFile ? `, from the course's ${dataFile}` : ""}`, () => {
    assert.deepEqual(savedNotebookProblems(saved, path), []);
    if (dataFile) assert.equal(saved.metadata.dnnlab.data[dataFile], "course", `${path}: the saved outputs should come from the course's ${dataFile}`);
  });

  test(`${name}: re-executes through Jupyter + tslab to the saved outputs${dataFile ? ` (with the course's ${dataFile})` : ""}`, {
    timeout: 20 * 60 * 1000,
    skip: withoutData ? `the course's ${dataFile} is not here, and the saved outputs come from it; the stand-in run is checked below` : false,
  }, async () => {
    assert.ok(python, `Jupyter is needed for the notebook tests: ${jupyterProblem}`);
    if (dataFile) console.log(`# ${name}: using the course's ${dataFile} (${found[0]})`);
    const outDir = mkdtempSync(join(tmpdir(), "dnnlab-nbtest-"));
    const { code, output } = await execute(name, outDir);
    assert.equal(code, 0, `executing ${path} failed:\n${output}`);
    const rerun = readNotebook(join(outDir, name));
    const diffs = compareNotebooks(saved, rerun, path);
    assert.deepEqual(diffs, [], `re-executed outputs differ from the saved ones:\n${diffs.join("\n")}`);
    assert.deepEqual(rerun.metadata.dnnlab?.data, saved.metadata.dnnlab?.data, "the re-run read other data than the saved run");
  });

  if (dataFile) {
    const standIn = standInChecks[name];
    test(`${name}: runs on the generated stand-in for ${dataFile}, ${standIn?.title ?? "(no check defined)"}`, { timeout: 20 * 60 * 1000 }, async () => {
      assert.ok(standIn, `${name} names a data file but test/notebooks/notebooks.test.mjs has no stand-in check for it`);
      assert.ok(python, `Jupyter is needed for the notebook tests: ${jupyterProblem}`);
      console.log(`# ${name}: stand-in run (DNNLAB_NO_COURSE_DATA=1)`);
      const outDir = mkdtempSync(join(tmpdir(), "dnnlab-nbtest-standin-"));
      const { code, output } = await execute(name, outDir, { DNNLAB_NO_COURSE_DATA: "1" });
      assert.equal(code, 0, `executing ${path} on the stand-in failed:\n${output}`);
      const rerun = readNotebook(join(outDir, name));
      assert.equal(rerun.metadata.dnnlab?.data?.[dataFile], "stand-in", `the run's record should say it used the stand-in for ${dataFile}`);
      standIn.check(name, printedText(rerun));
    });
  }
}

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
//
// A stand-in run may train for fewer epochs (`shorter` in standInChecks), by
// the model's own option, when the run with the course's file trains on the
// same data and so checks every epoch of that training to the digit: the
// TensorFlow notebook's training set is the stand-in's in both runs (its
// saved record says so), only its test set differs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { projectRoot } from "../../scripts/kernel.mjs";
import { findJupyter, runProjectScript } from "../helpers/jupyter.mjs";
import { compareNotebooks, readNotebook, savedNotebookProblems } from "../../scripts/nbcompare.mjs";

const require = createRequire(import.meta.url);

const notebooks = readdirSync(join(projectRoot, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort();

const { python, problem: jupyterProblem } = findJupyter();

/**
 * Runs the notebook at `path` (relative to the project) through scripts/nbrun.py
 * into `outDir`, once more if tslab's kernel died of its file watcher: tslab
 * allows one pending TypeScript rebuild timer and throws "Unexpected pending
 * rebuildTimer" when TypeScript's watch of a failed module lookup (the
 * notebook's `dnnlab/course/...` imports look in the project folder) sees
 * files change there before the next cell, which the test files beside this
 * one do (builds, copies of lib/). A second crash, or any other failure, fails.
 */
async function execute(path, outDir, extraEnv = {}) {
  const first = await executeOnce(path, outDir, extraEnv);
  if (first.code === 0 || !first.output.includes("Unexpected pending rebuildTimer")) return first;
  console.log(`# ${path}: tslab's kernel died of its file watcher (Unexpected pending rebuildTimer); running it again`);
  return executeOnce(path, outDir, extraEnv);
}

async function executeOnce(path, outDir, extraEnv) {
  const { code, stdout, stderr } = await runProjectScript(python, "nbrun.py", ["--out-dir", outDir, "--failed-dir", outDir, path], extraEnv);
  return { code, output: stdout + stderr };
}

/** Where the library finds a course data file (existing paths only). */
function courseDataFound(file) {
  // where the library looks for the course's files (an internal module of the library)
  const { courseDataPaths } = require(join(projectRoot, "dist", "io", "dataPaths.js"));
  if (file === "data.mat" || file === "test_signs.h5") return courseDataPaths(file).filter((p) => existsSync(p));
  throw new Error(`no lookup known for the data file ${file}`);
}

/**
 * A copy of the notebook whose training call runs `shorter.fewer` epochs, in
 * a folder of build/ (the kernel resolves "dnnlab" from the notebook's
 * folder); returns the folder and the copy's path, relative to the project.
 */
function shortened(nb, name, shorter) {
  const copy = structuredClone(nb);
  const calls = copy.cells.filter((c) => c.cell_type === "code" && [].concat(c.source).join("").includes(shorter.call));
  assert.equal(calls.length, 1, `${name}: expected one cell calling the training with ${shorter.call}, found ${calls.length}`);
  calls[0].source = []
    .concat(calls[0].source)
    .join("")
    .replace(shorter.call, shorter.call.replace(String(shorter.epochs), String(shorter.fewer)));
  mkdirSync(join(projectRoot, "build"), { recursive: true });
  const dir = mkdtempSync(join(projectRoot, "build", "nbtest-shorter-"));
  writeFileSync(join(dir, name), JSON.stringify(copy));
  return { dir, path: relative(projectRoot, join(dir, name)) };
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
 * generated stand-in instead: `title` ends the test's name, `check(name,
 * text, epochs)` asserts on everything the notebook printed. `shorter`, if
 * given: the training call as the notebook writes it (`call`, with its
 * `epochs`), the epochs the stand-in run trains instead (`fewer`), and the
 * data file whose stand-in both runs train on (`trainedOn`).
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
    shorter: { call: "{ numEpochs: 100 }", epochs: 100, fewer: 50, trainedOn: "train_signs.h5" },
    check(name, text, epochs = 100) {
      assert.match(text, /Test images: test_signs\.h5 was not found: using the generated stand-in data set/);
      const numbers = (re) => [...text.matchAll(re)].map((m) => Number(m[1]));
      const costs = numbers(/Cost after epoch \d+: ([0-9.]+)/g);
      const train = numbers(/Train accuracy: tf\.Tensor\(([0-9.e-]+),/g);
      const testAcc = numbers(/Test_accuracy: tf\.Tensor\(([0-9.e-]+),/g);
      const n = epochs / 10;
      assert.equal(costs.length, n, `one cost every 10 epochs for ${epochs} epochs`);
      assert.match(text, new RegExp(`Trained ${epochs} epochs in `));
      assert.ok(costs[n - 1] < costs[0] * 0.7, `the cost should fall: ${costs.join(", ")}`);
      assert.ok(train[n - 1] > train[0] + 0.3, `the training accuracy should rise: ${train.join(", ")}`);
      assert.ok(testAcc[n - 1] > testAcc[0] + 0.3, `the (stand-in) test accuracy should rise: ${testAcc.join(", ")}`);
      console.log(
        `# ${name}: stand-in run, ${epochs} epochs: cost ${costs[0]} -> ${costs[n - 1]}, train accuracy ${train[0]} -> ${train[n - 1]}, test accuracy ${testAcc[0]} -> ${testAcc[n - 1]}`,
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
    const { code, output } = await execute(path, outDir);
    assert.equal(code, 0, `executing ${path} failed:\n${output}`);
    const rerun = readNotebook(join(outDir, name));
    const diffs = compareNotebooks(saved, rerun, path);
    assert.deepEqual(diffs, [], `re-executed outputs differ from the saved ones:\n${diffs.join("\n")}`);
    assert.deepEqual(rerun.metadata.dnnlab?.data, saved.metadata.dnnlab?.data, "the re-run read other data than the saved run");
  });

  if (dataFile) {
    const standIn = standInChecks[name];
    // Fewer epochs only where the run with the course's file trains on this same stand-in, every epoch.
    const shorter = standIn?.shorter && !withoutData && saved.metadata.dnnlab.data?.[standIn.shorter.trainedOn] === "stand-in" ? standIn.shorter : null;
    const epochs = shorter ? ` (${shorter.fewer} of its ${shorter.epochs} epochs: the course-data run trains on the same stand-in ${shorter.trainedOn})` : "";
    test(`${name}: runs on the generated stand-in for ${dataFile}, ${standIn?.title ?? "(no check defined)"}${epochs}`, {
      timeout: 20 * 60 * 1000,
    }, async () => {
      assert.ok(standIn, `${name} names a data file but test/notebooks/notebooks.test.mjs has no stand-in check for it`);
      assert.ok(python, `Jupyter is needed for the notebook tests: ${jupyterProblem}`);
      console.log(`# ${name}: stand-in run (DNNLAB_NO_COURSE_DATA=1)`);
      const outDir = mkdtempSync(join(tmpdir(), "dnnlab-nbtest-standin-"));
      const copy = shorter ? shortened(saved, name, shorter) : null;
      const { code, output } = await execute(copy?.path ?? path, outDir, { DNNLAB_NO_COURSE_DATA: "1" }).finally(() => {
        if (copy) rmSync(copy.dir, { recursive: true, force: true });
      });
      assert.equal(code, 0, `executing ${copy?.path ?? path} on the stand-in failed:\n${output}`);
      const rerun = readNotebook(join(outDir, name));
      assert.equal(rerun.metadata.dnnlab?.data?.[dataFile], "stand-in", `the run's record should say it used the stand-in for ${dataFile}`);
      standIn.check(name, printedText(rerun), shorter?.fewer);
    });
  }
}

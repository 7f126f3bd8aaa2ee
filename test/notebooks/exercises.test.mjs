// The exercise notebooks (npm run exercises) executed through real Jupyter +
// tslab, top to bottom, going on past failing cells (scripts/grader/nbcells.py):
//   - every cell compiles: the stubs type-check, and the cells after a cell
//     that stops at an unfinished exercise do not fail with "Cannot find name";
//   - the cells that fail are the checkers and the cells that depend on an
//     unfinished function, and each says so ("Exercise not implemented: ...",
//     "... is not available yet: ...");
//   - with the stubs filled in with the solution, the checkers pass.
// Grading the same notebooks (no Jupyter) is tested in grading.test.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { findJupyter, runProjectScript } from "../helpers/jupyter.mjs";
import { projectRoot } from "../../scripts/kernel.mjs";
import { grader } from "../helpers/submissions.mjs";

const { assignmentsIn, cellSource, checksName, gradedName, solutionRegions } = grader("notebook");
const { gradeNotebook } = grader("grade");

const exercisesDir = join(projectRoot, "notebooks", "exercises");
const assignments = assignmentsIn(join(projectRoot, "notebooks"));

const { python, problem: jupyterProblem } = findJupyter();

/** Runs a notebook through nbcells.py; resolves to its per-cell results. */
async function runCells(path) {
  const { code, stdout, stderr } = await runProjectScript(python, join("grader", "nbcells.py"), [path]);
  if (code !== 0) throw new Error(`nbcells.py ${path} exited ${code}:\n${stderr.slice(-3000)}`);
  return JSON.parse(stdout);
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");
/** tslab prints compile errors as "LINE:COL - message". */
const COMPILE_ERROR = /^\d+:\d+ - .*/m;
const SAYS_SO = /Exercise not implemented: \w+ \(Exercise \d+|is not available yet: |is not defined yet/;

/**
 * The exercise notebook with every stub replaced by the solution's region
 * (what a learner who solved everything would have).
 */
function filledIn(assignment) {
  const nb = JSON.parse(readFileSync(join(exercisesDir, `${assignment.name}.ipynb`), "utf8"));
  for (const fn of assignment.functions) {
    const solution = cellSource(assignment.nb.cells[fn.cell]).split("\n");
    const regions = solutionRegions(solution.join("\n"));
    const cell = nb.cells.find((c) => gradedName(c) === fn.name);
    const lines = cellSource(cell).split("\n");
    const starts = lines.map((l, i) => (/YOUR CODE STARTS HERE/.test(l) ? i : -1)).filter((i) => i >= 0);
    const ends = lines.map((l, i) => (/YOUR CODE ENDS HERE/.test(l) ? i : -1)).filter((i) => i >= 0);
    assert.equal(starts.length, regions.length, `${fn.name}: one stub per solution region`);
    for (let k = regions.length - 1; k >= 0; k--) {
      const body = solution.slice(regions[k].begin + 1, regions[k].end);
      lines.splice(starts[k], ends[k] - starts[k] + 1, ...body);
    }
    cell.source = lines.join("\n");
  }
  return nb;
}

for (const a of assignments) {
  const name = `${a.name}.ipynb`;
  const path = join(exercisesDir, name);

  test(`${name} (exercise): filled in with the solution, it grades full marks`, async () => {
    const dir = mkdtempSync(join(projectRoot, "build", "exercise-filled-"));
    try {
      const filled = join(dir, name);
      writeFileSync(filled, `${JSON.stringify(filledIn(a), null, 1)}\n`);
      const report = await gradeNotebook(filled);
      for (const f of report.functions) assert.ok(f.passed, `${f.name}: ${f.message}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${name} (exercise): runs top to bottom in Jupyter; only checkers and dependent cells fail, each saying why`, { timeout: 15 * 60 * 1000 }, async () => {
    assert.ok(python, `Jupyter is needed for the exercise notebook tests: ${jupyterProblem}`);
    const result = await runCells(relative(projectRoot, path));
    const nb = JSON.parse(readFileSync(path, "utf8"));
    const failed = [];
    for (const c of result.cells) {
      const cell = nb.cells[c.index];
      const where = `cell ${c.index} (${c.first_line})`;
      assert.notEqual(c.status, "abort", `${where} was aborted`);
      const text = strip(c.text);
      assert.doesNotMatch(text, COMPILE_ERROR, `${where} does not compile:\n${text.slice(0, 1500)}`);
      if (gradedName(cell) || cell.metadata?.dnnlab?.generated) {
        assert.equal(c.status, "ok", `${where} should run (its stubs compile):\n${text.slice(0, 1500)}`);
      }
      if (c.status === "error") {
        assert.match(text, SAYS_SO, `${where} fails without saying which exercise is missing:\n${text.slice(0, 1500)}`);
        failed.push(c.index);
      }
    }
    for (const fn of a.functions) {
      const testIndex = nb.cells.findIndex((c) => checksName(c) === fn.name);
      const c = result.cells.find((r) => r.index === testIndex);
      assert.equal(c?.status, "error", `the checker of ${fn.name} should fail while it is not implemented`);
      assert.match(strip(c.text), new RegExp(`Exercise not implemented: ${fn.name} \\(Exercise ${fn.exercise}`));
    }
    console.log(`# ${name}: ${failed.length} cells fail as expected (${failed.join(", ")}), ${result.cells.length - failed.length} run`);
  });
}

test("a filled-in exercise notebook runs through Jupyter without errors and its checkers pass", { timeout: 15 * 60 * 1000 }, async () => {
  assert.ok(python, `Jupyter is needed for the exercise notebook tests: ${jupyterProblem}`);
  const a = assignments.find((x) => x.name === "Gradient_Checking") ?? assignments[0];
  const dir = mkdtempSync(join(projectRoot, "build", "exercise-filled-"));
  try {
    const filled = join(dir, `${a.name}.ipynb`);
    writeFileSync(filled, `${JSON.stringify(filledIn(a), null, 1)}\n`);
    const result = await runCells(relative(projectRoot, filled));
    for (const c of result.cells) assert.equal(c.status, "ok", `cell ${c.index} (${c.first_line}) failed:\n${strip(c.text).slice(0, 1500)}`);
    const nb = JSON.parse(readFileSync(filled, "utf8"));
    const passed = result.cells.filter((c) => checksName(nb.cells[c.index]) && /All tests? passed/.test(strip(c.text)));
    assert.ok(passed.length >= 1, "no checker printed All tests passed");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("there are exercise notebooks for every solution notebook", () => {
  const have = readdirSync(exercisesDir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort();
  assert.deepEqual(have, assignments.map((a) => `${a.name}.ipynb`).sort());
});

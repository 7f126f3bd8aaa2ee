// Exercise notebooks and the autograder. Grading runs the compiled functions
// in Node (no Jupyter needed): the solution notebooks must score full marks,
// the untouched exercise notebooks 0, and a submission with one function
// broken must lose exactly that function's points, with a message that says
// what is wrong. The submission file is never modified. (Hostile submissions:
// hostile.test.mjs; a whole class on all cores: class.test.mjs.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { staleExercises } from "../../scripts/exercises.mjs";
import {
  byName,
  cellSource,
  exercisesDir,
  grade,
  grader,
  gradedName,
  onlyBroken,
  projectRoot,
  replace,
  solutionsDir,
  tempDir,
  variant,
} from "../helpers/submissions.mjs";

const { assignmentsIn } = grader("notebook");
const solutions = readdirSync(solutionsDir)
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
const work = tempDir("grading");

test("the exercise notebooks are generated and up to date (npm run exercises)", () => {
  const problems = staleExercises();
  assert.deepEqual(problems, [], `stale exercise notebooks: ${problems.join("; ")}; run \`npm run exercises\``);
});

test("the exercise notebooks have no outputs and no solutions", () => {
  for (const a of assignmentsIn(solutionsDir)) {
    const nb = JSON.parse(readFileSync(join(exercisesDir, `${a.name}.ipynb`), "utf8"));
    assert.equal(nb.metadata.dnnlab.exercise_of, a.name);
    for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
      assert.deepEqual(cell.outputs, [], `${a.name}: a code cell has outputs`);
      assert.equal(cell.execution_count, null);
      assert.doesNotMatch(cellSource(cell), /BEGIN SOLUTION|END SOLUTION/, `${a.name}: a solution region is left`);
    }
    for (const fn of a.functions) {
      const src = cellSource(nb.cells.find((c) => gradedName(c) === fn.name));
      assert.match(src, new RegExp(`Exercise not implemented: ${fn.name} \\(Exercise ${fn.exercise}`));
      assert.match(src, /YOUR CODE STARTS HERE[\s\S]*YOUR CODE ENDS HERE/);
    }
  }
});

test("the hidden cases name graded functions of the solution notebooks", () => {
  const { hiddenCases } = grader("cases/index");
  const known = new Map(assignmentsIn(solutionsDir).map((a) => [a.name, new Set(a.functions.map((f) => f.name))]));
  for (const [assignment, functions] of Object.entries(hiddenCases)) {
    if (!known.has(assignment)) continue; // a notebook still being written
    for (const fn of Object.keys(functions)) {
      assert.ok(known.get(assignment).has(fn), `hidden cases for ${assignment}/${fn}, which is not a graded function of notebooks/${assignment}.ipynb`);
    }
  }
});

for (const name of solutions) {
  test(`${name}: the solution notebook scores full marks`, async () => {
    const report = await grade(join(solutionsDir, name));
    assert.ok(report.max > 0, "no points to score");
    for (const f of report.functions) assert.ok(f.passed, `${f.name}: ${f.message}`);
    assert.equal(report.score, report.max);
  });

  test(`${name}: the untouched exercise notebook scores 0, each function "not implemented yet"`, async () => {
    const path = join(exercisesDir, name);
    assert.ok(existsSync(path), `${path} is missing: run \`npm run exercises\``);
    const report = await grade(path);
    assert.equal(report.score, 0);
    assert.ok(report.functions.length > 0);
    for (const f of report.functions) {
      assert.equal(f.points, 0);
      assert.match(f.message, new RegExp(`^not implemented yet: .*Exercise not implemented: ${f.name} \\(Exercise \\d+`), `${f.name}: ${f.message}`);
    }
  });
}

// Broken submissions: each loses exactly the broken function's points.
const broken = [
  {
    what: "wrong shapes (He weights transposed)",
    notebook: "Initialization.ipynb",
    fn: "initializeParametersHe",
    edit: replace("random.randn(layersDims[l], layersDims[l - 1])", "random.randn(layersDims[l - 1], layersDims[l])"),
    message: /public check failed: .*"W1" has shape \(2, 4\), expected \(4, 2\)/,
  },
  {
    what: "an off-by-one (the last layer is skipped)",
    notebook: "Initialization.ipynb",
    fn: "initializeParametersZeros",
    edit: replace("for (let l = 1; l < L; l++)", "for (let l = 1; l < L - 1; l++)"),
    message: /^public check failed: .*; hidden case "layersDims = \[5, 4, 3, 2, 1\]" failed too: result has no key "W4"/,
  },
  {
    what: "an off-by-one in the gradient check loop (the last parameter is skipped)",
    notebook: "Gradient_Checking.ipynb",
    fn: "gradientCheckN",
    edit: replace("for (let i = 0; i < numParameters; i++)", "for (let i = 0; i < numParameters - 1; i++)"),
    message: /public check failed: gradientCheckN returned .*which is neither expected value/,
  },
  {
    what: "the gradient check bug: theta+ and theta- share the parameter vector (no copy)",
    notebook: "Gradient_Checking.ipynb",
    fn: "gradientCheckN",
    edit: replace(/const theta(Plus|Minus) = (copy\(parametersValues\)|parametersValues\.clone\(\))/, "const theta$1 = parametersValues"),
    message: /public check failed: gradientCheckN returned/,
  },
  {
    what: "the Gradient Checking notebook's bug left in a backward pass (dW2 twice too large)",
    notebook: "Regularization.ipynb",
    fn: "backwardPropagationWithRegularization",
    edit: replace(
      "const dW2 = add(multiply(1 / m, dotTransB(dZ2, A1)), multiply(lambd / m, W2));",
      "const dW2 = multiply(add(multiply(1 / m, dotTransB(dZ2, A1)), multiply(lambd / m, W2)), 2);",
    ),
    message: /public check failed: .*"dW2" has wrong values/,
  },
  {
    what: "a hard-coded argument that only the hidden cases catch (keepProb = 0.7)",
    notebook: "Regularization.ipynb",
    fn: "forwardPropagationWithDropout",
    edit: (src) => src.replaceAll("less(D1, keepProb)", "less(D1, 0.7)").replaceAll("divide(A1, keepProb)", "divide(A1, 0.7)"),
    message: /^public check passed, but hidden case "seed 2, layers \[3, 4, 3, 1\], m = 6, keepProb = 0.5" failed: result\[0\]\[0,\d\] = .*, expected/,
  },
  {
    what: "a cost that ignores lambd",
    notebook: "Regularization.ipynb",
    fn: "computeCostWithRegularization",
    edit: replace("(1 / m) * (lambd / 2) *", "(1 / m) * (1 / 2) *"),
    message: /public check failed: Wrong output .*computeCostWithRegularization\(Matrix, Matrix, object, 0\.1\) expected 1\.7864859451590758, got/,
  },
  {
    what: "a hard-coded depth that only the hidden cases catch (TensorFlow: depth 4 as in the public check)",
    notebook: "TensorFlow_introduction.ipynb",
    fn: "oneHotMatrix",
    edit: replace(
      'tf.reshape(tf.cast(tf.oneHot(label as tf.Tensor1D, depth), "float32"), [depth])',
      'tf.reshape(tf.cast(tf.oneHot(label as tf.Tensor1D, 4), "float32"), [4])',
    ),
    message: /^public check passed, but hidden case "label tf.scalar\(5, 'int32'\), default depth \(6\)" failed: result has shape \(4,\), expected \(6,\)/,
  },
  {
    what: "the wrong initializer, right in shape and spread (TensorFlow: Glorot uniform instead of normal)",
    notebook: "TensorFlow_introduction.ipynb",
    fn: "initializeParameters",
    edit: replace("tf.initializers.glorotNormal({ seed })", "tf.initializers.glorotUniform({ seed })"),
    message: /^public check passed, but hidden case "the values: .*" failed: result\.W1\[0,0\] = .*, expected .*entries differ\)/,
  },
  {
    what: "a syntax error",
    notebook: "Initialization.ipynb",
    fn: "initializeParametersRandom",
    edit: replace('parameters["b" + l] = zeros(layersDims[l], 1);', 'parameters["b" + l] = zeros(layersDims[l], 1;'),
    message: /^does not parse: cell \d+, line \d+: /,
  },
  {
    what: "a renamed function (missing)",
    notebook: "Gradient_Checking.ipynb",
    fn: "backwardPropagation",
    edit: replace("function backwardPropagation(", "function backwardProp("),
    message: /^missing: cell \d+ does not define a function named backwardPropagation/,
  },
  {
    what: "a wrong signature (returns a string)",
    notebook: "Gradient_Checking.ipynb",
    fn: "forwardPropagation",
    edit: (src) =>
      src.replace(/function forwardPropagation[\s\S]*$/, "function forwardPropagation(x: number, theta: number): string {\n  return String(theta * x);\n}\n"),
    message: /^wrong signature: Type '\(x: number, theta: number\) => string' is not assignable to type '\(x: number, theta: number\) => number'/,
  },
  {
    what: "a wrong signature (a parameter of another type)",
    notebook: "Gradient_Checking.ipynb",
    fn: "backwardPropagation",
    edit: replace("function backwardPropagation(x: number, theta: number): number {", "function backwardPropagation(x: number, theta: string): number {"),
    message: /^wrong signature: Type '\(x: number, theta: string\) => number' is not assignable to type '\(x: number, theta: number\) => number'/,
  },
  {
    what: "a call to a helper defined outside the graded cell",
    notebook: "Initialization.ipynb",
    fn: "initializeParametersZeros",
    edit: replace('parameters["W" + l] = zeros(layersDims[l], layersDims[l - 1]);', 'parameters["W" + l] = myZeros(layersDims[l], layersDims[l - 1]);'),
    message: /^does not compile: cell \d+, line \d+: Cannot find name 'myZeros'.*define helpers inside it/,
  },
];

// The 1-D gradient check calls the submission's own forward and backward passes (as in the
// notebook; the sandbox holds no solution), so it fails with them and says why.
const callers = { forwardPropagation: "gradientCheck", backwardPropagation: "gradientCheck" };

for (const b of broken) {
  test(`a submission with ${b.what} loses exactly ${b.fn}'s points${callers[b.fn] ? ` (and ${callers[b.fn]}'s, which calls it)` : ""}`, async () => {
    const report = await grade(variant(b.notebook, b.fn, b.edit));
    const caller = callers[b.fn];
    if (!caller) return onlyBroken(report, b.fn, b.message);
    const fns = byName(report);
    assert.match(fns[b.fn].message, b.message);
    assert.equal(fns[b.fn].points, 0);
    assert.equal(fns[caller].points, 0);
    assert.match(fns[caller].message, new RegExp(`\\(${caller} calls ${b.fn}, which failed its own check: fix it first\\)$`));
    for (const f of report.functions) if (f.name !== b.fn && f.name !== caller) assert.equal(f.points, f.max, `${f.name}: ${f.message}`);
  });
}

test("a notebook that is not JSON gets a report with 0 points, not a crash", async () => {
  const path = join(work, "Regularization.ipynb");
  writeFileSync(path, "{ this is not a notebook");
  const report = await grade(path);
  assert.equal(report.assignment, "Regularization");
  assert.equal(report.score, 0);
  assert.equal(report.functions.length, 4);
  for (const f of report.functions) assert.match(f.message, /not valid JSON/);
});

test("npm run grade: text report, --json report, exit 0; a folder gets a CSV summary", () => {
  const folder = mkdtempSync(join(tmpdir(), "dnnlab-grade-cli-"));
  const sub = variant("Gradient_Checking.ipynb", "backwardPropagation", replace("const dtheta = x;", "const dtheta = theta;"), "student-a.ipynb");
  writeFileSync(join(folder, "student-a.ipynb"), readFileSync(sub));
  writeFileSync(join(folder, "student-b.ipynb"), readFileSync(join(exercisesDir, "Initialization.ipynb")));
  const json = join(folder, "report.json");
  const one = spawnSync(process.execPath, ["scripts/grade.mjs", join(folder, "student-a.ipynb"), "--json", json], { cwd: projectRoot, encoding: "utf8" });
  assert.equal(one.status, 0, one.stderr);
  assert.match(one.stdout, /backwardPropagation\s+0\/10\s+FAILED\s+public check failed: Wrong output .*backwardPropagation\(2, 4\) expected 2, got 4/);
  assert.match(one.stdout, /gradientCheck\s+0\/10\s+FAILED\s+.*\(gradientCheck calls backwardPropagation, which failed its own check: fix it first\)/);
  assert.match(one.stdout, /\nscore: 30\/50\n?$/);
  const report = JSON.parse(readFileSync(json, "utf8"));
  assert.equal(report.score, 30);
  assert.equal(report.max, 50);
  for (const f of report.functions) assert.deepEqual(Object.keys(f).slice(0, 5), ["name", "points", "max", "passed", "message"]);

  const csv = join(folder, "summary.csv");
  const all = spawnSync(process.execPath, ["scripts/grade.mjs", folder, "--csv", csv, "--jobs", "2"], { cwd: projectRoot, encoding: "utf8" });
  assert.equal(all.status, 0, all.stderr);
  const rows = readFileSync(csv, "utf8").trim().split("\n");
  assert.equal(rows.length, 3);
  assert.match(rows[0], /^notebook,assignment,score,max,forwardPropagation,/);
  assert.match(rows[1], /^student-a\.ipynb,Gradient_Checking,30,50,10,0,0,20,/);
  assert.match(rows[2], /^student-b\.ipynb,Initialization,0,30,/);

  assert.match(all.stdout, /grade: 2 notebooks graded in [\d.]+ s on 2 threads: [\d.]+ submissions per minute; summary in /);

  const bad = spawnSync(process.execPath, ["scripts/grade.mjs"], { cwd: projectRoot, encoding: "utf8" });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^grade: give one notebook or one folder\n/);
  const nowhere = spawnSync(process.execPath, ["scripts/grade.mjs", join(folder, "student-a.ipynb"), "--json", join(folder, "missing", "r.json")], {
    cwd: projectRoot,
    encoding: "utf8",
  });
  // refused before any grading: no report printed, the usage line follows
  assert.equal(nowhere.status, 2);
  assert.equal(nowhere.stdout, "");
  assert.match(nowhere.stderr, /^grade: cannot write the JSON report to .*missing\/r\.json: the folder .*missing does not exist\nusage: /);
});

test("a notebook with top-level await, a registry and a provided helper is gradable and gets compiling stubs", async () => {
  const { assignmentOf } = grader("notebook");
  const { exerciseNotebook } = grader("exercises");
  const dir = mkdtempSync(join(tmpdir(), "dnnlab-synthetic-"));
  const code = (source, metadata = {}) => ({ cell_type: "code", execution_count: null, metadata, outputs: [], source });
  const nb = {
    cells: [
      code('import { Matrix, str } from "dnnlab";\nconst scale = await Promise.resolve(3);\nconst registry: { [k: string]: (x: number) => number } = {};'),
      code("function helper(x: number): number {\n  return x + 1;\n}"),
      code(
        "// GRADED FUNCTION: scaled\n\nasync function scaled(x: number): Promise<number> {\n  const y = helper(x);\n  // (≈ 1 line)\n  // BEGIN SOLUTION\n  const z = scale * y;\n  // END SOLUTION\n  return z;\n}\n{ registry.scaled = (x) => x; } // for later cells",
        {
          dnnlab: { graded_function: "scaled" },
          nbgrader: { grade: false, solution: true, locked: false, grade_id: "scaled", schema_version: 3, task: false },
        },
      ),
      code(
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the cell's source is TypeScript that contains a template literal of its own
        'const got = await scaled(1);\nif (got !== 6) throw new Error(`scaled(1) returned ${got}, expected 6`);\nconsole.log("\\x1b[92m All tests passed.");',
        {
          dnnlab: { checks: "scaled" },
          nbgrader: { grade: true, solution: false, locked: true, grade_id: "scaled_test", points: 5, schema_version: 3, task: false },
        },
      ),
      code("console.log(got + 1);"),
    ],
    metadata: { title: "Synthetic" },
    nbformat: 4,
    nbformat_minor: 5,
  };
  writeFileSync(join(dir, "Synthetic_Await.ipynb"), JSON.stringify(nb, null, 1));
  const full = await grade(join(dir, "Synthetic_Await.ipynb"), { solutionsDir: dir });
  assert.equal(full.score, 5, JSON.stringify(full.functions));

  const exercise = exerciseNotebook(assignmentOf(join(dir, "Synthetic_Await.ipynb")));
  const exDir = mkdtempSync(join(tmpdir(), "dnnlab-synthetic-ex-"));
  writeFileSync(join(exDir, "Synthetic_Await.ipynb"), exercise);
  assert.match(exercise, /let z: number; \/\/ declared for you/);
  assert.match(exercise, /let got: number = pendingValue\(\\"got\\", pendingReason\);/);
  const zero = await grade(join(exDir, "Synthetic_Await.ipynb"), { solutionsDir: dir });
  assert.equal(zero.score, 0);
  assert.match(zero.functions[0].message, /^not implemented yet: .*Exercise not implemented: scaled \(Exercise 1\)/);
});

test("a learner who keeps the declared placeholder and assigns it gets the points", async () => {
  const nb = JSON.parse(readFileSync(join(exercisesDir, "Gradient_Checking.ipynb"), "utf8"));
  const cell = nb.cells.find((c) => gradedName(c) === "forwardPropagation");
  const src = cellSource(cell);
  assert.match(src, /let J: number;/);
  cell.source = src.replace(/throw new Error\("Exercise not implemented: forwardPropagation[^\n]*/, "J = theta * x;");
  const path = join(work, "placeholder.ipynb");
  writeFileSync(path, JSON.stringify(nb, null, 1));
  const report = await grade(path);
  const fns = byName(report);
  assert.equal(fns.forwardPropagation.points, 10, fns.forwardPropagation.message);
  assert.equal(report.score, 10);
});

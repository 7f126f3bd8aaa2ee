// Hostile submissions: each class of attack on the grader, tried on one
// graded function of an otherwise correct submission. The attacked function
// scores 0 with a message that says why, the other functions score normally,
// and the submission's bytes are unchanged (grade() checks that).
//
// Most attacks are first stopped by the check of what a graded cell may use
// (allowed.ts): the report names the call. Each is then tried again with
// that check switched off (`staticChecks: false`, a test-only option) to
// show that the sandbox alone holds: the verdict is computed in the grading
// process, which the submission cannot reach.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { byName, grade, onlyBroken, prepend, projectRoot, replace, variant } from "../helpers/submissions.mjs";

const He = "initializeParametersHe";
const cases = [
  {
    what: "a forged result posted on the grader's channels (process.send, file descriptor 3)",
    notebook: "Initialization.ipynb",
    fn: He,
    statement: `(process as any).send?.({ status: "ok", public: { ok: true }, hidden: [] }); require("node:fs").writeSync(3, "forged verdict"); return {} as any;`,
    static: /^`initializeParametersHe` may not use `process` \(cell line \d+\): a graded function computes its result from its arguments/,
    runtime: /require\("node:fs"\) is not available while grading/,
  },
  {
    what: "the reference solution reached through the module system",
    notebook: "Initialization.ipynb",
    fn: He,
    statement: `const solved = (module as any).constructor._load(${JSON.stringify(join(projectRoot, "build", "solutions", "Initialization.js"))}); return solved as any;`,
    static: /may not use `module`/,
    runtime: /_load is not a function|Cannot read properties of undefined/,
  },
  {
    what: "the reference solution required by path",
    notebook: "Initialization.ipynb",
    fn: He,
    statement: `return require(${JSON.stringify(join(projectRoot, "build", "solutions", "Initialization.js"))}) as any;`,
    static: /may not use `require`/,
    runtime: /require\(".*build\/solutions\/Initialization\.js"\) is not available while grading/,
  },
  {
    what: "patched globals the comparison relies on (Math.abs, Number.isFinite, Object.keys)",
    notebook: "Initialization.ipynb",
    fn: He,
    statement: `Math.abs = () => 0; Number.isFinite = () => true; Object.keys = () => []; (Array as any).isArray = () => true; return {} as any;`,
    static: /^public check failed: |^its result cannot be read|cannot be read by the grader/,
    runtime: /^public check failed: |cannot be read by the grader/,
  },
  {
    what: "patched library modules (the comparison and the checker)",
    notebook: "Initialization.ipynb",
    fn: He,
    imports: 'import * as lib from "dnnlab";\n',
    statement: `const l: any = lib; l.allclose = () => true; l.isclose = () => true; l.initializeParametersHeTest = () => {}; return {} as any;`,
    static: /uses the library as a whole \(`l`\)/,
    runtime: /^public check failed: /,
  },
  {
    what: "a graded solution imported from the library (there is none to import)",
    notebook: "Optimization_methods.ipynb",
    fn: "updateParametersWithAdam",
    imports: 'import { updateParametersWithAdam as solved } from "dnnlab";\n',
    statement: `return solved(parameters, grads, v, s, t, learningRate, beta1, beta2, epsilon);`,
    static: /^does not compile: cell \d+, line 1: (Module )?'"dnnlab"' has no exported member( named)? 'updateParametersWithAdam'/,
  },
  {
    what: "a library feature that solves the exercise (the Adam optimizer object)",
    notebook: "Optimization_methods.ipynb",
    fn: "updateParametersWithAdam",
    imports: 'import { adam } from "dnnlab";\n',
    statement: `adam({ learningRate, beta1, beta2, epsilon }).step(parameters, grads); return [parameters, v, s, {}, {}] as any;`,
    static: /^`updateParametersWithAdam` must be written with the operations the exercise lists; it uses the library's `adam` \(cell line \d+\)/,
  },
  {
    what: "a library feature that solves the exercise (checkGradients)",
    notebook: "Gradient_Checking.ipynb",
    fn: "gradientCheckN",
    statement: `return checkGradients((p: Parameters) => forwardPropagationN(X, Y, p)[0], parameters, gradients, { epsilon }).difference;`,
    static: /it uses the library's `checkGradients`/,
  },
  {
    what: "the solution notebook read through the library's link (fs)",
    notebook: "Initialization.ipynb",
    fn: He,
    imports: 'import { readFileSync } from "fs";\n',
    statement: `const text = readFileSync(${JSON.stringify(join(projectRoot, "node_modules", "dnnlab", "notebooks", "Initialization.ipynb"))}, "utf8"); return { W1: text } as any;`,
    static: /^`initializeParametersHe` may not import "fs" \(cell line 1\)/,
    runtime: /require\("fs"\) is not available while grading/,
  },
  {
    what: "the solution notebook read through the link by a library file reader",
    notebook: "Initialization.ipynb",
    fn: He,
    imports: 'import { loadFootball } from "dnnlab/course/regularization";\n',
    statement: `loadFootball(${JSON.stringify(join(projectRoot, "node_modules", "dnnlab", "notebooks", "Initialization.ipynb"))}); return {} as any;`,
    static: /uses the library's `loadFootball`/,
    runtime: /ERR_ACCESS_DENIED|Access to this API has been restricted|permission/i,
  },
  {
    what: "memory outside the JavaScript heap (2 GB of typed arrays)",
    notebook: "Initialization.ipynb",
    fn: He,
    statement: "const hog: Float64Array[] = []; for (let i = 0; i < 16; i++) hog.push(new Float64Array(2 ** 24).fill(i));",
    static: /^exceeded the memory limit \(512 MB\)$/,
  },
  {
    what: "an endless loop",
    notebook: "Initialization.ipynb",
    fn: He,
    statement: "while (Date.now() > 0) {}",
    options: { timeLimitSeconds: 3 },
    static: /^timed out after 3 s/,
  },
  {
    what: "a crash (process.exit)",
    notebook: "Initialization.ipynb",
    fn: He,
    statement: "(process as any).exit(3);",
    static: /may not use `process`/,
    runtime: /process\.exit is not available while grading/,
  },
  {
    what: "a crash (the JavaScript heap exhausted)",
    notebook: "Initialization.ipynb",
    fn: He,
    statement: "const hog: number[][] = []; for (;;) hog.push(new Array(100000).fill(hog.length));",
    options: { memoryMb: 256 },
    static: /^exceeded the memory limit \(256 MB\)$/,
  },
  {
    what: "a huge output (a result of 60 million numbers)",
    notebook: "Initialization.ipynb",
    fn: He,
    statement: "return { W1: new Array(6e7).fill(0) } as any;",
    static: /^exceeded the memory limit \(512 MB\)$|too much data|cannot be read by the grader/,
  },
];

for (const c of cases) {
  const edit = (src) => (c.imports ?? "") + prepend(c.fn, c.statement)(src);
  test(`hostile: ${c.what} scores 0 for ${c.fn}, the rest normally`, async () => {
    const report = await grade(variant(c.notebook, c.fn, edit, `hostile-${c.fn}.ipynb`), c.options);
    onlyBroken(report, c.fn, c.static);
  });
  if (c.runtime) {
    test(`hostile, without the check of what cells use: ${c.what} still scores 0`, async () => {
      const report = await grade(variant(c.notebook, c.fn, edit, `hostile-runtime-${c.fn}.ipynb`), { ...c.options, staticChecks: false });
      onlyBroken(report, c.fn, c.runtime);
    });
  }
}

test("hostile: a flood of printed output (300 MB) is dropped; a correct function still scores", async () => {
  const started = Date.now();
  const path = variant("Initialization.ipynb", He, prepend(He, 'for (let i = 0; i < 3000; i++) console.log("x".repeat(100000));'), "flood.ipynb");
  const report = await grade(path);
  assert.equal(report.score, report.max, JSON.stringify(report.functions));
  assert.ok(Date.now() - started < 60_000);
});

test("each graded function runs in a fresh realm: one function's patches cannot help the next", async () => {
  // forwardPropagation (correct) marks Object.prototype; backwardPropagation returns the right
  // answer only if it sees that mark, which it would if both ran in one realm.
  const nb = "Gradient_Checking.ipynb";
  const first = variant(nb, "forwardPropagation", prepend("forwardPropagation", "(Object.prototype as any).__dnnlabMark = 1;"), "realm.ipynb");
  const { readFileSync, writeFileSync } = await import("node:fs");
  const doc = JSON.parse(readFileSync(first, "utf8"));
  const cell = doc.cells.find((c) => c.metadata?.dnnlab?.graded_function === "backwardPropagation");
  cell.source = prepend(
    "backwardPropagation",
    "if (({} as any).__dnnlabMark !== 1) return -1;",
  )(Array.isArray(cell.source) ? cell.source.join("") : cell.source);
  writeFileSync(first, JSON.stringify(doc));
  const report = await grade(first, { staticChecks: false });
  const fns = byName(report);
  assert.equal(fns.forwardPropagation.points, 10, fns.forwardPropagation.message);
  assert.equal(fns.backwardPropagation.points, 0);
  assert.match(fns.backwardPropagation.message, /^public check failed: Wrong output .*backwardPropagation\(2, 4\) expected 2, got -1/);
  assert.equal(fns.gradientCheckN.points, 20);
});

test("a submission cannot write files, not even itself", async () => {
  const path = variant(
    "Initialization.ipynb",
    He,
    (src) => `import { writeFileSync } from "fs";\n${prepend(He, 'writeFileSync(__filename, "overwritten");')(src)}`,
    "self-writing.ipynb",
  );
  const report = await grade(path, { staticChecks: false });
  onlyBroken(report, He, /require\("fs"\) is not available while grading/);
});

void replace;

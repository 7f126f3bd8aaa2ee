// A generated class of submissions, for the grading bench (bench/grading.mjs)
// and the grader's class-scale test: copies of the exercise notebooks in which
// each graded cell is, at random, the solution, a wrong answer, the untouched
// exercise stub, or a hostile cell (an endless loop, a crash, memory outside
// the JavaScript heap, a flood of output in front of a correct body, a
// patched global). Each submission comes with the score the grader must give
// it (printed output is dropped, so the flooded function scores as usual).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** A small deterministic generator (mulberry32), so a class is the same for a seed. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const cellText = (cell) => (Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? ""));
const gradedName = (cell) => (cell.cell_type === "code" ? (cell.metadata?.dnnlab?.graded_function ?? null) : null);

/** Statements put first in the body of a graded function, by kind. */
export const HOSTILE = {
  loop: "while (Date.now() > 0) { /* never returns */ }",
  crash: "process.exit(3);",
  memory: "const hog: Float64Array[] = []; for (let i = 0; i < 16; i++) hog.push(new Float64Array(2 ** 24).fill(i)); // 2 GB outside the heap",
  output: 'for (let i = 0; i < 2000; i++) console.log("x".repeat(100000)); // 200 MB of output',
  patchedGlobal: "Math.abs = () => 0; Math.sqrt = () => 0; return undefined as any;",
};

/** Inserts `statement` as the first statement of the function `name` in a cell. */
export function prependToBody(source, name, statement) {
  const lines = source.split("\n");
  const start = lines.findIndex((l) => new RegExp(`function\\s+${name}\\b`).test(l));
  if (start < 0) throw new Error(`no function ${name} in the cell`);
  let open = start;
  while (open < lines.length && !/\{\s*$/.test(lines[open])) open++;
  if (open === lines.length) throw new Error(`cannot find the body of ${name}`);
  lines.splice(open + 1, 0, `  ${statement}`);
  return lines.join("\n");
}

/**
 * Writes `count` submissions to `dir`, spread over the assignments, and
 * returns what each must score: `[{ file, assignment, expected: { fn: points } }]`.
 * @param solutionsDir the solution notebooks; exercisesDir their exercise versions
 * @param mix probabilities of "correct", "wrong", "untouched", "hostile" (the rest is correct)
 */
export function generateClass({
  dir,
  count,
  seed = 1,
  solutionsDir,
  exercisesDir,
  mix = { wrong: 0.2, untouched: 0.1, hostile: 0.1 },
  hostileKinds = Object.keys(HOSTILE),
}) {
  mkdirSync(dir, { recursive: true });
  const random = rng(seed);
  const names = ["Gradient_Checking", "Initialization", "Optimization_methods", "Regularization", "TensorFlow_introduction"];
  const sources = names.map((name) => {
    const solution = JSON.parse(readFileSync(join(solutionsDir, `${name}.ipynb`), "utf8"));
    const exercise = JSON.parse(readFileSync(join(exercisesDir, `${name}.ipynb`), "utf8"));
    const solved = new Map(solution.cells.filter(gradedName).map((c) => [gradedName(c), cellText(c)]));
    const points = new Map();
    for (const c of solution.cells) {
      const checks = c.metadata?.dnnlab?.checks;
      if (checks) points.set(checks, c.metadata?.nbgrader?.points ?? 0);
    }
    return { name, exercise, solved, points };
  });
  const submissions = [];
  for (let k = 0; k < count; k++) {
    const src = sources[k % sources.length];
    const nb = structuredClone(src.exercise);
    const expected = {};
    const kinds = {};
    for (const cell of nb.cells) {
      const fn = gradedName(cell);
      if (!fn) continue;
      const r = random();
      let kind = "correct";
      if (r < mix.wrong) kind = "wrong";
      else if (r < mix.wrong + mix.untouched) kind = "untouched";
      else if (r < mix.wrong + mix.untouched + mix.hostile) kind = `hostile:${hostileKinds[Math.floor(random() * hostileKinds.length)]}`;
      const solved = src.solved.get(fn);
      if (kind === "correct") cell.source = solved;
      else if (kind === "wrong") cell.source = prependToBody(solved, fn, "return undefined as any; // a wrong answer");
      else if (kind.startsWith("hostile:")) cell.source = prependToBody(solved, fn, HOSTILE[kind.slice(8)]);
      kinds[fn] = kind;
      // a flood of output is dropped: the (correct) function behind it scores as usual
      expected[fn] = kind === "correct" || kind === "hostile:output" ? src.points.get(fn) : 0;
    }
    // A graded function that calls another one uses the submission's own version of it.
    const fine = (k) => k === "correct" || k === "hostile:output";
    if (src.name === "Gradient_Checking" && (!fine(kinds.forwardPropagation) || !fine(kinds.backwardPropagation))) expected.gradientCheck = 0;
    const file = join(dir, `student${String(k + 1).padStart(3, "0")}-${src.name}.ipynb`);
    writeFileSync(file, `${JSON.stringify(nb, null, 1)}\n`);
    submissions.push({ file, assignment: src.name, expected, kinds });
  }
  return submissions;
}

// Reading the graded structure of a notebook: which cells hold graded
// functions, where their solution regions are, which cell checks them and for
// how many points. Shared by `npm run exercises` and `npm run grade`.
//
// Conventions (see README, "Exercises and grading"):
//   - a graded cell starts with `// GRADED FUNCTION: <name>` and carries the
//     metadata `dnnlab.graded_function` (+ nbgrader's `solution: true`);
//   - the learner's part is between `// BEGIN SOLUTION` and `// END SOLUTION`
//     lines, each region preceded by hint lines such as `// (≈ 2 lines)`;
//   - the cell that checks it carries `dnnlab.checks: <name>` and nbgrader's
//     `grade: true, points: N`.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { basename, join } from "node:path";

export const HEADER_RE = /^\s*\/\/\s*GRADED FUNCTION:\s*([A-Za-z_$][\w$]*)\s*$/;
export const BEGIN_RE = /^\s*\/\/\s*BEGIN SOLUTION\s*$/;
export const END_RE = /^\s*\/\/\s*END SOLUTION\s*$/;

/** The text of a cell (nbformat stores it as a string or a list of lines). */
export function cellSource(cell) {
  const s = cell?.source ?? "";
  return Array.isArray(s) ? s.join("") : String(s);
}

/** The name in the cell's `// GRADED FUNCTION: <name>` header (its first non-blank line), or null. */
export function headerName(cell) {
  if (cell?.cell_type !== "code") return null;
  const first = cellSource(cell).split("\n").find((l) => l.trim() !== "");
  const m = first && HEADER_RE.exec(first);
  return m ? m[1] : null;
}

/** The graded function a cell holds (metadata first, then the header), or null. */
export function gradedName(cell) {
  if (cell?.cell_type !== "code") return null;
  const meta = cell.metadata?.dnnlab?.graded_function;
  if (typeof meta === "string" && meta) return meta;
  return headerName(cell);
}

/** The graded function a test cell checks, or null. */
export function checksName(cell) {
  if (cell?.cell_type !== "code") return null;
  const meta = cell.metadata?.dnnlab?.checks;
  if (typeof meta === "string" && meta) return meta;
  const nb = cell.metadata?.nbgrader;
  if (nb?.grade === true && typeof nb.grade_id === "string" && nb.grade_id.endsWith("_test")) {
    return nb.grade_id.slice(0, -"_test".length);
  }
  return null;
}

/**
 * The solution regions of a cell's text: `{ begin, end }` line indexes of the
 * marker lines (0-based), in order.
 * @throws Error on unbalanced or nested markers.
 */
export function solutionRegions(text, where = "cell") {
  const lines = text.split("\n");
  const regions = [];
  let open = -1;
  lines.forEach((line, i) => {
    if (BEGIN_RE.test(line)) {
      if (open >= 0) throw new Error(`${where}: "// BEGIN SOLUTION" on line ${i + 1} inside another region (opened on line ${open + 1})`);
      open = i;
    } else if (END_RE.test(line)) {
      if (open < 0) throw new Error(`${where}: "// END SOLUTION" on line ${i + 1} without a BEGIN`);
      regions.push({ begin: open, end: i });
      open = -1;
    }
  });
  if (open >= 0) throw new Error(`${where}: "// BEGIN SOLUTION" on line ${open + 1} is never closed`);
  return regions;
}

/** Reads and parses a notebook file. Returns `{ bytes, nb }`; throws with a readable message. */
export function readNotebookFile(path) {
  const bytes = readFileSync(path);
  let nb;
  try {
    nb = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new Error(`not a readable notebook: the file is not valid JSON (${err.message})`);
  }
  if (!nb || typeof nb !== "object" || !Array.isArray(nb.cells)) {
    throw new Error("not a Jupyter notebook: it has no list of cells");
  }
  return { bytes, nb };
}

/** Exercise numbers announced in the markdown ("Exercise 3 - initializeParametersHe"). */
function exerciseNumbers(nb) {
  const found = new Map();
  for (const cell of nb.cells) {
    if (cell.cell_type !== "markdown") continue;
    for (const m of cellSource(cell).matchAll(/Exercise\s+(\d+)\s*[-–—:]\s*`?([A-Za-z_$][\w$]*)`?/g)) {
      if (!found.has(m[2])) found.set(m[2], Number(m[1]));
    }
  }
  return found;
}

/**
 * The graded structure of a solution notebook.
 * @returns `{ name, path, title, nb, functions: [{ name, cell, testCell, points, exercise }], max }`
 *   where `cell`/`testCell` are cell indexes.
 * @throws Error when a graded function has no test cell, no points, or no region.
 */
export function assignmentOf(path) {
  const { nb } = readNotebookFile(path);
  const name = basename(path).replace(/\.ipynb$/, "");
  const numbers = exerciseNumbers(nb);
  const functions = [];
  nb.cells.forEach((cell, i) => {
    const fn = gradedName(cell);
    if (!fn) return;
    if (functions.some((f) => f.name === fn)) throw new Error(`${path}: two cells hold the graded function ${fn}`);
    const regions = solutionRegions(cellSource(cell), `${path}, cell ${i} (${fn})`);
    if (regions.length === 0) throw new Error(`${path}, cell ${i} (${fn}): no "// BEGIN SOLUTION" region`);
    functions.push({ name: fn, cell: i, regions: regions.length });
  });
  for (const f of functions) {
    const tests = nb.cells.map((c, i) => [c, i]).filter(([c]) => checksName(c) === f.name);
    if (tests.length !== 1) {
      throw new Error(`${path}: graded function ${f.name} needs exactly one test cell (dnnlab.checks: "${f.name}"), found ${tests.length}`);
    }
    const [testCell, testIndex] = tests[0];
    const points = testCell.metadata?.nbgrader?.points;
    if (typeof points !== "number" || !(points >= 0)) {
      throw new Error(`${path}: the test cell of ${f.name} (cell ${testIndex}) has no nbgrader "points"`);
    }
    if (testIndex < f.cell) throw new Error(`${path}: the test cell of ${f.name} comes before its graded cell`);
    f.testCell = testIndex;
    f.points = points;
  }
  functions.forEach((f, k) => (f.exercise = numbers.get(f.name) ?? k + 1));
  return {
    name,
    path,
    title: typeof nb.metadata?.title === "string" ? nb.metadata.title : name,
    nb,
    functions,
    max: functions.reduce((s, f) => s + f.points, 0),
  };
}

/**
 * The solution notebooks of a folder (its *.ipynb with at least one graded
 * function, sorted), as assignments.
 * @param onError when given, called with (path, error) for a notebook whose
 *   graded structure is broken, which is then left out; otherwise the error is thrown
 */
export function assignmentsIn(dir, onError = null) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".ipynb")).sort()) {
    try {
      const a = assignmentOf(join(dir, f));
      if (a.functions.length) out.push(a);
    } catch (err) {
      if (!onError) throw err;
      onError(join(dir, f), err);
    }
  }
  return out;
}

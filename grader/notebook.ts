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

// ---------------------------------------------------------------------------
// The parts of nbformat the grader reads (everything else is kept as it is)

/** dnnlab's own cell metadata. */
export interface DnnlabCellMetadata {
  /** The graded function a cell holds. */
  graded_function?: unknown;
  /** The graded function a test cell checks. */
  checks?: unknown;
  /** Set on cells that `npm run exercises` generates. */
  generated?: unknown;
  [key: string]: unknown;
}

/** nbgrader's cell metadata. */
export interface NbgraderCellMetadata {
  grade?: unknown;
  grade_id?: unknown;
  points?: unknown;
  solution?: unknown;
  [key: string]: unknown;
}

export interface CellMetadata {
  dnnlab?: DnnlabCellMetadata;
  nbgrader?: NbgraderCellMetadata;
  [key: string]: unknown;
}

/** One cell of a notebook. */
export interface NotebookCell {
  cell_type: string;
  /** The text, as a string or a list of lines (each but the last ending in "\n"). */
  source?: string | string[];
  metadata?: CellMetadata;
  id?: string;
  outputs?: unknown[];
  execution_count?: number | null;
  [key: string]: unknown;
}

export interface NotebookMetadata {
  title?: unknown;
  dnnlab?: { [key: string]: unknown };
  [key: string]: unknown;
}

/** A parsed .ipynb file. */
export interface Notebook {
  cells: NotebookCell[];
  metadata?: NotebookMetadata;
  nbformat?: number;
  nbformat_minor?: number;
  [key: string]: unknown;
}

/** A solution region: the 0-based line indexes of its marker lines. */
export interface SolutionRegion {
  begin: number;
  end: number;
}

/** A graded function of a solution notebook. */
export interface GradedFunction {
  name: string;
  /** Index of the cell that holds it. */
  cell: number;
  /** How many solution regions the cell has. */
  regions: number;
  /** Index of the cell that checks it. */
  testCell: number;
  /** The test cell's nbgrader points. */
  points: number;
  /** Its exercise number (from the markdown, else its position). */
  exercise: number;
}

/** The graded structure of a solution notebook. */
export interface Assignment {
  /** File name without .ipynb. */
  name: string;
  path: string;
  title: string;
  nb: Notebook;
  functions: GradedFunction[];
  /** Sum of the points. */
  max: number;
}

// ---------------------------------------------------------------------------

/** The text of a cell (nbformat stores it as a string or a list of lines); "" without one. */
export function cellSource(cell: NotebookCell | null | undefined): string {
  const s = cell?.source ?? "";
  return Array.isArray(s) ? s.join("") : String(s);
}

/** The name in the cell's `// GRADED FUNCTION: <name>` header (its first non-blank line), or null. */
export function headerName(cell: NotebookCell | null | undefined): string | null {
  if (cell?.cell_type !== "code") return null;
  const first = cellSource(cell)
    .split("\n")
    .find((l) => l.trim() !== "");
  const m = first && HEADER_RE.exec(first);
  return m ? m[1] : null;
}

/** The graded function a cell holds (metadata first, then the header), or null. */
export function gradedName(cell: NotebookCell | null | undefined): string | null {
  if (cell?.cell_type !== "code") return null;
  const meta = cell.metadata?.dnnlab?.graded_function;
  if (typeof meta === "string" && meta) return meta;
  return headerName(cell);
}

/** The graded function a test cell checks (metadata, else an nbgrader `<name>_test` grade id), or null. */
export function checksName(cell: NotebookCell | null | undefined): string | null {
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
 * The solution regions of a cell's text, in order.
 * @param where names the cell in error messages
 * @returns `{ begin, end }` line indexes of the marker lines (0-based)
 * @throws Error on unbalanced or nested markers.
 */
export function solutionRegions(text: string, where = "cell"): SolutionRegion[] {
  const lines = text.split("\n");
  const regions: SolutionRegion[] = [];
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

/**
 * Reads and parses a notebook file.
 * @returns the file's bytes and the parsed notebook
 * @throws Error with a readable message when the file is not JSON or has no list of cells
 *   (and the file system's error when it cannot be read).
 */
export function readNotebookFile(path: string): { bytes: Buffer; nb: Notebook } {
  const bytes = readFileSync(path);
  let nb: unknown;
  try {
    nb = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new Error(`not a readable notebook: the file is not valid JSON (${(err as Error).message})`);
  }
  if (!nb || typeof nb !== "object" || !Array.isArray((nb as { cells?: unknown }).cells)) {
    throw new Error("not a Jupyter notebook: it has no list of cells");
  }
  return { bytes, nb: nb as Notebook };
}

/** Exercise numbers announced in the markdown ("Exercise 3 - initializeParametersHe"). */
function exerciseNumbers(nb: Notebook): Map<string, number> {
  const found = new Map<string, number>();
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
 * @returns the assignment; its functions' `cell`/`testCell` are cell indexes
 * @throws Error when the file is not a notebook, or a graded function has no
 *   (or several) test cells, no points, or no region.
 */
export function assignmentOf(path: string): Assignment {
  const { nb } = readNotebookFile(path);
  const name = basename(path).replace(/\.ipynb$/, "");
  const numbers = exerciseNumbers(nb);
  const found: { name: string; cell: number; regions: number }[] = [];
  nb.cells.forEach((cell, i) => {
    const fn = gradedName(cell);
    if (!fn) return;
    if (found.some((f) => f.name === fn)) throw new Error(`${path}: two cells hold the graded function ${fn}`);
    const regions = solutionRegions(cellSource(cell), `${path}, cell ${i} (${fn})`);
    if (regions.length === 0) throw new Error(`${path}, cell ${i} (${fn}): no "// BEGIN SOLUTION" region`);
    found.push({ name: fn, cell: i, regions: regions.length });
  });
  const checked = found.map((f) => {
    const tests = nb.cells.map((c, i) => [c, i] as const).filter(([c]) => checksName(c) === f.name);
    if (tests.length !== 1) {
      throw new Error(`${path}: graded function ${f.name} needs exactly one test cell (dnnlab.checks: "${f.name}"), found ${tests.length}`);
    }
    const [testCell, testIndex] = tests[0];
    const points = testCell.metadata?.nbgrader?.points;
    if (typeof points !== "number" || !(points >= 0)) {
      throw new Error(`${path}: the test cell of ${f.name} (cell ${testIndex}) has no nbgrader "points"`);
    }
    if (testIndex < f.cell) throw new Error(`${path}: the test cell of ${f.name} comes before its graded cell`);
    return { ...f, testCell: testIndex, points };
  });
  const functions: GradedFunction[] = checked.map((f, k) => ({ ...f, exercise: numbers.get(f.name) ?? k + 1 }));
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
 * function, sorted by file name), as assignments; none when the folder does not exist.
 * @param onError when given, called with (path, error) for a notebook whose
 *   graded structure is broken, which is then left out; otherwise the error is thrown
 * @throws the first assignmentOf() error, when no `onError` is given.
 */
export function assignmentsIn(dir: string, onError: ((path: string, err: unknown) => void) | null = null): Assignment[] {
  if (!existsSync(dir)) return [];
  const out: Assignment[] = [];
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()) {
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

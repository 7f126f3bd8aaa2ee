/**
 * Grading one submitted notebook: read → locate → assemble → compile →
 * check what it uses → run → score → report.
 *
 *  1. The submission is read once (never written) and its graded cells are
 *     located (locate.ts).
 *  2. For each graded function, a module is assembled from the notebook's
 *     provided statements and the submitted cells (submission.ts); all of a
 *     submission's modules are type-checked and compiled together, each
 *     against the solution's signature (compile.ts).
 *  3. A cell that uses what its exercise does not allow (allowed.ts) gets 0
 *     with the name of what it used.
 *  4. Each function runs in a sandboxed process of its own, against the
 *     notebook's check and the hidden cases, which stay here (run.ts).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { IMPORTABLE, ALLOWED_EXTRA, publicNames, violationMessage, violations } from "./allowed";
import { analyzeCells, findDeclaration, originOf, referencePool, type ReferencePool, type Segment } from "./assemble";
import { gradingFor } from "./cases";
import { compileModules, describeDiagnostic, VIRTUAL_DIR } from "./compile";
import { chooseAssignment, findSubmissionCell, type LocatedCell } from "./locate";
import { assignmentsIn, readNotebookFile, type Assignment, type GradedFunction, type Notebook } from "./notebook";
import { projectRoot } from "./paths";
import type { FunctionReport, Report } from "./report";
import { runFunction, type RunOutcome } from "./run";
import { networkNamespaceAvailable, sandboxCommand } from "./sandbox/command";
import type { TensorApi } from "./sandbox/codec";
import { prepareStage, type Stage } from "./sandbox/stage";
import { verdictOf } from "./score";
import { buildSolutionModules, loadSolution, SOLUTIONS_DIR, solutionDeclarations, type Solution } from "./solutions";
import { childModule, cellRange, gradedCalls, submissionPool, type SubmittedCell } from "./submission";

export const DEFAULT_TIME_LIMIT_SECONDS = 20;
export const DEFAULT_MEMORY_MB = 512;

export interface GradeOptions {
  /** Grade as this assignment (default: from the notebook). */
  readonly assignment?: string;
  /** Seconds per function, overriding every function's own limit. */
  readonly timeLimitSeconds?: number;
  /** Memory per function (the child's whole resident size), in MB. */
  readonly memoryMb?: number;
  /**
   * Check what graded cells use (default true). Tests turn it off to show
   * that the sandbox alone keeps a hostile cell from scoring.
   */
  readonly staticChecks?: boolean;
  /** The solution notebooks (default notebooks/); their modules are generated on first use. */
  readonly solutionsDir?: string;
}

// ---------------------------------------------------------------------------
// What a grading process loads once

const DEFAULT_SOLUTIONS = join(projectRoot, "notebooks");
const assignmentSets = new Map<string, { byName: Map<string, Assignment>; broken: Map<string, string> }>();
const pools = new Map<string, ReferencePool>();
const solutions = new Map<string, Promise<Solution>>();
const built = new Set<string>();
let stage: Stage | null = null;
let tfReady: Promise<() => TensorApi> | null = null;

function assignmentSet(dir = DEFAULT_SOLUTIONS): { byName: Map<string, Assignment>; broken: Map<string, string> } {
  let set = assignmentSets.get(dir);
  if (!set) {
    const broken = new Map<string, string>();
    const list = assignmentsIn(dir, (path, err) => broken.set(basename(path).replace(/\.ipynb$/, ""), err instanceof Error ? err.message : String(err)));
    assignmentSets.set(dir, (set = { byName: new Map(list.map((a) => [a.name, a])), broken }));
  }
  return set;
}

/** The assignments: the solution notebooks of a folder (default notebooks/), by name. */
export function solutionAssignments(dir = DEFAULT_SOLUTIONS): Map<string, Assignment> {
  return assignmentSet(dir).byName;
}

function poolOf(a: Assignment): ReferencePool {
  let p = pools.get(a.path);
  if (!p) pools.set(a.path, (p = referencePool(a)));
  return p;
}

/** Where the solution modules of a folder of solution notebooks are (generated on first use for another folder than notebooks/). */
function modulesDir(dir: string): string {
  if (dir === DEFAULT_SOLUTIONS) return SOLUTIONS_DIR;
  const out = join(projectRoot, "build", "solutions-other", createHash("sha256").update(dir).digest("hex").slice(0, 12));
  if (!built.has(out)) {
    buildSolutionModules(dir, out);
    built.add(out);
  }
  return out;
}

function solutionOf(a: Assignment, dir: string): Promise<Solution> {
  let s = solutions.get(a.path);
  if (!s) solutions.set(a.path, (s = loadSolution(a.name, "grading", modulesDir(dir))));
  return s;
}

/** Whether a notebook works on TensorFlow.js tensors (it imports the library). */
function usesTensorFlow(pool: ReferencePool): boolean {
  for (const a of pool.cells.values()) for (const st of a.statements) if (st.isImport && /@tensorflow\/tfjs/.test(st.node.getText())) return true;
  return false;
}

/** TensorFlow.js in this process, on the backend the notebooks use. */
function tensorFlow(): Promise<() => TensorApi> {
  tfReady ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { tfUtils } = require("dnnlab") as typeof import("dnnlab");
    const log = console.log;
    console.log = () => {};
    try {
      await tfUtils.setUpBackend();
    } finally {
      console.log = log;
    }
    return () => tfUtils.tfjs() as unknown as TensorApi;
  })();
  return tfReady;
}

// ---------------------------------------------------------------------------
// Messages

const firstLine = (s: string): string => String(s).split("\n")[0];

function compileProblem(fn: GradedFunction, diags: readonly import("typescript").Diagnostic[], segments: readonly Segment[], cellIndex: number): string {
  const located = diags.map((d) => {
    const desc = describeDiagnostic(d);
    return { ...desc, ...originOf(segments, desc.line) };
  });
  const inCell = located.find((d) => d.origin === "cell");
  if (inCell) {
    const hint = inCell.code === 2304 || inCell.code === 2552 ? " (only the graded cell is graded: define helpers inside it)" : "";
    return `does not compile: cell ${cellIndex}, line ${inCell.line}: ${firstLine(inCell.message)}${hint}`;
  }
  const sig = located.find((d) => d.origin === "signature");
  if (sig) return `wrong signature: ${sig.message.split("\n").map((l) => l.trim()).slice(0, 3).join(" ")}`;
  return `does not compile with the rest of the notebook: ${firstLine(located[0].message)}`;
}

// ---------------------------------------------------------------------------

interface Entry {
  readonly fn: GradedFunction;
  message: string;
  passed: boolean;
  hidden?: { passed: number; total: number };
}

/**
 * Grades one notebook file.
 * @returns its report (problems of the submission are reported, never thrown)
 * @throws Error when grading itself cannot work (a broken solution notebook, an unbuilt project)
 */
export async function gradeNotebook(path: string, options: GradeOptions = {}): Promise<Report> {
  const started = Date.now();
  const solutionsDir = options.solutionsDir ?? DEFAULT_SOLUTIONS;
  const all = solutionAssignments(solutionsDir);
  const bytes = readFileSync(path);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  let nb: Notebook | null = null;
  let readProblem: string | null = null;
  try {
    nb = readNotebookFile(path).nb;
  } catch (err) {
    readProblem = err instanceof Error ? err.message : String(err);
  }
  const assignment = chooseAssignment(nb, path, all, options.assignment);
  const report: Report = { notebook: path, assignment: assignment?.name ?? null, score: 0, max: assignment?.max ?? 0, seconds: 0, sha256, functions: [] };
  if (!assignment || !nb) {
    const stem = options.assignment ?? nb?.metadata?.dnnlab?.exercise_of ?? basename(path).replace(/\.ipynb$/i, "");
    const broken = assignmentSet(solutionsDir).broken.get(String(stem));
    if (broken) throw new Error(`the solution notebook of ${stem} cannot be used for grading: ${broken}`);
    report.error = readProblem ?? `cannot tell which assignment this is (no graded cells of ${[...all.keys()].join(", ")}); use --assignment NAME`;
    if (assignment) report.functions = assignment.functions.map((fn) => ({ name: fn.name, points: 0, max: fn.points, passed: false, message: report.error as string }));
    report.seconds = (Date.now() - started) / 1000;
    return report;
  }
  const entries = new Map<string, Entry>(assignment.functions.map((fn) => [fn.name, { fn, message: "", passed: false }]));
  const pool = poolOf(assignment);

  // Locate and parse the submitted cells.
  const located = new Map<string, LocatedCell>();
  for (const [name, e] of entries) {
    const cell = findSubmissionCell(nb, name);
    if (cell) located.set(name, cell);
    else e.message = `missing: no code cell starting with "// GRADED FUNCTION: ${name}"`;
  }
  const analyses = analyzeCells([...located].map(([name, c]) => ({ key: name, text: c.text })));
  const submitted = new Map<string, SubmittedCell>();
  for (const [name, cell] of located) {
    const e = entries.get(name) as Entry;
    const analysis = analyses.get(name);
    if (!analysis) continue;
    if (analysis.parseErrors.length) {
      const d = describeDiagnostic(analysis.parseErrors[0]);
      e.message = `does not parse: cell ${cell.index}, line ${d.line + 1}: ${firstLine(d.message)}${cell.note}`;
    } else if (!findDeclaration(analysis, name)) {
      e.message = `missing: cell ${cell.index} does not define a function named ${name}${cell.note}`;
    } else submitted.set(name, { index: cell.index, text: cell.text, analysis });
  }

  // Assemble and compile every submitted function's module together.
  const subPool = submissionPool(pool, submitted);
  const declarations = solutionDeclarations(assignment.name, modulesDir(solutionsDir)).replace(/\.d\.ts$/, "");
  const files = new Map<string, string>();
  const modules = new Map<string, { file: string; segments: Segment[] }>();
  for (const name of submitted.keys()) {
    const fn = (entries.get(name) as Entry).fn;
    const m = childModule(subPool, fn, declarations);
    const file = join(VIRTUAL_DIR, assignment.name, `${name}.ts`);
    files.set(file, m.text);
    modules.set(name, { file, segments: m.segments });
  }
  const compiled = files.size ? compileModules(files) : null;
  const runnable: Array<{ entry: Entry; code: string }> = [];
  if (compiled) {
    const index = compiled.program.getSourceFile(join(projectRoot, "dist", "index.d.ts"));
    const names = index ? publicNames(compiled.checker, index) : new Map();
    for (const [name, { file, segments }] of modules) {
      const e = entries.get(name) as Entry;
      const cell = submitted.get(name) as SubmittedCell;
      const note = located.get(name)?.note ?? "";
      const diags = compiled.diagnostics.get(file) ?? [];
      if (diags.length) {
        e.message = compileProblem(e.fn, diags, segments, cell.index) + note;
        continue;
      }
      if (options.staticChecks !== false) {
        const problem = staticProblem(assignment.name, name, cell, compiled, file, segments, names);
        if (problem) {
          e.message = problem + note;
          continue;
        }
      }
      const code = compiled.js.get(file);
      if (!code) {
        e.message = "grading error: the compiler emitted nothing";
        continue;
      }
      runnable.push({ entry: e, code });
    }
  }

  // Run each function in a sandbox of its own.
  if (runnable.length) {
    stage ??= prepareStage();
    const solution = await solutionOf(assignment, solutionsDir);
    const tf = usesTensorFlow(pool) ? await tensorFlow() : undefined;
    for (const { entry, code } of runnable) {
      const grading = gradingFor(assignment.name, entry.fn.name);
      const timeLimitMs = 1000 * (options.timeLimitSeconds ?? grading.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS);
      const memoryMb = options.memoryMb ?? grading.memoryMb ?? DEFAULT_MEMORY_MB;
      const outcome: RunOutcome = await runFunction({ notebook: assignment.name, name: entry.fn.name, code, stage, solution, timeLimitMs, memoryMb, tf });
      const verdict = verdictOf(outcome);
      if (verdict.internal) throw new Error(`${assignment.name}/${entry.fn.name}: ${verdict.message}`);
      entry.passed = verdict.passed;
      entry.message = verdict.message + (located.get(entry.fn.name)?.note ?? "");
      if (verdict.hidden) entry.hidden = verdict.hidden;
    }
    report.isolation = sandboxCommand(stage, DEFAULT_MEMORY_MB).isolation;
  }

  // A function that runs another graded function fails with it: say so.
  const gradedNames = assignment.functions.map((f) => f.name);
  for (const [name, cell] of submitted) {
    const e = entries.get(name) as Entry;
    const failed = gradedCalls(cell, name, gradedNames).filter((d) => !entries.get(d)?.passed);
    if (!e.passed && failed.length) e.message += ` (${name} calls ${failed.join(" and ")}, which failed ${failed.length > 1 ? "their" : "its"} own check: fix ${failed.length > 1 ? "them" : "it"} first)`;
  }

  report.functions = [...entries.values()].map((e): FunctionReport => ({
    name: e.fn.name,
    points: e.passed ? e.fn.points : 0,
    max: e.fn.points,
    passed: e.passed,
    message: e.message,
    ...(e.hidden ? { hidden: e.hidden } : {}),
  }));
  report.score = report.functions.reduce((s, f) => s + f.points, 0);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** Why a compiled cell may not be run (it uses what its exercise does not allow), or null. */
function staticProblem(
  notebook: string,
  name: string,
  cell: SubmittedCell,
  compiled: NonNullable<ReturnType<typeof compileModules>>,
  file: string,
  segments: readonly Segment[],
  names: Map<import("typescript").Symbol, string>,
): string | null {
  for (const st of cell.analysis.statements) {
    if (!st.isImport) continue;
    const spec = /from\s+["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)/.exec(st.node.getText());
    const mod = spec?.[1] ?? spec?.[2] ?? "?";
    if (!IMPORTABLE.test(mod)) {
      const line = cell.analysis.sf.getLineAndCharacterOfPosition(st.node.getStart()).line + 1;
      return violationMessage(name, { name: `"${mod}"`, line: 0, kind: "import" }, line);
    }
  }
  const sf = compiled.program.getSourceFile(file);
  if (!sf) return null;
  const range = cellRange(sf, segments);
  const found = violations(compiled.checker, sf, range.from, range.to, ALLOWED_EXTRA[notebook]?.[name] ?? [], names, join(projectRoot, "dist"));
  if (!found.length) return null;
  const v = found[0];
  return violationMessage(name, v, originOf(segments, v.line).line);
}

export { networkNamespaceAvailable };

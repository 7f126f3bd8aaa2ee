/**
 * Grading one submitted notebook: read → locate → assemble → compile →
 * check what it uses → run → score → report.
 *
 *  1. The submission is read once (never written) and its graded cells are
 *     located and parsed (locate.ts).
 *  2. For each graded function, a module is assembled from the notebook's
 *     provided statements and the submitted cells (submission.ts); all of a
 *     submission's modules are type-checked and compiled together, each
 *     against the solution's signature (compile.ts).
 *  3. A cell that uses what its exercise does not allow gets 0 with the name
 *     of what it used (allowed.ts).
 *  4. Each function runs in a sandboxed process of its own, against the
 *     notebook's check and the hidden cases, which stay here (run.ts), and
 *     is scored (score.ts).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { ALLOWED_EXTRA, usesProblem } from "./allowed";
import type { Segment } from "./assemble";
import { gradingFor } from "./cases";
import { compileModules, compileProblem, describeDiagnostic, VIRTUAL_DIR } from "./compile";
import { assignmentSet, DEFAULT_SOLUTIONS, modulesDir, poolOf, solutionAssignments, solutionOf, tensorFlow, theStage, usesTensorFlow } from "./context";
import { chooseAssignment, locateCells, type LocatedCell } from "./locate";
import { readNotebookFile, type Assignment, type GradedFunction, type Notebook } from "./notebook";
import type { FunctionReport, Report } from "./report";
import { runFunction } from "./run";
import { networkNamespaceAvailable, sandboxCommand } from "./sandbox/command";
import { verdictOf } from "./score";
import { solutionDeclarations } from "./solutions";
import { childModule, gradedCalls, submissionPool, type SubmittedCell } from "./submission";

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

/** One graded function on its way through the steps. */
interface Entry {
  readonly fn: GradedFunction;
  message: string;
  passed: boolean;
  hidden?: { passed: number; total: number };
  cell?: LocatedCell;
  submitted?: SubmittedCell;
  /** The compiled module, once it compiles and uses only what it may. */
  code?: string;
}

/** The note added to every message of a function held by several cells. */
const noteOf = (e: Entry): string => e.cell?.note ?? "";

/**
 * Grades one notebook file.
 * @returns its report (problems of the submission are reported, never thrown)
 * @throws Error when grading itself cannot work (a broken solution notebook, an unbuilt project)
 */
export async function gradeNotebook(path: string, options: GradeOptions = {}): Promise<Report> {
  const started = Date.now();
  const solutionsDir = options.solutionsDir ?? DEFAULT_SOLUTIONS;
  const { report, nb, assignment } = read(path, solutionsDir, options.assignment);
  if (nb && assignment) {
    const entries = new Map<string, Entry>(assignment.functions.map((fn) => [fn.name, { fn, message: "", passed: false }]));
    locate(nb, assignment, entries);
    assembleAndCompile(assignment, solutionsDir, entries, options.staticChecks !== false);
    await run(assignment, solutionsDir, entries, options, report);
    explainCalls(assignment, entries);
    report.functions = [...entries.values()].map(
      (e): FunctionReport => ({
        name: e.fn.name,
        points: e.passed ? e.fn.points : 0,
        max: e.fn.points,
        passed: e.passed,
        message: e.message,
        ...(e.hidden ? { hidden: e.hidden } : {}),
      }),
    );
    report.score = report.functions.reduce((s, f) => s + f.points, 0);
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** Step 1a: the file, its assignment, and the report to fill (or the report of a file that cannot be graded). */
function read(path: string, solutionsDir: string, forced: string | undefined): { report: Report; nb: Notebook | null; assignment: Assignment | null } {
  const all = solutionAssignments(solutionsDir);
  const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
  let nb: Notebook | null = null;
  let problem: string | null = null;
  try {
    nb = readNotebookFile(path).nb;
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  const assignment = chooseAssignment(nb, path, all, forced);
  const report: Report = { notebook: path, assignment: assignment?.name ?? null, score: 0, max: assignment?.max ?? 0, seconds: 0, sha256, functions: [] };
  if (!assignment || !nb) {
    const stem = forced ?? nb?.metadata?.dnnlab?.exercise_of ?? basename(path).replace(/\.ipynb$/i, "");
    const broken = assignmentSet(solutionsDir).broken.get(String(stem));
    if (broken) throw new Error(`the solution notebook of ${stem} cannot be used for grading: ${broken}`);
    const error = problem ?? `cannot tell which assignment this is (no graded cells of ${[...all.keys()].join(", ")}); use --assignment NAME`;
    report.error = error;
    if (assignment) report.functions = assignment.functions.map((fn) => ({ name: fn.name, points: 0, max: fn.points, passed: false, message: error }));
  }
  return { report, nb, assignment };
}

/** Step 1b: each function's submitted cell, parsed (or why there is none). */
function locate(nb: Notebook, assignment: Assignment, entries: Map<string, Entry>): void {
  for (const found of locateCells(nb, assignment)) {
    const e = entries.get(found.name) as Entry;
    e.cell = found.cell;
    if (found.problem) e.message = found.problem;
    else e.submitted = found.submitted;
  }
}

/** Steps 2 and 3: every submitted function's module, compiled together; what may run gets its code. */
function assembleAndCompile(assignment: Assignment, solutionsDir: string, entries: Map<string, Entry>, staticChecks: boolean): void {
  const submitted = new Map([...entries].filter(([, e]) => e.submitted).map(([name, e]) => [name, e.submitted as SubmittedCell]));
  if (submitted.size === 0) return;
  const pool = submissionPool(poolOf(assignment), submitted);
  const declarations = solutionDeclarations(assignment.name, modulesDir(solutionsDir)).replace(/\.d\.ts$/, "");
  const files = new Map<string, string>();
  const segmentsOf = new Map<string, Segment[]>();
  for (const name of submitted.keys()) {
    const m = childModule(pool, (entries.get(name) as Entry).fn, declarations);
    const file = join(VIRTUAL_DIR, assignment.name, `${name}.ts`);
    files.set(file, m.text);
    segmentsOf.set(name, m.segments);
  }
  const compiled = compileModules(files);
  for (const [name, cell] of submitted) {
    const e = entries.get(name) as Entry;
    const file = join(VIRTUAL_DIR, assignment.name, `${name}.ts`);
    const segments = segmentsOf.get(name) as Segment[];
    const diags = compiled.diagnostics.get(file) ?? [];
    const problem = diags.length
      ? compileProblem(diags, segments, cell.index)
      : staticChecks
        ? usesProblem(name, cell, compiled, file, segments, ALLOWED_EXTRA[assignment.name]?.[name] ?? [])
        : null;
    const code = compiled.js.get(file);
    if (problem) e.message = problem + noteOf(e);
    else if (!code) e.message = "grading error: the compiler emitted nothing";
    else e.code = code;
  }
}

/** Step 4: each function that compiled, in a sandbox of its own, scored. */
async function run(assignment: Assignment, solutionsDir: string, entries: Map<string, Entry>, options: GradeOptions, report: Report): Promise<void> {
  const runnable = [...entries.values()].filter((e) => e.code !== undefined);
  if (runnable.length === 0) return;
  const stage = theStage();
  const solution = await solutionOf(assignment, solutionsDir);
  const tf = usesTensorFlow(poolOf(assignment)) ? await tensorFlow() : undefined;
  for (const e of runnable) {
    const grading = gradingFor(assignment.name, e.fn.name);
    const timeLimitMs = 1000 * (options.timeLimitSeconds ?? grading.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS);
    const memoryMb = options.memoryMb ?? grading.memoryMb ?? DEFAULT_MEMORY_MB;
    const outcome = await runFunction({ notebook: assignment.name, name: e.fn.name, code: e.code as string, stage, solution, timeLimitMs, memoryMb, tf });
    const verdict = verdictOf(outcome);
    if (verdict.internal) throw new Error(`${assignment.name}/${e.fn.name}: ${verdict.message}`);
    e.passed = verdict.passed;
    e.message = verdict.message + noteOf(e);
    if (verdict.hidden) e.hidden = verdict.hidden;
  }
  report.isolation = sandboxCommand(stage, DEFAULT_MEMORY_MB).isolation;
}

/** A function that runs another graded function fails with it: its message says so. */
function explainCalls(assignment: Assignment, entries: Map<string, Entry>): void {
  const names = assignment.functions.map((f) => f.name);
  for (const [name, e] of entries) {
    if (e.passed || !e.submitted) continue;
    const failed = gradedCalls(e.submitted, name, names).filter((d) => !entries.get(d)?.passed);
    const them = failed.length > 1;
    if (failed.length)
      e.message += ` (${name} calls ${failed.join(" and ")}, which failed ${them ? "their" : "its"} own check: fix ${them ? "them" : "it"} first)`;
  }
}

export { describeDiagnostic, networkNamespaceAvailable, solutionAssignments };

// The autograder's core: grades one submitted notebook against its solution
// notebook and returns a report
//   { notebook, assignment, score, max, seconds, functions: [{ name, points, max, passed, message, hidden }] }
//
// 1. The submission is read once (never written); each graded cell is found
//    by its `// GRADED FUNCTION:` header or its metadata.
// 2. Per function, a module is assembled (assemble.mjs) from the submitted
//    cell, what it needs from the solution notebook and the public test cell;
//    all of them are type-checked and compiled together (compile.mjs), with
//    the solution's version of each function alongside as the reference.
// 3. The compiled modules run in one separate Node process per submission
//    (child.cjs): permission model (read-only project, no processes), a
//    network namespace of its own where Linux allows it, and each function in
//    its own worker thread with a time limit and a heap limit (worker.cjs).
import { createHash, randomBytes } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { projectRoot } from "../kernel.mjs";
import { assignmentsIn, cellSource, gradedName, headerName, readNotebookFile } from "./notebook.mjs";
import { analyzeCells, findDeclaration, originOf, referenceModule, referencePool, submissionModule, ts } from "./assemble.mjs";
import { compileModules, describeDiagnostic, VIRTUAL_DIR } from "./compile.mjs";

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL(".", import.meta.url));

export const DEFAULT_TIME_LIMIT_SECONDS = 20;
export const DEFAULT_MEMORY_MB = 512;

// ---------------------------------------------------------------------------
// Solution notebooks and their reference modules (computed once per process)

let assignmentCache = null;
const referenceCache = new Map();

/** The assignments (solution notebooks in notebooks/), by name. */
export function solutionAssignments(dir = join(projectRoot, "notebooks")) {
  if (!assignmentCache || assignmentCache.dir !== dir) {
    // A solution notebook whose graded structure is broken only stops the grading of its own submissions.
    const broken = new Map();
    const byName = new Map(assignmentsIn(dir, (path, err) => broken.set(basename(path).replace(/\.ipynb$/, ""), err.message)).map((a) => [a.name, a]));
    assignmentCache = { dir, byName, broken };
  }
  return assignmentCache.byName;
}

/** Why a solution notebook cannot be used for grading (null when it can). */
function brokenSolution(name) {
  return assignmentCache?.broken.get(name) ?? null;
}

function gradingData() {
  const path = join(projectRoot, "dist", "grading", "index.js");
  try {
    return require(path);
  } catch (err) {
    throw new Error(`the library's grading data is not built (${path}): run \`npm run build\` first (${err.message})`);
  }
}

function referenceOf(assignment) {
  let ref = referenceCache.get(assignment.name);
  if (!ref) {
    const pool = referencePool(assignment);
    const data = gradingData();
    const modules = new Map();
    for (const fn of assignment.functions) {
      const grading = data.gradingFor(assignment.name, fn.name);
      const needs = [...new Set(grading.hidden.flatMap((c) => c.needs ?? []))];
      modules.set(fn.name, { ...referenceModule(pool, fn, needs), grading });
    }
    ref = { pool, modules };
    referenceCache.set(assignment.name, ref);
  }
  return ref;
}

// ---------------------------------------------------------------------------
// Which assignment a submission is

function chooseAssignment(nb, path, assignments, forced) {
  if (forced) {
    const a = assignments.get(forced);
    if (!a) throw new Error(`unknown assignment "${forced}" (known: ${[...assignments.keys()].join(", ")})`);
    return a;
  }
  const meta = nb?.metadata?.dnnlab?.exercise_of;
  if (typeof meta === "string" && assignments.has(meta)) return assignments.get(meta);
  const stem = basename(path).replace(/\.ipynb$/i, "");
  if (assignments.has(stem)) return assignments.get(stem);
  if (nb) {
    const names = new Set(nb.cells.map(gradedName).filter(Boolean));
    let best = null;
    let bestCount = 0;
    for (const a of assignments.values()) {
      const count = a.functions.filter((f) => names.has(f.name)).length;
      if (count > bestCount) [best, bestCount] = [a, count];
    }
    if (best) return best;
    const title = nb.metadata?.title;
    for (const a of assignments.values()) if (title && a.title === title) return a;
  }
  return null;
}

/** The submission's cell for a graded function: `{ index, text, note }` or null. */
function findSubmissionCell(nb, name) {
  const byMeta = [];
  const byHeader = [];
  nb.cells.forEach((cell, index) => {
    if (cell?.cell_type !== "code") return;
    if (cell.metadata?.dnnlab?.graded_function === name || cell.metadata?.nbgrader?.grade_id === name) byMeta.push(index);
    else if (headerName(cell) === name) byHeader.push(index);
  });
  const list = byMeta.length ? byMeta : byHeader;
  if (!list.length) return null;
  const index = list[list.length - 1];
  const note = list.length > 1 ? ` (${list.length} cells hold ${name}; graded the last one, cell ${index})` : "";
  return { index, text: cellSource(nb.cells[index]), note };
}

// ---------------------------------------------------------------------------
// The sandboxed grading process

let netns = null;
/** Whether `unshare` can give the grading process an empty network namespace here. */
export function networkNamespaceAvailable() {
  if (netns === null) {
    if (process.platform !== "linux" || process.env.DNNLAB_GRADE_NO_NETNS === "1") netns = false;
    else {
      const r = spawnSync("unshare", ["--net", "--map-root-user", "true"], { stdio: "ignore", timeout: 5000 });
      netns = !r.error && r.status === 0;
    }
  }
  return netns;
}

function sandboxCommand() {
  const nodeArgs = [
    "--experimental-permission",
    // What the grading process may read: the library, its dependencies and itself; not the
    // solution notebooks, the library's sources or the submissions.
    `--allow-fs-read=${join(projectRoot, "package.json")}`,
    `--allow-fs-read=${join(projectRoot, "dist")}/*`,
    `--allow-fs-read=${join(projectRoot, "node_modules")}/*`,
    `--allow-fs-read=${here}*`,
    "--allow-worker",
    "--max-old-space-size=256",
    "--disable-warning=ExperimentalWarning",
    "--disable-warning=SecurityWarning",
    join(here, "child.cjs"),
  ];
  if (networkNamespaceAvailable()) {
    return { command: "unshare", args: ["--net", "--map-root-user", process.execPath, ...nodeArgs], isolation: "network namespace" };
  }
  return { command: process.execPath, args: nodeArgs, isolation: "in-process" };
}

function runInSandbox(job) {
  return new Promise((resolve) => {
    const { command, args } = sandboxCommand();
    const token = randomBytes(16).toString("hex");
    const results = new Map();
    let stderr = "";
    let finished = false;
    const child = spawn(command, args, {
      cwd: projectRoot,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8" },
    });
    const budget = job.functions.reduce((s, f) => s + f.timeLimitMs, 0) + 20_000;
    const watchdog = setTimeout(() => child.kill("SIGKILL"), budget);
    const end = (problem) => {
      if (finished) return;
      finished = true;
      clearTimeout(watchdog);
      if (child.exitCode === null) child.kill("SIGKILL");
      for (const f of job.functions) {
        if (!results.has(f.name)) results.set(f.name, { status: "crash", message: `the grading process stopped before this function was graded${problem ? `: ${problem}` : ""}` });
      }
      resolve(results);
    };
    child.stderr.on("data", (d) => {
      if (stderr.length < 20_000) stderr += d;
    });
    child.on("message", (m) => {
      if (!m || m.token !== token) return;
      if (m.done) end();
      else if (m.name && m.result) results.set(m.name, m.result);
    });
    child.on("error", (err) => end(err.message));
    child.on("exit", (code, signal) => end(code === 0 ? null : `exit ${code ?? signal}${stderr.trim() ? ` (${stderr.trim().split("\n").slice(-3).join(" | ")})` : ""}`));
    child.send({ ...job, token });
  });
}

// ---------------------------------------------------------------------------
// Grading

const firstLine = (s) => String(s).split("\n")[0];

function compileProblem(fn, diags, segments, cellIndex) {
  const located = diags.map((d) => ({ ...describeDiagnostic(d), ...originOf(segments, describeDiagnostic(d).line) }));
  const inCell = located.find((d) => d.origin === "cell");
  if (inCell) {
    const hint = inCell.code === 2304 || inCell.code === 2552 ? " (only the graded cell is graded: define helpers inside it)" : "";
    return `does not compile: cell ${cellIndex}, line ${inCell.line}: ${firstLine(inCell.message)}${hint}`;
  }
  const sig = located.find((d) => d.origin === "signature");
  if (sig) {
    const lines = sig.message.split("\n").map((l) => l.trim());
    return `wrong signature: ${lines.slice(0, 3).join(" ")}`;
  }
  const test = located.find((d) => d.origin === "test");
  if (test) return `wrong signature: the notebook's check cannot call ${fn.name} as written: ${firstLine(test.message)}`;
  const other = located[0];
  return `does not compile with the rest of the notebook: ${firstLine(other.message)}`;
}

function runtimeMessage(fn, r, limits) {
  switch (r.status) {
    case "timeout":
      return { passed: false, message: `timed out after ${limits.timeLimitMs / 1000} s (an infinite loop?)` };
    case "memory":
      return { passed: false, message: `ran out of memory (limit ${limits.memoryMb} MB)` };
    case "crash":
      return { passed: false, message: `crashed: ${r.message}` };
    case "internal":
      return { passed: false, message: `grading error (not the submission's fault): ${r.message}`, internal: true };
    case "load-error":
      return { passed: false, message: notImplemented(r.message) ?? `running the cell failed: ${r.message}` };
    case "not-a-function":
      return { passed: false, message: `wrong signature: ${r.message}` };
    case "ok":
      break;
    default:
      return { passed: false, message: `grading error: unknown result ${JSON.stringify(r).slice(0, 200)}`, internal: true };
  }
  const hidden = r.hidden ?? [];
  const failedHidden = hidden.filter((h) => !h.ok);
  const hiddenCount = { passed: hidden.length - failedHidden.length, total: hidden.length };
  const internal = failedHidden.find((h) => h.internal);
  if (internal) return { passed: false, message: `grading error (not the submission's fault): hidden case "${internal.label}": ${internal.message}`, hidden: hiddenCount, internal: true };
  if (!r.public.ok) {
    const h = failedHidden[0];
    const more = h ? `; hidden case "${h.label}" failed too: ${h.message} (${failedHidden.length} of ${hidden.length} hidden cases failed)` : "";
    return { passed: false, message: notImplemented(r.public.message) ?? `public check failed: ${r.public.message}${more}`, hidden: hiddenCount };
  }
  if (failedHidden.length) {
    const h = failedHidden[0];
    const more = failedHidden.length > 1 ? ` (${failedHidden.length} of ${hidden.length} hidden cases failed)` : ` (1 of ${hidden.length} hidden cases failed)`;
    return { passed: false, message: `public check passed, but hidden case "${h.label}" failed: ${h.message}${more}`, hidden: hiddenCount };
  }
  const message = hidden.length ? `public check and ${hidden.length} hidden case${hidden.length === 1 ? "" : "s"} passed` : "public check passed (no hidden cases)";
  return { passed: true, message, hidden: hiddenCount };
}

function notImplemented(message) {
  const m = /Exercise not implemented: [^\n]*/.exec(message ?? "");
  return m ? `not implemented yet: the exercise stub still throws "${m[0]}"` : null;
}

/**
 * Grades one notebook file.
 * @param options `{ assignment?: name, timeLimitSeconds?: number (overrides all), memoryMb?, solutionsDir? }`
 * @returns the report (never throws for problems of the submission itself)
 */
export async function gradeNotebook(path, options = {}) {
  const started = Date.now();
  const assignments = solutionAssignments(options.solutionsDir);
  const bytes = readFileSync(path);
  const digest = createHash("sha256").update(bytes).digest("hex");
  let nb = null;
  let readProblem = null;
  try {
    nb = readNotebookFile(path).nb;
  } catch (err) {
    readProblem = err.message;
  }
  const assignment = chooseAssignment(nb, path, assignments, options.assignment);
  const report = { notebook: path, assignment: assignment?.name ?? null, score: 0, max: assignment?.max ?? 0, seconds: 0, sha256: digest, functions: [] };
  if (!assignment) {
    const stem = options.assignment ?? nb?.metadata?.dnnlab?.exercise_of ?? basename(path).replace(/\.ipynb$/i, "");
    const broken = brokenSolution(stem);
    if (broken) throw new Error(`the solution notebook of ${stem} cannot be used for grading: ${broken}`);
    report.error = readProblem ?? `cannot tell which assignment this is (no graded cells of ${[...assignments.keys()].join(", ")}); use --assignment NAME`;
    report.seconds = (Date.now() - started) / 1000;
    return report;
  }
  const entries = assignment.functions.map((fn) => ({ fn, name: fn.name, points: 0, max: fn.points, passed: false, message: "" }));
  if (readProblem) {
    for (const e of entries) e.message = readProblem;
    report.error = readProblem;
    return finish(report, entries, started);
  }

  const ref = referenceOf(assignment);
  // Find and parse the submitted cells.
  const cells = new Map();
  for (const e of entries) {
    const cell = findSubmissionCell(nb, e.name);
    if (!cell) {
      e.message = `missing: no code cell starting with "// GRADED FUNCTION: ${e.name}"`;
      continue;
    }
    cells.set(e.name, cell);
  }
  const analyses = analyzeCells([...cells].map(([name, c]) => ({ key: name, text: c.text })));
  const files = new Map();
  const dir = join(VIRTUAL_DIR, assignment.name);
  const runnable = [];
  for (const e of entries) {
    const cell = cells.get(e.name);
    if (!cell) continue;
    const analysis = analyses.get(e.name);
    if (analysis.parseErrors.length) {
      const d = describeDiagnostic(analysis.parseErrors[0]);
      e.message = `does not parse: cell ${cell.index}, line ${d.line + 1}: ${firstLine(d.message)}${cell.note}`;
      continue;
    }
    if (!findDeclaration(analysis, e.name)) {
      e.message = `missing: cell ${cell.index} does not define a function named ${e.name}${cell.note}`;
      continue;
    }
    const refText = ref.modules.get(e.name).text;
    const refFile = join(dir, `ref_${e.name}.ts`);
    const subFile = join(dir, `sub_${e.name}.ts`);
    const sub = submissionModule(ref.pool, e.fn, cell.text, analysis, `./ref_${e.name}`);
    files.set(refFile, refText);
    files.set(subFile, sub.text);
    runnable.push({ e, cell, refFile, subFile, segments: sub.segments });
  }

  const jobs = [];
  if (runnable.length) {
    const compiled = compileModules(files);
    for (const r of runnable) {
      const refDiags = compiled.diagnostics.get(r.refFile);
      if (refDiags.length) {
        const d = describeDiagnostic(refDiags[0]);
        throw new Error(`the solution's module for ${r.e.name} does not compile (line ${d.line + 1}): ${d.message}\n${files.get(r.refFile)}`);
      }
      const diags = compiled.diagnostics.get(r.subFile);
      if (diags.length) {
        r.e.message = compileProblem(r.e.fn, diags, r.segments, r.cell.index) + r.cell.note;
        continue;
      }
      const grading = ref.modules.get(r.e.name).grading;
      const timeLimitMs = 1000 * (options.timeLimitSeconds ?? grading.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS);
      const memoryMb = options.memoryMb ?? grading.memoryMb ?? DEFAULT_MEMORY_MB;
      jobs.push({
        entry: r.e,
        note: r.cell.note,
        limits: { timeLimitMs, memoryMb },
        job: {
          name: r.e.name,
          refFile: r.refFile.replace(/\.ts$/, ".js"),
          refCode: compiled.js.get(r.refFile),
          subFile: r.subFile.replace(/\.ts$/, ".js"),
          subCode: compiled.js.get(r.subFile),
          timeLimitMs,
          memoryMb,
        },
      });
    }
  }
  if (jobs.length) {
    const results = await runInSandbox({
      projectRoot,
      virtualDir: VIRTUAL_DIR,
      assignment: assignment.name,
      functions: jobs.map((j) => j.job),
    });
    for (const j of jobs) {
      const outcome = runtimeMessage(j.entry.fn, results.get(j.entry.name), j.limits);
      if (outcome.internal) throw new Error(`${assignment.name}/${j.entry.name}: ${outcome.message}`);
      j.entry.passed = outcome.passed;
      j.entry.message = outcome.message + j.note;
      if (outcome.hidden) j.entry.hidden = outcome.hidden;
    }
  }
  report.isolation = jobs.length ? sandboxCommand().isolation : undefined;
  return finish(report, entries, started);
}

function finish(report, entries, started) {
  for (const e of entries) e.points = e.passed ? e.max : 0;
  report.functions = entries.map(({ name, points, max, passed, message, hidden }) => ({ name, points, max, passed, message, ...(hidden ? { hidden } : {}) }));
  report.score = report.functions.reduce((s, f) => s + f.points, 0);
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

// ---------------------------------------------------------------------------
// Presentation

/** The readable report of one notebook, ending with `score: X/Y`. */
export function formatReport(report) {
  const lines = [`${report.notebook}${report.assignment ? ` (${report.assignment})` : ""}`];
  if (report.error && report.functions.length === 0) lines.push(`  ${report.error}`);
  const width = Math.max(8, ...report.functions.map((f) => f.name.length));
  for (const f of report.functions) {
    const pts = `${f.points}/${f.max}`.padStart(7);
    lines.push(`  ${f.name.padEnd(width)} ${pts}  ${f.passed ? "passed" : "FAILED"}  ${f.message}`);
  }
  lines.push(`score: ${report.score}/${report.max}`);
  return lines.join("\n");
}

const csvField = (v) => {
  const s = v === undefined || v === null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The CSV summary of several reports: one row per notebook, one column per graded function. */
export function formatCsv(reports) {
  const columns = [];
  for (const r of reports) for (const f of r.functions) if (!columns.includes(f.name)) columns.push(f.name);
  const rows = [["notebook", "assignment", "score", "max", ...columns, "problems"]];
  for (const r of reports) {
    const by = new Map(r.functions.map((f) => [f.name, f]));
    const problems = r.error ? [r.error] : r.functions.filter((f) => !f.passed).map((f) => `${f.name}: ${f.message}`);
    rows.push([basename(r.notebook), r.assignment ?? "", r.score, r.max, ...columns.map((c) => (by.has(c) ? by.get(c).points : "")), problems.join(" | ")]);
  }
  return rows.map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

export { ts };

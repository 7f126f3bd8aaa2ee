// npm run grade -- <notebook.ipynb | folder> [options]
//
// Grades submitted notebooks against the solution notebooks in notebooks/:
// each graded function is run against the notebook's public check and the
// hidden cases of lib/grading/hiddenCases.ts, in a sandboxed Node process
// (see scripts/grader/grader.mjs). Prints a report per notebook ending with
// `score: X/Y`.
//
//   npm run grade -- submission.ipynb [--json report.json]
//   npm run grade -- submissions/ [--csv summary.csv] [--json all.json]
//
// Options:
//   --json FILE        also write the report as JSON ({ score, max, functions: [...] });
//                      for a folder: { notebooks: [report, ...] }
//   --csv FILE         (folder) where to write the CSV summary; default <folder>/grades.csv
//   --assignment NAME  grade as this assignment (default: from the notebook's metadata,
//                      its file name, or the graded functions it contains)
//   --time-limit S     seconds per function (default 20, or the function's own limit)
//   --memory MB        heap limit per function (default 512)
//
// Exit status: 0 whenever a report was produced (whatever the score), 2 on
// bad usage, 1 when grading itself failed.
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { formatCsv, formatReport, gradeNotebook, solutionAssignments } from "./grader/grader.mjs";
import { projectRoot } from "./kernel.mjs";

function usage(message) {
  if (message) console.error(`grade: ${message}`);
  console.error("usage: npm run grade -- <notebook.ipynb | folder> [--json FILE] [--csv FILE] [--assignment NAME] [--time-limit S] [--memory MB]");
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { targets: [] };
  const valueOf = (i, flag) => {
    if (i + 1 >= argv.length) usage(`${flag} needs a value`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") opts.json = valueOf(i++, a);
    else if (a === "--csv") opts.csv = valueOf(i++, a);
    else if (a === "--assignment") opts.assignment = valueOf(i++, a);
    else if (a === "--time-limit") opts.timeLimitSeconds = Number(valueOf(i++, a));
    else if (a === "--memory") opts.memoryMb = Number(valueOf(i++, a));
    else if (a === "-h" || a === "--help") usage();
    else if (a.startsWith("--")) usage(`unknown option ${a}`);
    else opts.targets.push(a);
  }
  if (opts.targets.length !== 1) usage("give one notebook or one folder");
  for (const k of ["timeLimitSeconds", "memoryMb"]) {
    if (opts[k] !== undefined && !(opts[k] > 0)) usage(`--${k === "memoryMb" ? "memory" : "time-limit"} must be a positive number`);
  }
  return opts;
}

/** Warns when lib/ changed after the last build (the hidden cases come from dist/). */
function warnIfStale() {
  const dist = join(projectRoot, "dist", "grading", "hiddenCases.js");
  const src = join(projectRoot, "lib", "grading", "hiddenCases.ts");
  if (!existsSync(dist)) {
    console.error("grade: the library is not built (dist/grading is missing): run `npm run build` first");
    process.exit(1);
  }
  if (existsSync(src) && statSync(src).mtimeMs > statSync(dist).mtimeMs) {
    console.error("grade: warning: lib/grading/hiddenCases.ts is newer than dist/: run `npm run build` to grade with the current hidden cases");
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const target = resolve(opts.targets[0]);
  if (!existsSync(target)) usage(`no such file or folder: ${opts.targets[0]}`);
  warnIfStale();
  if (opts.assignment && !solutionAssignments().has(opts.assignment)) {
    usage(`unknown assignment "${opts.assignment}" (known: ${[...solutionAssignments().keys()].join(", ")})`);
  }
  const gradeOptions = { assignment: opts.assignment, timeLimitSeconds: opts.timeLimitSeconds, memoryMb: opts.memoryMb };

  if (statSync(target).isDirectory()) {
    const files = readdirSync(target).filter((f) => f.endsWith(".ipynb")).sort();
    if (files.length === 0) usage(`no .ipynb files in ${opts.targets[0]}`);
    const reports = [];
    for (const f of files) {
      const report = await gradeNotebook(join(target, f), gradeOptions);
      reports.push(report);
      console.log(formatReport(report) + "\n");
    }
    const csv = resolve(opts.csv ?? join(target, "grades.csv"));
    writeFileSync(csv, formatCsv(reports));
    console.log(`grade: ${reports.length} notebooks graded; summary in ${csv}`);
    if (opts.json) writeFileSync(resolve(opts.json), JSON.stringify({ notebooks: reports }, null, 2) + "\n");
    return;
  }
  if (opts.csv) usage("--csv is for grading a folder");
  const report = await gradeNotebook(target, gradeOptions);
  console.log(formatReport(report));
  if (opts.json) writeFileSync(resolve(opts.json), JSON.stringify(report, null, 2) + "\n");
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`grade: grading failed: ${err.stack ?? err}`);
    process.exit(1);
  },
);

/**
 * `npm run grade -- <notebook.ipynb | folder> [options]`: grades submitted
 * notebooks against the solution notebooks in notebooks/ and prints a report
 * per notebook ending with `score: X/Y`; for a folder, also a CSV summary
 * and the throughput (submissions per minute).
 *
 *   --json FILE        also write the report(s) as JSON
 *   --csv FILE         (folder) where to write the CSV summary; default <folder>/grades.csv
 *   --assignment NAME  grade as this assignment (default: from each notebook)
 *   --time-limit S     seconds per function (default 20, or the function's own limit)
 *   --memory MB        memory per function, the sandbox's whole resident size (default 512)
 *   --jobs N           (folder) grading threads (default: one per core)
 *
 * Exit status: 0 whenever the reports were produced (whatever the scores),
 * 2 on bad usage, 1 when grading itself failed. Every failure is one line.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { gradeNotebook, solutionAssignments, type GradeOptions } from "./grade";
import { defaultJobs, gradeMany } from "./pool";
import { formatCsv, formatReport, type Report } from "./report";

class UsageError extends Error {}

interface Options {
  target: string;
  json?: string;
  csv?: string;
  assignment?: string;
  timeLimitSeconds?: number;
  memoryMb?: number;
  jobs?: number;
}

const USAGE = "usage: npm run grade -- <notebook.ipynb | folder> [--json FILE] [--csv FILE] [--assignment NAME] [--time-limit S] [--memory MB] [--jobs N]";

function parseArgs(argv: readonly string[]): Options {
  const targets: string[] = [];
  const o: Partial<Options> = {};
  const value = (i: number, flag: string): string => {
    if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
    return argv[i + 1];
  };
  const positive = (text: string, flag: string): number => {
    const n = Number(text);
    if (!(n > 0)) throw new UsageError(`${flag} must be a positive number, got "${text}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") o.json = value(i++, a);
    else if (a === "--csv") o.csv = value(i++, a);
    else if (a === "--assignment") o.assignment = value(i++, a);
    else if (a === "--time-limit") o.timeLimitSeconds = positive(value(i++, a), a);
    else if (a === "--memory") o.memoryMb = positive(value(i++, a), a);
    else if (a === "--jobs") o.jobs = Math.floor(positive(value(i++, a), a));
    else if (a === "-h" || a === "--help") throw new UsageError("");
    else if (a.startsWith("--")) throw new UsageError(`unknown option ${a}`);
    else targets.push(a);
  }
  if (targets.length !== 1) throw new UsageError("give one notebook or one folder");
  return { ...o, target: targets[0] };
}

/** Why `path` cannot be written (its folder is missing), or null. */
function unwritable(path: string, what: string): string | null {
  const folder = dirname(resolve(path));
  return existsSync(folder) ? null : `cannot write the ${what} to ${path}: the folder ${folder} does not exist`;
}

/** Writes a file, or says in one line why it cannot. */
function writeOutput(path: string, text: string, what: string): void {
  const full = resolve(path);
  const problem = unwritable(path, what);
  if (problem) throw new Error(problem);
  try {
    writeFileSync(full, text);
  } catch (err) {
    throw new Error(`cannot write the ${what} to ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function run(argv: readonly string[]): Promise<void> {
  const o = parseArgs(argv);
  const target = resolve(o.target);
  if (!existsSync(target)) throw new UsageError(`no such file or folder: ${o.target}`);
  if (o.assignment && !solutionAssignments().has(o.assignment)) {
    throw new UsageError(`unknown assignment "${o.assignment}" (known: ${[...solutionAssignments().keys()].join(", ")})`);
  }
  // checked before grading, which can take minutes for a class
  for (const [path, what] of [
    [o.json, "JSON report"],
    [o.csv, "CSV summary"],
  ] as const) {
    const problem = path === undefined ? null : unwritable(path, what);
    if (problem) throw new UsageError(problem);
  }
  const options: GradeOptions = { assignment: o.assignment, timeLimitSeconds: o.timeLimitSeconds, memoryMb: o.memoryMb };
  if (!statSync(target).isDirectory()) {
    if (o.csv) throw new UsageError("--csv is for grading a folder");
    const report = await gradeNotebook(target, options);
    console.log(formatReport(report));
    if (o.json) writeOutput(o.json, `${JSON.stringify(report, null, 2)}\n`, "JSON report");
    return;
  }
  const files = readdirSync(target)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(target, f));
  if (files.length === 0) throw new UsageError(`no .ipynb files in ${o.target}`);
  const jobs = Math.min(o.jobs ?? defaultJobs(), files.length);
  const started = process.hrtime.bigint();
  const reports: Report[] = await gradeMany(files, options, jobs, (r) => console.log(`${formatReport(r)}\n`));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const csv = o.csv ?? join(target, "grades.csv");
  writeOutput(csv, formatCsv(reports), "CSV summary");
  if (o.json) writeOutput(o.json, `${JSON.stringify({ notebooks: reports }, null, 2)}\n`, "JSON report");
  const perMinute = (files.length / seconds) * 60;
  console.log(
    `grade: ${files.length} notebooks graded in ${seconds.toFixed(1)} s on ${jobs} thread${jobs === 1 ? "" : "s"}: ${perMinute.toFixed(1)} submissions per minute; summary in ${csv}`,
  );
}

/** Runs the command line; resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await run(argv);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      if (err.message) console.error(`grade: ${err.message}`);
      console.error(USAGE);
      return 2;
    }
    console.error(`grade: grading failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => process.exit(code));
}

// npm run notebooks [-- [--timeout S] [--jobs N] [--force] notebooks/X.ipynb ...]
//
// Executes the solution notebooks in place through real Jupyter (nbclient)
// with the project's tslab kernel, saving their outputs (scripts/nbrun.py does
// the work and prints one line per notebook, then a summary). Without
// notebook arguments it runs every notebooks/*.ipynb (the generated exercise
// versions in notebooks/exercises/ are left alone).
//
//   --timeout S   seconds a cell may run (default 600); a cell that takes
//                 longer fails its notebook and its kernel is stopped
//   --jobs N      notebooks run at the same time, each in its own kernel
//                 (default: one per core, at most one per notebook); the
//                 longest (as timed last time, in build/notebook-times.json)
//                 start first
//   --force       save a run on a stand-in data set over saved outputs that
//                 came from the course's data file (otherwise the run goes to
//                 build/executed/ and the saved notebook is kept)
//
// A notebook that fails is kept as it was; the partial result goes to
// build/failed/. Exit status: 0 if every notebook ran, 1 if any failed, 2 on
// bad usage.
import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, resolve } from "node:path";
import { ensureJupyter, runNbrun } from "./jupyter.mjs";
import { projectRoot } from "./kernel.mjs";

const USAGE = "usage: npm run notebooks -- [--timeout S] [--jobs N] [--force] [notebooks/X.ipynb ...]";

/** Exits with status 2 after one line saying what was wrong. */
function usageError(message) {
  console.error(`notebooks: ${message} (${USAGE})`);
  process.exit(2);
}

/** A positive, finite number of seconds, or a usage error naming what came. */
function seconds(option, text) {
  const value = text === undefined || text.trim() === "" ? Number.NaN : Number(text);
  if (!(value > 0) || !Number.isFinite(value)) {
    usageError(`${option} expects a positive number of seconds, got ${text === undefined ? "nothing" : JSON.stringify(text)}`);
  }
  return value;
}

/** A positive whole number, or a usage error naming what came. */
function count(option, text) {
  if (text === undefined || !/^\s*[1-9][0-9]*\s*$/.test(text)) {
    usageError(`${option} expects a positive whole number, got ${text === undefined ? "nothing" : JSON.stringify(text)}`);
  }
  return Number(text);
}

/** The command line as { options for nbrun.py, notebook paths, jobs }. */
function parseArgs(argv) {
  const options = [];
  const paths = [];
  let jobs = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    if (name === "--timeout") {
      options.push("--timeout", String(seconds(name, inline ?? argv[++i])));
    } else if (name === "--jobs") {
      jobs = count(name, inline ?? argv[++i]);
    } else if (name === "--force" && inline === undefined) {
      options.push("--force");
    } else if (name === "--help" || name === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("-")) {
      usageError(`unknown option ${JSON.stringify(arg)}`);
    } else {
      paths.push(arg);
    }
  }
  return { options, paths, jobs };
}

const { options, paths, jobs } = parseArgs(process.argv.slice(2));
// npm runs scripts from the project root; INIT_CWD is where the user typed the command.
const wanted = paths.length
  ? paths.map((a) => relative(projectRoot, resolve(process.env.INIT_CWD ?? process.cwd(), a)))
  : readdirSync(join(projectRoot, "notebooks"))
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => join("notebooks", f));

if (wanted.length === 0) {
  console.error("notebooks: nothing to run (no notebooks/*.ipynb)");
  process.exit(1);
}

let python;
try {
  python = ensureJupyter();
} catch (err) {
  console.error(String(err instanceof Error ? err.message : err));
  process.exit(1);
}
// Each notebook keeps one core busy (tslab runs a cell on one thread).
const slots = jobs ?? Math.max(1, Math.min(availableParallelism(), wanted.length));
const times = join("build", "notebook-times.json");
process.exit(await runNbrun(python, ["--in-place", "--jobs", String(slots), "--times", times, ...options, ...wanted]));

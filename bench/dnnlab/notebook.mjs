// The solution notebooks' own code for the dnnlab side of the bench.
//
// `npm run build` generates build/solutions/<Notebook>.training.js from each
// solution notebook (grader/solutions.ts): `load()` runs the notebook's code
// (graded functions, model, data) and returns `{ functions }`. The bench
// scripts take every graded function and training loop from there; nothing of
// the notebooks is typed again in bench/.
//
// `notebookCell(f)` runs and times one call of a notebook's model the way a
// notebook cell shows it: what it prints (console.log) is collected rather
// than mixed into the bench's result lines (and echoed on stderr afterwards),
// and the cost curve it hands to `plotCosts` (a no-op outside Jupyter) is
// recorded. That curve is the notebook's `costs` list, sampled as the numpy
// baselines sample theirs, so its last point is the baselines' "last cost".
import { existsSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const solutionsDir = join(projectRoot, "build", "solutions");

/** The path of a notebook's generated training module. */
export function trainingModulePath(notebook) {
  return join(solutionsDir, `${notebook}.training.js`);
}

/**
 * Why a notebook's training module cannot be used (one line), or null.
 * @param notebook e.g. "Initialization" (notebooks/Initialization.ipynb)
 */
export function trainingModuleProblem(notebook) {
  if (!existsSync(solutionsDir)) return `${relative(projectRoot, solutionsDir)}/ is missing: run \`npm run build\` first`;
  const file = trainingModulePath(notebook);
  const shown = relative(projectRoot, file);
  if (!existsSync(file)) return `${shown} is missing: run \`npm run build\` first`;
  const source = join(projectRoot, "notebooks", `${notebook}.ipynb`);
  if (existsSync(source) && statSync(source).mtimeMs > statSync(file).mtimeMs) {
    return `${shown} is older than notebooks/${notebook}.ipynb: run \`npm run build\` first`;
  }
  return null;
}

/**
 * Runs the notebook's code (its generated training module's `load()`) and
 * returns its `functions`; exits with a one-line message when the module is
 * missing or stale.
 */
export async function loadTraining(notebook) {
  const problem = trainingModuleProblem(notebook);
  if (problem) {
    console.error(`bench: ${problem}`);
    process.exit(2);
  }
  const { functions } = await require(trainingModulePath(notebook)).load();
  return functions;
}

/**
 * Runs `f` (one call of a notebook's model) and times it.
 * @returns { value, seconds, cpuSeconds (the process's CPU time over the same span, all threads),
 *   printed (the console.log lines), plotted (the `costs` of each plotCosts call) }
 */
export async function notebookCell(f) {
  const dnnlab = require("dnnlab");
  // The generated modules call dnnlab's plotCosts through the package's
  // exports, which read the plots module's export on each call.
  const plots = require(join(projectRoot, "dist", "display", "plots.js"));
  const plotCosts = plots.plotCosts;
  const plotted = [];
  const recorder = (costs, options) => {
    plotted.push([...costs]);
    return plotCosts(costs, options); // the library's own (nothing to show outside Jupyter)
  };
  plots.plotCosts = recorder;
  if (dnnlab.plotCosts !== recorder) {
    plots.plotCosts = plotCosts;
    throw new Error("bench: cannot observe the notebooks' plotCosts (dnnlab.plotCosts is not dist/display/plots.js's export)");
  }
  const printed = [];
  const log = console.log;
  console.log = (...args) => printed.push(args.map(String).join(" "));
  let value;
  let seconds;
  let cpuSeconds;
  try {
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    value = await f();
    seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    cpuSeconds = (cpu.user + cpu.system) / 1e6;
  } finally {
    console.log = log;
    plots.plotCosts = plotCosts;
  }
  for (const line of printed) process.stderr.write(`${line}\n`);
  return { value, seconds, cpuSeconds, printed, plotted };
}

/**
 * The last cost the notebook's model recorded (the last point of the curve it
 * plotted), checking that it recorded as many as the numpy baseline does.
 * @param expected the number of costs the numpy baseline records
 */
export function lastRecordedCost(run, expected) {
  if (run.plotted.length !== 1) throw new Error(`bench: the notebook's model plotted ${run.plotted.length} cost curves, expected 1`);
  const costs = run.plotted[0];
  if (costs.length !== expected) {
    throw new Error(`bench: the notebook's model recorded ${costs.length} costs, the numpy baseline records ${expected}`);
  }
  return costs[costs.length - 1];
}

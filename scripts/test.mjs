// npm test: builds the library, the grader, the solution modules and the
// compiled library tests, and runs every test file: the library tests
// (test/lib/*.ts, compiled into build/test/), the grader's, the tools', and
// the notebook tests (test/notebooks/*.mjs: every solution notebook executed
// through Jupyter + tslab, the browser tests of the plots).
// Ends with one summary line: "tests: N passed, N failed, N skipped".
//
//   npm test                      everything
//   npm test -- --lib             library, grader and tool (bench) tests (no Jupyter needed)
//   npm test -- --notebooks       notebook tests only
//   npm test -- FILE...           the named test files only (test/lib/x.test.ts
//                                 runs its compiled build/test/lib/x.test.js)
//
// Build steps and test files run in processes of their own, one more at a
// time than the machine has cores (DNNLAB_TEST_JOBS=N to choose;
// scripts/testing/schedule.mjs): the build steps first, each skipped when
// what it is made from did not change (a content hash), and each test file as
// soon as what it needs is built, the longest first (the estimates below).
// Each file's output is shown when it ends; a table of every file's time
// (wall and CPU) comes before the summary, and the times are kept in
// build/test-times.json.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join, relative } from "node:path";
import { ensureJupyter } from "./jupyter.mjs";
import { projectRoot } from "./kernel.mjs";
import { tscPath } from "./tsc.mjs";
import { runUnits } from "./testing/schedule.mjs";

const args = new Set(process.argv.slice(2).filter((a) => a.startsWith("--")));
const named = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const onlyLib = args.has("--lib");
const onlyNotebooks = args.has("--notebooks");
// One test file more than there are cores: most of them leave part of a core
// idle now and then (waiting for a kernel, a page, a server, a timer), and
// the extra file uses it.
const slots = Number(process.env.DNNLAB_TEST_JOBS) || availableParallelism() + 1;
const build = join(projectRoot, "build");
const timesFile = join(build, "test-times.json");

// Seconds each file takes by itself on the project's 2-core machine: the
// longest start first. Times measured in a run (build/test-times.json) only
// order the files missing here: on a shared machine a file's time in a run
// varies 1.5 to 3 times with what runs beside it, and ordered by them, a run
// started a 55 s file last and ended with it alone.
const ESTIMATES = {
  "test/notebooks/notebooks.test.mjs": 85,
  "test/notebooks/browser.test.mjs": 70,
  "test/notebooks/runner.test.mjs": 58,
  "test/notebooks/exercises.test.mjs": 55,
  "test/grader/grading.test.mjs": 48,
  "test/notebooks/jupyterlab.test.mjs": 38,
  "test/grader/hostile.test.mjs": 27,
  "test/grader/class.test.mjs": 21,
  "build/test/lib/tf.test.js": 10,
  "build/test/lib/tfKernels.test.js": 10,
};

// The compiler `npm run build` uses (tslab's: scripts/tsc.mjs), and its package (its version is an input).
const tsc = tscPath;
const tscPackage = relative(projectRoot, join(dirname(tsc), "..", "package.json"));
/**
 * The steps of `npm run build` and `npm run build:test`, as units. Each is
 * skipped when what it is made from is unchanged and its output is still what
 * it made (a content hash: build-lib.mjs --if-changed for dist/,
 * scripts/testing/build-step.mjs for the others), so a fresh checkout builds
 * everything and a second run only what changed.
 */
const step = (outDir, inputs, command, { clean = false } = {}) => [
  "scripts/testing/build-step.mjs",
  ...(clean ? ["--clean"] : []),
  outDir,
  ...inputs,
  "--",
  process.execPath,
  ...command,
];
const COMMON_INPUTS = ["dist", "package.json", "package-lock.json", tscPackage];
const BUILD_STEPS = [
  { id: "build: lib", args: ["scripts/build-lib.mjs", "--if-changed"], needs: [] },
  { id: "build: grader", args: step("build/grader", ["grader", ...COMMON_INPUTS], [tsc, "-p", "grader/tsconfig.json"]), needs: ["build: lib"] },
  {
    id: "build: solutions",
    args: step("build/solutions", ["build/grader", "notebooks", ...COMMON_INPUTS], ["build/grader/solutions.js"]),
    needs: ["build: grader"],
  },
  // Compiled tests are removed first, as `npm run build:test` does: a deleted test leaves none behind.
  {
    id: "build: tests",
    args: step("build/test", ["test", "tsconfig.json", ...COMMON_INPUTS], [tsc, "-p", "test/tsconfig.json"], { clean: true }),
    needs: ["build: lib"],
  },
];

/**
 * The build step a test file needs (the ones before it come with it). The
 * notebook tests need the library only, so they start while the grader and
 * the tests compile; JupyterLab's renderers and the comparison of notebooks
 * need nothing built.
 */
function needsOf(file) {
  if (file.startsWith("build/test/")) return ["build: tests", "build: solutions"]; // some load the generated solution modules
  if (file.startsWith("test/grader/") || file.startsWith("test/tools/") || file.endsWith("exercises.test.mjs")) return ["build: solutions"];
  if (/(jupyterlab|nbcompare)\.test\.mjs$/.test(file)) return [];
  return ["build: lib"];
}

function findTests(dir, suffix) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findTests(path, suffix));
    else if (entry.endsWith(suffix)) found.push(relative(projectRoot, path));
  }
  return found;
}

/** The compiled library test of a source test/lib/x.test.ts (the "build: tests" step makes it). */
const compiled = (source) => (source.endsWith(".ts") ? source.replace(/^test\//, "build/test/").replace(/\.ts$/, ".js") : source);
const all = [
  ...(onlyLib ? [] : findTests(join(projectRoot, "test", "notebooks"), ".test.mjs")),
  ...(onlyNotebooks ? [] : findTests(join(projectRoot, "test", "grader"), ".test.mjs")),
  ...(onlyNotebooks ? [] : findTests(join(projectRoot, "test", "lib"), ".test.ts").map(compiled)),
  ...(onlyNotebooks ? [] : findTests(join(projectRoot, "test", "tools"), ".test.mjs")),
];
const files = named.length === 0 ? all : named.map((f) => compiled(relative(projectRoot, join(process.cwd(), f))));
const unknown = named.filter((_, i) => !all.includes(files[i]));
if (unknown.length > 0) {
  console.error(`test: not a test file: ${unknown.join(", ")} (expected paths like test/notebooks/runner.test.mjs or test/lib/matrix.test.ts)`);
  process.exit(2);
}
if (files.length === 0) {
  console.error("test: no test files found in test/");
  process.exit(1);
}

const lastTimes = readTimes();
const tapOf = (file) => join(build, "test-results", `${file.replace(/[^A-Za-z0-9._-]+/g, "_")}.tap`);
const tests = files.map((file) => ({
  id: file,
  kind: "test",
  args: ["--test-reporter=spec", "--test-reporter-destination=stdout", "--test-reporter=tap", `--test-reporter-destination=${tapOf(file)}`, file],
  needs: needsOf(file),
  estimate: ESTIMATES[file] ?? lastTimes[file] ?? 5,
}));
// Only the build steps some test file needs, and those they need.
const wanted = new Set(tests.flatMap((t) => t.needs));
for (const step of [...BUILD_STEPS].reverse()) if (wanted.has(step.id)) for (const n of step.needs) wanted.add(n);
const steps = BUILD_STEPS.filter((s) => wanted.has(s.id)).map((s) => ({ ...s, kind: "build", estimate: Number.POSITIVE_INFINITY }));

// Nothing from an earlier run may count: old results go first.
rmSync(join(build, "test-results"), { recursive: true, force: true });
mkdirSync(join(build, "test-results"), { recursive: true });
// Jupyter is looked for (and, as root on Debian, installed) once, before the
// notebook tests look for it side by side.
if (!onlyLib) {
  try {
    ensureJupyter({ log: (m) => console.error(m) });
  } catch {
    // each notebook test says what is missing
  }
}

console.log(`test: ${tests.length} test files, ${slots} at a time, and ${steps.length} build steps`);
const started = Date.now();
const counts = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
const problems = [];
const notRun = new Map(); // why -> how many units
const { results, interrupted } = await runUnits([...steps, ...tests], {
  slots,
  cwd: projectRoot,
  logDir: join(build, "test-logs"),
  env: process.env,
  onEnd(unit, r) {
    if (r.status === "not run") {
      notRun.set(r.detail, (notRun.get(r.detail) ?? 0) + 1);
      if (unit.kind === "test") counts.fail++;
      return;
    }
    const cpu = r.cpu === null ? "" : `, CPU ${r.cpu.toFixed(1)} s`;
    console.log(`\n── ${unit.id}: ${r.status} in ${r.wall.toFixed(1)} s${cpu} ──`);
    process.stdout.write(withoutRunnerTotals(r.output));
    if (unit.kind === "build") {
      if (r.status === "failed") problems.push(`${unit.id} failed (${r.detail}); see its output above`);
      return;
    }
    const tapCounts = readTap(tapOf(unit.id));
    for (const k of Object.keys(counts)) counts[k] += tapCounts?.[k] ?? 0;
    // A file that failed without a failing test (it did not load, or crashed
    // after its tests) counts as one failure.
    if (r.status === "failed" && !(tapCounts?.fail > 0 || tapCounts?.cancelled > 0)) {
      counts.fail++;
      problems.push(`${unit.id} failed (${r.detail}) without a failing test; see its output above`);
    }
  },
});
for (const [why, n] of notRun) problems.push(`${n} ${n === 1 ? "unit" : "units"} not run: ${why}`);
const seconds = (Date.now() - started) / 1000;

writeTimes(results);
printTimes(results, seconds);
for (const p of problems) console.log(`test: ${p}`);
const failed = counts.fail + counts.cancelled;
console.log(`\ntests: ${counts.pass} passed, ${failed} failed, ${counts.skipped + counts.todo} skipped`);
process.exit(interrupted ? 130 : failed === 0 && problems.length === 0 ? 0 : 1);

/** A file's output less the runner's totals ("ℹ tests 13", ...): the summary line counts them all. */
function withoutRunnerTotals(text) {
  return text.replace(/^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) .*\n/gm, "");
}

/** The totals of a TAP report, or null when there is none (the file did not get to write it). */
function readTap(path) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  const found = {};
  for (const m of text.matchAll(/^# (pass|fail|skipped|todo|cancelled) (\d+)$/gm)) found[m[1]] = Number(m[2]);
  return Object.keys(found).length ? found : null;
}

function readTimes() {
  try {
    const times = JSON.parse(readFileSync(timesFile, "utf8"));
    return Object.fromEntries(Object.entries(times).filter(([, s]) => typeof s === "number" && s >= 0));
  } catch {
    return {}; // none yet, or unreadable: it only orders the files
  }
}

/** Keeps each test file's wall time for the next run's order (files not run this time keep theirs). */
function writeTimes(results) {
  const times = readTimes();
  for (const [id, r] of results) if (r.status !== "not run" && !id.startsWith("build: ")) times[id] = Math.round(r.wall * 10) / 10;
  mkdirSync(build, { recursive: true });
  const tmp = `${timesFile}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(Object.fromEntries(Object.entries(times).sort()), null, 1)}\n`);
  renameSync(tmp, timesFile);
}

/** Every unit's wall and CPU time, longest first, and the run's total. */
function printTimes(results, total) {
  const ran = [...results].filter(([, r]) => r.status !== "not run").sort((a, b) => b[1].wall - a[1].wall);
  if (ran.length === 0) return;
  const width = Math.max(...ran.map(([id]) => id.length));
  // CPU: the unit's process and the children it waited for (kernels, sandboxes, nbconvert);
  // a browser's renderer processes end outside that count.
  console.log("\ntest: times (wall; CPU of the process and the children it waited for, most of a browser's not counted):");
  for (const [id, r] of ran)
    console.log(`  ${id.padEnd(width)} ${r.wall.toFixed(1).padStart(6)} s ${r.cpu === null ? "" : `${r.cpu.toFixed(1).padStart(6)} s`}`);
  const cpu = ran.reduce((s, [, r]) => s + (r.cpu ?? 0), 0);
  console.log(
    `test: ${ran.length} ${ran.length === 1 ? "unit" : "units"} in ${total.toFixed(1)} s on ${availableParallelism()} cores; CPU counted ${cpu.toFixed(1)} s`,
  );
}

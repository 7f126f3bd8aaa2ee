// npm test: the library tests (compiled from test/lib/*.ts into build/test/)
// and the notebook tests (test/notebooks/*.mjs, which execute every solution
// notebook through Jupyter + tslab), in one run of Node's test runner.
// Ends with one summary line: "tests: N passed, N failed, N skipped".
//
//   npm test                      everything
//   npm test -- --lib             library, grader and tool (bench) tests (no Jupyter needed)
//   npm test -- --notebooks       notebook tests only
import { readdirSync, readFileSync, mkdirSync, existsSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { projectRoot } from "./kernel.mjs";

const args = new Set(process.argv.slice(2));
const onlyLib = args.has("--lib");
const onlyNotebooks = args.has("--notebooks");

function findTests(dir, suffixes) {
  if (!existsSync(dir)) return [];
  const found = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findTests(path, suffixes));
    else if (suffixes.some((s) => entry.endsWith(s))) found.push(path);
  }
  return found;
}

// Test files run side by side, one per core (most of them wait on kernels,
// browsers and sandboxes of their own): DNNLAB_TEST_JOBS=1 runs them one by one.
const concurrency = Number(process.env.DNNLAB_TEST_JOBS) || availableParallelism();

// The longest files start first (the notebook and browser tests, then the
// grader's sandboxes), so that the last ones to finish are short.
const files = [];
if (!onlyLib) files.push(...findTests(join(projectRoot, "test", "notebooks"), [".test.mjs"]));
if (!onlyNotebooks) files.push(...findTests(join(projectRoot, "test", "grader"), [".test.mjs"]));
if (!onlyNotebooks) files.push(...findTests(join(projectRoot, "build", "test", "lib"), [".test.js"]));
if (!onlyNotebooks) files.push(...findTests(join(projectRoot, "test", "tools"), [".test.mjs"]));
if (files.length === 0) {
  console.error("test: no test files found (did `npm run build:test` run?)");
  process.exit(1);
}

mkdirSync(join(projectRoot, "build"), { recursive: true });

// The classic-Notebook browser test restarts a kernel from its server; beside
// other tests' kernels that restart was seen to stall (the ports a kernel is
// given are picked by each Jupyter process alone), so it runs after the
// others, by itself.
const ALONE = /browser\.test\.mjs$/;
const phases = [
  { files: files.filter((f) => !ALONE.test(f)), concurrency, tap: join(projectRoot, "build", "test-results.tap") },
  { files: files.filter((f) => ALONE.test(f)), concurrency: 1, tap: join(projectRoot, "build", "test-results-alone.tap") },
].filter((p) => p.files.length > 0);

const counts = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
let ok = true;
for (const phase of phases) {
  const r = spawnSync(
    process.execPath,
    [
      "--test",
      `--test-concurrency=${phase.concurrency}`,
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${phase.tap}`,
      ...phase.files.map((f) => relative(projectRoot, f)),
    ],
    { cwd: projectRoot, stdio: "inherit" },
  );
  ok &&= r.status === 0;
  try {
    for (const line of readFileSync(phase.tap, "utf8").split("\n")) {
      const m = /^# (pass|fail|skipped|todo|cancelled) (\d+)$/.exec(line);
      if (m) counts[m[1]] += Number(m[2]);
    }
  } catch {
    console.error(`test: the runner wrote no results (${relative(projectRoot, phase.tap)})`);
    ok = false;
  }
}
const failed = counts.fail + counts.cancelled;
console.log(`\ntests: ${counts.pass} passed, ${failed} failed, ${counts.skipped + counts.todo} skipped`);
process.exit(ok && failed === 0 ? 0 : 1);

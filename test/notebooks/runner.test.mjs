// The notebook runner (npm run notebooks: scripts/run-notebooks.mjs, which
// hands the notebooks to scripts/nbrun.py): its one-line messages for every
// kind of bad notebook, cell errors and time-outs (the kernel is stopped),
// the summary and exit status, the validation of --timeout, and the rule that
// saved course outputs are never replaced by a run on a stand-in data set
// (unless --force). Small fixture notebooks are written to a temporary folder
// inside build/ (so that tslab resolves `dnnlab` from the project).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { projectRoot } from "../../scripts/kernel.mjs";
import { kernelEnv } from "../../scripts/jupyter.mjs";
import { findJupyter, runProjectScript } from "../helpers/jupyter.mjs";

const { python, problem: jupyterProblem } = findJupyter();

mkdirSync(join(projectRoot, "build"), { recursive: true });
const tmp = mkdtempSync(join(projectRoot, "build", "runner-test-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

const KERNELSPEC = { name: "tslab", display_name: "TypeScript (dnnlab)", language: "typescript" };

/** Writes a notebook of code cells (each cell: its source, or [source, outputs]) and returns its path. */
function notebook(dir, name, cells, metadata = {}) {
  mkdirSync(dir, { recursive: true });
  const nb = {
    cells: cells.map((c) => {
      const [source, outputs] = Array.isArray(c) ? c : [c, []];
      return { cell_type: "code", execution_count: null, metadata: {}, outputs, source };
    }),
    metadata: { kernelspec: KERNELSPEC, ...metadata },
    nbformat: 4,
    nbformat_minor: 4,
  };
  const path = join(dir, name);
  writeFileSync(path, `${JSON.stringify(nb, null, 1)}\n`);
  return path;
}

/** Runs scripts/nbrun.py; resolves to its exit code, output lines and wall time. */
async function nbrun(args, env = {}) {
  const { code, stdout, stderr, seconds } = await runProjectScript(python, "nbrun.py", args, env);
  return { code, lines: stdout.split("\n").filter((l) => l !== ""), stderr, seconds };
}

/** The one output line about the notebook `name`. */
function lineFor(lines, name) {
  const found = lines.filter((l) => l.startsWith(`notebooks: ${name} `));
  assert.equal(found.length, 1, `expected one line for ${name} in:\n${lines.join("\n")}`);
  return found[0];
}

/** Processes whose working folder is `dir` (the kernels nbclient started for its notebooks). */
function processesIn(dir) {
  const pids = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) === dir) pids.push(Number(pid));
    } catch {
      // gone, or not ours to inspect
    }
  }
  return pids;
}

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

test("--timeout and --jobs are checked: one line naming what came, exit status 2", () => {
  for (const [args, got] of [
    [["--timeout", "abc"], '"abc"'],
    [["--timeout", "0"], '"0"'],
    [["--timeout=-3"], '"-3"'],
    [["--timeout", "Infinity"], '"Infinity"'],
    [["--timeout"], "nothing"],
  ]) {
    const r = spawnSync(process.execPath, [join(projectRoot, "scripts", "run-notebooks.mjs"), ...args], { encoding: "utf8" });
    assert.equal(r.status, 2, `${args.join(" ")}: exit status`);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, new RegExp(`^notebooks: --timeout expects a positive number of seconds, got ${esc(got)} \\(usage: npm run notebooks -- .*\\)\\n$`));
  }
  for (const [args, got] of [
    [["--jobs", "0"], '"0"'],
    [["--jobs=1.5"], '"1.5"'],
    [["--jobs"], "nothing"],
  ]) {
    const r = spawnSync(process.execPath, [join(projectRoot, "scripts", "run-notebooks.mjs"), ...args], { encoding: "utf8" });
    assert.equal(r.status, 2, `${args.join(" ")}: exit status`);
    assert.match(r.stderr, new RegExp(`^notebooks: --jobs expects a positive whole number, got ${esc(got)} \\(usage: .*\\)\\n$`));
  }
  const r = spawnSync(process.execPath, [join(projectRoot, "scripts", "run-notebooks.mjs"), "--jobz", "2"], { encoding: "utf8" });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^notebooks: unknown option "--jobz" \(usage: .*\)\n$/);
});

test("npm run notebooks recompiles dist/ only when what it is built from changed", { timeout: 180_000 }, () => {
  // On a copy of the project's sources (the project's own dist/ stays as it is
  // for the other tests), with the installed packages linked in.
  const copy = join(tmp, "project");
  mkdirSync(join(copy, "scripts"), { recursive: true });
  cpSync(join(projectRoot, "lib"), join(copy, "lib"), { recursive: true });
  for (const f of ["package.json", "tsconfig.json"]) cpSync(join(projectRoot, f), join(copy, f));
  for (const f of ["build-lib.mjs", "build-wasm.mjs", "kernel.mjs", "link-self.mjs", "tsc.mjs"])
    cpSync(join(projectRoot, "scripts", f), join(copy, "scripts", f));
  mkdirSync(join(copy, "node_modules"));
  for (const entry of readdirSync(join(projectRoot, "node_modules")).filter((e) => e !== "dnnlab")) {
    symlinkSync(join(projectRoot, "node_modules", entry), join(copy, "node_modules", entry));
  }
  const build = () => {
    const r = spawnSync(process.execPath, [join(copy, "scripts", "build-lib.mjs"), "--if-changed"], { cwd: copy, encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    return r.stdout.includes("build: dist/ is up to date with lib/ (not rebuilt)") ? "skipped" : "built";
  };
  const index = join(copy, "dist", "index.js");
  assert.equal(build(), "built");
  assert.ok(existsSync(index));
  writeFileSync(index, "// the marker of an unchanged dist/\n");
  assert.equal(build(), "skipped");
  assert.equal(readFileSync(index, "utf8"), "// the marker of an unchanged dist/\n");
  // An edit of lib/ makes it compile again.
  const source = join(copy, "lib", "io", "dataPaths.ts");
  writeFileSync(source, `${readFileSync(source, "utf8")}// edited\n`);
  assert.equal(build(), "built");
  assert.notEqual(readFileSync(index, "utf8"), "// the marker of an unchanged dist/\n");
  assert.equal(build(), "skipped");
});

test("every bad notebook gets one line naming it and the problem; the others still run; a summary; exit status 1", { timeout: 120_000 }, async (t) => {
  assert.ok(python, `Jupyter is needed for the runner tests: ${jupyterProblem}`);
  const dir = join(tmp, "bad");
  const good = notebook(dir, "good.ipynb", ['console.log("ran " + (1 + 1));']);
  const boom = notebook(dir, "boom.ipynb", ['console.log("first");', 'const n = 3;\nthrow new Error("boom " + n);', 'console.log("never");']);
  const loop = notebook(dir, "loop.ipynb", ["let i = 0;", "while (true) {\n  i++;\n}", 'console.log("never");']);
  const kernel = notebook(dir, "kernel.ipynb", ["1"], { kernelspec: { name: "no-such-kernel", display_name: "?", language: "?" } });
  const files = {
    "empty.ipynb": "",
    "text.ipynb": "print('not a notebook')\n",
    "cut.ipynb": readFileSync(good, "utf8").slice(0, 80),
    "nocells.ipynb": '{"nbformat": 4, "metadata": {}}\n',
    "number.ipynb": "42\n",
    "array.ipynb": "[1, 2]\n",
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const paths = [good, boom, loop, kernel, ...Object.keys(files).map((n) => join(dir, n)), join(dir, "missing.ipynb")];
  const failedDir = join(tmp, "failed");
  const failedShown = esc(relative(projectRoot, failedDir)); // paths inside the working folder are printed relative to it
  const r = await nbrun(["--in-place", "--timeout", "2", "--failed-dir", failedDir, ...paths]);
  t.diagnostic(`${paths.length} notebooks in ${r.seconds} s`);

  assert.equal(r.code, 1, r.lines.join("\n") + r.stderr);
  assert.equal(r.stderr, "", "nothing but the report lines (no Python traceback)");
  assert.equal(r.lines.length, paths.length + 2, r.lines.join("\n"));
  assert.equal(r.lines[0], "notebooks: running 11 notebooks, 1 at a time (a cell may run 2 s)");
  const file = (name) => `notebooks: ${name} \\(${esc(relative(projectRoot, join(dir, name)))}\\): `;
  assert.match(lineFor(r.lines, "good.ipynb"), /^notebooks: good\.ipynb ran in [\d.]+ s, saved$/);
  assert.match(
    lineFor(r.lines, "boom.ipynb"),
    new RegExp(
      `^notebooks: boom\\.ipynb failed: cell 1 \\(const n = 3;\\): Error: boom 3 \\(after [\\d.]+ s; partial result in ${failedShown}/boom\\.ipynb\\)$`,
    ),
  );
  assert.match(
    lineFor(r.lines, "loop.ipynb"),
    new RegExp(
      `^notebooks: loop\\.ipynb failed: cell 1 \\(while \\(true\\) \\{\\) did not finish within the 2 s limit \\(--timeout\\); its kernel was stopped \\(after [\\d.]+ s; partial result in ${failedShown}/loop\\.ipynb\\)$`,
    ),
  );
  assert.match(
    lineFor(r.lines, "kernel.ipynb"),
    /^notebooks: kernel\.ipynb failed: its kernelspec names the kernel "no-such-kernel", which is not installed \(installed: (.+, )?tslab(, .+)?\)$/,
  );
  assert.match(lineFor(r.lines, "empty.ipynb"), new RegExp(`^${file("empty.ipynb")}empty file, expected a Jupyter notebook \\(JSON\\)$`));
  assert.match(
    lineFor(r.lines, "text.ipynb"),
    new RegExp(`^${file("text.ipynb")}not a JSON file \\(line 1, column 1: Expecting value\\), expected a Jupyter notebook$`),
  );
  assert.match(
    lineFor(r.lines, "cut.ipynb"),
    new RegExp(`^${file("cut.ipynb")}truncated: the JSON stops in the middle of a value \\(\\d+ lines\\); was the file cut off\\?$`),
  );
  assert.match(lineFor(r.lines, "nocells.ipynb"), new RegExp(`^${file("nocells.ipynb")}not a notebook: a JSON object without a "cells" list$`));
  assert.match(lineFor(r.lines, "number.ipynb"), new RegExp(`^${file("number.ipynb")}not a notebook: the JSON is a number, expected an object with "cells"$`));
  assert.match(lineFor(r.lines, "array.ipynb"), new RegExp(`^${file("array.ipynb")}not a notebook: the JSON is an array, expected an object with "cells"$`));
  assert.match(lineFor(r.lines, "missing.ipynb"), new RegExp(`^${file("missing.ipynb")}no such file$`));
  assert.match(r.lines.at(-1), /^notebooks: 11 notebooks in [\d.]+ s: 1 saved, 10 failed$/);

  // The good notebook was saved with its output; the failed ones were not touched.
  const saved = JSON.parse(readFileSync(good, "utf8"));
  assert.deepEqual(saved.cells[0].outputs, [{ name: "stdout", output_type: "stream", text: ["ran 2\n"] }]);
  assert.equal(JSON.parse(readFileSync(boom, "utf8")).cells[0].outputs.length, 0);
  // The partial result of the cell error stops at the failing cell.
  const partial = JSON.parse(readFileSync(join(failedDir, "boom.ipynb"), "utf8"));
  assert.equal(partial.cells[0].outputs[0].text.join(""), "first\n");
  assert.deepEqual(partial.cells[2].outputs, []);
  // Nothing hangs: the timed-out cell's kernel is gone, and the run took about the limit, not more.
  assert.deepEqual(processesIn(dir), [], "a kernel started for the fixtures is still running");
  assert.ok(r.seconds < 90, `the run took ${r.seconds} s`);
});

test("--jobs runs notebooks at the same time, the longest (by --times) first, and records their times", { timeout: 120_000 }, async () => {
  assert.ok(python, `Jupyter is needed for the runner tests: ${jupyterProblem}`);
  const dir = join(tmp, "jobs");
  // Each notebook prints when its cell started and ended (one clock: Date.now()).
  const span = (ms) => `const t0 = Date.now();\nawait new Promise((r) => setTimeout(r, ${ms}));\nconsole.log(JSON.stringify([t0, Date.now()]));`;
  const paths = [notebook(dir, "short.ipynb", [span(0)]), notebook(dir, "long1.ipynb", [span(6000)]), notebook(dir, "long2.ipynb", [span(6000)])];
  const timesFile = join(tmp, "times.json");
  const key = (p) => relative(projectRoot, p);
  // long2 took longest last time, long1 has no record (counts as long): they start first, together.
  writeFileSync(timesFile, JSON.stringify({ [key(paths[0])]: 1, [key(paths[2])]: 50, "gone.ipynb": 3 }));
  const r = await nbrun(["--out-dir", join(tmp, "jobs-out"), "--jobs", "2", "--times", timesFile, ...paths]);
  assert.equal(r.code, 0, r.lines.join("\n") + r.stderr);
  assert.equal(r.lines[0], "notebooks: running 3 notebooks, 2 at a time (a cell may run 600 s)");
  assert.match(r.lines.at(-1), /^notebooks: 3 notebooks in [\d.]+ s: 3 written, 0 failed$/);
  const spans = Object.fromEntries(
    ["short", "long1", "long2"].map((n) => {
      const nb = JSON.parse(readFileSync(join(tmp, "jobs-out", `${n}.ipynb`), "utf8"));
      return [n, JSON.parse(nb.cells[0].outputs[0].text.join(""))];
    }),
  );
  assert.ok(spans.long1[0] < spans.long2[1] && spans.long2[0] < spans.long1[1], `the two long notebooks should overlap: ${JSON.stringify(spans)}`);
  assert.ok(spans.short[0] >= Math.min(spans.long1[1], spans.long2[1]), `the short one should wait for a free slot: ${JSON.stringify(spans)}`);
  const times = JSON.parse(readFileSync(timesFile, "utf8"));
  assert.deepEqual(Object.keys(times).sort(), ["gone.ipynb", ...paths.map(key)].sort());
  assert.ok(times[key(paths[1])] >= 6, `long1 took at least its 6 s: ${times[key(paths[1])]}`);
  assert.ok(times[key(paths[2])] < 50, "long2's time is this run's");
});

test("an interrupted run (Ctrl-C, SIGTERM) stops every kernel at once and writes nothing", { timeout: 120_000 }, async (t) => {
  assert.ok(python, `Jupyter is needed for the runner tests: ${jupyterProblem}`);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    const dir = join(tmp, `interrupt-${signal}`);
    const paths = ["a", "b", "c"].map((n) => notebook(dir, `${n}.ipynb`, ['console.log("started");', "while (true) {}"]));
    const before = paths.map((p) => readFileSync(p));
    const outDir = join(tmp, `interrupt-out-${signal}`);
    const child = spawn(
      python,
      [join(projectRoot, "scripts", "nbrun.py"), "--in-place", "--jobs", "2", "--failed-dir", outDir, "--executed-dir", outDir, ...paths],
      {
        cwd: projectRoot,
        env: kernelEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise((resolve) => child.on("close", (code) => resolve(code)));
    // Two kernels (the two notebooks running), found by their working folder.
    const deadline = Date.now() + 60_000;
    while (processesIn(dir).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(processesIn(dir).length, 2, `two kernels should be running:\n${output}`);
    await new Promise((r) => setTimeout(r, 1000)); // into the endless loops
    const sent = Date.now();
    child.kill(signal);
    const code = await exited;
    const took = (Date.now() - sent) / 1000;
    t.diagnostic(`${signal}: exited ${code} after ${took} s`);
    assert.equal(code, 130, output);
    assert.ok(took < 15, `stopping took ${took} s`);
    assert.deepEqual(processesIn(dir), [], "a kernel outlived the interrupted run");
    const lines = output.split("\n").filter((l) => l !== "");
    assert.deepEqual(lines.slice(1), [
      `notebooks: interrupted (${signal}): the running notebooks' kernels were stopped, their files left as they were`,
      lines.at(-1),
    ]);
    assert.match(lines.at(-1), /^notebooks: 0 notebooks in [\d.]+ s: 0 failed$/);
    for (const [i, p] of paths.entries()) assert.ok(readFileSync(p).equals(before[i]), `${p} changed`);
    assert.ok(!existsSync(outDir), "nothing was written for the unfinished notebooks");
  }
});

/** A level-5 MAT-file with the football data's four variables (doubles), from the format description. */
function footballMat() {
  const vars = { X: [3, 2, [0.1, 0.2, 0.3, -0.1, -0.2, -0.3]], y: [3, 1, [1, 0, 1]], Xval: [2, 2, [0.5, 0.25, -0.5, -0.25]], yval: [2, 1, [0, 1]] };
  const pad8 = (b) => Buffer.concat([b, Buffer.alloc((8 - (b.length % 8)) % 8)]);
  const element = (type, data) => {
    const tag = Buffer.alloc(8);
    tag.writeUInt32LE(type, 0);
    tag.writeUInt32LE(data.length, 4);
    return Buffer.concat([tag, pad8(data)]);
  };
  const u32 = (...v) => Buffer.from(new Uint32Array(v).buffer);
  const header = Buffer.alloc(128, " ");
  header.write("MATLAB 5.0 MAT-file, written by the dnnlab runner test", 0, "latin1");
  header.writeUInt16LE(0x0100, 124);
  header.write("IM", 126, "latin1");
  const body = Object.entries(vars).map(([name, [rows, cols, values]]) =>
    element(
      14, // miMATRIX
      Buffer.concat([
        element(6, u32(6, 0)), // miUINT32 array flags: class double
        element(5, Buffer.from(new Int32Array([rows, cols]).buffer)), // miINT32 dimensions
        element(1, Buffer.from(name, "latin1")), // miINT8 name
        element(9, Buffer.from(new Float64Array(values).buffer)), // miDOUBLE values, column-major
      ]),
    ),
  );
  return Buffer.concat([header, ...body]);
}

test("saved course outputs are kept when the course file is missing now; --force overwrites; with the file it runs in place", {
  timeout: 120_000,
}, async () => {
  assert.ok(python, `Jupyter is needed for the runner tests: ${jupyterProblem}`);
  const dir = join(tmp, "data");
  const source = 'import { loadFootball } from "dnnlab/course/regularization";\nconsole.log(loadFootball().standIn ? "stand-in" : "course");';
  const path = notebook(dir, "Football.ipynb", [[source, [{ name: "stdout", output_type: "stream", text: ["course\n"] }]]], {
    dnnlab: { data_file: "data.mat", data: { "data.mat": "course" } },
  });
  const before = readFileSync(path);
  const executedDir = join(tmp, "executed");
  const common = ["--in-place", "--executed-dir", executedDir, "--failed-dir", join(tmp, "failed-data"), path];
  const printed = (nb) => nb.cells[0].outputs.map((o) => o.text.join("")).join("");

  // The course file is missing: the run goes to the executed folder, the saved notebook stays byte for byte.
  const kept = await nbrun(common, { DNNLAB_NO_COURSE_DATA: "1" });
  assert.equal(kept.code, 0, kept.lines.join("\n") + kept.stderr);
  assert.match(
    lineFor(kept.lines, "Football.ipynb"),
    new RegExp(
      `^notebooks: Football\\.ipynb ran on the stand-in for data\\.mat \\(course file not found\\) in [\\d.]+ s; the saved course outputs are kept, this run's result is in ${esc(relative(projectRoot, executedDir))}/Football\\.ipynb \\(--force overwrites\\)$`,
    ),
  );
  assert.match(kept.lines.at(-1), /^notebooks: 1 notebook in [\d.]+ s: 1 kept, 0 failed$/);
  assert.ok(readFileSync(path).equals(before), "the saved notebook changed");
  const executed = JSON.parse(readFileSync(join(executedDir, "Football.ipynb"), "utf8"));
  assert.equal(printed(executed), "stand-in\n");
  assert.deepEqual(executed.metadata.dnnlab, { data_file: "data.mat", data: { "data.mat": "stand-in" } });

  // --force saves the stand-in run over the course outputs, and records it.
  const forced = await nbrun(["--force", ...common], { DNNLAB_NO_COURSE_DATA: "1" });
  assert.equal(forced.code, 0, forced.lines.join("\n") + forced.stderr);
  assert.match(
    lineFor(forced.lines, "Football.ipynb"),
    /^notebooks: Football\.ipynb ran in [\d.]+ s on the stand-in for data\.mat \(course file not found\) and was saved over its course outputs \(--force\)$/,
  );
  const overwritten = JSON.parse(readFileSync(path, "utf8"));
  assert.equal(printed(overwritten), "stand-in\n");
  assert.deepEqual(overwritten.metadata.dnnlab.data, { "data.mat": "stand-in" });

  // With the course file found, the notebook is re-executed in place as always, and says it read the file.
  const dataDir = join(tmp, "course-data");
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, "data.mat"), footballMat());
  const withFile = await nbrun(common, { DNNLAB_NO_COURSE_DATA: "", DNNLAB_DATA_DIR: dataDir });
  assert.equal(withFile.code, 0, withFile.lines.join("\n") + withFile.stderr);
  assert.match(lineFor(withFile.lines, "Football.ipynb"), /^notebooks: Football\.ipynb ran in [\d.]+ s, saved$/);
  const course = JSON.parse(readFileSync(path, "utf8"));
  assert.equal(printed(course), "course\n");
  assert.deepEqual(course.metadata.dnnlab.data, { "data.mat": "course" });
  assert.ok(!existsSync(join(tmp, "failed-data")), "nothing failed");
});

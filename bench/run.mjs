// npm run bench [-- --runs N] [-- NAME ...]
//
// Times dnnlab against numpy on the same machine, side by side. Each workload
// has a dnnlab script (bench/dnnlab/) and a numpy script (bench/numpy/) doing
// the same computation; each is run N times (default 5) in a fresh process,
// timing only the computation, and the medians are compared:
//
//   NAME: dnnlab X s, numpy Y s, ratio R      (R = dnnlab / numpy; below 1 is faster)
//
// numpy comes from the first python that has it: $DNNLAB_BENCH_PYTHON,
// /usr/bin/python3, python3. Without numpy only the dnnlab times are printed.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../scripts/kernel.mjs";

/**
 * The workloads: name, dnnlab script, numpy script (null: none, the dnnlab
 * script's output is shown instead of a ratio), arguments, target ratio, and
 * optionally maxRuns (a cap on the runs of a long workload).
 */
export const workloads = [
  { name: "gradient_check_n x100", dnnlab: "gradientCheck.mjs", numpy: "gradient_check.py", args: ["100"], target: 0.8 },
  { name: "init he 15000 iterations", dnnlab: "initModel.mjs", numpy: "init_model.py", args: ["he"], target: 0.8 },
  { name: "init large random 15000 iterations", dnnlab: "initModel.mjs", numpy: "init_model.py", args: ["random"], target: 0.8 },
  { name: "reg baseline 30000 iterations", dnnlab: "regModel.mjs", numpy: "reg_model.py", args: ["baseline"], target: 0.8 },
  { name: "reg L2 30000 iterations", dnnlab: "regModel.mjs", numpy: "reg_model.py", args: ["l2"], target: 0.8 },
  { name: "reg dropout 30000 iterations", dnnlab: "regModel.mjs", numpy: "reg_model.py", args: ["dropout"], target: 0.8 },
  { name: "opt gd 5000 epochs", dnnlab: "optModel.mjs", numpy: "opt_model.py", args: ["gd"], target: 0.8 },
  { name: "opt momentum 5000 epochs", dnnlab: "optModel.mjs", numpy: "opt_model.py", args: ["momentum"], target: 0.8 },
  { name: "opt adam 5000 epochs", dnnlab: "optModel.mjs", numpy: "opt_model.py", args: ["adam"], target: 0.8 },
  // TensorFlow.js has no numpy counterpart: its script prints its own figures (seconds per epoch, FLOP rate)
  { name: "tf signs 100 epochs", dnnlab: "tfTrain.mjs", numpy: null, args: ["100"], maxRuns: 1 },
];

const argv = process.argv.slice(2);
let runs = 5;
const only = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--runs") runs = Number(argv[++i]);
  else only.push(argv[i]);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error("bench: --runs takes a positive integer");
  process.exit(2);
}

function findNumpy() {
  for (const py of [process.env.DNNLAB_BENCH_PYTHON, "/usr/bin/python3", "python3"].filter(Boolean)) {
    const r = spawnSync(py, ["-c", "import numpy, sys; print(numpy.__version__, sys.version.split()[0])"], { encoding: "utf8" });
    if (r.status === 0) return { python: py, version: r.stdout.trim() };
  }
  return null;
}

function timeOnce(command, args) {
  const r = spawnSync(command, args, { cwd: projectRoot, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${r.stderr}`);
  const lines = r.stdout.trim().split("\n");
  const seconds = Number(lines[lines.length - 1]);
  if (!Number.isFinite(seconds)) throw new Error(`${command} ${args.join(" ")} printed no time:\n${r.stdout}`);
  return { seconds, output: lines.slice(0, -1).join("\n") };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

const numpy = findNumpy();
console.log(`bench: node ${process.version}; ${numpy ? `numpy ${numpy.version.replace(" ", " on python ")} (${numpy.python})` : "numpy not found: dnnlab times only"}; median of ${runs} runs`);

let failures = 0;
for (const w of workloads.filter((w) => only.length === 0 || only.some((o) => w.name.includes(o)))) {
  const ours = [];
  const theirs = [];
  let ourOut = "";
  let theirOut = "";
  for (let r = 0; r < Math.min(runs, w.maxRuns ?? runs); r++) {
    const a = timeOnce(process.execPath, [join(projectRoot, "bench", "dnnlab", w.dnnlab), ...w.args]);
    ours.push(a.seconds);
    ourOut = a.output;
    if (numpy && w.numpy) {
      const b = timeOnce(numpy.python, [join(projectRoot, "bench", "numpy", w.numpy), ...w.args]);
      theirs.push(b.seconds);
      theirOut = b.output;
    }
  }
  const x = median(ours);
  if (!numpy || !w.numpy) {
    console.log(`${w.name}: dnnlab ${x.toFixed(3)} s${ours.length < runs ? ` (${ours.length} run)` : ""}`);
    if (!w.numpy && ourOut) console.log(ourOut.replace(/^/gm, "  "));
    continue;
  }
  const y = median(theirs);
  const ratio = x / y;
  const verdict = ratio <= w.target ? "" : `  (above the target ${w.target})`;
  console.log(`${w.name}: dnnlab ${x.toFixed(3)} s, numpy ${y.toFixed(3)} s, ratio ${ratio.toFixed(3)}${verdict}`);
  if (ourOut !== theirOut) {
    console.log(`  note: results differ: dnnlab "${ourOut}" vs numpy "${theirOut}"`);
    console.log("  (last-digit differences: see \"Reproducing numpy's digits\" in the README)");
  }
  if (ratio > w.target) failures++;
}
process.exitCode = failures ? 1 : 0;

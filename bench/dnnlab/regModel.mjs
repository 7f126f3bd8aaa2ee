// dnnlab side of the Regularization workloads: the Regularization notebook's
// own model and graded functions (build/solutions/Regularization.training.js,
// generated from the notebook by `npm run build`) on the course's data.mat,
// as bench/numpy/reg_model.py runs them: 30,000 iterations at learning rate
// 0.3 without regularization, with L2 (lambd 0.7) or with dropout (keepProb
// 0.86), the cost recorded every 1000.
// Prints the last recorded cost, then the elapsed seconds of the training on
// the last line, with the CPU seconds (the notebook's own cost lines go to stderr).
//   node bench/dnnlab/regModel.mjs baseline|l2|dropout     (ITER=... changes the iterations)
import dnnlab from "dnnlab";
import { lastRecordedCost, loadTraining, notebookCell } from "./notebook.mjs";

import regularization from "dnnlab/course/regularization";

const { reprFloat } = dnnlab;

const kind = process.argv[2] ?? "baseline";
const options = { baseline: {}, l2: { lambd: 0.7 }, dropout: { keepProb: 0.86 } }[kind];
if (!options) throw new Error(`regModel.mjs: baseline, l2 or dropout, not ${kind}`);
const numIterations = Number(process.env.ITER ?? 30000);
// without the file the notebook trains on a generated stand-in (not numpy's data)
if (regularization.loadFootball().standIn) throw new Error("bench: the course's data.mat is needed (see README)");

const { model, trainX, trainY } = await loadTraining("Regularization");
const run = await notebookCell(() => model(trainX, trainY, { ...options, learningRate: 0.3, numIterations, printCost: true }));
console.log("last cost", reprFloat(lastRecordedCost(run, Math.ceil(numIterations / 1000))));
console.log(run.seconds, run.cpuSeconds);

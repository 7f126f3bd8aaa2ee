// dnnlab side of the Initialization workloads: the Initialization notebook's
// own model (build/solutions/Initialization.training.js, generated from the
// notebook by `npm run build`) on the notebook's circles, with He or large
// random initialization, as bench/numpy/init_model.py runs the course's:
// 15,000 iterations at learning rate 0.01, the cost recorded every 1000.
// Prints the last recorded cost, then the elapsed seconds of the training on
// the last line, with the CPU seconds (the notebook's own cost lines go to stderr).
//   node bench/dnnlab/initModel.mjs he|random
import dnnlab from "dnnlab";
import { lastRecordedCost, loadTraining, notebookCell } from "./notebook.mjs";

const { reprFloat } = dnnlab;

const initialization = process.argv[2] ?? "he";
if (!["he", "random"].includes(initialization)) throw new Error(`initModel.mjs: he or random, not ${initialization}`);
const numIterations = 15000;

const { model, trainX, trainY } = await loadTraining("Initialization");
const run = await notebookCell(() => model(trainX, trainY, { initialization, learningRate: 0.01, numIterations, printCost: true }));
console.log("last cost", reprFloat(lastRecordedCost(run, Math.ceil(numIterations / 1000))));
console.log(run.seconds, run.cpuSeconds);

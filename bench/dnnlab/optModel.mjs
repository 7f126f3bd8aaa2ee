// dnnlab side of the Optimization workloads: the Optimization notebook's own
// model and graded functions (mini-batches, gd, momentum, Adam;
// build/solutions/Optimization_methods.training.js, generated from the
// notebook by `npm run build`) on the notebook's moons, as
// bench/numpy/opt_model.py runs the course's: 5000 epochs of mini-batches of
// 64, learning rate 0.0007, beta 0.9, beta1 0.9, beta2 0.999, epsilon 1e-8,
// the cost recorded every 100 epochs.
// Prints the last recorded cost (as the notebook prints costs, "%f"), then the
// elapsed seconds of the training on the last line, with the CPU seconds (the notebook's own cost
// lines go to stderr).
//   node bench/dnnlab/optModel.mjs gd|momentum|adam
import dnnlab from "dnnlab";
import { lastRecordedCost, loadTraining, notebookCell } from "./notebook.mjs";

const { sprintf } = dnnlab;

const optimizer = process.argv[2] ?? "gd";
if (!["gd", "momentum", "adam"].includes(optimizer)) throw new Error(`optModel.mjs: gd, momentum or adam, not ${optimizer}`);
const numEpochs = 5000;
const hyperparameters = { learningRate: 0.0007, miniBatchSize: 64, beta: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, numEpochs };

const { model, trainX, trainY, layersDims } = await loadTraining("Optimization_methods");
const run = await notebookCell(() => model(trainX, trainY, layersDims, optimizer, { ...hyperparameters, printCost: true }));
console.log(sprintf("last cost %f", lastRecordedCost(run, Math.ceil(numEpochs / 100))));
console.log(run.seconds, run.cpuSeconds);

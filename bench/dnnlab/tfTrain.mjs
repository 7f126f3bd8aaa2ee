// The TensorFlow notebook's training on TensorFlow.js (no numpy counterpart):
// the notebook's own model, graded functions and data pipeline
// (build/solutions/TensorFlow_introduction.training.js, generated from the
// notebook by `npm run build`), `model(newTrain, newYTrain, newTest, newYTest,
// { numEpochs })`: Adam (learning rate 0.0001, minibatches of 32) of the
// 12288 → 25 → 12 → 6 network on the SIGNS training images (the generated
// stand-in unless train_signs.h5 is found), the test accuracy every 10 epochs
// on test_signs.h5 when present. The model records the accuracies when it
// prints them (printCost); its own lines go to stderr.
//
// Prints the seconds per epoch, the final accuracies, the FLOP rate reached and
// its share of a plain tf.matMul's rate on the same backend and shapes, then
// the elapsed seconds of the training on the last line.
//   node bench/dnnlab/tfTrain.mjs [epochs]      (default 100; EPOCHS=... also works)
import dnnlab from "dnnlab";
import { loadTraining, notebookCell } from "./notebook.mjs";

import tfCourse from "dnnlab/course/tensorflow";

const { sprintf } = dnnlab;
const { loadSigns } = tfCourse;
const tfUtils = tfCourse;
const tf = tfUtils.tfjs();

const numEpochs = Number(process.argv[2] ?? process.env.EPOCHS ?? 100);
// the notebook's set-up cell, before any tensor exists
const backend = await tfUtils.setUpBackend();
const { model, newTrain, newYTrain, newTest, newYTest } = await loadTraining("TensorFlow_introduction");
// what the notebook loaded (loadSigns finds the same files): sources and sizes
const signs = loadSigns();

// The matMul FLOP rate on the training's dominant products, best of 5 rounds:
// the forward W1·X (25×12288 by 12288×32) and the gradient dW1 = dZ1·Xᵀ
// (25×32 by 32×12288, which tfjs computes as matMul(dZ1, X, false, true)),
// as one step does them, and the forward product alone (the fast shape).
function matMulRates() {
  const a = tf.randomNormal([25, 12288], 0, 1, "float32", 1);
  const x = tf.randomNormal([12288, 32], 0, 1, "float32", 2);
  const d = tf.randomNormal([25, 32], 0, 1, "float32", 3);
  const flop = 2 * 25 * 12288 * 32;
  const rate = (products, f) => {
    const reps = 100;
    let best = 0;
    for (let round = 0; round < 5; round++) {
      const start = process.hrtime.bigint();
      for (let i = 0; i < reps; i++) tf.tidy(f);
      best = Math.max(best, (reps * products * flop) / (Number(process.hrtime.bigint() - start) / 1e9));
    }
    return best;
  };
  const forward = () => tf.matMul(a, x).dataSync();
  const gradient = () => tf.matMul(d, x, false, true).dataSync();
  const rates = {
    forward: rate(1, forward),
    pair: rate(2, () => {
      forward();
      gradient();
    }),
  };
  tf.dispose([a, x, d]);
  return rates;
}
const rates = matMulRates();

const run = await notebookCell(() => model(newTrain, newYTrain, newTest, newYTest, { numEpochs, printCost: true }));
const elapsed = run.seconds;
const [parameters, , trainAcc, testAcc] = run.value;

// Essential FLOPs: forward W·A and backward dW = dZ·Aᵀ for the three layers,
// dA = Wᵀ·dZ for layers 2 and 3, over the m training examples each epoch; the
// forward pass over the test set every 10 epochs.
const m = signs.train.count;
const layer = 25 * 12288 + 12 * 25 + 6 * 12;
const perEpoch = 2 * m * (2 * layer + (12 * 25 + 6 * 12));
const evaluations = Math.ceil(numEpochs / 10);
const flops = numEpochs * perEpoch + evaluations * 2 * layer * (signs.test.count + m);
const achieved = flops / elapsed;
console.log(`backend ${backend}; training data ${signs.train.standIn ? "stand-in" : signs.train.source}, test data ${signs.test.source}`);
console.log(sprintf("%d epochs: %.3f s per epoch", numEpochs, elapsed / numEpochs));
console.log(sprintf("final train accuracy %.4f, test accuracy %.4f", trainAcc[trainAcc.length - 1], testAcc[testAcc.length - 1]));
console.log(
  sprintf(
    "%.2f GFLOP/s reached = %.0f%% of tf.matMul's %.2f GFLOP/s on the step's two big products, " +
      "W1·X and dZ1·Xᵀ (W1·X alone: %.2f GFLOP/s, so %.0f%% of that)",
    achieved / 1e9,
    (100 * achieved) / rates.pair,
    rates.pair / 1e9,
    rates.forward / 1e9,
    (100 * achieved) / rates.forward,
  ),
);
tf.dispose(Object.values(parameters));
console.log(elapsed);

// The TensorFlow notebook's training on TensorFlow.js (no numpy counterpart):
// 100 epochs of Adam (learning rate 0.0001, minibatches of 32) of the
// 12288 → 25 → 12 → 6 network on the SIGNS training images (the generated
// stand-in unless train_signs.h5 is found), test accuracy on test_signs.h5
// when present. The graded functions are the notebook's solutions; the loop is
// the library's trainModel (the notebook's model).
//
// Prints the seconds per epoch, the final accuracies, the FLOP rate reached and
// its share of a plain tf.matMul's rate on the same backend and shapes, then
// the elapsed seconds of the training on the last line.
//   node bench/dnnlab/tfTrain.mjs [epochs]      (default 100; EPOCHS=... also works)
import dnnlab from "dnnlab";

const { loadSigns, tfUtils, sprintf } = dnnlab;
const tf = tfUtils.tfjs();

const numEpochs = Number(process.argv[2] ?? process.env.EPOCHS ?? 100);
const backend = await tfUtils.setUpBackend();

function initializeParameters() {
  const shapes = { W1: [25, 12288], b1: [25, 1], W2: [12, 25], b2: [12, 1], W3: [6, 12], b3: [6, 1] };
  return Object.fromEntries(
    Object.entries(shapes).map(([k, s], i) => [k, tf.tidy(() => tf.variable(tf.initializers.glorotNormal({ seed: i + 1 }).apply(s)))]),
  );
}

function forwardPropagation(X, { W1, b1, W2, b2, W3, b3 }) {
  const A1 = tf.relu(tf.add(tf.matMul(W1, X), b1));
  const A2 = tf.relu(tf.add(tf.matMul(W2, A1), b2));
  return tf.add(tf.matMul(W3, A2), b3);
}

function computeCost(logits, labels) {
  return tf.losses.softmaxCrossEntropy(tf.transpose(labels), tf.transpose(logits));
}

const normalize = (image) => tf.tidy(() => tf.reshape(tf.div(tf.cast(image, "float32"), 255), [-1]));
const oneHot = (label) => tf.tidy(() => tf.cast(tf.oneHot(label, 6), "float32"));

const signs = loadSigns();
const tensors = [];
function datasets(split) {
  const x = tf.tensor4d(split.x, [split.count, 64, 64, 3], "int32");
  const y = tf.tensor1d(split.y, "int32");
  tensors.push(x, y);
  return [tfUtils.fromTensorSlices(x).map(normalize), tfUtils.fromTensorSlices(y).map(oneHot)];
}
const [xTrain, yTrain] = datasets(signs.train);
const [xTest, yTest] = datasets(signs.test);

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

const start = process.hrtime.bigint();
const result = await tfUtils.trainModel(xTrain, yTrain, xTest, yTest, { initializeParameters, forwardPropagation, computeCost }, {
  numEpochs,
  printCost: false,
});
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;

// Essential FLOPs: forward W·A and backward dW = dZ·Aᵀ for the three layers,
// dA = Wᵀ·dZ for layers 2 and 3, over the m training examples each epoch; the
// forward pass over the test set every 10 epochs.
const m = signs.train.count;
const layer = 25 * 12288 + 12 * 25 + 6 * 12;
const perEpoch = 2 * m * (2 * layer + (12 * 25 + 6 * 12));
const evaluations = Math.ceil(numEpochs / 10);
const flops = numEpochs * perEpoch + evaluations * 2 * layer * (signs.test.count + m);
const achieved = flops / elapsed;
console.log(
  `backend ${backend}; training data ${signs.train.standIn ? "stand-in" : signs.train.source}, test data ${signs.test.source}`,
);
console.log(sprintf("%d epochs: %.3f s per epoch", numEpochs, elapsed / numEpochs));
console.log(
  sprintf("final train accuracy %.4f, test accuracy %.4f", result.trainAcc[result.trainAcc.length - 1], result.testAcc[result.testAcc.length - 1]),
);
console.log(
  sprintf(
    "%.2f GFLOP/s reached = %.0f%% of tf.matMul's %.2f GFLOP/s on the step's two big products, " +
      "W1·X and dZ1·Xᵀ (W1·X alone: %.2f GFLOP/s, so %.0f%% of that)",
    achieved / 1e9, (100 * achieved) / rates.pair, rates.pair / 1e9, rates.forward / 1e9, (100 * achieved) / rates.forward,
  ),
);
tf.dispose([...Object.values(result.parameters), ...tensors]);
console.log(elapsed);

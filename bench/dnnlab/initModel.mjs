// dnnlab side of the Initialization workloads: the notebook's model (15,000
// iterations of forward, loss, backward, update on the 300 circles), with He
// or large random initialization. Prints the last recorded cost, then the
// elapsed seconds of the training loop on the last line.
import dnnlab from "dnnlab";

const { initUtils, loadCircles, random, multiply, zeros, reprFloat, tidy } = dnnlab;
const { forwardPropagation, backwardPropagation, computeLoss, updateParameters } = initUtils;

function initialize(layersDims, kind) {
  random.seed(3);
  const parameters = {};
  for (let l = 1; l < layersDims.length; l++) {
    const factor = kind === "random" ? 10 : Math.sqrt(2 / layersDims[l - 1]);
    parameters["W" + l] = multiply(random.randn(layersDims[l], layersDims[l - 1]), factor);
    parameters["b" + l] = zeros(layersDims[l], 1);
  }
  return parameters;
}

function model(X, Y, kind, learningRate = 0.01, numIterations = 15000) {
  const costs = [];
  let parameters = initialize([X.rows, 10, 5, 1], kind);
  for (let i = 0; i < numIterations; i++) {
    const cost = tidy(() => {
      const [a3, cache] = forwardPropagation(X, parameters);
      const cost = computeLoss(a3, Y);
      const grads = backwardPropagation(X, Y, cache);
      parameters = updateParameters(parameters, grads, learningRate);
      return cost;
    });
    if (i % 1000 === 0) costs.push(cost);
  }
  return [parameters, costs];
}

const kind = process.argv[2] ?? "he";
const { trainX, trainY } = loadCircles();
const start = process.hrtime.bigint();
const [, costs] = model(trainX, trainY, kind);
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
console.log("last cost", reprFloat(costs[costs.length - 1]));
console.log(elapsed);

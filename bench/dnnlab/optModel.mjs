// dnnlab side of the Optimization workloads: the notebook's model, 5000
// epochs of mini-batch training on the moons, with the notebook's solutions of
// the graded functions (mini-batches, gd, momentum, Adam, written with the
// library's element-wise operations). Prints the last recorded cost (as the
// notebook prints it, "%f"), then the elapsed seconds on the last line.
import dnnlab from "dnnlab";

const { Matrix, zeros, add, subtract, multiply, divide, square, sqrt, random, sprintf, optUtils, loadMoons } = dnnlab;
const { initializeParameters, forwardPropagation, backwardPropagation, computeCost } = optUtils;

function updateParametersWithGd(parameters, grads, learningRate) {
  const L = Object.keys(parameters).length / 2;
  for (let l = 1; l <= L; l++) {
    parameters["W" + l] = subtract(parameters["W" + l], multiply(learningRate, grads["dW" + l]));
    parameters["b" + l] = subtract(parameters["b" + l], multiply(learningRate, grads["db" + l]));
  }
  return parameters;
}

function randomMiniBatches(X, Y, miniBatchSize = 64, seed = 0) {
  random.seed(seed);
  const m = X.columns;
  const miniBatches = [];
  const permutation = random.permutation(m);
  const shuffledX = new Matrix(X.rows, m);
  const shuffledY = new Matrix(1, m);
  permutation.forEach((source, j) => {
    for (let i = 0; i < X.rows; i++) shuffledX.set(i, j, X.get(i, source));
    shuffledY.set(0, j, Y.get(0, source));
  });
  const numComplete = Math.floor(m / miniBatchSize);
  for (let k = 0; k < numComplete; k++) {
    miniBatches.push([
      shuffledX.subMatrix(0, X.rows - 1, k * miniBatchSize, (k + 1) * miniBatchSize - 1),
      shuffledY.subMatrix(0, 0, k * miniBatchSize, (k + 1) * miniBatchSize - 1),
    ]);
  }
  if (m % miniBatchSize !== 0) {
    miniBatches.push([
      shuffledX.subMatrix(0, X.rows - 1, numComplete * miniBatchSize, m - 1),
      shuffledY.subMatrix(0, 0, numComplete * miniBatchSize, m - 1),
    ]);
  }
  return miniBatches;
}

function initializeVelocity(parameters) {
  const L = Object.keys(parameters).length / 2;
  const v = {};
  for (let l = 1; l <= L; l++) {
    v["dW" + l] = zeros(parameters["W" + l].rows, parameters["W" + l].columns);
    v["db" + l] = zeros(parameters["b" + l].rows, parameters["b" + l].columns);
  }
  return v;
}

function updateParametersWithMomentum(parameters, grads, v, beta, learningRate) {
  const L = Object.keys(parameters).length / 2;
  for (let l = 1; l <= L; l++) {
    v["dW" + l] = add(multiply(beta, v["dW" + l]), multiply(1 - beta, grads["dW" + l]));
    v["db" + l] = add(multiply(beta, v["db" + l]), multiply(1 - beta, grads["db" + l]));
    parameters["W" + l] = subtract(parameters["W" + l], multiply(learningRate, v["dW" + l]));
    parameters["b" + l] = subtract(parameters["b" + l], multiply(learningRate, v["db" + l]));
  }
  return [parameters, v];
}

function updateParametersWithAdam(parameters, grads, v, s, t, learningRate = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8) {
  const L = Object.keys(parameters).length / 2;
  const vCorrected = {};
  const sCorrected = {};
  for (let l = 1; l <= L; l++) {
    for (const p of ["W", "b"]) {
      const d = "d" + p + l;
      v[d] = add(multiply(beta1, v[d]), multiply(1 - beta1, grads[d]));
      vCorrected[d] = divide(v[d], 1 - beta1 ** t);
      s[d] = add(multiply(beta2, s[d]), multiply(1 - beta2, square(grads[d])));
      sCorrected[d] = divide(s[d], 1 - beta2 ** t);
      parameters[p + l] = subtract(parameters[p + l], divide(multiply(learningRate, vCorrected[d]), add(sqrt(sCorrected[d]), epsilon)));
    }
  }
  return [parameters, v, s, vCorrected, sCorrected];
}

function model(X, Y, layersDims, optimizer, { learningRate = 0.0007, miniBatchSize = 64, beta = 0.9, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, numEpochs = 5000 } = {}) {
  const costs = [];
  let t = 0;
  let seed = 10;
  const m = X.columns;
  let parameters = initializeParameters(layersDims);
  let v = {};
  let s = {};
  if (optimizer === "momentum") v = initializeVelocity(parameters);
  else if (optimizer === "adam") [v, s] = [initializeVelocity(parameters), initializeVelocity(parameters)];
  const workspaces = new Map();
  for (let i = 0; i < numEpochs; i++) {
    seed = seed + 1;
    const miniBatches = randomMiniBatches(X, Y, miniBatchSize, seed);
    let costTotal = 0;
    for (const [miniBatchX, miniBatchY] of miniBatches) {
      const workspace = workspaces.get(miniBatchX.columns) ?? {};
      workspaces.set(miniBatchX.columns, workspace);
      const [a3, caches] = forwardPropagation(miniBatchX, parameters, workspace.cache);
      costTotal += computeCost(a3, miniBatchY);
      const grads = backwardPropagation(miniBatchX, miniBatchY, caches, workspace.grads);
      workspace.cache = caches;
      workspace.grads = grads;
      if (optimizer === "gd") parameters = updateParametersWithGd(parameters, grads, learningRate);
      else if (optimizer === "momentum") [parameters, v] = updateParametersWithMomentum(parameters, grads, v, beta, learningRate);
      else {
        t = t + 1;
        [parameters, v, s] = updateParametersWithAdam(parameters, grads, v, s, t, learningRate, beta1, beta2, epsilon);
      }
    }
    if (i % 100 === 0) costs.push(costTotal / m);
  }
  return [parameters, costs];
}

const optimizer = process.argv[2] ?? "gd";
const { trainX, trainY } = loadMoons();
const start = process.hrtime.bigint();
const [, costs] = model(trainX, trainY, [trainX.rows, 5, 2, 1], optimizer);
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
console.log(sprintf("last cost %f", costs[costs.length - 1]));
console.log(elapsed);

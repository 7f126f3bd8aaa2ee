// dnnlab side of the Regularization workloads: the notebook's model for
// 30,000 iterations on the course's data.mat, without regularization (the
// regUtils helpers), with L2 and with dropout (the notebook's solutions of the
// graded functions, written with the library's element-wise operations), each
// iteration inside tidy() as in the notebook's model.
// Prints the last recorded cost, then the elapsed seconds on the last line.
import dnnlab from "dnnlab";

const {
  add, subtract, multiply, divide, dot, dotTransA, dotTransB, sum, square, greater, less, relu, sigmoid,
  random, reprFloat, regUtils, loadFootball, tidy,
} = dnnlab;
const { initializeParameters, forwardPropagation, backwardPropagation, computeCost, updateParameters } = regUtils;

function computeCostWithRegularization(A3, Y, parameters, lambd) {
  const m = Y.columns;
  const { W1, W2, W3 } = parameters;
  const crossEntropyCost = computeCost(A3, Y);
  const L2RegularizationCost = (1 / m) * (lambd / 2) * (sum(square(W1)) + sum(square(W2)) + sum(square(W3)));
  return crossEntropyCost + L2RegularizationCost;
}

function backwardPropagationWithRegularization(X, Y, cache, lambd) {
  const m = X.columns;
  const [, A1, W1, , , A2, W2, , , A3, W3] = cache;
  const dZ3 = subtract(A3, Y);
  const dW3 = add(multiply(1 / m, dotTransB(dZ3, A2)), multiply(lambd / m, W3));
  const db3 = multiply(1 / m, sum(dZ3, { axis: 1, keepdims: true }));
  const dA2 = dotTransA(W3, dZ3);
  const dZ2 = multiply(dA2, greater(A2, 0));
  const dW2 = add(multiply(1 / m, dotTransB(dZ2, A1)), multiply(lambd / m, W2));
  const db2 = multiply(1 / m, sum(dZ2, { axis: 1, keepdims: true }));
  const dA1 = dotTransA(W2, dZ2);
  const dZ1 = multiply(dA1, greater(A1, 0));
  const dW1 = add(multiply(1 / m, dotTransB(dZ1, X)), multiply(lambd / m, W1));
  const db1 = multiply(1 / m, sum(dZ1, { axis: 1, keepdims: true }));
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

function forwardPropagationWithDropout(X, parameters, keepProb) {
  random.seed(1);
  const { W1, b1, W2, b2, W3, b3 } = parameters;
  const Z1 = add(dot(W1, X), b1);
  let A1 = relu(Z1);
  let D1 = random.rand(A1.rows, A1.columns);
  D1 = less(D1, keepProb);
  A1 = multiply(A1, D1);
  A1 = divide(A1, keepProb);
  const Z2 = add(dot(W2, A1), b2);
  let A2 = relu(Z2);
  let D2 = random.rand(A2.rows, A2.columns);
  D2 = less(D2, keepProb);
  A2 = multiply(A2, D2);
  A2 = divide(A2, keepProb);
  const Z3 = add(dot(W3, A2), b3);
  const A3 = sigmoid(Z3);
  return [A3, [Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3]];
}

function backwardPropagationWithDropout(X, Y, cache, keepProb) {
  const m = X.columns;
  const [, D1, A1, , , , D2, A2, W2, , , A3, W3] = cache;
  const dZ3 = subtract(A3, Y);
  const dW3 = multiply(1 / m, dotTransB(dZ3, A2));
  const db3 = multiply(1 / m, sum(dZ3, { axis: 1, keepdims: true }));
  let dA2 = dotTransA(W3, dZ3);
  dA2 = multiply(dA2, D2);
  dA2 = divide(dA2, keepProb);
  const dZ2 = multiply(dA2, greater(A2, 0));
  const dW2 = multiply(1 / m, dotTransB(dZ2, A1));
  const db2 = multiply(1 / m, sum(dZ2, { axis: 1, keepdims: true }));
  let dA1 = dotTransA(W2, dZ2);
  dA1 = multiply(dA1, D1);
  dA1 = divide(dA1, keepProb);
  const dZ1 = multiply(dA1, greater(A1, 0));
  const dW1 = multiply(1 / m, dotTransB(dZ1, X));
  const db1 = multiply(1 / m, sum(dZ1, { axis: 1, keepdims: true }));
  return { dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1 };
}

function model(X, Y, { learningRate = 0.3, numIterations = 30000, lambd = 0, keepProb = 1 } = {}) {
  const costs = [];
  const parameters = initializeParameters([X.rows, 20, 3, 1]);
  let cache;
  let grads;
  for (let i = 0; i < numIterations; i++) {
    const cost = tidy(() => {
      let a3;
      let dropoutCache;
      let cache;
      if (keepProb === 1) [a3, cache] = forwardPropagation(X, parameters);
      else [a3, dropoutCache] = forwardPropagationWithDropout(X, parameters, keepProb);
      const cost = lambd === 0 ? computeCost(a3, Y) : computeCostWithRegularization(a3, Y, parameters, lambd);
      let grads;
      if (lambd === 0 && keepProb === 1) grads = backwardPropagation(X, Y, cache);
      else if (lambd !== 0) grads = backwardPropagationWithRegularization(X, Y, cache, lambd);
      else grads = backwardPropagationWithDropout(X, Y, dropoutCache, keepProb);
      updateParameters(parameters, grads, learningRate);
      return cost;
    });
    if (i % 1000 === 0) costs.push(cost);
  }
  return [parameters, costs];
}

const run = process.argv[2] ?? "baseline";
const options = { baseline: {}, l2: { lambd: 0.7 }, dropout: { keepProb: 0.86 } }[run];
const data = loadFootball();
if (data.standIn) throw new Error("bench: the course's data.mat is needed (see README)");
const start = process.hrtime.bigint();
const [, costs] = model(data.trainX, data.trainY, { ...options, numIterations: Number(process.env.ITER ?? 30000) });
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
console.log("last cost", reprFloat(costs[costs.length - 1]));
console.log(elapsed);

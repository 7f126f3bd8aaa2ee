// dnnlab side of the "gradient_check_n" workload: 100 x (forward, buggy
// backward, 47-parameter gradient check) on the course's test case, written
// as the Gradient Checking notebook writes it. Prints the elapsed seconds of
// the timed part on the last line.
import dnnlab from "dnnlab";

const {
  add, subtract, multiply, negative, dot, log, sum, norm, zeros, copy, sigmoid, relu, positiveMask,
  dictionaryToVector, vectorToDictionary, gradientsToVector, gradientCheckNTestCase, reprFloat,
} = dnnlab;

function forwardPropagationN(X, Y, parameters) {
  const m = X.columns;
  const { W1, b1, W2, b2, W3, b3 } = parameters;
  const Z1 = add(dot(W1, X), b1);
  const A1 = relu(Z1);
  const Z2 = add(dot(W2, A1), b2);
  const A2 = relu(Z2);
  const Z3 = add(dot(W3, A2), b3);
  const A3 = sigmoid(Z3);
  const logprobs = add(multiply(negative(log(A3)), Y), multiply(negative(log(subtract(1, A3))), subtract(1, Y)));
  const cost = (1 / m) * sum(logprobs);
  return [cost, [Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3]];
}

function backwardPropagationN(X, Y, cache) {
  const m = X.columns;
  const [, A1, , , , A2, W2, , , A3, W3] = cache;
  const dZ3 = subtract(A3, Y);
  const dW3 = multiply(1 / m, dot(dZ3, A2.transpose()));
  const db3 = multiply(1 / m, sum(dZ3, { axis: 1, keepdims: true }));
  const dA2 = dot(W3.transpose(), dZ3);
  const dZ2 = multiply(dA2, positiveMask(A2));
  const dW2 = multiply(multiply(1 / m, dot(dZ2, A1.transpose())), 2);
  const db2 = multiply(1 / m, sum(dZ2, { axis: 1, keepdims: true }));
  const dA1 = dot(W2.transpose(), dZ2);
  const dZ1 = multiply(dA1, positiveMask(A1));
  const dW1 = multiply(1 / m, dot(dZ1, X.transpose()));
  const db1 = multiply(4 / m, sum(dZ1, { axis: 1, keepdims: true }));
  return { dW1, db1, dW2, db2, dW3, db3 };
}

function gradientCheckN(parameters, gradients, X, Y, epsilon = 1e-7) {
  const [values] = dictionaryToVector(parameters);
  const grad = gradientsToVector(gradients);
  const n = values.rows;
  const gradapprox = zeros(n, 1);
  for (let i = 0; i < n; i++) {
    const thetaPlus = copy(values);
    thetaPlus.set(i, 0, thetaPlus.get(i, 0) + epsilon);
    const JPlus = forwardPropagationN(X, Y, vectorToDictionary(thetaPlus))[0];
    const thetaMinus = copy(values);
    thetaMinus.set(i, 0, thetaMinus.get(i, 0) - epsilon);
    const JMinus = forwardPropagationN(X, Y, vectorToDictionary(thetaMinus))[0];
    gradapprox.set(i, 0, (JPlus - JMinus) / (2 * epsilon));
  }
  return norm(subtract(grad, gradapprox)) / (norm(grad) + norm(gradapprox));
}

const repeats = Number(process.argv[2] ?? 100);
const [X, Y, parameters] = gradientCheckNTestCase();
const start = process.hrtime.bigint();
let difference = NaN;
for (let r = 0; r < repeats; r++) {
  const [, cache] = forwardPropagationN(X, Y, parameters);
  const gradients = backwardPropagationN(X, Y, cache);
  difference = gradientCheckN(parameters, gradients, X, Y);
}
const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
console.log("difference", reprFloat(difference));
console.log(elapsed);

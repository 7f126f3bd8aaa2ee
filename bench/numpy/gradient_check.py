"""numpy baseline: 100 x gradient_check_n on the course's test case.

The same computation as the Gradient Checking notebook (forward pass of the
LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID model, the buggy backward pass,
and the 47-parameter centred-difference check), written the way the course
writes it. Prints the elapsed seconds of the timed part on the last line, with the CPU seconds.
"""
import sys
import time

import numpy as np

from course_nn import relu, sigmoid


KEYS = ["W1", "b1", "W2", "b2", "W3", "b3"]
SHAPES = {"W1": (5, 4), "b1": (5, 1), "W2": (3, 5), "b2": (3, 1), "W3": (1, 3), "b3": (1, 1)}


def forward_propagation_n(X, Y, parameters):
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    logprobs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1. / m * np.sum(logprobs)
    return cost, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation_n(X, Y, cache):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) * 2
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 4. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2, "dW3": dW3, "db3": db3}


def dictionary_to_vector(d, prefix=""):
    return np.concatenate([d[prefix + k].reshape((-1, 1)) for k in KEYS], axis=0)


def vector_to_dictionary(theta):
    out, i = {}, 0
    for k in KEYS:
        r, c = SHAPES[k]
        out[k] = theta[i:i + r * c].reshape((r, c))
        i += r * c
    return out


def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7):
    parameters_values = dictionary_to_vector(parameters)
    grad = dictionary_to_vector(gradients, "d")
    n = parameters_values.shape[0]
    J_plus = np.zeros((n, 1))
    J_minus = np.zeros((n, 1))
    gradapprox = np.zeros((n, 1))
    for i in range(n):
        theta_plus = np.copy(parameters_values)
        theta_plus[i] = theta_plus[i] + epsilon
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))
        theta_minus = np.copy(parameters_values)
        theta_minus[i] = theta_minus[i] - epsilon
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))
        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)
    numerator = np.linalg.norm(grad - gradapprox)
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)
    return numerator / denominator


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    np.random.seed(1)
    X = np.random.randn(4, 3)
    Y = np.array([1, 1, 0])
    parameters = {k: np.random.randn(*SHAPES[k]) for k in KEYS}
    start = time.perf_counter()
    cpu_start = time.process_time()
    for _ in range(repeats):
        cost, cache = forward_propagation_n(X, Y, parameters)
        gradients = backward_propagation_n(X, Y, cache)
        difference = gradient_check_n(parameters, gradients, X, Y)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print("difference", repr(float(difference)))
    print(elapsed, cpu)


if __name__ == "__main__":
    main()

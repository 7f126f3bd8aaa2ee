"""numpy baseline: the Initialization notebook's model, 15,000 iterations.

Usage: init_model.py he|random. The course's init_utils helpers (forward,
loss with nansum, backward with 1/m folded into dz3, update) and the
notebook's model loop, on the circles data (drawn here with the same
algorithm as sklearn's make_circles, so no sklearn is needed). Prints the last
cost, then the elapsed seconds of the training loop on the last line, with the
CPU seconds.
"""
import sys
import time
import warnings

import numpy as np

from course_nn import backward_propagation, compute_loss, forward_propagation, update_parameters


def make_circles(n, noise, factor=0.8):
    n_out = n // 2
    n_in = n - n_out
    lo = np.linspace(0, 2 * np.pi, n_out, endpoint=False)
    li = np.linspace(0, 2 * np.pi, n_in, endpoint=False)
    X = np.vstack([np.append(np.cos(lo), np.cos(li) * factor),
                   np.append(np.sin(lo), np.sin(li) * factor)]).T
    y = np.hstack([np.zeros(n_out, dtype=np.intp), np.ones(n_in, dtype=np.intp)])
    idx = np.arange(n)
    np.random.shuffle(idx)
    X, y = X[idx], y[idx]
    X += np.random.normal(scale=noise, size=X.shape)
    return X, y


def initialize(layers_dims, scale):
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        factor = 10 if scale == "random" else np.sqrt(2. / layers_dims[l - 1])
        parameters["W" + str(l)] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * factor
        parameters["b" + str(l)] = np.zeros((layers_dims[l], 1))
    return parameters


def model(X, Y, initialization, learning_rate=0.01, num_iterations=15000):
    costs = []
    parameters = initialize([X.shape[0], 10, 5, 1], initialization)
    for i in range(num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if i % 1000 == 0:
            costs.append(cost)
    return parameters, costs


def main():
    initialization = sys.argv[1] if len(sys.argv) > 1 else "he"
    warnings.simplefilter("ignore")  # log(0) in the large-random run, as in the course
    np.random.seed(1)
    X, y = make_circles(300, 0.05)
    train_X, train_Y = X.T, y.reshape((1, -1))
    start = time.perf_counter()
    cpu_start = time.process_time()
    parameters, costs = model(train_X, train_Y, initialization)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    print("last cost", repr(float(costs[-1])))
    print(elapsed, cpu)


if __name__ == "__main__":
    main()

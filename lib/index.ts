/**
 * `dnnlab`: what every notebook imports. Matrices with numpy's operations,
 * numpy's random generator, Python's printing, the plots, and the network
 * pieces (activations, gradient checking, optimizers). Each notebook's own
 * helpers, test cases and checkers come from `dnnlab/course/<notebook>`.
 *
 *     import { Matrix, random, str, dot, sigmoid, ... } from "dnnlab";
 *
 * The library's layers (numerics → core → numpy, display → nn, io → course)
 * are described in the README's Layout section; only what is exported here
 * and from the course entry points is public.
 */
import { useFastExports } from "./core/moduleExports";
export const version = "0.1.0";

// matrices (core)
export { Matrix, zeros, zerosLike, copy, transpose, reshape, takeColumns, sliceColumns, shape, shapeText } from "./core/matrix";
export { tidy, keep } from "./core/memory";

// numpy
export { add, subtract, multiply, divide, maximum, minimum, greater, less, equal, negative, square, sqrt, log, exp, map } from "./numpy/elementwise";
export { dot, dotTransA, dotTransB } from "./numpy/products";
export { sum, mean, norm, isclose, allclose } from "./numpy/reductions";
export { random, RandomState } from "./numpy/random";
export { str } from "./numpy/format";
export { reprFloat } from "./numpy/floats";
export { sprintf } from "./numpy/printf";

// display
export { plotDataset, plotCosts, plotDecisionBoundary } from "./display/plots";
export { initPlots } from "./display/plotly";
export { progressDisplay } from "./display/notebook";

// network pieces
export { sigmoid, relu, positiveMask, type Parameters, type Gradients } from "./nn/network";
export { checkGradients, formatGradientReport } from "./nn/gradientCheck";
export { gd, momentum, adam, type Optimizer } from "./nn/optimizers";

// the exercise notebooks' stand-ins for values of cells not run yet
export { pendingValue } from "./course/pending";

// Last: the exports object made fast for V8 (see core/moduleExports.ts).
useFastExports(typeof module === "undefined" ? undefined : module);

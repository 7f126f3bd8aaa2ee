/** Hidden cases of the Optimization methods notebook (see types.ts for the format). */
import { random } from "dnnlab";
import type { AssignmentGrading } from "./types";
import { drawLike, drawParameters, labels } from "./inputs";
export const optimizationMethods: AssignmentGrading = {
  updateParametersWithGd: {
    hidden: [
      ...(
        [
          [2, [3, 4, 1], 0.1],
          [6, [2, 5, 3, 1], 0.002],
        ] as const
      ).map(([seed, sizes, learningRate]) => ({
        label: `seed ${seed}, layers [${sizes.join(", ")}], learningRate = ${learningRate}`,
        args: () => {
          random.seed(seed);
          const parameters = drawParameters(sizes);
          return [parameters, drawLike(parameters), learningRate];
        },
      })),
    ],
  },
  randomMiniBatches: {
    hidden: [
      ...(
        [
          [5, 150, 32, 3],
          [5, 150, 50, 4],
          [3, 10, 64, 5],
        ] as const
      ).map(([n, m, size, seed]) => ({
        label: `X of shape (${n}, ${m}), miniBatchSize = ${size}, seed = ${seed}`,
        args: () => {
          random.seed(100 + seed);
          return [random.randn(n, m), labels(m), size, seed];
        },
      })),
    ],
  },
  initializeVelocity: {
    hidden: [
      {
        label: "layers [4, 3, 2, 1]",
        args: () => {
          random.seed(1);
          return [drawParameters([4, 3, 2, 1])];
        },
      },
      {
        label: "layers [7, 1]",
        args: () => {
          random.seed(2);
          return [drawParameters([7, 1])];
        },
      },
    ],
  },
  updateParametersWithMomentum: {
    hidden: [
      ...(
        [
          [3, [3, 4, 1], 0.8, 0.05],
          [4, [2, 3, 2, 1], 0, 0.1],
        ] as const
      ).map(([seed, sizes, beta, learningRate]) => ({
        label: `seed ${seed}, layers [${sizes.join(", ")}], beta = ${beta}, learningRate = ${learningRate}`,
        args: () => {
          random.seed(seed);
          const parameters = drawParameters(sizes);
          return [parameters, drawLike(parameters), drawLike(parameters, 0.1), beta, learningRate];
        },
      })),
    ],
  },
  initializeAdam: {
    hidden: [
      {
        label: "layers [2, 5, 1]",
        args: () => {
          random.seed(1);
          return [drawParameters([2, 5, 1])];
        },
      },
      {
        label: "layers [3, 3, 3, 2]",
        args: () => {
          random.seed(2);
          return [drawParameters([3, 3, 3, 2])];
        },
      },
    ],
  },
  updateParametersWithAdam: {
    hidden: [
      ...(
        [
          [5, [3, 4, 1], 1, 0.01, 0.9, 0.999, 1e-8],
          [6, [2, 3, 1], 7, 0.05, 0.8, 0.99, 1e-3],
        ] as const
      ).map(([seed, sizes, t, learningRate, beta1, beta2, epsilon]) => ({
        label: `seed ${seed}, layers [${sizes.join(", ")}], t = ${t}, learningRate = ${learningRate}, beta1 = ${beta1}, beta2 = ${beta2}, epsilon = ${epsilon}`,
        args: () => {
          random.seed(seed);
          const parameters = drawParameters(sizes);
          return [parameters, drawLike(parameters), drawLike(parameters, 0.1), drawLike(parameters, 0.1, true), t, learningRate, beta1, beta2, epsilon];
        },
      })),
    ],
  },
  updateLr: {
    hidden: [
      { label: "learningRate0 = 0.3, epochNum = 10, decayRate = 0.5", args: () => [0.3, 10, 0.5], expected: 0.05 },
      { label: "learningRate0 = 1, epochNum = 0, decayRate = 2", args: () => [1, 0, 2], expected: 1 },
      { label: "learningRate0 = 0.02, epochNum = 3, decayRate = 1", args: () => [0.02, 3, 1], expected: 0.005 },
    ],
  },
  scheduleLrDecay: {
    hidden: [
      { label: "learningRate0 = 0.5, epochNum = 999, decayRate = 0.3, timeInterval = 1000", args: () => [0.5, 999, 0.3, 1000], expected: 0.5 },
      { label: "learningRate0 = 0.5, epochNum = 2500, decayRate = 0.3, timeInterval = 1000", args: () => [0.5, 2500, 0.3, 1000], expected: 0.5 / 1.6 },
      { label: "learningRate0 = 0.1, epochNum = 7, decayRate = 1, timeInterval = 3", args: () => [0.1, 7, 1, 3], expected: 0.1 / 3 },
      { label: "learningRate0 = 0.1, epochNum = 7000, decayRate = 1 (default timeInterval)", args: () => [0.1, 7000, 1], expected: 0.1 / 8 },
    ],
  },
};

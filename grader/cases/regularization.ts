/** Hidden cases of the Regularization notebook (see types.ts for the format). */
import { random } from "dnnlab";
import { forwardPropagation } from "dnnlab/course/regularization";
import type { AssignmentGrading, NotebookScope } from "./types";
import { regularizationInputs } from "./inputs";
export const regularization: AssignmentGrading = {
  computeCostWithRegularization: {
    hidden: [
      ...(
        [
          [2, 7, 0.3],
          [4, 3, 2.5],
          [5, 10, 0],
        ] as const
      ).map(([seed, m, lambd]) => ({
        label: `seed ${seed}, layers [3, 4, 2, 1], m = ${m}, lambd = ${lambd}`,
        args: () => {
          const { Y, parameters } = regularizationInputs(seed, [3, 4, 2, 1], m);
          const A3 = random.rand(1, m);
          for (let j = 0; j < m; j++) A3.set(0, j, 0.05 + 0.9 * A3.get(0, j));
          return [A3, Y, parameters, lambd];
        },
      })),
    ],
  },
  backwardPropagationWithRegularization: {
    hidden: [
      ...(
        [
          [3, 6, 0.4],
          [8, 4, 0],
          [9, 10, 1.5],
        ] as const
      ).map(([seed, m, lambd]) => ({
        label: `seed ${seed}, layers [3, 4, 2, 1], m = ${m}, lambd = ${lambd}`,
        args: () => {
          const { X, Y, parameters } = regularizationInputs(seed, [3, 4, 2, 1], m);
          const [, cache] = forwardPropagation(X, parameters);
          return [X, Y, cache, lambd];
        },
      })),
    ],
  },
  forwardPropagationWithDropout: {
    hidden: [
      ...(
        [
          [2, 6, 0.5],
          [3, 4, 0.9],
          [4, 5, 1],
        ] as const
      ).map(([seed, m, keepProb]) => ({
        label: `seed ${seed}, layers [3, 4, 3, 1], m = ${m}, keepProb = ${keepProb}`,
        args: () => {
          const { X, parameters } = regularizationInputs(seed, [3, 4, 3, 1], m);
          return [X, parameters, keepProb];
        },
      })),
    ],
  },
  backwardPropagationWithDropout: {
    hidden: [
      ...(
        [
          [2, 6, 0.5],
          [5, 3, 0.8],
        ] as const
      ).map(([seed, m, keepProb]) => ({
        label: `seed ${seed}, layers [3, 4, 3, 1], m = ${m}, keepProb = ${keepProb} (cache from forwardPropagationWithDropout)`,
        needs: ["forwardPropagationWithDropout"],
        args: (nb: NotebookScope) => {
          const { X, Y, parameters } = regularizationInputs(seed, [3, 4, 3, 1], m);
          const [, cache] = nb.forwardPropagationWithDropout(X, parameters, keepProb);
          return [X, Y, cache, keepProb];
        },
      })),
    ],
  },
};

/** Hidden cases of the Initialization notebook (see types.ts for the format). */
import { Matrix, zeros } from "dnnlab";
import type { AssignmentGrading } from "./types";
export const initialization: AssignmentGrading = {
  initializeParametersZeros: {
    hidden: [
      { label: "layersDims = [5, 4, 3, 2, 1]", args: () => [[5, 4, 3, 2, 1]] },
      { label: "layersDims = [7, 3]", args: () => [[7, 3]] },
      { label: "layersDims = [1, 1]", args: () => [[1, 1]], expected: { W1: zeros(1, 1), b1: zeros(1, 1) } },
    ],
  },
  initializeParametersRandom: {
    hidden: [
      { label: "layersDims = [4, 5, 3]", args: () => [[4, 5, 3]] },
      { label: "layersDims = [2, 3, 3, 1]", args: () => [[2, 3, 3, 1]] },
      // seed 3: randn(1,1) = 1.788628473..., times 10
      { label: "layersDims = [1, 1]", args: () => [[1, 1]], expected: { W1: new Matrix([[17.88628473]]), b1: zeros(1, 1) } },
    ],
  },
  initializeParametersHe: {
    hidden: [
      { label: "layersDims = [5, 3, 2, 1]", args: () => [[5, 3, 2, 1]] },
      { label: "layersDims = [6, 8, 4]", args: () => [[6, 8, 4]] },
      // seed 3: randn(1, 8) starts 1.78862847, 0.43650985, ...; times sqrt(2/8) = 0.5
      {
        label: "layersDims = [8, 1]",
        args: () => [[8, 1]],
        expected: {
          W1: new Matrix([[0.894314235, 0.218254925, 0.04824874, -0.931746351, -0.138694102, -0.17737949, -0.041370741, -0.313500339]]),
          b1: zeros(1, 1),
        },
      },
    ],
  },
};

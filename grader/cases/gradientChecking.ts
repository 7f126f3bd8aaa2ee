/** Hidden cases of the Gradient Checking notebook (see types.ts for the format). */
import type { AssignmentGrading } from "./types";
import { fraudCase } from "./inputs";
export const gradientChecking: AssignmentGrading = {
  forwardPropagation: {
    hidden: [
      { label: "x = -1.5, theta = 0.25", args: () => [-1.5, 0.25], expected: -0.375 },
      { label: "x = 3, theta = -7", args: () => [3, -7], expected: -21 },
      { label: "x = 0.001, theta = 5000", args: () => [0.001, 5000], expected: 5 },
    ],
  },
  backwardPropagation: {
    hidden: [
      { label: "x = -1.5, theta = 0.25", args: () => [-1.5, 0.25], expected: -1.5 },
      { label: "x = 3, theta = -7", args: () => [3, -7], expected: 3 },
      { label: "x = 0.001, theta = 5000", args: () => [0.001, 5000], expected: 0.001 },
    ],
  },
  gradientCheck: {
    // For the linear J the difference is rounding noise near 0; a wrong formula gives ~0.33 or more.
    hidden: [
      { label: "x = -1.5, theta = 0.25", args: () => [-1.5, 0.25] },
      { label: "x = 3, theta = -7, epsilon = 1e-4", args: () => [3, -7, 1e-4, false] },
      { label: "x = 12, theta = 0.5, epsilon = 1e-6", args: () => [12, 0.5, 1e-6, false] },
    ],
  },
  gradientCheckN: {
    hidden: [fraudCase(2, 5, "buggy"), fraudCase(2, 5, "fixed"), fraudCase(7, 8, "fixed", 1e-6), fraudCase(11, 1, "buggy")],
  },
};

/**
 * The hidden cases of every notebook, by notebook file name (without
 * `.ipynb`). They live with the grader, outside the published library: a
 * learner never has them.
 */
import { gradientChecking } from "./gradientChecking";
import { initialization } from "./initialization";
import { optimizationMethods } from "./optimizationMethods";
import { regularization } from "./regularization";
import { tensorflowIntroduction } from "./tensorflowIntroduction";
import type { AssignmentGrading, FunctionGrading } from "./types";

export type { AssignmentGrading, FunctionGrading, HiddenCase, NotebookScope } from "./types";

export const hiddenCases: { readonly [notebook: string]: AssignmentGrading } = {
  Gradient_Checking: gradientChecking,
  Initialization: initialization,
  Regularization: regularization,
  Optimization_methods: optimizationMethods,
  TensorFlow_introduction: tensorflowIntroduction,
};

/** The grading data of one function ({ hidden: [] } when there is none). */
export function gradingFor(notebook: string, functionName: string): FunctionGrading {
  return hiddenCases[notebook]?.[functionName] ?? { hidden: [] };
}

// The solution notebooks' code, for the library tests: `npm run build` generates
// build/solutions/<Notebook>.js and <Notebook>.training.js from notebooks/
// (grader/solutions.ts). The library implements no graded exercise, so tests
// that need the course's functions (or the TensorFlow notebook's model) load
// them from there.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type * as TF from "@tensorflow/tfjs";
import type { Gradients, Matrix, Parameters } from "dnnlab";
import type * as tfUtils from "dnnlab/course/tensorflow";

/** The repository (build/test/helpers/ is three levels below it). */
export const projectRoot = resolve(__dirname, "..", "..", "..");

/** The path of a generated solution module. */
export function solutionModulePath(notebook: string, part: "grading" | "training" = "grading"): string {
  return join(projectRoot, "build", "solutions", `${notebook}${part === "training" ? ".training" : ""}.js`);
}

/**
 * Runs a generated solution module's `load()`.
 * @throws Error saying to run `npm run build` when the module was not generated.
 */
export async function loadSolution<T>(notebook: string, part: "grading" | "training" = "grading"): Promise<T> {
  const file = solutionModulePath(notebook, part);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (it generates the solution modules from notebooks/)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { load(): Promise<T> };
  return mod.load();
}

/** The Optimization notebook's graded functions (build/solutions/Optimization_methods.d.ts). */
export interface OptimizationFunctions {
  updateParametersWithGd(parameters: Parameters, grads: Gradients, learningRate: number): Parameters;
  randomMiniBatches(X: Matrix, Y: Matrix, miniBatchSize?: number, seed?: number): Array<[Matrix, Matrix]>;
  initializeVelocity(parameters: Parameters): Gradients;
  updateParametersWithMomentum(parameters: Parameters, grads: Gradients, v: Gradients, beta: number, learningRate: number): [Parameters, Gradients];
  initializeAdam(parameters: Parameters): [Gradients, Gradients];
  updateParametersWithAdam(
    parameters: Parameters,
    grads: Gradients,
    v: Gradients,
    s: Gradients,
    t: number,
    learningRate?: number,
    beta1?: number,
    beta2?: number,
    epsilon?: number,
  ): [Parameters, Gradients, Gradients, Gradients, Gradients];
  updateLr(learningRate0: number, epochNum: number, decayRate: number): number;
  scheduleLrDecay(learningRate0: number, epochNum: number, decayRate: number, timeInterval?: number): number;
}

/** The graded functions of the Optimization notebook and its test cells (`checks.<name>(fn)` prints and checks). */
export interface OptimizationSolution {
  functions: OptimizationFunctions;
  checks: { [name in keyof OptimizationFunctions]: (fn: unknown) => Promise<void> };
}

/** The options of the TensorFlow notebook's `model`. */
export interface TfModelOptions {
  learningRate?: number;
  numEpochs?: number;
  minibatchSize?: number;
  /** Print (and record) the cost and the accuracies every 10 epochs (default true). */
  printCost?: boolean;
}

/** What build/solutions/TensorFlow_introduction.training.js gives (TRAINING_EXPORTS in grader/solutions.ts). */
export interface TensorFlowTraining {
  functions: {
    initializeParameters(): tfUtils.TfParameters;
    forwardPropagation(X: TF.Tensor, parameters: tfUtils.TfParameters): TF.Tensor;
    computeCost(logits: TF.Tensor, labels: TF.Tensor): TF.Tensor;
    /** Adam on minibatches; returns [parameters, costs, trainAcc, testAcc] (the last three every 10 epochs, when printing). */
    model(
      xTrain: TF.data.Dataset<TF.Tensor>,
      yTrain: TF.data.Dataset<TF.Tensor>,
      xTest: TF.data.Dataset<TF.Tensor>,
      yTest: TF.data.Dataset<TF.Tensor>,
      options?: TfModelOptions,
    ): Promise<[tfUtils.TfParameters, number[], number[], number[]]>;
    /** The notebook's pipeline: normalised SIGNS images (12288,), one-hot labels (6,) (or the stand-in's). */
    newTrain: TF.data.Dataset<TF.Tensor>;
    newYTrain: TF.data.Dataset<TF.Tensor>;
    newTest: TF.data.Dataset<TF.Tensor>;
    newYTest: TF.data.Dataset<TF.Tensor>;
  };
}

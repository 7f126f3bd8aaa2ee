/**
 * `tf.train.adam`'s update in one pass per variable on the WebAssembly
 * backend.
 *
 * tfjs's `AdamOptimizer.applyGradients` updates a variable with 14 element-
 * wise operations (moments, bias corrections, square root, step), each a
 * kernel call with its own temporary tensor: for the 25×12288 weights of the
 * TensorFlow notebook, about 40 MB of memory traffic per minibatch, more
 * than the forward product. {@link installFusedAdam} replaces the method by
 * one that runs the fused kernel of ./kernels.ts (the same float32 operations
 * in the same order, so the same bits) and otherwise does exactly what
 * tfjs's does: the same moment variables, names, bias-correction scalars and
 * iteration count, so `getWeights`, `setWeights` and `dispose` are unchanged.
 * Off the wasm backend, or for a variable that is not float32, the original
 * method runs.
 */
import type * as TF from "@tensorflow/tfjs";
import { ADAM_KERNEL } from "./kernels";

/** A moment variable as AdamOptimizer stores it. */
interface Moment {
  originalName: string;
  variable: TF.Variable;
}

/** AdamOptimizer's protected and private state (tfjs-core 4.22's adam_optimizer.js). */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: TF.Variable;
  accBeta2: TF.Variable;
  accumulatedFirstMoment: Moment[];
  accumulatedSecondMoment: Moment[];
  incrementIterations(): void;
}

// tfjs does not export its NamedTensor type: the same shape
type Gradients = TF.NamedTensorMap | Array<{ name: string; tensor: TF.Tensor }>;

const FUSED = Symbol.for("dnnlab.fusedAdam");

/**
 * Makes `tf.train.adam` optimizers update with the fused kernel when the
 * backend is `wasm` (once per process; call it after the kernels are
 * registered).
 */
export function installFusedAdam(tf: typeof TF): void {
  const proto = tf.AdamOptimizer.prototype as unknown as Record<symbol, boolean> & { applyGradients(g: Gradients): void };
  if (proto[FUSED]) return;
  const original = proto.applyGradients;
  proto[FUSED] = true;
  proto.applyGradients = function applyGradients(this: TF.AdamOptimizer, variableGradients: Gradients): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const gradientOf = (name: string, i: number): TF.Tensor | undefined =>
      Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
    const variables = tf.engine().registeredVariables;
    const fusable =
      tf.getBackend() === "wasm" &&
      names.every((name, i) => {
        const value = variables[name];
        const gradient = gradientOf(name, i);
        return value?.dtype === "float32" && (gradient == null || (gradient.dtype === "float32" && gradient.shape.join() === value.shape.join()));
      });
    if (!fusable) {
      original.call(this, variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, state.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, state.accBeta2);
      names.forEach((name, i) => {
        const value = variables[name];
        // the moments are created as tfjs creates them: zeros, not trainable, named <variable>/m and /v
        state.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        state.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
        const gradient = gradientOf(name, i);
        if (gradient == null) return;
        const firstMoment = state.accumulatedFirstMoment[i].variable;
        const secondMoment = state.accumulatedSecondMoment[i].variable;
        const [newValue, newFirstMoment, newSecondMoment] = tf
          .engine()
          .runKernel(
            ADAM_KERNEL,
            { value, gradient, m: firstMoment, v: secondMoment, c1: oneMinusAccBeta1, c2: oneMinusAccBeta2 },
            { beta1: state.beta1, beta2: state.beta2, epsilon: state.epsilon, learningRate: state.learningRate },
          ) as TF.Tensor[];
        firstMoment.assign(newFirstMoment);
        secondMoment.assign(newSecondMoment);
        value.assign(newValue);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
    });
    state.incrementIterations();
  };
}

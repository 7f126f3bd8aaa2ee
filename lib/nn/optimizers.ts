/**
 * Optimizers for the network's parameters: {@link gd}, {@link momentum} and
 * {@link adam} make {@link Optimizer} objects with one shape, so a training
 * loop can take any of them: `opt.step(parameters, grads)` after each
 * mini-batch's backward pass updates every `W{l}`, `b{l}` (l = 1..L) in place
 * from `grads["dW{l}"]`, `grads["db{l}"]`, and `opt.learningRate` can be set
 * between steps (a decay schedule). With learning rate α, for each parameter
 * W and its gradient dW:
 *
 * - gradient descent: `W = W - α dW`;
 * - momentum (β): `v = β v + (1 - β) dW`, then `W = W - α v`, with the
 *   velocities v starting at zero;
 * - Adam (β1, β2, ε), t = 1, 2, ... counting every step:
 *   `v = β1 v + (1 - β1) dW`, `s = β2 s + (1 - β2) dW²`,
 *   `v̂ = v / (1 - β1^t)`, `ŝ = s / (1 - β2^t)`, `W = W - α v̂ / (√ŝ + ε)`
 *   (ε outside the root), with v and s starting at zero.
 *
 * These are the updates of the course's Optimization assignment, whose graded
 * exercises a learner writes in the notebook (the library does not implement
 * them); an optimizer object is the same update behind one call.
 *
 * Numbers: every update is computed element by element in numpy's order, one
 * rounding per numpy operation, e.g. Adam's
 * `W - lr * v_corr / (sqrt(s_corr) + eps)` as `W - ((lr * v_corr) / (sqrt(s_corr) + eps))`,
 * so the parameters are numpy's, bit for bit.
 * `beta ** t` is rounded as glibc's `pow` rounds it (see {@link powInt}; V8's
 * `Math.pow` differs in the last bit for some t, which changes `1 - beta2 ** t`).
 */
import { Matrix } from "ml-matrix";
import { describeValue, rowsOf, zeros } from "../core/matrix";
import { powInt } from "../numerics/pow";
import { getMatrix, type Gradients, type Parameters } from "./network";

export { powInt };

// ---------------------------------------------------------------------------
// Argument checks

function checkNumber(value: unknown, what: string): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${what} must be a number, got ${describeValue(value)}`);
  }
  return value;
}

function checkDict(value: unknown, what: string): void {
  if (value === null || typeof value !== "object" || Array.isArray(value) || value instanceof Matrix) {
    throw new TypeError(`${what} must be a dictionary of matrices, got ${describeValue(value)}`);
  }
}

/** The number of layers L: W1..WL present (each with its bl checked by the caller). */
function layerCount(parameters: Parameters): number {
  checkDict(parameters, "parameters");
  let L = 0;
  while (`W${L + 1}` in parameters) L++;
  if (L === 0) getMatrix(parameters, "W1", "parameters"); // throws: no "W1" (keys present: ...)
  return L;
}

// ---------------------------------------------------------------------------
// Optimizer objects

/**
 * An optimizer a training loop can use without knowing which one it is:
 * `opt.step(parameters, grads)` after each mini-batch's backward pass.
 * Updates are in place (the matrices in `parameters` are overwritten; no
 * memory is allocated after the first step) and give bit for bit the
 * parameters numpy computes with the course's updates (see the module comment).
 */
export interface Optimizer {
  /** "gd", "momentum" or "adam". */
  readonly name: string;
  /** The rate of the next steps; set it between epochs for a decay schedule. */
  learningRate: number;
  /**
   * One update of every W{l}, b{l} of `parameters` (l = 1..L) from
   * `grads["dW{l}"]`, `grads["db{l}"]`, in place.
   * @throws Error naming a missing or misshapen matrix (nothing is changed then), or, for
   *   momentum/Adam, parameters of other shapes than the ones its state was built for (call `reset()`).
   */
  step(parameters: Parameters, grads: Gradients): void;
  /**
   * Forgets the state (velocities, Adam's moments and step count); the next step starts afresh.
   * (State is tied to the shapes, not to a particular dictionary: for a new training run of the
   * same network, call this or make a new optimizer.)
   */
  reset(): void;
}

/** Options of {@link gd}. */
export interface GdOptions {
  /** The learning rate α. */
  learningRate: number;
}

/** Options of {@link momentum}. */
export interface MomentumOptions {
  /** The learning rate α. */
  learningRate: number;
  /** The momentum β (default 0.9). */
  beta?: number;
}

/** Options of {@link adam}. */
export interface AdamOptions {
  /** The learning rate α. */
  learningRate: number;
  /** Decay of the first moment (default 0.9). */
  beta1?: number;
  /** Decay of the second moment (default 0.999). */
  beta2?: number;
  /** Added to the root of the corrected second moment (default 1e-8). */
  epsilon?: number;
}

/** Gradient descent with momentum; `velocity` is the course's `v` (dW1, db1, ...). */
export interface MomentumOptimizer extends Optimizer {
  readonly name: "momentum";
  /** The momentum β. */
  readonly beta: number;
  /** The velocities (empty before the first step). Read only: the optimizer owns them. */
  readonly velocity: Readonly<Gradients>;
}

/** Adam; `v`, `s` are the course's moment dictionaries, `t` the number of steps taken. */
export interface AdamOptimizer extends Optimizer {
  readonly name: "adam";
  /** Decay of the first moment. */
  readonly beta1: number;
  /** Decay of the second moment. */
  readonly beta2: number;
  /** Added to the root of the corrected second moment. */
  readonly epsilon: number;
  /** Steps taken so far (the course's global counter: 1 during the first update). */
  readonly t: number;
  /** First moments (empty before the first step). */
  readonly v: Readonly<Gradients>;
  /** Second moments (empty before the first step). */
  readonly s: Readonly<Gradients>;
}

/**
 * The keys and shapes of the network an optimizer works on, found at the
 * first step, and the matrices of the current step (no allocation per step).
 */
class Layout {
  readonly keys: string[] = [];
  readonly gradKeys: string[] = [];
  readonly rows: number[] = [];
  readonly cols: number[] = [];
  readonly params: Matrix[] = [];
  readonly grads: Matrix[] = [];
  private readonly beyond: string;

  constructor(parameters: Parameters) {
    const L = layerCount(parameters);
    for (let l = 1; l <= L; l++) {
      for (const p of ["W", "b"]) {
        const key = `${p}${l}`;
        const m = getMatrix(parameters, key, "parameters");
        this.keys.push(key);
        this.gradKeys.push(`d${key}`);
        this.rows.push(m.rows);
        this.cols.push(m.columns);
      }
    }
    this.beyond = `W${L + 1}`;
  }

  /** Whether `parameters` has this layout's layers and shapes. */
  matches(parameters: Parameters): boolean {
    if (parameters === null || typeof parameters !== "object" || this.beyond in parameters) return false;
    for (let i = 0; i < this.keys.length; i++) {
      const m = parameters[this.keys[i]];
      if (!(m instanceof Matrix) || m.rows !== this.rows[i] || m.columns !== this.cols[i]) return false;
    }
    return true;
  }

  /** Fills `params` and `grads` for this step, or throws a precise error. */
  bind(parameters: Parameters, grads: Gradients, owner: string): void {
    if (!this.matches(parameters)) {
      checkDict(parameters, "parameters");
      const L = this.keys.length / 2;
      const shapes = this.keys.map((k, i) => `${k} (${this.rows[i]}, ${this.cols[i]})`).join(", ");
      const detail = (() => {
        try {
          new Layout(parameters);
          for (let i = 0; i < this.keys.length; i++) getMatrix(parameters, this.keys[i], "parameters", [this.rows[i], this.cols[i]]);
          return `parameters has more than ${L} layers`;
        } catch (e) {
          return e instanceof Error ? e.message : String(e);
        }
      })();
      throw new RangeError(`${owner}: ${detail}; its state was built for ${shapes} (call reset() to start over with other parameters)`);
    }
    checkDict(grads, "grads");
    for (let i = 0; i < this.keys.length; i++) {
      const r = this.rows[i];
      const c = this.cols[i];
      const g = grads[this.gradKeys[i]];
      this.grads[i] = g instanceof Matrix && g.rows === r && g.columns === c ? g : getMatrix(grads, this.gradKeys[i], "grads", [r, c]);
      this.params[i] = parameters[this.keys[i]];
    }
  }
}

function checkOptions<T>(options: T, fn: string): T {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${fn} expects an options object such as { learningRate: 0.01 }, got ${describeValue(options)}`);
  }
  return options;
}

function checkRate(value: unknown, what: string): number {
  const x = checkNumber(value, what);
  if (!Number.isFinite(x)) throw new RangeError(`${what} must be finite, got ${x}`);
  return x;
}

abstract class BaseOptimizer {
  abstract readonly name: string;
  protected layout: Layout | null = null;
  private rate: number;

  constructor(learningRate: number) {
    this.rate = checkRate(learningRate, "learningRate");
  }

  get learningRate(): number {
    return this.rate;
  }

  set learningRate(value: number) {
    this.rate = checkRate(value, "learningRate");
  }

  /** Binds this step's matrices, creating the layout (and state) at the first step. */
  protected prepare(parameters: Parameters, grads: Gradients, stateful: boolean): Layout {
    let layout = this.layout;
    if (layout === null || (!stateful && !layout.matches(parameters))) {
      layout = new Layout(parameters);
      this.layout = layout;
      this.createState(layout);
    }
    layout.bind(parameters, grads, `${this.name}.step`);
    return layout;
  }

  protected createState(_layout: Layout): void {}

  reset(): void {
    this.layout = null;
  }
}

class GdOptimizer extends BaseOptimizer implements Optimizer {
  readonly name = "gd";

  step(parameters: Parameters, grads: Gradients): void {
    const layout = this.prepare(parameters, grads, false);
    const lr = this.learningRate;
    for (let i = 0; i < layout.keys.length; i++) {
      const P = rowsOf(layout.params[i]);
      const G = rowsOf(layout.grads[i]);
      for (let r = 0; r < P.length; r++) {
        const pr = P[r];
        const gr = G[r];
        for (let j = 0; j < pr.length; j++) pr[j] = pr[j] - lr * gr[j];
      }
    }
  }
}

class MomentumOpt extends BaseOptimizer implements MomentumOptimizer {
  readonly name = "momentum";
  readonly beta: number;
  private vs: Matrix[] = [];
  private dict: Gradients = {};

  constructor(options: MomentumOptions) {
    super(options.learningRate);
    this.beta = checkRate(options.beta ?? 0.9, "beta");
  }

  get velocity(): Readonly<Gradients> {
    return this.dict;
  }

  protected override createState(layout: Layout): void {
    this.vs = layout.keys.map((_, i) => zeros(layout.rows[i], layout.cols[i]));
    this.dict = Object.fromEntries(layout.gradKeys.map((k, i) => [k, this.vs[i]]));
  }

  override reset(): void {
    super.reset();
    this.vs = [];
    this.dict = {};
  }

  step(parameters: Parameters, grads: Gradients): void {
    const layout = this.prepare(parameters, grads, true);
    const lr = this.learningRate;
    const beta = this.beta;
    const oneMinusBeta = 1 - beta;
    for (let i = 0; i < layout.keys.length; i++) {
      const P = rowsOf(layout.params[i]);
      const G = rowsOf(layout.grads[i]);
      const V = rowsOf(this.vs[i]);
      for (let r = 0; r < P.length; r++) {
        const pr = P[r];
        const gr = G[r];
        const vr = V[r];
        for (let j = 0; j < pr.length; j++) {
          const v = beta * vr[j] + oneMinusBeta * gr[j];
          vr[j] = v;
          pr[j] = pr[j] - lr * v;
        }
      }
    }
  }
}

class AdamOpt extends BaseOptimizer implements AdamOptimizer {
  readonly name = "adam";
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private steps = 0;
  private vs: Matrix[] = [];
  private ss: Matrix[] = [];
  private vDict: Gradients = {};
  private sDict: Gradients = {};

  constructor(options: AdamOptions) {
    super(options.learningRate);
    this.beta1 = checkRate(options.beta1 ?? 0.9, "beta1");
    this.beta2 = checkRate(options.beta2 ?? 0.999, "beta2");
    this.epsilon = checkRate(options.epsilon ?? 1e-8, "epsilon");
  }

  get t(): number {
    return this.steps;
  }

  get v(): Readonly<Gradients> {
    return this.vDict;
  }

  get s(): Readonly<Gradients> {
    return this.sDict;
  }

  protected override createState(layout: Layout): void {
    this.vs = layout.keys.map((_, i) => zeros(layout.rows[i], layout.cols[i]));
    this.ss = layout.keys.map((_, i) => zeros(layout.rows[i], layout.cols[i]));
    this.vDict = Object.fromEntries(layout.gradKeys.map((k, i) => [k, this.vs[i]]));
    this.sDict = Object.fromEntries(layout.gradKeys.map((k, i) => [k, this.ss[i]]));
    this.steps = 0;
  }

  override reset(): void {
    super.reset();
    this.vs = [];
    this.ss = [];
    this.vDict = {};
    this.sDict = {};
    this.steps = 0;
  }

  step(parameters: Parameters, grads: Gradients): void {
    const layout = this.prepare(parameters, grads, true);
    const t = ++this.steps;
    const lr = this.learningRate;
    const beta1 = this.beta1;
    const beta2 = this.beta2;
    const eps = this.epsilon;
    const c1 = 1 - beta1;
    const c2 = 1 - beta2;
    const bc1 = 1 - powInt(beta1, t);
    const bc2 = 1 - powInt(beta2, t);
    for (let i = 0; i < layout.keys.length; i++) {
      const P = rowsOf(layout.params[i]);
      const G = rowsOf(layout.grads[i]);
      const V = rowsOf(this.vs[i]);
      const S = rowsOf(this.ss[i]);
      for (let r = 0; r < P.length; r++) {
        const pr = P[r];
        const gr = G[r];
        const vr = V[r];
        const sr = S[r];
        for (let j = 0; j < pr.length; j++) {
          const g = gr[j];
          const v = beta1 * vr[j] + c1 * g;
          const s = beta2 * sr[j] + c2 * (g * g);
          vr[j] = v;
          sr[j] = s;
          pr[j] = pr[j] - (lr * (v / bc1)) / (Math.sqrt(s / bc2) + eps);
        }
      }
    }
  }
}

/**
 * Plain (mini-batch) gradient descent: `W = W - learningRate * dW` for every
 * W{l}, b{l} and its gradient, in place. No state: each step follows the
 * parameters it is given.
 * @throws TypeError for missing options; TypeError/RangeError when learningRate is not a finite number.
 */
export function gd(options: GdOptions): Optimizer {
  return new GdOptimizer(checkOptions(options, "gd").learningRate);
}

/**
 * Gradient descent with momentum, in place: for every W{l}, b{l} with
 * gradient dW, `v = beta * v + (1 - beta) * dW`, then `W = W - learningRate * v`.
 * The velocities v (keyed dW1, db1, ...) are created, zeros shaped like the
 * parameters, at the first step.
 * @throws TypeError/RangeError when learningRate or beta is not a finite number.
 */
export function momentum(options: MomentumOptions): MomentumOptimizer {
  return new MomentumOpt(checkOptions(options, "momentum"));
}

/**
 * Adam, in place: for every W{l}, b{l} with gradient dW, at step t,
 * `v = beta1 * v + (1 - beta1) * dW`, `s = beta2 * s + (1 - beta2) * dW ** 2`,
 * `vCorrected = v / (1 - beta1 ** t)`, `sCorrected = s / (1 - beta2 ** t)`,
 * `W = W - learningRate * vCorrected / (sqrt(sCorrected) + epsilon)` (epsilon
 * outside the root). The moments v and s start at zero (created at the first
 * step); t counts every step (incremented before each update, never reset
 * between epochs, as in the course's model) and the powers are rounded as
 * numpy's (see {@link powInt}).
 * @throws TypeError/RangeError when a hyperparameter is not a finite number.
 */
export function adam(options: AdamOptions): AdamOptimizer {
  return new AdamOpt(checkOptions(options, "adam"));
}

/**
 * The shape of the autograder's hidden cases: inputs that a notebook does not
 * show (other seeds, shapes and arguments), each compared with the value the
 * solution notebook's own function returns on the same inputs, or with a
 * literal. One file per notebook in this folder; `index.ts` maps notebook
 * names to them.
 *
 * A case is data:
 *
 *   { label: "seed 2, m = 7, lambd = 0.3",            // what a learner is told
 *     args: (nb) => [...],                             // fresh inputs, built on each call
 *     expected?: value,                                // literal; default: the solution's result
 *     compare?: { rtol, atol, extraKeys } | (expected, actual) => string | null,
 *     needs?: ["forwardPropagationN"] }                // notebook values `args` uses (nb.<name>)
 *
 * `args` receives the solution notebook's top-level values (functions,
 * constants) under their names; it is called once for the reference and once
 * for the submission, so inputs must be rebuilt (seed first) every time. All
 * of this runs in the grading process; the submission only ever sees the
 * arguments. A function may also set `timeLimitSeconds` (default 20) and
 * `memoryMb` (default 512).
 */
import type { CompareOptions } from "../compare";

/**
 * The solution notebook's top-level values, by name. Their types live in the
 * notebooks (compiled separately), not here: a case calls them and destructures
 * or passes on what they return, so they stay `any`.
 */
// biome-ignore lint/suspicious/noExplicitAny: the notebooks' values are typed by the notebooks themselves; with `unknown` every case would need casts
export type NotebookScope = { readonly [name: string]: any };

export interface HiddenCase {
  /** Shown to the learner when the case fails: the inputs in words. */
  readonly label: string;
  /** Builds fresh arguments (seed the generator first when drawing). */
  readonly args: (nb: NotebookScope) => unknown[];
  /** The expected result; when absent, the solution notebook's function computes it from the same arguments. */
  readonly expected?: unknown;
  /** Tolerances, or a custom comparison returning why `actual` is wrong (null when right). */
  readonly compare?: CompareOptions | ((expected: unknown, actual: unknown) => string | null);
  /** Notebook names that `args` uses (added to the reference module). */
  readonly needs?: readonly string[];
}

export interface FunctionGrading {
  readonly hidden: readonly HiddenCase[];
  /** Time limit for the whole function (public check + hidden cases), default 20 s. */
  readonly timeLimitSeconds?: number;
  /** Memory limit of the process that runs it, default 512 MB. */
  readonly memoryMb?: number;
}

export type AssignmentGrading = { readonly [functionName: string]: FunctionGrading };

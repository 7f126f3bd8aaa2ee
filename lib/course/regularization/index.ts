/**
 * `dnnlab/course/regularization`: what the Regularization notebook imports
 * besides `dnnlab`: its helpers (`reg_utils`: the three-layer network with
 * its initialization and cost, the football data), its test cases and its
 * checkers.
 */
import { useFastExports } from "../../core/moduleExports";
export { initializeParameters, forwardPropagation, backwardPropagation, computeCost, updateParameters, predict, predictDec, type Cache3 } from "./utils";
export { loadFootball, type FootballData } from "../../io/football";
export * from "./cases";
export * from "./checks";

// Last: the exports object made fast for V8 (see core/moduleExports.ts).
useFastExports(typeof module === "undefined" ? undefined : module);

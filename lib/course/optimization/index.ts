/**
 * `dnnlab/course/optimization`: what the Optimization notebook imports
 * besides `dnnlab`: its helpers (`opt_utils`: the three-layer network with
 * its initialization and cost, the moons), its test cases and its checkers.
 */
import { useFastExports } from "../../core/moduleExports";
export { initializeParameters, forwardPropagation, backwardPropagation, computeCost, predict, predictDec, type Cache3 } from "./utils";
export { loadMoons } from "../../io/datasets";
export * from "./cases";
export * from "./checks";

// Last: the exports object made fast for V8 (see core/moduleExports.ts).
useFastExports(typeof module === "undefined" ? undefined : module);

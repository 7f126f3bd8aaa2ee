/**
 * `dnnlab/course/optimization`: what the Optimization notebook imports
 * besides `dnnlab`: its helpers (`opt_utils`: the three-layer network with
 * its initialization and cost, the moons), its test cases and its checkers.
 */
export { initializeParameters, forwardPropagation, backwardPropagation, computeCost, predict, predictDec, type Cache3 } from "./utils";
export { loadMoons } from "../../io/datasets";
export * from "./cases";
export * from "./checks";

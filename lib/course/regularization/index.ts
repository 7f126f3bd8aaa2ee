/**
 * `dnnlab/course/regularization`: what the Regularization notebook imports
 * besides `dnnlab`: its helpers (`reg_utils`: the three-layer network with
 * its initialization and cost, the football data), its test cases and its
 * checkers.
 */
export { initializeParameters, forwardPropagation, backwardPropagation, computeCost, updateParameters, predict, predictDec, type Cache3 } from "./utils";
export { loadFootball, type FootballData } from "../../io/football";
export * from "./cases";
export * from "./checks";

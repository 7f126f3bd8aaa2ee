/**
 * `dnnlab/course/initialization`: what the Initialization notebook imports
 * besides `dnnlab`: its helpers (the three-layer network, the circles) and
 * its checkers.
 */
export * from "./utils";
export * from "./checks";

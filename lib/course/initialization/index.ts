/**
 * `dnnlab/course/initialization`: what the Initialization notebook imports
 * besides `dnnlab`: its helpers (the three-layer network, the circles) and
 * its checkers.
 */
import { useFastExports } from "../../core/moduleExports";
export * from "./utils";
export * from "./checks";

// Last: the exports object made fast for V8 (see core/moduleExports.ts).
useFastExports(typeof module === "undefined" ? undefined : module);

/**
 * `dnnlab/course/gradientChecking`: what the Gradient Checking notebook
 * imports besides `dnnlab`: the course's vector conversions of the parameter
 * dictionaries (`gc_utils`), its test case and its checkers.
 */
import { useFastExports } from "../../core/moduleExports";
export { dictionaryToVector, vectorToDictionary, gradientsToVector } from "../../nn/gradientCheck";
export { gradientCheckNTestCase } from "./cases";
export { forwardPropagationTest, backwardPropagationTest, gradientCheckTest } from "./checks";

// Last: the exports object made fast for V8 (see core/moduleExports.ts).
useFastExports(typeof module === "undefined" ? undefined : module);

/**
 * `dnnlab/course/gradientChecking`: what the Gradient Checking notebook
 * imports besides `dnnlab`: the course's vector conversions of the parameter
 * dictionaries (`gc_utils`), its test case and its checkers.
 */
export { dictionaryToVector, vectorToDictionary, gradientsToVector } from "../../nn/gradientCheck";
export { gradientCheckNTestCase } from "./cases";
export { forwardPropagationTest, backwardPropagationTest, gradientCheckTest } from "./checks";

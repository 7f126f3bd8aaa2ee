/**
 * dnnlab: the library behind the TypeScript "Improving Deep Neural Networks"
 * notebooks. One import gives a notebook everything:
 *
 *     import { Matrix, random, str, dot, sigmoid, ... } from "dnnlab";
 */
export const version = "0.1.0";

export * from "./matrix";
export * as libm from "./libm"; // scalar glibc-exact log/exp (matrix.ts exports the element-wise log/exp)
export * from "./random";
export * from "./format";
export * from "./network";
export * from "./gradientCheck";
export * from "./checkers";
export * from "./testCases";
export * from "./datasets";
export * from "./football";
export * as initUtils from "./initUtils";
export * as optUtils from "./optUtils";
export * from "./optimizers";
export * from "./optCheckers";
export * from "./plots";
export * from "./display";
export * as regUtils from "./regUtils";
export * from "./regTests";
export * from "./signs";
export * as tfUtils from "./tfUtils";
export * as tfCheckers from "./tfCheckers";
export { pendingValue } from "./pending"; // stand-ins of the exercise notebooks (npm run exercises)

/**
 * The Initialization notebook's helpers (the course's `init_utils`): the
 * shared three-layer network LINEAR->RELU->LINEAR->RELU->LINEAR->SIGMOID
 * (nn/threeLayer.ts), its loss and predictions, and the circles data set.
 */
import { useFastExports } from "../../core/moduleExports";
export { forwardPropagation, backwardPropagation, computeLoss, updateParameters, predict, predictDec, type Cache3 } from "../../nn/threeLayer";
export { loadCircles, type TrainTestSet } from "../../io/datasets";

// Last: the exports object made fast for V8 (see core/moduleExports.ts).
useFastExports(typeof module === "undefined" ? undefined : module);

/**
 * `dnnlab/course/tensorflow`: what the TensorFlow introduction notebook
 * imports besides `dnnlab` and TensorFlow.js: the backend set-up, tensor
 * printing, the `tf.data` pieces tfjs lacks, the accuracy metric, the
 * figures, the SIGNS data (or its stand-in) and the checkers.
 */
export {
  tfjs,
  setUpBackend,
  tensorStr,
  CategoricalAccuracy,
  type TfParameters,
  type BackendName,
} from "./utils";
export { plotImageGrid, plotAccuracies } from "./plots";
export { fromTensorSlices, elementSpec, firstElement } from "./data";
export { loadSigns, signsStandIn, type SignsData, type SignsSplit } from "../../io/signs";
export * from "./checks";

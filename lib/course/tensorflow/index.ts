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
  plotImageGrid,
  plotAccuracies,
  type TfParameters,
  type BackendName,
} from "./utils";
export { fromTensorSlices, elementSpec, firstElement } from "./data";
export { loadSigns, signsStandIn, type SignsData, type SignsSplit } from "../../io/signs";
export * from "./checks";

// The library's internals that its own tests need: modules of dist/ that the
// package's exports map keeps private (a notebook cannot import them). They
// are loaded from dist/ by path, so they are the same module instances as the
// public entry points use (one Matrix class, one random generator).
import { join } from "node:path";

const dist = join(__dirname, "..", "..", "..", "dist");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(module: string): T => require(join(dist, `${module}.js`)) as T;

export const { blasBackend } = load<typeof import("../../dist/core/blas")>("core/blas");
export const { assertShape, flatten, rowsOf, vstack } = load<typeof import("../../dist/core/matrix")>("core/matrix");
export const { memoryInfo } = load<typeof import("../../dist/core/memory")>("core/memory");
export const { CheckFailed, singleTest } = load<typeof import("../../dist/course/checks")>("course/checks");
export const { FIGURE_HEIGHT, FIGURE_WIDTH, SPECTRAL_HIGH, SPECTRAL_LOW, TITLE_TOP, flatRange, titleMargin, withTitleBelowModeBar } =
  load<typeof import("../../dist/display/figures")>("display/figures");
export const { displayMimeBundle, inNotebook } = load<typeof import("../../dist/display/notebook")>("display/notebook");
export const { figureMimeBundle, figurePendingText, figureText, plotlyInitMimeBundle, showFigure } =
  load<typeof import("../../dist/display/plotly")>("display/plotly");
export const { decisionBoundaryGrid } = load<typeof import("../../dist/display/plots")>("display/plots");
export const { makeCircles, makeMoons } = load<typeof import("../../dist/io/datasets")>("io/datasets");
export const { footballDataPaths, footballStandIn } = load<typeof import("../../dist/io/football")>("io/football");
export const { parseMatFile, readMatFile } = load<typeof import("../../dist/io/matfile")>("io/matfile");
export const { COURSE_FIRST_TRAIN_LABELS, readSignsFile, signsDataPaths } = load<typeof import("../../dist/io/signs")>("io/signs");
export const { gradientCheckLayout, parameterKeys, relativeDifference } = load<typeof import("../../dist/nn/gradientCheck")>("nn/gradientCheck");
export const { fma } = load<typeof import("../../dist/numerics/fma")>("numerics/fma");
export const { powInt } = load<typeof import("../../dist/numerics/pow")>("numerics/pow");
export const { broadcastShape } = load<typeof import("../../dist/numpy/elementwise")>("numpy/elementwise");
export const { nansum } = load<typeof import("../../dist/numpy/reductions")>("numpy/reductions");
export const libm = load<typeof import("../../dist/numerics/libm")>("numerics/libm");
export const wasmLibm = load<typeof import("../../dist/core/wasmLibm")>("core/wasmLibm");
export const { accuracy } = load<typeof import("../../dist/nn/threeLayer")>("nn/threeLayer");
export const { loadDataset, loadParamsAndGrads } = load<typeof import("../../dist/course/optimization/utils")>("course/optimization/utils");
export const { encodePng } = load<typeof import("../../dist/course/tensorflow/plots")>("course/tensorflow/plots");
export const { ADAM_KERNEL, originalKernel } = load<typeof import("../../dist/course/tensorflow/kernels")>("course/tensorflow/kernels");
export type { ContourTrace, DataArray, ScatterTrace } from "../../dist/display/figures";

// dnnlab side of the "gradient_check_n" workload: 100 x (forward, buggy
// backward, 47-parameter gradient check) on the course's test case, with the
// Gradient Checking notebook's own forwardPropagationN, backwardPropagationN
// and graded gradientCheckN (build/solutions/Gradient_Checking.training.js,
// generated from the notebook by `npm run build`), as
// bench/numpy/gradient_check.py does with the course's.
// Prints the difference, then the elapsed seconds of the timed part on the
// last line, with the CPU seconds.
//   node bench/dnnlab/gradientCheck.mjs [repeats]     (default 100)
import dnnlab from "dnnlab";
import { loadTraining, notebookCell } from "./notebook.mjs";

import gradientChecking from "dnnlab/course/gradientChecking";

const { reprFloat } = dnnlab;
const { gradientCheckNTestCase } = gradientChecking;

const repeats = Number(process.argv[2] ?? 100);
const { forwardPropagationN, backwardPropagationN, gradientCheckN } = await loadTraining("Gradient_Checking");
const [X, Y, parameters] = gradientCheckNTestCase();
const run = await notebookCell(() => {
  let difference = NaN;
  for (let r = 0; r < repeats; r++) {
    const [, cache] = forwardPropagationN(X, Y, parameters);
    const gradients = backwardPropagationN(X, Y, cache);
    difference = gradientCheckN(parameters, gradients, X, Y);
  }
  return difference;
});
console.log("difference", reprFloat(run.value));
console.log(run.seconds, run.cpuSeconds);

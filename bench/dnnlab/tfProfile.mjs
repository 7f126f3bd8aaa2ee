// Where the TensorFlow notebook's training time goes: the notebook's own
// model (build/solutions/TensorFlow_introduction.training.js) run for a few
// epochs with every kernel of the active backend wrapped in a timer.
//
// Prints, per kernel (BatchMatMul split by shapes and transpose flags), the
// calls per epoch and the milliseconds per epoch, then the time of one pass
// over the input pipeline alone (the tf.data batches, no training) and the
// share of the epoch spent outside kernels (tfjs' bookkeeping, JavaScript).
//   node bench/dnnlab/tfProfile.mjs [epochs]    (default 3; the first is not counted)
import { loadTraining } from "./notebook.mjs";

import tfCourse from "dnnlab/course/tensorflow";

const tf = tfCourse.tfjs();
const epochs = Math.max(2, Number(process.argv[2] ?? 3));
const backend = await tfCourse.setUpBackend();
const { model, newTrain, newYTrain, newTest, newYTest } = await loadTraining("TensorFlow_introduction");

/** kernel key -> { calls, ms } while `recording` is on. */
const times = new Map();
let recording = false;
const now = () => Number(process.hrtime.bigint()) / 1e6;

function keyOf(name, inputs, attrs) {
  if (name !== "BatchMatMul" && name !== "_FusedMatMul") return name;
  const { a, b } = inputs;
  const flags = `${attrs.transposeA ? "T" : "N"}${attrs.transposeB ? "T" : "N"}`;
  return `${name} ${flags} (${a.shape.join("×")}) · (${b.shape.join("×")})`;
}

for (const config of tf.getKernelsForBackend(backend)) {
  const inner = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, backend);
  tf.registerKernel({
    ...config,
    setupFunc: undefined, // already run when the backend started
    kernelFunc(args) {
      if (!recording) return inner(args);
      const start = now();
      const out = inner(args);
      const key = keyOf(config.kernelName, args.inputs, args.attrs ?? {});
      const t = times.get(key) ?? { calls: 0, ms: 0 };
      t.calls++;
      t.ms += now() - start;
      times.set(key, t);
      return out;
    },
  });
}

// the epochs after the first (which creates Adam's variables and warms up):
// the model's zip asks the training images for a new iterator at each epoch
// (wrapping the dataset in a map would hide it from the sliced batching)
const epochStarts = [];
const counted = newTrain;
const firstIterator = counted.iterator.bind(counted);
counted.iterator = async () => {
  epochStarts.push(now());
  if (epochStarts.length === 2) recording = true;
  return firstIterator();
};
const log = console.log;
console.log = () => {}; // the model's own lines
const [parameters] = await model(counted, newYTrain, newTest, newYTest, { numEpochs: epochs, printCost: false });
const end = now();
console.log = log;
recording = false;
tf.dispose(Object.values(parameters));

const measured = epochs - 1;
const epochMs = (end - epochStarts[1]) / measured;
const rows = [...times.entries()].sort((x, y) => y[1].ms - x[1].ms);
const kernelMs = rows.reduce((s, [, t]) => s + t.ms, 0) / measured;
console.log(`backend ${backend}: ${epochMs.toFixed(1)} ms per epoch (mean of epochs 2..${epochs}), ${kernelMs.toFixed(1)} ms of it in kernels`);
console.log("   ms/epoch  calls/epoch  kernel");
for (const [key, t] of rows) {
  if (t.ms / measured < 0.05) continue;
  console.log(`${(t.ms / measured).toFixed(2).padStart(10)}  ${String(Math.round(t.calls / measured)).padStart(11)}  ${key}`);
}

// the input pipeline alone: one pass over the batches the model draws
const pipeline = tf.data.zip({ x: newTrain, y: newYTrain }).batch(32);
const it = await pipeline.iterator();
const pStart = now();
for (let next = await it.next(); !next.done; next = await it.next()) tf.dispose(Object.values(next.value));
const pipelineMs = now() - pStart;
console.log(`input pipeline alone (tf.data zip + batch of the normalised images and one-hot labels, sliced): ${pipelineMs.toFixed(1)} ms per epoch`);
console.log(`outside kernels: ${(epochMs - kernelMs).toFixed(1)} ms per epoch (tfjs bookkeeping, tf.data, JavaScript)`);

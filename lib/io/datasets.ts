/**
 * The course's data sets.
 *
 * `makeCircles` and `makeMoons` follow scikit-learn 1.2's generators step by
 * step, drawing from the numpy-faithful global {@link random} (or another
 * `RandomState`), so after the same `seed` they give sklearn's points in
 * sklearn's order. Coordinates use V8's `Math.sin`/`Math.cos`, which can
 * differ from glibc's by an ulp; labels and order are identical.
 */
import { Matrix } from "ml-matrix";
import { random as globalRandom, type RandomState } from "../numpy/random";
import { rowsOf, transpose, zeros } from "../core/matrix";

/** A generated 2-D data set in sklearn's layout: `X` is `(n, 2)`, `y` the n labels. */
export interface DataSet2D {
  X: Matrix;
  y: number[];
}

/** Options of {@link makeCircles}. */
export interface MakeCirclesOptions {
  /** Number of points (default 100); the outer circle gets `floor(n/2)`. */
  nSamples?: number;
  /** Standard deviation of the Gaussian noise added to every coordinate (none if omitted). */
  noise?: number;
  /** Inner radius relative to the outer one, in [0, 1) (default 0.8). */
  factor?: number;
  /** Shuffle the points (default true). */
  shuffle?: boolean;
  /** Generator to draw from (default: the global `random`). */
  randomState?: RandomState;
}

/** Options of {@link makeMoons}. */
export interface MakeMoonsOptions {
  nSamples?: number;
  noise?: number;
  shuffle?: boolean;
  randomState?: RandomState;
}

function checkCount(n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`nSamples must be a non-negative integer, got ${n}`);
}

/** numpy `linspace(start, stop, num, endpoint)`: `start + i * step`, last value exactly `stop` with the endpoint. */
function linspace(start: number, stop: number, num: number, endpoint: boolean): Float64Array {
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const step = (stop - start) / div;
  for (let i = 0; i < num; i++) out[i] = i * step + start;
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}

/** Shuffles rows, then adds noise, in sklearn's order of draws. */
function finish(xs: Float64Array, ys: Float64Array, labels: number[], shuffle: boolean, noise: number | undefined, rng: RandomState): DataSet2D {
  const n = labels.length;
  const order = Array.from({ length: n }, (_, i) => i);
  if (shuffle) rng.shuffle(order);
  const X = zeros(n, 2);
  const R = rowsOf(X);
  const y: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    R[i][0] = xs[order[i]];
    R[i][1] = ys[order[i]];
    y[i] = labels[order[i]];
  }
  if (noise !== undefined) {
    if (!(noise >= 0)) throw new RangeError(`noise must be >= 0, got ${noise}`);
    const N = rowsOf(rng.normal(0, noise, n, 2));
    for (let i = 0; i < n; i++) {
      R[i][0] += N[i][0];
      R[i][1] += N[i][1];
    }
  }
  return { X, y };
}

/**
 * sklearn's `make_circles`: a large circle (label 0) containing a smaller one
 * (label 1), optionally shuffled and blurred by Gaussian noise.
 * @returns `{ X (n,2), y (n labels) }`
 * @throws RangeError for a negative or fractional count, a factor outside [0, 1), or negative noise.
 */
export function makeCircles(options: MakeCirclesOptions = {}): DataSet2D {
  const { nSamples = 100, noise, factor = 0.8, shuffle = true, randomState = globalRandom } = options;
  checkCount(nSamples);
  if (!(factor >= 0 && factor < 1)) throw new RangeError(`factor has to be between 0 and 1, got ${factor}`);
  const nOut = Math.floor(nSamples / 2);
  const nIn = nSamples - nOut;
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  const xs = new Float64Array(nSamples);
  const ys = new Float64Array(nSamples);
  for (let i = 0; i < nOut; i++) {
    xs[i] = Math.cos(tOut[i]);
    ys[i] = Math.sin(tOut[i]);
  }
  for (let i = 0; i < nIn; i++) {
    xs[nOut + i] = Math.cos(tIn[i]) * factor;
    ys[nOut + i] = Math.sin(tIn[i]) * factor;
  }
  const labels = Array.from({ length: nSamples }, (_, i) => (i < nOut ? 0 : 1));
  return finish(xs, ys, labels, shuffle, noise, randomState);
}

/**
 * sklearn's `make_moons`: two interleaving half circles (label 0 on top,
 * label 1 below and shifted), optionally shuffled and blurred by noise.
 * @returns `{ X (n,2), y (n labels) }`
 * @throws RangeError for a negative or fractional count or negative noise.
 */
export function makeMoons(options: MakeMoonsOptions = {}): DataSet2D {
  const { nSamples = 100, noise, shuffle = true, randomState = globalRandom } = options;
  checkCount(nSamples);
  const nOut = Math.floor(nSamples / 2);
  const nIn = nSamples - nOut;
  const tOut = linspace(0, Math.PI, nOut, true);
  const tIn = linspace(0, Math.PI, nIn, true);
  const xs = new Float64Array(nSamples);
  const ys = new Float64Array(nSamples);
  for (let i = 0; i < nOut; i++) {
    xs[i] = Math.cos(tOut[i]);
    ys[i] = Math.sin(tOut[i]);
  }
  for (let i = 0; i < nIn; i++) {
    xs[nOut + i] = 1 - Math.cos(tIn[i]);
    ys[nOut + i] = 1 - Math.sin(tIn[i]) - 0.5;
  }
  const labels = Array.from({ length: nSamples }, (_, i) => (i < nOut ? 0 : 1));
  return finish(xs, ys, labels, shuffle, noise, randomState);
}

/** The course's layout of a data set: features × examples, labels as a row. */
function toCourseLayout(d: DataSet2D): [Matrix, Matrix] {
  return [transpose(d.X), Matrix.rowVector(d.y)];
}

/** A train/test split in the course's layout: X is `(2, m)`, Y is `(1, m)`. */
export interface TrainTestSet {
  trainX: Matrix;
  trainY: Matrix;
  testX: Matrix;
  testY: Matrix;
}

/**
 * The Initialization notebook's data (course `init_utils.load_dataset`):
 * `random.seed(1)` then 300 training circles, `random.seed(2)` then 100 test
 * circles, noise 0.05. Leaves the global `random` in the state numpy would.
 * @returns `{ trainX (2,300), trainY (1,300), testX (2,100), testY (1,100) }`
 */
export function loadCircles(): TrainTestSet {
  globalRandom.seed(1);
  const [trainX, trainY] = toCourseLayout(makeCircles({ nSamples: 300, noise: 0.05 }));
  globalRandom.seed(2);
  const [testX, testY] = toCourseLayout(makeCircles({ nSamples: 100, noise: 0.05 }));
  return { trainX, trainY, testX, testY };
}

/**
 * The Optimization notebook's data (course `opt_utils.load_dataset`):
 * `random.seed(3)` then 300 moons with noise 0.2.
 * @returns `{ trainX (2,300), trainY (1,300) }`
 */
export function loadMoons(): { trainX: Matrix; trainY: Matrix } {
  globalRandom.seed(3);
  const [trainX, trainY] = toCourseLayout(makeMoons({ nSamples: 300, noise: 0.2 }));
  return { trainX, trainY };
}

/**
 * Building blocks of the course's fully-connected networks: activations and
 * the parameter dictionaries `{ W1, b1, W2, b2, ... }` (`Wl` is `(n_l, n_{l-1})`,
 * `bl` is `(n_l, 1)`), with gradients in `{ dW1, db1, ... }`.
 */
import { Matrix } from "ml-matrix";
import { exp as libmExp } from "../numerics/libm";
import { describeValue, rowsOf, shapeText, shape } from "../core/matrix";
import { greater, maximum } from "../numpy/elementwise";
import { allocateMatrix } from "../core/memory";
import { LIBM, mapLibm } from "../core/wasmLibm";

/** A parameter dictionary: `W1`, `b1`, `W2`, ... → matrices. */
export type Parameters = Record<string, Matrix>;

/** A gradient dictionary: `dW1`, `db1`, ... (other keys such as `dZ1` may be present). */
export type Gradients = Record<string, Matrix>;

/**
 * Element-wise logistic sigmoid `1 / (1 + exp(-z))`, as the course writes it
 * (no clipping), with glibc's `exp`. Same shape out (into `out` when given).
 */
export function sigmoid(z: Matrix, out?: Matrix): Matrix {
  const result = out ?? allocateMatrix(z.rows, z.columns, false);
  const Z = rowsOf(z);
  const O = rowsOf(result);
  if (mapLibm(LIBM.sigmoid, Z, O, z.rows, z.columns)) return result;
  for (let i = 0; i < z.rows; i++) {
    const zi = Z[i];
    const oi = O[i];
    for (let j = 0; j < zi.length; j++) oi[j] = 1 / (1 + libmExp(-zi[j]));
  }
  return result;
}

/** Element-wise ReLU, numpy `np.maximum(0, z)` (nan stays nan). Same shape out. */
export function relu(z: Matrix): Matrix {
  return maximum(0, z);
}

/**
 * The 0/1 indicator of `a > 0` that the course's backward passes multiply by
 * (`np.int64(A > 0)`). Same shape out.
 */
export function positiveMask(a: Matrix): Matrix {
  return greater(a, 0);
}

/**
 * Returns `dict[key]`, checking that it is a Matrix (of `expected` shape when given).
 * @throws Error naming the missing key and the keys present, or the wrong shape.
 */
export function getMatrix(dict: Record<string, Matrix>, key: string, what: string, expected?: readonly [number, number]): Matrix {
  if (dict === null || typeof dict !== "object") {
    throw new TypeError(`${what} must be a dictionary of matrices, got ${describeValue(dict)}`);
  }
  const m = dict[key];
  if (m === undefined) {
    const present = Object.keys(dict);
    throw new Error(`${what} has no "${key}" (keys present: ${present.length ? present.join(", ") : "none"})`);
  }
  if (!(m instanceof Matrix)) {
    throw new TypeError(`${what}["${key}"] must be a Matrix, got ${describeValue(m)}`);
  }
  if (expected && (m.rows !== expected[0] || m.columns !== expected[1])) {
    throw new RangeError(`${what}["${key}"] has shape ${shapeText(shape(m))}, expected ${shapeText(expected)}`);
  }
  return m;
}

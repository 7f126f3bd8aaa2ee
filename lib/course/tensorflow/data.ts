/**
 * The `tf.data` pieces the course uses that tfjs lacks: {@link fromTensorSlices}
 * (TensorFlow's `Dataset.from_tensor_slices`), {@link elementSpec} and
 * {@link firstElement}.
 *
 * Speed. A dataset of slices is a fixed list, and the course maps it through
 * functions of each element alone (`normalize`, the one-hot labels). Run at
 * every pass, those maps would be most of the training's kernel calls (three
 * per image and three per label, every epoch: more than the training step
 * itself). So the dataset `fromTensorSlices(t).map(f)` calls `f` once per
 * element, on the first pass that reaches it, and keeps the result's values:
 * later passes make the same tensors from them. `f` must therefore depend on
 * its element only (no random augmentation, no counting); maps of that
 * dataset, and everything else, are tf.data's own. Once all the values of
 * such a dataset are known, `dataset.batch(n)` (also of a `tf.data.zip` of
 * them) slices its batches out of them (./batches.ts).
 */
import type * as TF from "@tensorflow/tfjs";
import { registerSliceIterator, type Slices, type Values } from "./batches";
import { shapeTuple, tfjs } from "./utils";

/**
 * A dataset of `count` elements; element `i` is made by `element(i)` (a new
 * tensor, for the caller to dispose). `slices()` gives all the elements'
 * values when they are known (null otherwise), for sliced batching.
 */
function listDataset<T extends TF.TensorContainer>(count: number, element: (i: number) => T, slices: () => Slices | null): TF.data.Dataset<T> {
  const tf = tfjs();
  const dataset = tf.data.generator(function* () {
    for (let i = 0; i < count; i++) yield element(i);
  });
  // Like TensorFlow's cardinality(): the number of elements is known.
  (dataset as { size: number }).size = count;
  dataset.iterator = async () => {
    let produced = 0;
    const iterator = await tf.data
      .generator(function* () {
        while (produced < count) yield element(produced++);
      })
      .iterator();
    registerSliceIterator(iterator, { produced: () => produced, slices });
    return iterator;
  };
  return dataset;
}

/** Where the results of a map are kept: one typed array for elements of one shape and dtype. */
interface Kept {
  values: Values;
  shape: number[];
  dtype: "float32" | "int32" | "bool";
  size: number;
  done: Uint8Array;
  /** How many of `done` are set. */
  doneCount: number;
}

/** A place for `count` results like `first`, or null when such results cannot be kept. */
function keeperFor(first: TF.TensorContainer, count: number): Kept | null {
  const tf = tfjs();
  if (!(first instanceof tf.Tensor) || (first.dtype !== "float32" && first.dtype !== "int32" && first.dtype !== "bool")) return null;
  const size = first.size;
  const values =
    first.dtype === "float32" ? new Float32Array(count * size) : first.dtype === "int32" ? new Int32Array(count * size) : new Uint8Array(count * size);
  return { values, shape: first.shape.slice(), dtype: first.dtype, size, done: new Uint8Array(count), doneCount: 0 };
}

/**
 * The dataset `source.map(f)` for a fixed list `source` of `count` tensors:
 * `f` runs in `tf.tidy`, the input is disposed unless `f` returns it (as
 * tf.data's map does), and the result's values are kept (see the module's
 * doc) when every result is one tensor of the same shape and dtype.
 */
function mapOnce<O extends TF.TensorContainer>(count: number, source: (i: number) => TF.Tensor, f: (value: TF.Tensor) => O): TF.data.Dataset<O> {
  const tf = tfjs();
  let kept: Kept | null | undefined; // undefined until the first result
  const slices = (): Slices | null => (kept && kept.doneCount === count ? { values: kept.values, shape: kept.shape, dtype: kept.dtype, count } : null);
  const element = (i: number): O => {
    if (kept?.done[i]) return tf.tensor(kept.values.subarray(i * kept.size, (i + 1) * kept.size), kept.shape, kept.dtype) as unknown as O;
    const input = source(i);
    let result: O | undefined;
    try {
      result = tf.tidy(() => f(input));
    } finally {
      // tf.data's map disposes the input unless it is (part of) the result
      if (result === undefined || !tf.tensor_util.getTensorsInContainer(result).includes(input)) input.dispose();
    }
    const output = result as O;
    if (kept === undefined) kept = keeperFor(output, count);
    if (kept) {
      const t = output as unknown as TF.Tensor;
      if (t instanceof tf.Tensor && t.dtype === kept.dtype && t.shape.join() === kept.shape.join()) {
        kept.values.set(t.dataSync() as Values, i * kept.size);
        if (!kept.done[i]) kept.doneCount++;
        kept.done[i] = 1;
      } else {
        kept = null; // results of different shapes: f runs at every pass
      }
    }
    return output;
  };
  return listDataset(count, element, slices);
}

/**
 * TensorFlow's `tf.data.Dataset.from_tensor_slices(t)`: a dataset whose
 * elements are `t[0]`, `t[1]`, … (each of shape `t.shape.slice(1)`, same
 * dtype), made on demand at each pass from a copy of `t`'s values taken now
 * (tensors are immutable; `t` may be disposed afterwards). Slicing `t` itself
 * for each element would be slow on the wasm backend, which copies the whole
 * tensor per slice. Its `map(f)` keeps `f`'s results (see the module's doc).
 * @throws RangeError for a scalar; TypeError for a dtype other than float32, int32, bool
 */
export function fromTensorSlices(t: TF.Tensor): TF.data.Dataset<TF.Tensor> {
  const tf = tfjs();
  if (t.rank < 1) throw new RangeError(`fromTensorSlices: expected a tensor of rank >= 1, got a scalar`);
  if (t.dtype !== "float32" && t.dtype !== "int32" && t.dtype !== "bool") {
    throw new TypeError(`fromTensorSlices: cannot slice a ${t.dtype} tensor`);
  }
  const n = t.shape[0];
  const rest = t.shape.slice(1);
  const size = rest.reduce((a, b) => a * b, 1);
  const values = t.dataSync() as Values;
  const dtype = t.dtype;
  const element = (i: number): TF.Tensor => tf.tensor(values.subarray(i * size, (i + 1) * size), rest, dtype);
  const dataset = listDataset(n, element, () => ({ values, shape: rest, dtype, count: n }));
  dataset.map = <O extends TF.TensorContainer>(f: (value: TF.Tensor) => O): TF.data.Dataset<O> => mapOnce(n, element, f);
  return dataset;
}

/** The elements a dataset can hold that {@link elementSpec} describes. */
export type Element = TF.Tensor | { [key: string]: Element } | Element[];

function specOf(e: Element): string {
  if (Array.isArray(e)) return `(${e.map(specOf).join(", ")})`;
  if (e instanceof tfjs().Tensor) return `TensorSpec(shape=${shapeTuple(e.shape)}, dtype=${e.dtype})`;
  return `{${Object.entries(e)
    .map(([k, v]) => `'${k}': ${specOf(v)}`)
    .join(", ")}}`;
}

/**
 * The course's `dataset.element_spec`: the shape and dtype of a dataset's
 * elements, read from its first element, e.g.
 * `TensorSpec(shape=(64, 64, 3), dtype=int32)`. (A prefetching dataset
 * fills its buffer first: use it on the unbatched, unprefetched dataset.)
 * @throws Error for an empty dataset
 */
export async function elementSpec(ds: TF.data.Dataset<TF.TensorContainer>): Promise<string> {
  const tf = tfjs();
  const it = await ds.iterator();
  const first = await it.next();
  if (first.done) throw new Error("elementSpec: the dataset is empty");
  const spec = specOf(first.value as Element);
  tf.dispose(first.value);
  return spec;
}

/** The course's `next(iter(dataset))`: the first element (the caller disposes it). */
export async function firstElement<T extends TF.TensorContainer>(ds: TF.data.Dataset<T>): Promise<T> {
  const it = await ds.iterator();
  const first = await it.next();
  if (first.done) throw new Error("firstElement: the dataset is empty");
  return first.value;
}

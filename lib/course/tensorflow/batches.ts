/**
 * Minibatches of slice datasets by slicing, behind tf.data's own
 * `dataset.batch(n)`.
 *
 * Why. The course batches `tf.data.zip((x, y)).batch(32)`. tf.data makes each
 * batch element by element: one tensor per image (a copy into the backend),
 * one promise chain per element through the zip, then `tf.stack` (a second
 * copy). For the TensorFlow notebook that is ~15 ms of a ~107 ms epoch. When
 * every dataset being batched is a list of slices whose values are all known
 * ({@link ./data.ts}: `fromTensorSlices(t)`, and its `map(f)` once `f` has run
 * on every element), a batch is a run of consecutive values: one tensor made
 * from one subarray, the same values, shape and dtype as `tf.stack` of the
 * elements.
 *
 * How. `tf.data.zip` and `Dataset.batch` are tfjs's (the namespace cannot be
 * patched, and the notebook keeps the course's calls). `batch` asks the
 * upstream iterator for `columnMajorBatch(n, smallLastBatch, deepBatchConcat)`;
 * that method, on tfjs's iterator base class, is where this module looks at
 * what is batched: a fresh iterator of a slice dataset, or a fresh zip of
 * them (tfjs's `ZipIterator`: its `iterators` structure, `count`, mismatch
 * mode). Anything else — another zip function, an iterator already advanced,
 * a dataset whose values are not all known — goes to tfjs's method untouched.
 * The result is the same elements; only their making differs.
 */
import type * as TF from "@tensorflow/tfjs";
import { tfjs } from "./utils";

/** The values of a float32, int32 or bool tensor. */
export type Values = Float32Array | Int32Array | Uint8Array;

/** Every element of a slice dataset at once: element `i` is `values[i*size, (i+1)*size)` of shape `shape`. */
export interface Slices {
  values: Values;
  shape: readonly number[];
  dtype: "float32" | "int32" | "bool";
  count: number;
}

/** What the batching needs from an iterator of a slice dataset. */
interface Cursor {
  /** How many elements the iterator has produced (0: fresh). */
  produced(): number;
  /** All the elements' values, or null while some are not known yet. */
  slices(): Slices | null;
}

/** tfjs's LazyIterator, as far as this module uses it. */
interface Iterator {
  next(): Promise<IteratorResult<unknown>>;
  summary(): string;
  columnMajorBatch(batchSize: number, smallLastBatch?: boolean, zipFn?: (rows: unknown) => unknown): Iterator;
}

/** tfjs-data 4.22's ZipMismatchMode. */
const SHORTEST = 1;

/**
 * A structure of leaves: one leaf, or an object of structures (as tf.data.zip
 * takes them). Arrays are left out: tf.data's batching treats an array as
 * numbers to make one tensor of, not as a structure.
 */
type Structure<L> = L | { [key: string]: Structure<L> };

const cursors = new WeakMap<object, Cursor>();
const INSTALLED = Symbol.for("dnnlab.slicedBatches");

/**
 * Registers `iterator` (a tfjs LazyIterator of a slice dataset) for sliced
 * batching, and installs the batching hook on its base class (once).
 */
export function registerSliceIterator(iterator: object, cursor: Cursor): void {
  cursors.set(iterator, cursor);
  installHook(iterator);
}

function installHook(iterator: object): void {
  let proto: object | null = Object.getPrototypeOf(iterator);
  while (proto && !Object.getOwnPropertyNames(proto).includes("columnMajorBatch")) proto = Object.getPrototypeOf(proto);
  if (!proto) return; // not tfjs's iterator: batching stays tf.data's
  const base = proto as Iterator & { [INSTALLED]?: boolean };
  if (base[INSTALLED]) return;
  const original = base.columnMajorBatch;
  base[INSTALLED] = true;
  base.columnMajorBatch = function columnMajorBatch(this: Iterator, batchSize, smallLastBatch = true, zipFn) {
    // Dataset.batch passes tf.data's deepBatchConcat (tensors stacked); other zip functions make lists
    const sliced = zipFn?.name === "deepBatchConcat" ? slicedBatches(this, base, batchSize, smallLastBatch) : null;
    return sliced ?? original.call(this, batchSize, smallLastBatch, zipFn);
  };
}

/** The slices behind a fresh iterator of a slice dataset, or null. */
function freshSlices(iterator: unknown): Slices | null {
  const cursor = typeof iterator === "object" && iterator !== null ? cursors.get(iterator) : undefined;
  return cursor && cursor.produced() === 0 ? cursor.slices() : null;
}

/** The structure of slices `upstream` zips (or is), when every leaf is a fresh slice iterator; else null. */
function slicesOf(upstream: object): Structure<Slices> | null {
  const own = freshSlices(upstream);
  if (own) return own;
  const zip = upstream as { iterators?: unknown; count?: unknown; currentPromise?: unknown; mismatchMode?: unknown };
  if (zip.iterators === undefined || zip.count !== 0 || zip.currentPromise != null) return null;
  const walk = (node: unknown): Structure<Slices> | null => {
    const slices = freshSlices(node);
    if (slices) return slices;
    if (typeof node !== "object" || node === null || Array.isArray(node) || cursors.has(node) || typeof (node as Iterator).next === "function") return null;
    const entries: [string, Structure<Slices>][] = [];
    for (const [k, v] of Object.entries(node)) {
      const child = walk(v);
      if (child === null) return null;
      entries.push([k, child]);
    }
    return entries.length === 0 ? null : Object.fromEntries(entries);
  };
  const structure = walk(zip.iterators);
  if (!structure) return null;
  const counts = leaves(structure).map((s) => s.count);
  // tf.data.zip stops at the shortest; other modes are batched by tfjs unless the lengths agree
  if (zip.mismatchMode !== SHORTEST && counts.some((c) => c !== counts[0])) return null;
  return structure;
}

function leaves(structure: Structure<Slices>): Slices[] {
  if (isSlices(structure)) return [structure];
  return Object.values(structure).flatMap(leaves);
}

function isSlices(node: Structure<Slices>): node is Slices {
  return ArrayBuffer.isView((node as Slices).values);
}

/** Elements [start, end) of every leaf, as one tensor per leaf in the structure's shape. */
function batchOf(structure: Structure<Slices>, start: number, end: number): TF.TensorContainer {
  const tf = tfjs();
  if (isSlices(structure)) {
    const size = structure.shape.reduce((a, b) => a * b, 1);
    return tf.tensor(structure.values.subarray(start * size, end * size), [end - start, ...structure.shape], structure.dtype);
  }
  return Object.fromEntries(Object.entries(structure).map(([k, s]) => [k, batchOf(s, start, end)])) as TF.TensorContainer;
}

/**
 * A promise-like that makes its value when first awaited. tf.data's
 * `prefetch(n)` asks for n batches ahead: made at once, each batch would be
 * written n batches (for the notebook, 12 MB) before it is read, out of the
 * processor's caches by then (the transpose that reads it took 2.5 times as
 * long). Made when awaited, it is read while still in cache; a batch never
 * awaited is never made.
 */
function deferred<T>(make: () => T): Promise<T> {
  let made: Promise<T> | undefined;
  const promise = (): Promise<T> => {
    made ??= new Promise<T>((resolve) => resolve(make()));
    return made;
  };
  return {
    // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose (see above)
    then: (onFulfilled, onRejected) => promise().then(onFulfilled, onRejected),
    catch: (onRejected) => promise().catch(onRejected),
    finally: (onFinally) => promise().finally(onFinally),
    [Symbol.toStringTag]: "Promise",
  };
}

/** An iterator (on tfjs's iterator base `base`) of the batches of `upstream`, or null when it is not a slice dataset. */
function slicedBatches(upstream: Iterator, base: Iterator, batchSize: number, smallLastBatch: boolean): Iterator | null {
  if (!Number.isInteger(batchSize) || batchSize < 1) return null;
  const structure = slicesOf(upstream);
  if (!structure) return null;
  const count = Math.min(...leaves(structure).map((s) => s.count));
  const end = smallLastBatch ? count : count - (count % batchSize);
  let next = 0;
  const iterator = Object.create(base) as Iterator;
  iterator.next = () => {
    if (next >= end) return Promise.resolve({ value: null, done: true });
    const start = next;
    next = Math.min(start + batchSize, end);
    const stop = next;
    return deferred(() => ({ value: batchOf(structure, start, stop), done: false }));
  };
  iterator.summary = () => `${upstream.summary()} -> Batch (sliced) ${batchSize}`;
  return iterator;
}

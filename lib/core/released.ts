/**
 * What a matrix released by `tidy` (core/memory.ts) turns into: its `data`
 * becomes a proxy that throws, on any read, an error naming the shape and
 * `tidy`, so that a recycled matrix used afterwards fails loudly instead of
 * reading the numbers of the matrix that now owns its storage.
 */
function releasedMessage(rows: number, cols: number): string {
  return (
    `this (${rows}, ${cols}) matrix was created inside tidy() and released when that call ended: ` +
    "return it from the function given to tidy(), or pass it to keep(), to use it afterwards"
  );
}

/** Marks the proxy of a released matrix (read by {@link releasedError}). */
const RELEASED = Symbol("dnnlab.released");

/** Reading anything from a released matrix's rows throws (the message names the shape). */
const releasedHandler: ProxyHandler<{ rows: number; cols: number }> = {
  get(target, property) {
    const message = releasedMessage(target.rows, target.cols);
    if (property === RELEASED) return message;
    throw new Error(message);
  },
};

/**
 * The `data` of a released matrix: reading a row throws (ml-matrix's methods
 * and dnnlab's functions all read the rows through `data`). Not an array, so
 * that `rowsOf` notices it before reading a row. One proxy per shape (it holds
 * nothing but the shape).
 */
export function releasedRows(rows: number, cols: number): Float64Array[] {
  const key = `${rows},${cols}`;
  let proxy = releasedProxies.get(key);
  if (proxy === undefined) {
    proxy = new Proxy({ rows, cols }, releasedHandler) as unknown as Float64Array[];
    releasedProxies.set(key, proxy);
  }
  return proxy;
}

const releasedProxies = new Map<string, Float64Array[]>();

/**
 * The error for a matrix released by `tidy`, or null when `data` is
 * live storage. Internal (used by `rowsOf`).
 */
export function releasedError(data: unknown): Error | null {
  if (data === null || typeof data !== "object") return null;
  const message = (data as { [RELEASED]?: string })[RELEASED];
  return typeof message === "string" ? new Error(message) : null;
}

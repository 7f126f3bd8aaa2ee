/**
 * Rich output in the notebook through the tslab kernel.
 *
 * tslab's public API (`import * as tslab from "tslab"`) emits one MIME type
 * per output: `tslab.display.html(s)`, `tslab.display.raw(type, data)`, ...
 * each send a `display_data` message whose `data` holds that single type. A
 * plot needs several representations in ONE output, as plotly's Python
 * package sends them (`application/vnd.plotly.v1+json` for front ends with
 * the plotly renderer, `text/html` for the others, `text/plain` for text
 * tools), so {@link displayMimeBundle} goes one level lower: tslab keeps the
 * function that writes `display_data` for the executing cell in
 * `tslab/dist/jupyter.js` (`lastWriteDisplayData`, the function behind
 * `tslab.display`), and this module calls it with the whole bundle.
 *
 * The kernel's own tslab is found in Node's module cache, so nothing is loaded
 * when the library runs outside the kernel (plain `node`, the tests): there
 * every display function here is a no-op.
 */
import { dirname, join } from "node:path";

/** A MIME bundle: MIME type → content (strings, or JSON values for `+json` types). */
export type MimeBundle = Record<string, unknown>;

/** The `display_data` content tslab's writer sends (Jupyter messaging spec). */
interface DisplayDataContent {
  data: MimeBundle;
  metadata: Record<string, unknown>;
  transient: { display_id?: string };
}

type WriteDisplayData = (content: DisplayDataContent, update: boolean) => void;

/** tslab's internal module `tslab/dist/jupyter.js` (only the field used here). */
interface TslabJupyterModule {
  lastWriteDisplayData: WriteDisplayData | null;
}

/** tslab's public `Display` (see tslab's `public.d.ts`). */
interface TslabDisplay {
  text(s: string): void;
  raw(contentType: string, b: string | Uint8Array): unknown;
}

interface TslabPublicModule {
  newDisplay(): TslabDisplay;
}

interface TslabHandle {
  jupyter: TslabJupyterModule;
  jupyterFile: string;
}

const JUPYTER_JS = /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/;
let cachedHandle: TslabHandle | null = null;

/** The running kernel's tslab (from Node's module cache), or null outside tslab. */
function findTslab(): TslabHandle | null {
  if (cachedHandle && require.cache[cachedHandle.jupyterFile]) return cachedHandle;
  cachedHandle = null;
  let fallback: TslabHandle | null = null;
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!mod || !JUPYTER_JS.test(file)) continue;
    const exp = mod.exports as Partial<TslabJupyterModule> | undefined;
    if (!exp || !("lastWriteDisplayData" in exp)) continue;
    const handle = { jupyter: exp as TslabJupyterModule, jupyterFile: file };
    // Several copies of tslab may be loaded; the kernel's is the one that has
    // a writer for the executing cell.
    if (typeof exp.lastWriteDisplayData === "function") {
      cachedHandle = handle;
      return handle;
    }
    fallback ??= handle;
  }
  return fallback;
}

/** The writer of the executing cell's outputs, or null when not running inside tslab. */
function currentWriter(): WriteDisplayData | null {
  const w = findTslab()?.jupyter.lastWriteDisplayData;
  return typeof w === "function" ? w : null;
}

/** The kernel's public tslab module (for `newDisplay()`), next to its `jupyter.js`. */
function tslabPublic(handle: TslabHandle): TslabPublicModule | null {
  const file = join(dirname(handle.jupyterFile), "public.js");
  const cached = require.cache[file]?.exports as TslabPublicModule | undefined;
  if (cached && typeof cached.newDisplay === "function") return cached;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as TslabPublicModule;
    return typeof mod.newDisplay === "function" ? mod : null;
  } catch {
    return null;
  }
}

/**
 * True when the code runs inside the tslab kernel while a cell executes
 * (outputs can be displayed), false in plain Node.
 */
export function inNotebook(): boolean {
  return currentWriter() !== null;
}

/**
 * Displays one output with several representations (a MIME bundle), like
 * IPython's `display({...}, raw=True)`. The front end shows the richest type it
 * can render; `text/plain` should always be present.
 *
 * @returns true if the output was sent, false outside tslab (nothing happens).
 */
export function displayMimeBundle(bundle: MimeBundle, metadata: Record<string, unknown> = {}): boolean {
  const write = currentWriter();
  if (!write) return false;
  write({ data: bundle, metadata, transient: {} }, false);
  return true;
}

/** A line of live status text in the running cell; see {@link progressDisplay}. */
export interface ProgressDisplay {
  /** Replaces the shown text (the first call creates the output). */
  update(text: string): void;
  /**
   * Empties the output (creating it if `update` never ran), so that what is
   * saved in the notebook does not depend on how often or when `update` ran.
   * Later calls of `update` and `done` are ignored.
   */
  done(): void;
}

/**
 * Live, updating text in the running cell (e.g. `"iteration 3000/15000, cost
 * 0.41"`), through tslab's updatable display (`tslab.newDisplay()`: one output
 * that later `update_display_data` messages overwrite).
 *
 * The output is created at the first `update` (or by `done()`); `done()` sets
 * it to empty text, so the saved notebook keeps exactly one empty output
 * whatever the timing and the number of updates (call `done()` when the loop
 * ends, also when it throws). Outside tslab it does nothing.
 *
 * @example
 * const progress = progressDisplay();
 * try {
 *   for (let i = 0; i < n; i++) { ...; if (i % 500 === 0) progress.update(`iteration ${i}/${n}, cost ${cost}`); }
 * } finally {
 *   progress.done();
 * }
 */
export function progressDisplay(): ProgressDisplay {
  const handle = currentWriter() ? findTslab() : null;
  const pub = handle ? tslabPublic(handle) : null;
  let display: TslabDisplay | null = null;
  let finished = false;
  const show = (text: string): void => {
    if (!pub || !currentWriter()) return;
    display ??= pub.newDisplay();
    display.text(text);
  };
  return {
    update(text: string): void {
      if (!finished) show(text);
    },
    done(): void {
      if (finished) return;
      finished = true;
      if (!pub || !currentWriter()) return;
      display ??= pub.newDisplay();
      display.text("");
    },
  };
}

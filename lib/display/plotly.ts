/**
 * Showing a figure in the notebook: the MIME bundle of a figure (plotly's JSON,
 * HTML with a script, one line of text) and the one-time embedding of
 * plotly.js itself ({@link initPlots}), so that figures render offline. See
 * plots.ts for what the representations are for.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { type Figure, type ShowOptions, withTitleBelowModeBar } from "./figures";
import { type MimeBundle, displayMimeBundle, inNotebook } from "./notebook";
// ---------------------------------------------------------------------------
// Display: the MIME bundles

export const PLOTLY_PACKAGE = "plotly.js-dist";
let plotlyCache: { version: string; gzBase64: string } | null = null;

/** The plotly.js-dist bundle, gzip-compressed (level 9) and base64-encoded; read once per process. */
export function plotlyBundle(): { version: string; gzBase64: string } {
  if (!plotlyCache) {
    const file = require.resolve(`${PLOTLY_PACKAGE}/plotly.js`);
    const pkg = JSON.parse(readFileSync(require.resolve(`${PLOTLY_PACKAGE}/package.json`), "utf8")) as { version: string };
    plotlyCache = { version: pkg.version, gzBase64: gzipSync(readFileSync(file), { level: 9 }).toString("base64") };
  }
  return plotlyCache;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Browser-side helpers shared by the scripts: the promise of plotly.js
 * (`window.__dnnlabPlotly`, created by whichever script runs first; `load()`
 * set by the plotly.js output, `wanted` by a figure) and gunzip of base64
 * text with the browser's DecompressionStream.
 */
export const JS_HELPERS = `var w = window;
  var ready = w.__dnnlabPlotly;
  if (!ready) {
    ready = w.__dnnlabPlotly = {};
    ready.promise = new Promise(function (resolve, reject) { ready.resolve = resolve; ready.reject = reject; });
    ready.promise.catch(function () {});
  }
  function gunzip(b64) {
    if (typeof DecompressionStream === "undefined") {
      return Promise.reject(new Error("this browser has no DecompressionStream (needs Chrome 80+, Firefox 113+ or Safari 16.4+)"));
    }
    var s = atob(b64), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) a[i] = s.charCodeAt(i);
    return new Response(new Blob([a]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
  }`;

/**
 * The output that loads plotly.js into the page: `text/html` with the bundle
 * (gzip + base64) and a script that defines `window.Plotly` and, under
 * require.js (classic Notebook), the AMD module `"plotly"`; `text/plain` says
 * what it is.
 *
 * The script only registers the bundle (`ready.load`); the first figure whose
 * own script runs loads it. Where the figures are drawn by a plotly renderer
 * of the front end instead (JupyterLab with jupyterlab-plotly), no figure
 * script runs and this plotly.js never enters the page: two plotly.js
 * versions in one page share their global CSS, and the renderer's mode bars
 * came out broken.
 */
export function plotlyInitMimeBundle(): MimeBundle {
  const { version, gzBase64 } = plotlyBundle();
  const html = `<div class="dnnlab-plotly-init" style="display:none"></div>
<script type="text/javascript">
(function () {
  ${JS_HELPERS}
  if (ready.load) return;
  var version = ${JSON.stringify(version)};
  var data = "${gzBase64}";
  ready.load = function () {
    if (ready.loading) return;
    ready.loading = true;
    if (w.Plotly && w.Plotly.version === version) { ready.resolve(w.Plotly); return; }
    gunzip(data).then(function (src) {
      var module = { exports: {} };
      new Function("module", "exports", src + "\\n//# sourceURL=plotly-" + version + ".js")(module, module.exports);
      var Plotly = module.exports;
      w.Plotly = Plotly;
      if (typeof w.define === "function" && w.define.amd && typeof w.require === "function") {
        try {
          if (w.require.undef) w.require.undef("plotly");
          w.define("plotly", [], function () { return Plotly; });
        } catch (e) {}
      }
      ready.resolve(Plotly);
    }).catch(function (err) {
      ready.reject(err);
      var notes = document.querySelectorAll("div.dnnlab-plotly-init");
      for (var i = 0; i < notes.length; i++) {
        notes[i].style.display = "block";
        notes[i].textContent = "plotly.js could not be loaded: " + err;
      }
    });
  };
  // A figure's script that ran first (it asks by setting ready.wanted).
  if (ready.wanted) ready.load();
})();
</script>`;
  return {
    "text/html": html,
    "text/plain": `plotly.js ${version} (embedded once per notebook, so that the figures render offline)`,
  };
}

/**
 * What a figure's output shows until its script has drawn it: for a moment
 * while plotly.js loads, and for good where scripts do not run (an untrusted
 * notebook: JupyterLab and the classic Notebook strip the scripts of its
 * saved HTML outputs) or where plotly.js's output was cleared.
 */
export function figurePendingText(text: string): string {
  return `${text}: not drawn yet. If this stays, the notebook is not trusted (JupyterLab: the command "Trust Notebook" in the command palette; classic Notebook: File > Trust Notebook), or the output that loads plotly.js (initPlots(), near the top) was cleared: re-run the notebook.`;
}

/** The one-line text of a figure: `Figure: "title" (2 traces)`. */
export function figureText(fig: Figure): string {
  const n = fig.data.length;
  const traces = `${n} trace${n === 1 ? "" : "s"}`;
  const title = fig.layout.title?.text;
  return title ? `Figure: ${JSON.stringify(title)} (${traces})` : `Figure (${traces})`;
}

/**
 * The MIME bundle of a figure: `application/vnd.plotly.v1+json` (the figure),
 * `text/html` (a div and a script drawing the figure, gzip + base64 inside, with
 * the plotly.js loaded by {@link plotlyInitMimeBundle}'s output) and `text/plain`
 * ({@link figureText}). Deterministic: the same figure gives the same bundle.
 * A title that does not say where it stands is set below plotly's mode bar
 * ({@link withTitleBelowModeBar}), in both the JSON and the HTML.
 */
export function figureMimeBundle(fig: Figure): MimeBundle {
  const json = JSON.stringify(withTitleBelowModeBar(fig));
  const gz = gzipSync(Buffer.from(json, "utf8"), { level: 9 }).toString("base64");
  const key = createHash("sha1").update(json).digest("hex").slice(0, 16);
  const text = figureText(fig);
  const { width, height } = fig.layout;
  const html = `<div class="dnnlab-figure" data-dnnlab-figure="${key}" style="width:${width}px;height:${height}px"><span style="font:12px sans-serif;color:#888">${escapeHtml(figurePendingText(text))}</span></div>
<script type="text/javascript">
(function () {
  ${JS_HELPERS}
  var key = "${key}";
  var here = document.currentScript && document.currentScript.previousElementSibling;
  function targets() {
    var list = [];
    if (here && here.getAttribute && here.getAttribute("data-dnnlab-figure") === key) list.push(here);
    var found = document.querySelectorAll('div[data-dnnlab-figure="' + key + '"]');
    for (var i = 0; i < found.length; i++) if (list.indexOf(found[i]) < 0) list.push(found[i]);
    return list.filter(function (el) { return !el.getAttribute("data-drawn"); });
  }
  // plotly.js is loaded on demand by the output of plotlyInitMimeBundle, here or once it has run.
  ready.wanted = true;
  if (ready.load) ready.load();
  Promise.all([ready.promise, gunzip("${gz}")]).then(function (r) {
    targets().forEach(function (el) {
      var fig = JSON.parse(r[1]);
      el.setAttribute("data-drawn", "1");
      el.innerHTML = "";
      r[0].newPlot(el, fig.data, fig.layout, fig.config);
    });
  }).catch(function (err) {
    targets().forEach(function (el) { el.textContent = ${JSON.stringify(text)} + ": could not be drawn: " + err; });
  });
})();
</script>`;
  return {
    "application/vnd.plotly.v1+json": JSON.parse(json) as unknown,
    "text/html": html,
    "text/plain": text,
  };
}

/**
 * Gives a figure a short `util.inspect` text (its {@link figureText}): the
 * tslab kernel prints the value of a cell's last expression, and a plot call
 * there should add one line, not the whole figure JSON.
 */
export function withShortInspect(fig: Figure): Figure {
  Object.defineProperty(fig, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => figureText(fig),
    enumerable: false,
    configurable: true,
  });
  return fig;
}

/**
 * Displays the figure, or returns it with `show: false`. A displayed figure
 * is not returned: tslab would print the value of a cell's last expression
 * under the plot.
 */
export function finish(fig: Figure, options: ShowOptions): Figure | undefined {
  withShortInspect(fig);
  if (options.show === false) return fig;
  showFigure(fig);
  return undefined;
}

let plotlyShown = false;

/**
 * Embeds plotly.js in the notebook (one output, ~2.6 MB of base64) so that the
 * figures render without network access, in the running page and when the
 * saved notebook is reopened or exported with nbconvert. Call it once near the
 * top of a notebook (e.g. in the import cell); without it the first figure of
 * the kernel session embeds plotly.js itself. Calling it again embeds it again.
 *
 * Why calling it is safer: the automatic embedding happens once per kernel
 * session, so re-running cells without restarting the kernel (Cell > Run All)
 * replaces that output with a figure alone, and a notebook saved then shows
 * "not drawn yet" when reopened. An `initPlots()` in the first cell is
 * re-run with the others. (Restart & Run All, and `npm run notebooks`, are
 * fine either way.)
 *
 * Returns nothing (so that a cell ending with it prints nothing); outside tslab it does nothing.
 */
export function initPlots(): void {
  if (!inNotebook()) return;
  plotlyShown = displayMimeBundle(plotlyInitMimeBundle()) || plotlyShown;
}

/**
 * Displays a figure in the running notebook cell (one output with the
 * plotly JSON, HTML and plain-text representations, see
 * {@link figureMimeBundle}); embeds plotly.js first if this kernel session has
 * not done so yet. Outside tslab it does nothing.
 *
 * @returns true if the figure was sent
 */
export function showFigure(fig: Figure): boolean {
  if (!inNotebook()) return false;
  if (!plotlyShown) initPlots();
  return displayMimeBundle(figureMimeBundle(fig));
}

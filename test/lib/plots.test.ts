import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Matrix, plotDataset, plotCosts, plotDecisionBoundary, initPlots, progressDisplay, reprFloat } from "dnnlab";
import {
  decisionBoundaryGrid,
  figureMimeBundle,
  figureText,
  plotlyInitMimeBundle,
  showFigure,
  inNotebook,
  displayMimeBundle,
  SPECTRAL_LOW,
  SPECTRAL_HIGH,
  FIGURE_WIDTH,
  FIGURE_HEIGHT,
  TITLE_TOP,
  flatRange,
  figurePendingText,
  titleMargin,
  withTitleBelowModeBar,
  type ContourTrace,
  type DataArray,
  type ScatterTrace,
} from "../helpers/internal";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/** The numbers of a trace's data array (plain or plotly's typed-array spec). */
function values(a: DataArray): number[] {
  if (Array.isArray(a)) return a;
  const bytes = Buffer.from(a.bdata, "base64");
  if (a.dtype === "u1") return [...new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)];
  const copy = new Uint8Array(bytes); // aligned copy
  return [...new Float64Array(copy.buffer)];
}

const X = new Matrix([
  [0.3, -0.7, 1.1],
  [0.2, 0.9, -0.4],
]);
const Y = new Matrix([[1, 0, 1]]);

test("plotDataset: one scatter trace coloured by label with Spectral's ends, 504x288", () => {
  const fig = plotDataset(X, Y, { title: "Data", xlim: [-2, 2], ylim: [-1, 1], xlabel: "x1", show: false });
  assert.equal(fig.data.length, 1);
  const s = fig.data[0] as ScatterTrace;
  assert.equal(s.type, "scatter");
  assert.equal(s.mode, "markers");
  assert.deepEqual(values(s.x), [0.3, -0.7, 1.1]);
  assert.deepEqual(values(s.y), [0.2, 0.9, -0.4]);
  assert.deepEqual(s.marker?.color, [1, 0, 1]);
  assert.deepEqual(s.marker?.colorscale, [
    [0, "#9e0142"],
    [1, "#5e4fa2"],
  ]);
  assert.equal(SPECTRAL_LOW, "#9e0142");
  assert.equal(SPECTRAL_HIGH, "#5e4fa2");
  assert.equal(s.marker?.cmin, 0);
  assert.equal(s.marker?.cmax, 1);
  assert.ok(Math.abs((s.marker?.size ?? 0) - Math.sqrt(40)) < 1e-12, "marker size: matplotlib s=40 (area in pt²)");
  assert.equal(fig.layout.width, 504);
  assert.equal(fig.layout.height, 288);
  assert.equal(FIGURE_WIDTH, 7 * 72);
  assert.equal(FIGURE_HEIGHT, 4 * 72);
  assert.equal(fig.layout.title?.text, "Data");
  assert.deepEqual(fig.layout.xaxis.range, [-2, 2]);
  assert.deepEqual(fig.layout.yaxis.range, [-1, 1]);
  assert.equal(fig.layout.xaxis.title?.text, "x1");
  assert.equal(fig.layout.yaxis.title, undefined);
});

test("plotDataset: without limits the axes are automatic; wrong shapes are refused", () => {
  const fig = plotDataset(X, Y, { show: false });
  assert.equal(fig.layout.xaxis.range, undefined);
  assert.equal(fig.layout.title, undefined);
  assert.throws(() => plotDataset(new Matrix([[1, 2, 3]]), Y, { show: false }), /X has shape \(1, 3\), expected \(2, any\)/);
  assert.throws(() => plotDataset(X, new Matrix([[1, 0]]), { show: false }), /Y has shape \(1, 2\), expected \(1, 3\)/);
});

test("plotCosts: a line of the costs against their index, y titled 'cost'", () => {
  const fig = plotCosts([0.7, 0.5, 0.25], { title: "Learning rate =0.01", xlabel: "iterations (per hundreds)", show: false });
  assert.equal(fig.data.length, 1);
  const s = fig.data[0] as ScatterTrace;
  assert.equal(s.mode, "lines");
  assert.deepEqual(s.x, [0, 1, 2]);
  assert.deepEqual(s.y, [0.7, 0.5, 0.25]);
  assert.equal(fig.layout.xaxis.title?.text, "iterations (per hundreds)");
  assert.equal(fig.layout.yaxis.title?.text, "cost");
  assert.equal(plotCosts([1], { title: "t", xlabel: "x", ylabel: "loss", show: false }).layout.yaxis.title?.text, "loss");
});

// plotly's mode bar stands in the figure's top right corner from 2 px to 25 px
// down (measured in Chromium, plotly.js 2.35 and 3.7; the browser tests check
// the drawn boxes): a title must start below it.
const MODE_BAR_BOTTOM = 25;

test("titles start below plotly's mode bar, centred, with the plot below them", () => {
  assert.ok(TITLE_TOP >= MODE_BAR_BOTTOM + 3, `TITLE_TOP ${TITLE_TOP}`);
  for (const fig of [
    plotCosts([0.7, 0.5], { title: "Learning rate =0.01", xlabel: "iterations (per hundreds)", show: false }),
    plotDataset(X, Y, { title: "Data", show: false }),
    plotDecisionBoundary((p) => new Array(p.columns).fill(0), X, Y, { title: "Model with Gradient Descent with momentum optimization", show: false }),
  ]) {
    const t = fig.layout.title;
    assert.deepEqual(
      { x: t?.x, xanchor: t?.xanchor, y: t?.y, yanchor: t?.yanchor, pad: t?.pad, size: t?.font?.size },
      { x: 0.5, xanchor: "center", y: 1, yanchor: "top", pad: { t: TITLE_TOP }, size: 14 },
      `${t?.text}: title placement`,
    );
    // The plot starts below the title's line (1.3 x its size).
    assert.equal(fig.layout.margin.t, titleMargin(14));
    assert.ok(fig.layout.margin.t >= TITLE_TOP + 1.3 * 14, `top margin ${fig.layout.margin.t}`);
  }
  // Without a title the plot keeps the small top margin.
  const untitled = plotDataset(X, Y, { show: false });
  assert.equal(untitled.layout.title, undefined);
  assert.ok(untitled.layout.margin.t < TITLE_TOP);
});

test("withTitleBelowModeBar: a figure built elsewhere gets its title set below the mode bar, in a copy", () => {
  const foreign = {
    data: [],
    layout: {
      title: { text: "Learning rate =0.0001", font: { size: 14 }, x: 0.5, xanchor: "center" as const },
      width: 504,
      height: 288,
      margin: { l: 55, r: 20, t: 36, b: 44 },
    },
  };
  const before = JSON.stringify(foreign);
  const placed = withTitleBelowModeBar(foreign);
  assert.equal(JSON.stringify(foreign), before, "the caller's figure is unchanged");
  assert.deepEqual(placed.layout.title, {
    text: "Learning rate =0.0001",
    font: { size: 14 },
    x: 0.5,
    xanchor: "center",
    y: 1,
    yanchor: "top",
    pad: { t: TITLE_TOP },
  });
  assert.deepEqual(placed.layout.margin, { l: 55, r: 20, t: titleMargin(14), b: 44 });
  // A larger top margin is kept; plotly's default title size (1.4 x the font's 12 px) when none is given.
  const tall = withTitleBelowModeBar({ layout: { title: "Grid", margin: { t: 90 } } });
  assert.deepEqual(tall.layout, { title: { text: "Grid", y: 1, yanchor: "top", pad: { t: TITLE_TOP } }, margin: { t: 90 } });
  const topMargin = (fig: { layout: object }) => (fig.layout as { margin?: { t?: number } }).margin?.t;
  assert.equal(
    topMargin(withTitleBelowModeBar({ layout: { title: { text: "t" }, font: { size: 20 } } })),
    100,
    "plotly's default top margin (100 px) already holds it",
  );
  assert.equal(topMargin(withTitleBelowModeBar({ layout: { title: { text: "t" }, margin: { t: 10 } } })), titleMargin(1.4 * 12));
  assert.equal(topMargin(withTitleBelowModeBar({ layout: { title: { text: "t" }, font: { size: 20 }, margin: { t: 10 } } })), titleMargin(1.4 * 20));
  // Figures that place their title, or have none, are returned as they are.
  const own = plotCosts([1], { title: "t", xlabel: "x", show: false });
  assert.equal(withTitleBelowModeBar(own), own);
  const bare = { layout: { margin: { t: 5 } } };
  assert.equal(withTitleBelowModeBar(bare), bare);
  const placedElsewhere = { layout: { title: { text: "t", y: 0.9 } } };
  assert.equal(withTitleBelowModeBar(placedElsewhere), placedElsewhere);
});

test("flatRange: values equal to 1e-12 of their size are drawn flat (matplotlib's 5% each way), others autoscale", () => {
  // The zeros-initialization run: the cost is log(2) to the last bit or two.
  const zeros = [0.6931471805599453, 0.6931471805599453, 0.6931471805599455, 0.6931471805599453];
  const r = flatRange(zeros);
  assert.ok(r, "a flat range");
  assert.equal(r[0], 0.6931471805599453 - 0.05 * 0.6931471805599453);
  assert.equal(r[1], 0.6931471805599455 + 0.05 * 0.6931471805599455);
  assert.deepEqual(flatRange([2.5]), [2.5 - 0.125, 2.5 + 0.125], "a single value");
  assert.deepEqual(flatRange([-4, -4]), [-4.2, -3.8], "negative values: 5% of their size each way");
  assert.deepEqual(flatRange([0, 0, 0]), [-0.05, 0.05]);
  assert.equal(flatRange([0.69, 0.69 * (1 + 1e-10)]), undefined, "a range of 1e-10 of the value is real variation");
  assert.equal(flatRange([0.7, 0.5, 0.3]), undefined);
  assert.equal(flatRange([]), undefined);
  // Non-finite costs (a diverging run) are not drawn; the finite ones decide.
  assert.deepEqual(flatRange([Number.POSITIVE_INFINITY, 1, Number.NaN, 1]), [0.95, 1.05]);
  assert.equal(flatRange([Number.NaN, Number.POSITIVE_INFINITY]), undefined);
});

test("plotCosts: a constant cost curve is flat with the exact cost in the hover text", () => {
  const costs = [0.6931471805599453, 0.6931471805599453, 0.6931471805599455];
  const fig = plotCosts(costs, { title: "Learning rate =0.01", xlabel: "iterations (per hundreds)", show: false });
  assert.deepEqual(fig.layout.yaxis.range, flatRange(costs));
  const s = fig.data[0] as ScatterTrace;
  assert.deepEqual(s.text, ["0.6931471805599453", "0.6931471805599453", "0.6931471805599455"]);
  assert.equal(s.hovertemplate, "%{x}: %{text}<extra></extra>");
  // A learning curve autoscales, and hovers show Python's repr of each cost.
  const learning = plotCosts([0.7, 1e-5, Number.POSITIVE_INFINITY], { title: "t", xlabel: "x", show: false });
  assert.equal(learning.layout.yaxis.range, undefined);
  assert.deepEqual((learning.data[0] as ScatterTrace).text, ["0.7", "1e-05", "inf"]);
  assert.equal(reprFloat(1e-5), "1e-05");
});

test("decisionBoundaryGrid: numpy arange ranges (stop excluded), meshgrid + ravel order", () => {
  // x: arange(-1, 1.2, 0.5) = [-1, -0.5, 0, 0.5, 1]; y: arange(0, 2, 0.5) = [0, 0.5, 1, 1.5]
  const g = decisionBoundaryGrid(
    new Matrix([
      [0, 0.2],
      [1, 1],
    ]),
    0.5,
  );
  assert.deepEqual([...g.xs], [-1, -0.5, 0, 0.5, 1]);
  assert.deepEqual([...g.ys], [0, 0.5, 1, 1.5]);
  assert.equal(g.points.rows, 2);
  assert.equal(g.points.columns, 20);
  assert.deepEqual(g.points.getRow(0), [-1, -0.5, 0, 0.5, 1, -1, -0.5, 0, 0.5, 1, -1, -0.5, 0, 0.5, 1, -1, -0.5, 0, 0.5, 1]);
  assert.deepEqual(g.points.getRow(1), [0, 0, 0, 0, 0, 0.5, 0.5, 0.5, 0.5, 0.5, 1, 1, 1, 1, 1, 1.5, 1.5, 1.5, 1.5, 1.5]);
});

test("decisionBoundaryGrid: step 0.01 gives numpy's values digit for digit", () => {
  // numpy 1.24: xs = np.arange(X[0].min() - 1, X[0].max() + 1, 0.01), likewise ys.
  const g = decisionBoundaryGrid(X);
  assert.equal(g.xs.length, 380);
  assert.equal(g.ys.length, 330);
  assert.equal(g.xs[0], -0.7 - 1);
  assert.equal(g.xs[137], -0.32999999999999874);
  assert.equal(g.xs[379], 2.0900000000000034);
  assert.equal(g.ys[201], 0.6100000000000017);
  assert.equal(g.ys[329], 1.8900000000000028);
  // np.arange(-1.5, 1.5, 0.01): 300 values, the middle one is not exactly 0.
  const h = decisionBoundaryGrid(
    new Matrix([
      [-0.5, 0.5],
      [-0.5, 0.5],
    ]),
  );
  assert.equal(h.xs.length, 300);
  assert.equal(h.xs[150], 1.3322676295501878e-15);
  assert.equal(h.xs[299], 1.4900000000000029);
});

test("plotDecisionBoundary: one predict call on the whole grid, filled 0/1 contour, data on top", () => {
  const calls: Matrix[] = [];
  const predict = (p: Matrix): number[] => {
    calls.push(p);
    return p.getRow(0).map((x1, j) => (x1 + p.get(1, j) > 0 ? 1 : 0));
  };
  const fig = plotDecisionBoundary(predict, X, Y, { title: "Model", show: false });
  assert.equal(calls.length, 1);
  assert.equal(calls[0].rows, 2);
  assert.equal(calls[0].columns, 380 * 330);
  assert.equal(fig.data.length, 2);
  const [c, s] = fig.data as [ContourTrace, ScatterTrace];
  assert.equal(c.type, "contour");
  assert.equal(c.contours.coloring, "fill");
  assert.equal(c.contours.showlines, false);
  assert.equal(c.line.width, 0);
  assert.equal(c.showscale, false);
  assert.equal(c.z.dtype, "u1");
  assert.equal(c.z.shape, "330,380");
  const xs = values(c.x);
  const ys = values(c.y);
  const z = values(c.z);
  assert.equal(xs.length, 380);
  assert.equal(ys.length, 330);
  assert.equal(z.length, 330 * 380);
  for (const [j, i] of [
    [0, 0],
    [0, 379],
    [200, 100],
    [329, 379],
    [165, 190],
  ]) {
    assert.equal(z[j * 380 + i], xs[i] + ys[j] > 0 ? 1 : 0, `z[${j}][${i}]`);
  }
  assert.equal(c.colorscale[0][1], "#d53e4f");
  assert.equal(c.colorscale[c.colorscale.length - 1][1], "#3288bd");
  assert.equal(s.type, "scatter");
  assert.deepEqual(s.marker?.color, [1, 0, 1]);
  // Without limits the axes span the grid; titled x1 / x2.
  assert.deepEqual(fig.layout.xaxis.range, [xs[0], xs[379]]);
  assert.deepEqual(fig.layout.yaxis.range, [ys[0], ys[329]]);
  assert.equal(fig.layout.xaxis.title?.text, "x1");
  assert.equal(fig.layout.yaxis.title?.text, "x2");
  assert.equal(fig.layout.title?.text, "Model");
});

test("plotDecisionBoundary: with xlim/ylim only the visible grid (plus one step) is kept", () => {
  const zerosPredict = (p: Matrix) => new Matrix(1, p.columns); // a (1, N) matrix, as predictDec returns
  const fig = plotDecisionBoundary(zerosPredict, X, Y, { title: "Zeros", xlim: [-0.5, 0.5], ylim: [0, 1], show: false });
  const c = fig.data[0] as ContourTrace;
  const xs = values(c.x);
  const ys = values(c.y);
  assert.ok(xs[0] <= -0.5 && xs[1] > -0.5, `x starts at the last grid value <= -0.5 (${xs[0]}, ${xs[1]})`);
  assert.ok(xs[xs.length - 1] >= 0.5 && xs[xs.length - 2] < 0.5);
  assert.ok(ys[0] <= 0 && ys[1] > 0);
  assert.ok(ys[ys.length - 1] >= 1 && ys[ys.length - 2] < 1);
  assert.equal(c.z.shape, `${ys.length},${xs.length}`);
  assert.ok(values(c.z).every((v) => v === 0));
  assert.deepEqual(fig.layout.xaxis.range, [-0.5, 0.5]);
  assert.deepEqual(fig.layout.yaxis.range, [0, 1]);
  // The course's [-1.5, 1.5] square: about 300 x 300 bytes, ~120 kB of base64.
  const big = plotDecisionBoundary(
    zerosPredict,
    new Matrix([
      [-1.2, 1.2],
      [-1.2, 1.2],
    ]),
    new Matrix([[0, 1]]),
    { title: "t", xlim: [-1.5, 1.5], ylim: [-1.5, 1.5], show: false },
  );
  const size = JSON.stringify(big).length;
  assert.ok(size < 160_000, `figure JSON is ${size} bytes`);
});

test("plotDecisionBoundary: predictions must be N values of 0/1", () => {
  assert.throws(() => plotDecisionBoundary(() => [0, 1], X, Y, { title: "t", show: false }), /returned 2 values for 125400 points/);
  assert.throws(() => plotDecisionBoundary((p) => new Array(p.columns).fill(0.7), X, Y, { title: "t", show: false }), /must return 0\/1 labels, got 0\.7/);
  assert.throws(() => plotDecisionBoundary((p) => new Matrix(2, p.columns), X, Y, { title: "t", show: false }), /returned a \(2, 125400\) matrix/);
});

test("figureMimeBundle: plotly JSON, HTML and a one-line text/plain; deterministic", () => {
  const fig = plotDecisionBoundary((p) => p.getRow(0).map((x1) => (x1 > 0 ? 1 : 0)), X, Y, {
    title: "Model with He initialization",
    xlim: [-1.5, 1.5],
    ylim: [-1.5, 1.5],
    show: false,
  });
  const bundle = figureMimeBundle(fig);
  assert.deepEqual(Object.keys(bundle).sort(), [PLOTLY_MIME, "text/html", "text/plain"]);
  assert.equal(bundle["text/plain"], 'Figure: "Model with He initialization" (2 traces)');
  assert.equal(figureText(plotCosts([1], { title: "c", xlabel: "x", show: false })), 'Figure: "c" (1 trace)');
  assert.equal(figureText(plotDataset(X, Y, { show: false })), "Figure (1 trace)");
  assert.deepEqual(bundle[PLOTLY_MIME], JSON.parse(JSON.stringify(fig)));
  const html = bundle["text/html"] as string;
  assert.match(html, /^<div class="dnnlab-figure" data-dnnlab-figure="[0-9a-f]{16}" style="width:504px;height:288px">/);
  // Until drawn (and for good where scripts do not run) the output names the figure and says what to do.
  const pending = /<span style="font:12px sans-serif;color:#888">([^<]*)<\/span>/.exec(html);
  assert.ok(pending, "the placeholder's text");
  const unescaped = pending[1].replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  assert.equal(unescaped, figurePendingText('Figure: "Model with He initialization" (2 traces)'));
  assert.match(figurePendingText("F"), /^F: not drawn yet\. If this stays, the notebook is not trusted \(JupyterLab: the command "Trust Notebook"/);
  assert.match(html, /<script type="text\/javascript">[\s\S]*newPlot[\s\S]*<\/script>$/);
  assert.doesNotMatch(html, /https?:\/\//, "no network URL in a figure");
  // The HTML carries the figure gzip-compressed: much smaller than the JSON.
  const gz = /gunzip\("([A-Za-z0-9+/=]+)"\)/.exec(html);
  assert.ok(gz, "the figure's data in the script");
  assert.deepEqual(JSON.parse(gunzipSync(Buffer.from(gz[1], "base64")).toString("utf8")), bundle[PLOTLY_MIME]);
  assert.ok(html.length < JSON.stringify(fig).length / 4, `html ${html.length} bytes`);
  assert.deepEqual(figureMimeBundle(fig), bundle);
  // The returned figure prints as its one-line text (tslab echoes a cell's last value).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { inspect } = require("node:util") as typeof import("node:util");
  assert.equal(inspect(fig), 'Figure: "Model with He initialization" (2 traces)');
});

test("figureMimeBundle: a figure built elsewhere is shown with its title below the mode bar (JSON and HTML)", () => {
  const foreign = {
    data: [{ type: "scatter" as const, mode: "lines" as const, x: [0, 1], y: [0.5, 0.6] }],
    layout: {
      title: { text: "Learning rate =0.0001", x: 0.5, xanchor: "center" as const },
      width: 504,
      height: 288,
      margin: { l: 55, r: 20, t: 36, b: 44 },
      showlegend: true,
    },
  };
  const bundle = figureMimeBundle(foreign as unknown as Parameters<typeof figureMimeBundle>[0]);
  const shown = withTitleBelowModeBar(foreign);
  assert.notEqual(shown, foreign);
  assert.deepEqual(bundle[PLOTLY_MIME], JSON.parse(JSON.stringify(shown)));
  const gz = /gunzip\("([A-Za-z0-9+/=]+)"\)/.exec(bundle["text/html"] as string);
  assert.ok(gz);
  assert.deepEqual(JSON.parse(gunzipSync(Buffer.from(gz[1], "base64")).toString("utf8")), bundle[PLOTLY_MIME]);
  assert.equal(foreign.layout.margin.t, 36, "the caller's figure is unchanged");
});

test("plotlyInitMimeBundle: the whole plotly.js bundle, gzip + base64, defining window.Plotly and the AMD module", () => {
  const bundle = plotlyInitMimeBundle();
  assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
  assert.match(bundle["text/plain"] as string, /^plotly\.js 3\.\d+\.\d+ \(embedded once per notebook/);
  const html = bundle["text/html"] as string;
  const data = /var data = "([A-Za-z0-9+/=]+)"/.exec(html);
  assert.ok(data);
  const source = readFileSync(require.resolve("plotly.js-dist/plotly.js"));
  assert.ok(gunzipSync(Buffer.from(data[1], "base64")).equals(source), "the embedded bundle is plotly.js-dist's file");
  assert.match(html, /w\.define\("plotly", \[\]/);
  // Loaded on demand: the script registers it, a figure's script asks for it.
  assert.match(html, /ready\.load = function \(\) \{/);
  assert.match(html, /if \(ready\.wanted\) ready\.load\(\);\n\}\)\(\);/);
  const figureHtml = figureMimeBundle(plotCosts([1], { title: "t", xlabel: "x", show: false }))["text/html"] as string;
  assert.match(figureHtml, /ready\.wanted = true;\n {2}if \(ready\.load\) ready\.load\(\);/);
  assert.doesNotMatch(html.replace(data[1], ""), /https?:\/\//);
});

test("outside tslab nothing is displayed and nothing fails", () => {
  assert.equal(inNotebook(), false);
  assert.equal(initPlots(), undefined);
  assert.equal(showFigure(plotCosts([1, 2], { title: "t", xlabel: "x", show: false })), false);
  assert.equal(displayMimeBundle({ "text/plain": "x" }), false);
  assert.equal(plotCosts([1, 2], { title: "shown? no: no kernel", xlabel: "x" }), undefined);
  const p = progressDisplay();
  p.update("iteration 1");
  p.done();
  p.update("ignored");
});

interface Sent {
  content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: { display_id?: string } };
  update: boolean;
}

/** Puts a stand-in for the kernel's tslab (tslab/dist/jupyter.js and public.js) into Node's module cache. */
function withFakeTslab(fn: (sent: Sent[]) => void): void {
  const dir = "/fake-kernel/node_modules/tslab/dist";
  const sent: Sent[] = [];
  const jupyter = { lastWriteDisplayData: (content: Sent["content"], update: boolean) => void sent.push({ content, update }) };
  let ids = 0;
  const pub = {
    newDisplay() {
      const id = `display-${++ids}`;
      let shown = false;
      return {
        text(s: string) {
          jupyter.lastWriteDisplayData({ data: { "text/plain": s }, metadata: {}, transient: { display_id: id } }, shown);
          shown = true;
        },
        raw() {},
      };
    },
  };
  const cache = require.cache as Record<string, unknown>;
  cache[`${dir}/jupyter.js`] = { id: `${dir}/jupyter.js`, filename: `${dir}/jupyter.js`, loaded: true, exports: jupyter };
  cache[`${dir}/public.js`] = { id: `${dir}/public.js`, filename: `${dir}/public.js`, loaded: true, exports: pub };
  try {
    fn(sent);
  } finally {
    delete cache[`${dir}/jupyter.js`];
    delete cache[`${dir}/public.js`];
  }
}

test("inside tslab: plotly.js is embedded once (first figure), each figure is one multi-MIME display_data", () => {
  withFakeTslab((sent) => {
    assert.equal(inNotebook(), true);
    plotCosts([0.5, 0.4], { title: "first", xlabel: "x" });
    assert.equal(sent.length, 2);
    assert.match(sent[0].content.data["text/plain"] as string, /^plotly\.js /);
    assert.deepEqual(Object.keys(sent[1].content.data).sort(), [PLOTLY_MIME, "text/html", "text/plain"]);
    assert.equal(sent[1].content.data["text/plain"], 'Figure: "first" (1 trace)');
    assert.equal(sent[1].update, false);
    plotDataset(X, Y, { title: "second" });
    assert.equal(sent.length, 3, "plotly.js is not embedded again");
    plotDataset(X, Y, { title: "hidden", show: false });
    assert.equal(sent.length, 3);
    initPlots(); // an explicit call embeds it again
    assert.equal(sent.length, 4);
  });
  assert.equal(inNotebook(), false);
});

test("inside tslab: progressDisplay updates one output and leaves it empty", () => {
  withFakeTslab((sent) => {
    const p = progressDisplay();
    p.update("iteration 0/3000, cost 0.69");
    p.update("iteration 1000/3000, cost 0.41");
    p.done();
    p.update("after done: ignored");
    assert.deepEqual(
      sent.map((s) => [s.content.data["text/plain"], s.update, s.content.transient.display_id]),
      [
        ["iteration 0/3000, cost 0.69", false, "display-1"],
        ["iteration 1000/3000, cost 0.41", true, "display-1"],
        ["", true, "display-1"],
      ],
    );
    // done() without any update still leaves exactly one (empty) output.
    const q = progressDisplay();
    q.done();
    assert.deepEqual(
      sent.slice(3).map((s) => [s.content.data["text/plain"], s.update]),
      [["", false]],
    );
  });
});

// The saved notebooks' figures in JupyterLab's own output code, in headless
// Chromium with every request outside the page's files blocked.
//
// JupyterLab is not packaged by Debian, so its front end is not run as an
// application here; its output code is: test/jupyterlab/page.mjs, bundled
// with esbuild (cached in build/jupyterlab/<hash>/), renders each code cell's
// saved outputs in an @jupyterlab/outputarea OutputArea with a
// RenderMimeRegistry of JupyterLab's standard renderer factories, the way a
// JupyterLab notebook shows them. The outputs are given as Jupyter's server
// gives them to JupyterLab (nbformat's reader joins the text lines of the
// file). Four configurations:
//
//   trusted:                  the HTML representation is chosen and its
//                             script draws every figure;
//   untrusted:                JupyterLab sanitizes the HTML, scripts are
//                             removed, nothing is drawn: each figure output
//                             must show its text, saying how to trust;
//   jupyterlab-plotly:        plotly's own mime renderer (the npm package
//   (untrusted, trusted)      jupyterlab-plotly, with the plotly.js it asks
//                             for) is registered: it renders untrusted too,
//                             and must draw every figure from the plotly JSON
//                             alone (untrusted, none of our scripts runs).
//
// "Drawn" means plotly's .main-svg is there, plotly drew as many traces as the
// saved application/vnd.plotly.v1+json figure has, and the figure's title and
// plotly's mode bar do not meet. A page whose checks fail is photographed into
// $TMPDIR/dnnlab-jupyterlab-test/ (every page with DNNLAB_SCREENSHOTS=1).
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "../../scripts/kernel.mjs";
import { readNotebook } from "../../scripts/nbcompare.mjs";
import { ALL_SCREENSHOTS, CHROMIUM, CHROMIUM_ARGS, PLOTLY_MIME, SCREENSHOTS_SAID, joinText, loadBrowser, openPage, within } from "../helpers/browser.mjs";
import { assertFiguresDrawn, figuresInPage } from "../helpers/figuresInPage.mjs";
import { jupyterLabPage } from "../jupyterlab/bundle.mjs";

const SHOTS = join(tmpdir(), "dnnlab-jupyterlab-test");
const FIGURE_OUTPUTS = "[data-figure-index]";

// ---------------------------------------------------------------------------
// What is needed, and why the test skips

let { playwright, skipReason } = await loadBrowser();
if (!skipReason) {
  for (const pkg of ["esbuild", "@jupyterlab/outputarea", "@jupyterlab/rendermime", "jupyterlab-plotly"]) {
    try {
      import.meta.resolve(pkg);
    } catch {
      skipReason = `${pkg} is not installed (a devDependency: run \`npm ci\`)`;
      break;
    }
  }
}

// ---------------------------------------------------------------------------
// The notebooks, as Jupyter's server hands them to JupyterLab

/** nbformat's JSON MIME types, whose values are JSON, not text split in lines. */
const isJsonMime = (mime) => mime === "application/json" || (mime.startsWith("application/") && mime.endsWith("+json"));

/**
 * One output as Jupyter's server sends it to the front end: the file stores
 * text as lists of lines, and nbformat's reader joins them (rejoin_lines) for
 * every text-like MIME type and stream; JSON MIME types are left as they are.
 */
function asServed(output) {
  const out = structuredClone(output);
  if (out.data) {
    for (const [mime, value] of Object.entries(out.data)) {
      if (!isJsonMime(mime) && Array.isArray(value) && value.every((l) => typeof l === "string")) out.data[mime] = value.join("");
    }
  }
  if (Array.isArray(out.text)) out.text = out.text.join("");
  return out;
}

/** A saved notebook's code cells' outputs (as served) and its figures: one-line text and trace count each, in order. */
function notebookOutputs(path) {
  const nb = readNotebook(path);
  const cells = nb.cells.filter((c) => c.cell_type === "code").map((c) => (c.outputs ?? []).map(asServed));
  const figures = cells.flatMap((outs) =>
    outs.filter((o) => o.data?.[PLOTLY_MIME]).map((o) => ({ text: joinText(o.data["text/plain"]), traces: o.data[PLOTLY_MIME].data.length })),
  );
  return { cells, figures };
}

function notebooksWithFigures() {
  const dir = join(projectRoot, "notebooks");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => ({ name: f, ...notebookOutputs(join(dir, f)) }))
    .filter((nb) => nb.figures.length > 0);
}

// ---------------------------------------------------------------------------
// In the page

/** The page's state once rendered (runs in the browser). */
function pageState() {
  const outputs = document.getElementById("outputs");
  return {
    scripts: outputs.querySelectorAll("script").length,
    svgs: outputs.querySelectorAll(".main-svg").length,
    // Any script of ours ran (they all create window.__dnnlabPlotly), and whether one loaded our plotly.js.
    ourPlotlyLoader: typeof window.__dnnlabPlotly !== "undefined",
    ourPlotlyLoaded: window.__dnnlabPlotly?.loading === true,
    globalPlotly: typeof window.Plotly !== "undefined",
    // JupyterLab's prompt to run scripts of an untrusted HTML output (sanitizing left a script).
    runButtons: [...outputs.querySelectorAll("button")].filter((b) => b.textContent === "Run").length,
  };
}

/** The figure outputs' visible text and size (runs in the browser). */
function fallbacks(selector) {
  return [...document.querySelectorAll(selector)].map((el) => {
    const r = el.getBoundingClientRect();
    return { text: el.textContent || "", width: r.width, height: r.height };
  });
}

async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, timeout: 30_000 }).catch((err) => console.log(`jupyterlab: screenshot ${file} failed: ${err.message}`));
}

const CONFIGS = [
  { id: "trusted", trusted: true, plotlyRenderer: false },
  { id: "untrusted", trusted: false, plotlyRenderer: false },
  { id: "jupyterlab-plotly, untrusted", trusted: false, plotlyRenderer: true },
  { id: "jupyterlab-plotly, trusted", trusted: true, plotlyRenderer: true },
];

// ---------------------------------------------------------------------------
// The test

test("saved figures in JupyterLab's output area and renderers (trusted, untrusted, jupyterlab-plotly)", {
  skip: skipReason ?? false,
  timeout: 20 * 60_000,
}, async (t) => {
  const started = Date.now();
  const page0 = await jupyterLabPage();
  console.log(`jupyterlab: test page ${page0.dir} (${page0.built ? `bundled in ${page0.seconds.toFixed(1)} s` : "cached"})`);
  const notebooks = notebooksWithFigures();
  assert.ok(notebooks.length > 0, "no saved notebook in notebooks/ has figures");
  const url = pathToFileURL(page0.html).href;
  const browser = await within(60_000, "launching Chromium", playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }));
  try {
    for (const nb of notebooks) {
      const traces = nb.figures.map((f) => f.traces);
      for (const config of CONFIGS) {
        await t.test(`${nb.name}: ${config.id}`, { timeout: 5 * 60_000 }, async () => {
          const { context, page, blocked, errors } = await openPage(browser, (u) => /^(file|data|blob):/.test(u));
          let failed = false;
          try {
            const t0 = Date.now();
            await page.goto(url, { timeout: 60_000 });
            await page.waitForFunction(() => window.dnnlabJupyterLab?.ready === true, null, { timeout: 30_000 });
            const placed = await within(
              60_000,
              "rendering the outputs",
              page.evaluate((args) => window.dnnlabJupyterLab.render(args), { cells: nb.cells, ...config }),
            );
            assert.equal(placed.length, nb.figures.length, "every figure output is in an output area");
            const wantMime = config.plotlyRenderer ? PLOTLY_MIME : "text/html";
            assert.deepEqual(
              placed.map((p) => p.mimeType),
              placed.map(() => wantMime),
              `JupyterLab should render every figure output as ${wantMime}`,
            );
            if (config.trusted || config.plotlyRenderer) {
              await page
                .waitForFunction(
                  (n) => [...document.querySelectorAll("[data-figure-index]")].filter((el) => el.querySelector(".main-svg")).length >= n,
                  nb.figures.length,
                  {
                    timeout: 90_000,
                    polling: 250,
                  },
                )
                .catch(() => {}); // reported below, with what the page shows
              const found = await page.evaluate(figuresInPage, FIGURE_OUTPUTS);
              assertFiguresDrawn(found, traces, `${nb.name} (${config.id})`, { requireDrawnFlag: !config.plotlyRenderer });
              if (config.plotlyRenderer) {
                const drawnBy = await page.evaluate(
                  () => [...document.querySelectorAll("[data-figure-index]")].filter((el) => el.querySelector(".jp-RenderedPlotly .main-svg")).length,
                );
                assert.equal(drawnBy, nb.figures.length, "every figure is drawn by jupyterlab-plotly's renderer");
                // From the plotly JSON alone: our plotly.js was never loaded (the first figure
                // script that runs loads it; none does here), and untrusted, no script of ours ran.
                const state = await page.evaluate(pageState);
                assert.equal(state.ourPlotlyLoaded, false, "our plotly.js was loaded, though no figure needed it");
                assert.equal(state.globalPlotly, false, "window.Plotly was defined, but only our plotly.js output defines it");
                if (!config.trusted) assert.equal(state.ourPlotlyLoader, false, "an untrusted output's script ran");
              }
            } else {
              // Untrusted without plotly's renderer: sanitized HTML, no script, nothing drawn; each
              // figure output shows the figure's one-line text and how to get it drawn.
              const state = await page.evaluate(pageState);
              assert.deepEqual(
                state,
                { scripts: 0, svgs: 0, ourPlotlyLoader: false, ourPlotlyLoaded: false, globalPlotly: false, runButtons: 0 },
                "an untrusted notebook's figures must not run scripts or draw",
              );
              const shown = await page.evaluate(fallbacks, FIGURE_OUTPUTS);
              shown.forEach((f, i) => {
                const text = nb.figures[i].text;
                assert.ok(
                  f.text.startsWith(`${text}: not drawn yet.`),
                  `figure ${i + 1} should show ${JSON.stringify(text)}: shows ${JSON.stringify(f.text.slice(0, 200))}`,
                );
                assert.match(f.text, /the notebook is not trusted \(JupyterLab: the command "Trust Notebook" in the command palette/);
                assert.ok(f.width > 100 && f.height > 10, `figure ${i + 1}'s text is not visible (${f.width}x${f.height} px)`);
              });
            }
            assert.deepEqual(errors, [], "errors in the page");
            assert.deepEqual(blocked, [], "the page requested something outside its files");
            console.log(`jupyterlab: ${nb.name} (${config.id}): ${nb.figures.length} figures checked (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
          } catch (err) {
            failed = true;
            throw err;
          } finally {
            if (failed || ALL_SCREENSHOTS) await screenshot(page, `${nb.name}.${config.id.replace(/[^a-z]+/g, "-")}`);
            await within(15_000, "closing the page", context.close()).catch(() => {});
          }
        });
      }
    }
  } finally {
    await within(15_000, "closing Chromium", browser.close()).catch(() => {});
    console.log(`jupyterlab: done in ${((Date.now() - started) / 1000).toFixed(1)} s; ${SCREENSHOTS_SAID} in ${SHOTS}`);
  }
});

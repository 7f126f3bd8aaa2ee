// Browser test of the plots: every notebook whose saved outputs hold plotly
// figures (notebooks/*.ipynb, plus test/fixtures/notebooks/plots_demo.ipynb,
// executed first through nbrun.py) is opened in headless Debian Chromium,
// driven by playwright-core, with every request outside the local Jupyter
// server blocked, in three ways:
//
//   1. saved:    Debian's classic Notebook server opens the saved notebook
//                (untrusted: the figures must NOT run), it is trusted through
//                the UI (File > Trust Notebook), the page reloads and the
//                figures must render from the saved outputs;
//   2. live:     Kernel > Restart & Run All, and the new outputs must render
//                (the demo fixture, which draws every kind of figure of
//                lib/display; the course notebooks' re-run figures are proven
//                equal to the saved ones, field by field, by the notebook
//                tests (scripts/nbcompare.mjs), and the saved ones are drawn
//                here, so running their training again in a page adds time,
//                not coverage);
//   3. nbconvert: `jupyter nbconvert --to html`, opened from file://.
//
// "Render" means: each figure output has plotly's .main-svg, plotly drew
// as many traces as the saved application/vnd.plotly.v1+json figure has, and
// no title lies under plotly's mode bar (test/helpers/figuresInPage.mjs).
// The server, its kernels and the browser are stopped whatever happens;
// every wait is bounded. A page whose checks fail is photographed into
// $TMPDIR/dnnlab-browser-test/ (every page with DNNLAB_SCREENSHOTS=1).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { ensureJupyter, kernelEnv } from "../../scripts/jupyter.mjs";
import { projectRoot } from "../../scripts/kernel.mjs";
import { readNotebook } from "../../scripts/nbcompare.mjs";
import { ALL_SCREENSHOTS, CHROMIUM, CHROMIUM_ARGS, PLOTLY_MIME, SCREENSHOTS_SAID, joinText, loadBrowser, openPage, within } from "../helpers/browser.mjs";
import { assertFiguresDrawn, figuresInPage } from "../helpers/figuresInPage.mjs";

const INIT_TEXT = /^plotly\.js \S+ \(embedded once per notebook/;
const FIXTURE = join(projectRoot, "test", "fixtures", "notebooks", "plots_demo.ipynb");
const SHOTS = join(tmpdir(), "dnnlab-browser-test");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------
// What is needed, and why a test skips

let python = null;
let { playwright, skipReason } = await loadBrowser();
if (!skipReason) {
  try {
    python = ensureJupyter({ log: (m) => console.error(m) });
  } catch (err) {
    skipReason = `Jupyter not found (Debian packages python3-nbclient, jupyter-notebook): ${err.message.split("\n")[0]}`;
  }
}
if (!skipReason) {
  const probe = spawnSync(python, ["-c", "import notebook.notebookapp, nbconvert"], { stdio: "ignore" });
  if (probe.status !== 0) {
    skipReason = "Jupyter's classic notebook server or nbconvert is missing (Debian packages jupyter-notebook, jupyter-nbconvert)";
  }
}

// ---------------------------------------------------------------------------
// Notebooks and their expected figures

/** The figures of a saved notebook in document order: trace counts, and the plotly.js init outputs. */
function savedFigures(nb) {
  const traces = [];
  let initOutputs = 0;
  let initBeforeFirstFigure = false;
  for (const cell of nb.cells) {
    for (const out of cell.outputs ?? []) {
      const data = out.data ?? {};
      if (data[PLOTLY_MIME]) traces.push(data[PLOTLY_MIME].data.length);
      if (INIT_TEXT.test(joinText(data["text/plain"]))) {
        initOutputs++;
        if (traces.length === 0) initBeforeFirstFigure = true;
      }
    }
  }
  return { traces, initOutputs, initBeforeFirstFigure };
}

function notebooksWithPlots() {
  const dir = join(projectRoot, "notebooks");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(dir, f))
    .filter((path) => savedFigures(readNotebook(path)).traces.length > 0);
}

function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

// ---------------------------------------------------------------------------
// The classic Notebook server

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Processes whose command line mentions `needle` (kernels started for our runtime dir). */
function processesMentioning(needle) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(needle)) found.push(Number(pid));
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

async function startServer(notebookDir, env) {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const args = [
    "-m",
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    "--port-retries=0",
    `--notebook-dir=${notebookDir}`,
    `--NotebookApp.token=${token}`,
    "--NotebookApp.password=",
  ];
  if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");
  const child = spawn(python, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  let exited = null;
  child.on("exit", (code, signal) => (exited = { code, signal }));
  const base = `http://127.0.0.1:${port}`;
  const server = { child, port, token, base, log: () => log, exited: () => exited };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`the notebook server exited (${JSON.stringify(exited)}):\n${log}`);
    try {
      const r = await fetch(`${base}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (r.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopServer(server, "");
      throw new Error(`the notebook server did not answer within 60 s:\n${log}`);
    }
    await sleep(250);
  }
}

/** Shuts the kernels down, then the server (SIGTERM, then SIGKILL); kills leftover kernels. Returns leftovers. */
async function stopServer(server, runtimeDir) {
  const auth = { Authorization: `token ${server.token}` };
  try {
    const r = await within(5000, "listing kernels", fetch(`${server.base}/api/kernels`, { headers: auth }));
    const kernels = r.ok ? await r.json() : [];
    for (const k of kernels) {
      await within(10_000, "stopping a kernel", fetch(`${server.base}/api/kernels/${k.id}`, { method: "DELETE", headers: auth })).catch(() => {});
    }
  } catch {
    // the server may be gone already
  }
  const pid = server.child.pid;
  const signalGroup = (sig) => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  if (!server.exited()) {
    signalGroup("SIGTERM");
    const deadline = Date.now() + 10_000;
    while (!server.exited() && Date.now() < deadline) await sleep(100);
    if (!server.exited()) signalGroup("SIGKILL");
  }
  // Kernels run in sessions of their own; any still alive is killed by id.
  const leftovers = runtimeDir ? processesMentioning(runtimeDir) : [];
  for (const p of leftovers) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // gone meanwhile
    }
  }
  return leftovers;
}

// ---------------------------------------------------------------------------
// In the page

const FIGURE_OUTPUTS = "div[data-dnnlab-figure]";

/** Waits until `count` figures are drawn; returns the page's figures. */
async function waitForFigures(page, count, timeout) {
  try {
    await page.waitForFunction(
      (n) =>
        document.querySelectorAll("div[data-dnnlab-figure][data-drawn] .main-svg").length > 0 &&
        [...document.querySelectorAll("div[data-dnnlab-figure]")].filter((el) => el.querySelector(".main-svg")).length >= n,
      count,
      { timeout, polling: 250 },
    );
  } catch {
    // reported by the assertion below, with what the page shows
  }
  return page.evaluate(figuresInPage, FIGURE_OUTPUTS);
}

async function screenshot(page, name) {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.png`);
  try {
    // The classic Notebook scrolls inside #site: grow the viewport to the notebook's height.
    const viewport = page.viewportSize();
    const height = await page.evaluate(() => {
      const nb = document.querySelector("#notebook-container");
      return nb ? nb.scrollHeight + 200 : 0;
    });
    if (height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height, 20_000) });
    await page.screenshot({ path: file, fullPage: true, timeout: 30_000 });
    if (height > viewport.height) await page.setViewportSize(viewport);
  } catch (err) {
    console.log(`browser: screenshot ${file} failed: ${err.message}`);
  }
  return file;
}

// ---------------------------------------------------------------------------
// The test

test("plots render offline in Chromium (classic Notebook: saved+trusted, live run; nbconvert HTML)", {
  skip: skipReason ?? false,
  timeout: 60 * 60 * 1000,
}, async (t) => {
  const work = mkdtempSync(join(tmpdir(), "dnnlab-browser-"));
  // Kernels resolve `import ... from "dnnlab"` from the notebook's folder upwards.
  symlinkSync(join(projectRoot, "node_modules"), join(work, "node_modules"), "dir");
  const nbDir = join(work, "notebooks");
  const htmlDir = join(work, "html");
  const jupyterDirs = { JUPYTER_CONFIG_DIR: join(work, "config"), JUPYTER_DATA_DIR: join(work, "data"), JUPYTER_RUNTIME_DIR: join(work, "runtime") };
  for (const d of [nbDir, htmlDir, ...Object.values(jupyterDirs)]) mkdirSync(d, { recursive: true });
  const env = { ...kernelEnv(), ...jupyterDirs };
  let server = null;
  let browserServer = null;
  let browser = null;
  const started = Date.now();
  try {
    // The demo fixture, executed now (its saved copy carries no outputs).
    const fixtureRun = await within(
      10 * 60_000,
      "executing the plots demo fixture",
      run(python, [join(projectRoot, "scripts", "nbrun.py"), "--out-dir", nbDir, "--failed-dir", join(work, "failed"), FIXTURE], { cwd: projectRoot, env }),
    );
    assert.equal(fixtureRun.code, 0, `executing ${FIXTURE} failed:\n${fixtureRun.output}`);
    const names = [basename(FIXTURE)];
    for (const path of notebooksWithPlots()) {
      copyFileSync(path, join(nbDir, basename(path)));
      names.push(basename(path));
    }
    const expected = new Map(names.map((n) => [n, savedFigures(readNotebook(join(nbDir, n)))]));
    console.log(`browser: notebooks with figures: ${names.map((n) => `${n} (${expected.get(n).traces.length})`).join(", ")}`);

    // nbconvert HTML, made before the pages touch the notebooks: one
    // nbconvert for all of them (each start of Python and nbconvert costs a
    // second or two of CPU), which names the notebook it fails on.
    const converted = await within(
      5 * 60_000,
      "nbconvert --to html",
      run(python, ["-m", "nbconvert", "--to", "html", "--output-dir", htmlDir, ...names.map((n) => join(nbDir, n))], { env }),
    );
    assert.equal(converted.code, 0, `nbconvert --to html failed:\n${converted.output}`);

    server = await startServer(nbDir, env);
    browserServer = await within(60_000, "launching Chromium", playwright.chromium.launchServer({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }));
    browser = await within(30_000, "connecting to Chromium", playwright.chromium.connect(browserServer.wsEndpoint()));
    const serverHost = `127.0.0.1:${server.port}`;
    const local = (url) => {
      if (url.startsWith("data:") || url.startsWith("blob:")) return true;
      try {
        const u = new URL(url);
        return (u.protocol === "http:" || u.protocol === "ws:") && u.host === serverHost;
      } catch {
        return false;
      }
    };
    console.log(`browser: notebook server on ${server.base}, Chromium ${browser.version()} (set-up ${((Date.now() - started) / 1000).toFixed(1)} s)`);

    for (const name of names) {
      const want = expected.get(name);
      const url = `${server.base}/notebooks/${encodeURIComponent(name)}?token=${server.token}`;

      await t.test(`${name}: the saved notebook embeds plotly.js once, before its first figure`, () => {
        assert.equal(want.initOutputs, 1, `${name}: ${want.initOutputs} plotly.js outputs saved, expected exactly 1`);
        assert.ok(want.initBeforeFirstFigure, `${name}: the plotly.js output comes after a figure`);
      });

      const liveRun = name === basename(FIXTURE);
      const title = liveRun
        ? "saved outputs render once the notebook is trusted, and a Restart & Run All renders again"
        : "saved outputs render once the notebook is trusted";
      await t.test(`${name}: ${title}`, { timeout: 30 * 60_000 }, async () => {
        const { context, page, blocked, errors } = await openPage(browser, local);
        let shot = `${name}.saved`; // what the page shows, for its screenshot
        try {
          const t0 = Date.now();
          await page.goto(url, { timeout: 60_000 });
          await page.waitForFunction(() => window.Jupyter && Jupyter.notebook?._fully_loaded, null, { timeout: 60_000 });
          // Untrusted (written by nbclient, not signed): scripts are stripped, nothing may be drawn.
          // (The sanitizer also strips the divs' data attributes: count the placeholders' text.)
          const untrusted = await page.evaluate(() => ({
            trusted: Jupyter.notebook.trusted,
            placeholders: [...document.querySelectorAll(".output_html")].filter((el) =>
              /: not drawn yet\. If this stays, the notebook is not trusted/.test(el.textContent),
            ).length,
            drawn: document.querySelectorAll(".main-svg").length,
          }));
          assert.equal(untrusted.trusted, false, "the copied notebook should start untrusted");
          assert.equal(untrusted.placeholders, want.traces.length, "each figure output shows its placeholder while untrusted");
          assert.equal(untrusted.drawn, 0, "an untrusted notebook must not run the figures' scripts");

          // File > Trust Notebook: a dialog, then the page reloads trusted.
          await page.evaluate(() => Jupyter.notebook.trust_notebook());
          const trust = page.locator(".modal-dialog .modal-footer button", { hasText: "Trust" });
          await trust.click({ timeout: 15_000 });
          await page.waitForFunction(() => window.Jupyter && Jupyter.notebook?._fully_loaded && Jupyter.notebook.trusted === true, null, {
            timeout: 60_000,
          });
          const saved = await waitForFigures(page, want.traces.length, 60_000);
          assertFiguresDrawn(saved, want.traces, `${name} (saved, trusted)`);
          if (ALL_SCREENSHOTS) await screenshot(page, shot);
          console.log(`browser: ${name}: ${saved.length} saved figures rendered after trusting (${((Date.now() - t0) / 1000).toFixed(1)} s)`);

          // Kernel > Restart & Run All.
          if (!liveRun) {
            assert.deepEqual(blocked, [], `${name}: the page requested something outside the notebook server`);
            return;
          }
          const t1 = Date.now();
          shot = `${name}.live`;
          // The trusted reload started a kernel: restarting it before it has
          // answered kernel_info races its start (the run then never begins).
          await page.waitForFunction(() => Object.keys(Jupyter.notebook.kernel?.info_reply ?? {}).length > 0, null, { timeout: 120_000, polling: 200 });
          const cells = await page.evaluate(() => {
            const code = Jupyter.notebook.get_cells().filter((c) => c.cell_type === "code" && c.get_text().trim() !== "");
            window.__dnnlabFinished = 0;
            Jupyter.notebook.events.on("finished_execute.CodeCell", () => window.__dnnlabFinished++);
            Jupyter.notebook.clear_all_output();
            Jupyter.notebook.restart_run_all({ confirm: false });
            return code.length;
          });
          await page
            .waitForFunction((n) => window.__dnnlabFinished >= n, cells, { timeout: 5 * 60_000, polling: 500 })
            .catch(async () => {
              const state = await page.evaluate(() => ({
                finished: window.__dnnlabFinished,
                prompts: Jupyter.notebook.get_cells().map((c) => c.input_prompt_number),
              }));
              assert.fail(`Restart & Run All did not finish: ${JSON.stringify(state)}`);
            });
          // tslab reports a failed cell on stderr (no "error" output); later cells are not run.
          const failures = await page.evaluate(() =>
            Jupyter.notebook
              .get_cells()
              .map((c, i) => ({ c, i }))
              .filter(({ c }) => c.cell_type === "code" && c.get_text().trim() !== "" && !(c.metadata.tags || []).includes("raises-exception"))
              .map(({ c, i }) => {
                const outs = c.output_area.outputs;
                const stderr = outs
                  .filter((o) => o.output_type === "stream" && o.name === "stderr")
                  .map((o) => o.text)
                  .join("");
                const problem =
                  typeof c.input_prompt_number !== "number"
                    ? `not run (prompt ${JSON.stringify(c.input_prompt_number)})`
                    : outs.some((o) => o.output_type === "error")
                      ? "error output"
                      : /\b\w*Error\b/.test(stderr)
                        ? `stderr: ${stderr.slice(0, 300)}`
                        : null;
                return problem && `cell ${i}: ${problem}`;
              })
              .filter(Boolean),
          );
          assert.deepEqual(failures, [], "cells failed in the live run");
          const live = await waitForFigures(page, want.traces.length, 60_000);
          assertFiguresDrawn(live, want.traces, `${name} (live run)`);
          if (ALL_SCREENSHOTS) await screenshot(page, shot);
          console.log(`browser: ${name}: Restart & Run All: ${live.length} figures rendered (${((Date.now() - t1) / 1000).toFixed(1)} s)`);
          assert.deepEqual(blocked, [], `${name}: the page requested something outside the notebook server`);
        } catch (err) {
          await screenshot(page, shot);
          throw err;
        } finally {
          if (errors.length) console.log(`browser: ${name}: page errors: ${errors.slice(0, 5).join(" | ")}`);
          await within(15_000, "closing the page", context.close()).catch(() => {});
        }
      });

      await t.test(`${name}: nbconvert --to html renders offline`, { timeout: 5 * 60_000 }, async () => {
        const html = join(htmlDir, name.replace(/\.ipynb$/, ".html"));
        assert.ok(existsSync(html), `nbconvert wrote no ${html}`);
        // The exporter's own head may link a CDN (upstream nbconvert does for require.js and
        // MathJax; Debian's links local files): those are blocked too, and tolerated.
        const text = readFileSync(html, "utf8");
        const head = text.slice(0, text.indexOf("<body") >= 0 ? text.indexOf("<body") : 0);
        const templateUrls = new Set([...head.matchAll(/(?:src|href)="(https?:[^"]+)"/g)].map((m) => m[1]));
        const { context, page, blocked, errors } = await openPage(browser, (url) => /^(file|data|blob):/.test(url));
        try {
          const t0 = Date.now();
          await page.goto(pathToFileURL(html).href, { timeout: 60_000 });
          const found = await waitForFigures(page, want.traces.length, 60_000);
          assertFiguresDrawn(found, want.traces, `${name} (nbconvert HTML)`);
          if (ALL_SCREENSHOTS) await screenshot(page, `${name}.nbconvert`);
          const unexpected = blocked.filter((u) => !templateUrls.has(u));
          assert.deepEqual(unexpected, [], `${name}: the exported page requested something outside the file`);
          console.log(`browser: ${name}: nbconvert HTML: ${found.length} figures rendered (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        } catch (err) {
          await screenshot(page, `${name}.nbconvert`);
          throw err;
        } finally {
          if (errors.length) console.log(`browser: ${name}: page errors: ${errors.slice(0, 5).join(" | ")}`);
          await within(15_000, "closing the page", context.close()).catch(() => {});
        }
      });
    }
  } finally {
    if (browser) await within(15_000, "closing Chromium", browser.close()).catch(() => {});
    if (browserServer) {
      await within(15_000, "stopping Chromium", browserServer.close()).catch(async () => {
        await browserServer.kill().catch(() => {});
      });
    }
    if (server) {
      const leftovers = await stopServer(server, jupyterDirs.JUPYTER_RUNTIME_DIR);
      if (leftovers.length) console.log(`browser: killed ${leftovers.length} leftover kernel process(es): ${leftovers.join(", ")}`);
    }
    rmSync(work, { recursive: true, force: true });
    console.log(`browser: done in ${((Date.now() - started) / 1000).toFixed(1)} s; ${SCREENSHOTS_SAID} in ${SHOTS}`);
  }
});

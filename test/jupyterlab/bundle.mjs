// Bundles test/jupyterlab/page.mjs (JupyterLab's output area and renderers,
// jupyterlab-plotly's mime renderer) with esbuild into a static test page,
// build/jupyterlab/<hash>/index.html + page.js + page.css, opened from file://
// by test/notebooks/jupyterlab.test.mjs.
//
// The folder is named by a hash of what goes in (this file, the entry, the
// lockfile with every package's exact version), so a run bundles only when
// one of them changed; a bundle is written to a temporary folder and renamed,
// so an interrupted build leaves no half page behind.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const require = createRequire(join(root, "package.json"));
const ENTRY = join(here, "page.mjs");

/**
 * jupyterlab-plotly imports plotly.js as "plotly.js/dist/plotly"; the
 * project's overrides install plotly.js-dist-min (at the version range
 * jupyterlab-plotly asks for) under the name plotly.js, whose bundle is
 * plotly.min.js. Returns where that import must go, or throws naming what
 * is missing.
 */
function plotlyForRenderer() {
  const pkg = require.resolve("plotly.js/package.json", { paths: [dirname(require.resolve("jupyterlab-plotly/package.json"))] });
  const file = join(dirname(pkg), "plotly.min.js");
  if (!existsSync(file))
    throw new Error(`jupyterlab-plotly's plotly.js is not plotly.js-dist-min (no ${file}): check "overrides" in package.json and run npm ci`);
  return file;
}

/** Webpack's "~package/file" in JupyterLab's CSS imports, resolved as a package path. */
const tildeImports = {
  name: "tilde-imports",
  setup(build) {
    build.onResolve({ filter: /^~/ }, (args) => ({ path: require.resolve(args.path.slice(1), { paths: [args.resolveDir] }) }));
  },
};

/** The hash that names the page's folder. */
function inputsHash() {
  const h = createHash("sha256");
  for (const file of [fileURLToPath(import.meta.url), ENTRY, join(root, "package-lock.json")]) h.update(readFileSync(file));
  return h.digest("hex").slice(0, 16);
}

const HTML = `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>dnnlab: JupyterLab output renderers</title>
<link rel="stylesheet" href="page.css">
</head>
<body>
<div id="outputs" class="jp-Notebook" style="width:1000px;padding:8px"></div>
<script src="page.js"></script>
</body>
</html>
`;

/**
 * The test page, bundled if its inputs changed since the last bundle.
 *
 * @returns `{ html, dir, hash, built, seconds }`: `html` the page's path,
 *   `built` whether this call bundled it
 * @throws if esbuild or a package is missing, or the bundle fails (esbuild's message)
 */
export async function jupyterLabPage() {
  const hash = inputsHash();
  const outRoot = join(root, "build", "jupyterlab");
  const dir = join(outRoot, hash);
  const html = join(dir, "index.html");
  if (existsSync(html)) return { html, dir, hash, built: false, seconds: 0 };
  const t0 = Date.now();
  const esbuild = await import("esbuild");
  const tmp = join(root, "build", `jupyterlab-${hash}.tmp-${process.pid}`); // beside build/jupyterlab/, which is replaced
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    await esbuild.build({
      entryPoints: { page: ENTRY },
      bundle: true,
      format: "iife",
      platform: "browser",
      target: "chrome100",
      outdir: tmp,
      // Minified, as JupyterLab ships its own: every page of the test loads
      // the bundle, and parsing 9 MB of unminified code cost Chromium about
      // 0.4 s of CPU more per page (20 pages) than the 5.4 MB minified one.
      minify: true,
      sourcemap: false,
      logLevel: "silent",
      alias: { "plotly.js/dist/plotly": plotlyForRenderer() },
      define: { "process.env.NODE_ENV": '"production"' },
      loader: { ".svg": "dataurl", ".woff": "dataurl", ".woff2": "dataurl", ".ttf": "dataurl", ".eot": "dataurl", ".png": "dataurl", ".gif": "dataurl" },
      plugins: [tildeImports],
    });
    writeFileSync(join(tmp, "index.html"), HTML);
    rmSync(outRoot, { recursive: true, force: true }); // older bundles
    mkdirSync(outRoot, { recursive: true });
    renameSync(tmp, dir);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const first = err.errors?.[0];
    const where = first?.location ? ` (${first.location.file}:${first.location.line})` : "";
    throw new Error(`bundling the JupyterLab test page failed: ${first?.text ?? err.message}${where}`);
  }
  return { html, dir, hash, built: true, seconds: (Date.now() - t0) / 1000 };
}

// The test page's script (bundled by test/jupyterlab/bundle.mjs into build/jupyterlab/):
// JupyterLab's own output code, @jupyterlab/outputarea's OutputArea over an
// OutputAreaModel, rendered by a RenderMimeRegistry of JupyterLab's standard
// renderer factories, optionally with plotly's own JupyterLab MIME renderer
// (jupyterlab-plotly's rendermime extension for application/vnd.plotly.v1+json)
// registered as JupyterLab registers a mime extension. The page shows saved
// notebook outputs the way a JupyterLab notebook shows them: one output area
// per code cell, in order, trusted or not.
import { OutputArea, OutputAreaModel } from "@jupyterlab/outputarea";
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import { Widget } from "@lumino/widgets";
import plotlyExtensions from "jupyterlab-plotly/lib/plotly-renderer.js";
import "@jupyterlab/outputarea/style/index.css";

const PLOTLY_MIME = "application/vnd.plotly.v1+json";

/**
 * The registry of a JupyterLab without extensions (standard factories), or
 * with jupyterlab-plotly's mime extension added at the rank it declares
 * (JupyterLab's createRendermimePlugin passes `rank` to addFactory).
 */
function registry(plotlyRenderer) {
  const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
  if (plotlyRenderer) {
    for (const ext of plotlyExtensions) rendermime.addFactory(ext.rendererFactory, ext.rank);
  }
  return rendermime;
}

/**
 * Renders the outputs of each code cell (`cells`: an array of nbformat output
 * lists) into one OutputArea each, attached to the page in order. Returns,
 * for every output that carries a plotly figure, where it went: the cell, the
 * index of the output in the cell's model, and the MIME type JupyterLab chose.
 * The figure outputs' nodes get `data-figure-index` (0, 1, ... in order).
 */
function render({ cells, trusted, plotlyRenderer }) {
  const rendermime = registry(plotlyRenderer);
  const root = document.getElementById("outputs");
  const figures = [];
  cells.forEach((outputs, cell) => {
    const model = new OutputAreaModel({ values: outputs, trusted });
    const area = new OutputArea({ model, rendermime });
    area.node.setAttribute("data-cell", String(cell));
    Widget.attach(area, root);
    for (let i = 0; i < model.length; i++) {
      const data = model.get(i).data;
      if (!data[PLOTLY_MIME]) continue;
      const node = area.widgets[i]?.node;
      if (node) node.setAttribute("data-figure-index", String(figures.length));
      figures.push({ cell, output: i, mimeType: rendermime.preferredMimeType(data, trusted ? "any" : "ensure") ?? null, attached: Boolean(node) });
    }
  });
  return figures;
}

window.dnnlabJupyterLab = { render, ready: true };

// Comparing a re-executed notebook with its saved version (nbval-style).
//
// Only what a learner reads and sees is compared: stream output, the
// text/plain of results and displays, and each figure's plotly JSON, cell by
// cell. Values that change from
// run to run by nature (durations, memory addresses, temporary paths) are
// normalised first; nothing else is.
import { readFileSync } from "node:fs";

/** Parses an .ipynb file; throws naming the file if it is not a notebook. */
export function readNotebook(path) {
  let nb;
  try {
    nb = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path}: not a readable notebook (${err.message})`);
  }
  if (!nb || !Array.isArray(nb.cells) || typeof nb.nbformat !== "number") {
    throw new Error(`${path}: not a Jupyter notebook (no cells/nbformat)`);
  }
  return nb;
}

const PLOTLY_MIME = "application/vnd.plotly.v1+json";
const joinText = (t) => (Array.isArray(t) ? t.join("") : (t ?? ""));

/** Replaces the volatile parts of an output text. */
export function normalise(text) {
  return text
    .replace(/\b\d+(\.\d+)?\s?(ms|s|sec|seconds|µs)\b/g, "<duration>")
    .replace(/0x[0-9a-f]{6,}/gi, "<address>")
    .replace(/\/tmp\/[^\s'"]+/g, "<tmp>")
    .replace(/\r\n/g, "\n");
}

/** The comparable text of one code cell: its outputs in order. */
export function cellText(cell) {
  const parts = [];
  for (const out of cell.outputs ?? []) {
    switch (out.output_type) {
      case "stream":
        parts.push(`[${out.name}]\n${joinText(out.text)}`);
        break;
      case "execute_result":
      case "display_data":
        parts.push(`[${out.output_type}]\n${joinText(out.data?.["text/plain"])}`);
        // A figure is compared as its plotly JSON (data and layout), one field
        // per line so that a difference names the field: re-running then proves
        // the figures equal to the saved ones, which the browser tests draw.
        if (out.data?.[PLOTLY_MIME]) parts.push(`[figure]\n${JSON.stringify(out.data[PLOTLY_MIME], null, 1)}`);
        break;
      case "error":
        parts.push(`[error] ${out.ename}: ${out.evalue}`);
        break;
      default:
        parts.push(`[${out.output_type}]`);
    }
  }
  return normalise(parts.join("\n"));
}

const isRaisesCell = (cell) => (cell.metadata?.tags ?? []).includes("raises-exception");

/**
 * Problems with a saved notebook: error outputs outside cells tagged
 * raises-exception, no outputs at all, a kernelspec other than tslab, or a
 * record of the data its run used (`dnnlab.data`, written by scripts/nbrun.py)
 * that is malformed or missing for the data file it names (`dnnlab.data_file`).
 */
export function savedNotebookProblems(nb, path) {
  const problems = [];
  const { data, data_file: dataFile } = nb.metadata?.dnnlab ?? {};
  const choices = new Set(["course", "stand-in"]);
  if (data !== undefined && (data === null || typeof data !== "object" || Array.isArray(data) || !Object.values(data).every((v) => choices.has(v)))) {
    problems.push(`${path}: metadata dnnlab.data should map data files to "course" or "stand-in", got ${JSON.stringify(data)}`);
  } else if (dataFile && !data?.[dataFile]) {
    problems.push(
      `${path}: uses ${dataFile} but its metadata does not say whether the saved run read the course's file (dnnlab.data; run \`npm run notebooks\`)`,
    );
  }
  const code = nb.cells.filter((c) => c.cell_type === "code");
  if (nb.metadata?.kernelspec?.name !== "tslab") {
    problems.push(`${path}: kernelspec is ${JSON.stringify(nb.metadata?.kernelspec?.name)}, expected "tslab"`);
  }
  if (code.length > 0 && code.every((c) => (c.outputs ?? []).length === 0)) {
    problems.push(`${path}: saved without outputs (run \`npm run notebooks\`)`);
  }
  nb.cells.forEach((c, i) => {
    if (c.cell_type !== "code" || isRaisesCell(c)) return;
    for (const out of c.outputs ?? []) {
      const stderrError = out.output_type === "stream" && out.name === "stderr" && /\b\w*Error\b/.test(joinText(out.text));
      if (out.output_type === "error" || stderrError) {
        problems.push(`${path}: cell ${i} was saved with an error output`);
        break;
      }
    }
  });
  return problems;
}

/** A short line-by-line diff of two texts (the first differing lines). */
export function firstDifference(expected, actual) {
  const e = expected.split("\n");
  const a = actual.split("\n");
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) {
      return `line ${i + 1}:\n      saved: ${JSON.stringify(e[i] ?? "<none>")}\n     re-run: ${JSON.stringify(a[i] ?? "<none>")}`;
    }
  }
  return "";
}

/** Differences between the saved and the re-executed notebook, one string per cell. */
export function compareNotebooks(saved, rerun, path) {
  const diffs = [];
  if (saved.cells.length !== rerun.cells.length) {
    return [`${path}: ${saved.cells.length} cells saved, ${rerun.cells.length} after re-running`];
  }
  saved.cells.forEach((cell, i) => {
    if (cell.cell_type !== "code") return;
    const want = cellText(cell);
    const got = cellText(rerun.cells[i]);
    if (want !== got) {
      const first = (cell.source ? joinText(cell.source) : "").split("\n")[0].slice(0, 70);
      diffs.push(`${path}, cell ${i} (${first}): output differs at ${firstDifference(want, got)}`);
    }
  });
  return diffs;
}

// Unit tests of the saved-vs-re-run comparison used by the notebook tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cellText, compareNotebooks, normalise, savedNotebookProblems } from "../../scripts/nbcompare.mjs";

const code = (outputs, tags) => ({ cell_type: "code", source: "f()", metadata: tags ? { tags } : {}, outputs });
const stream = (text, name = "stdout") => ({ output_type: "stream", name, text });
const nb = (cells, kernel = "tslab") => ({ nbformat: 4, metadata: { kernelspec: { name: kernel } }, cells });

test("a changed digit in an output is a difference, naming the cell and line", () => {
  const saved = nb([code([stream("difference = 0.2850931567761623\n")])]);
  const rerun = nb([code([stream("difference = 0.2850931567761624\n")])]);
  const diffs = compareNotebooks(saved, rerun, "X.ipynb");
  assert.equal(diffs.length, 1);
  assert.match(diffs[0], /X\.ipynb, cell 0 \(f\(\)\): output differs at line 2:\n *saved: "difference = 0\.2850931567761623"/);
  assert.deepEqual(compareNotebooks(saved, saved, "X.ipynb"), []);
});

test("missing or extra outputs and cell counts are differences", () => {
  const saved = nb([code([stream("a\n")])]);
  assert.equal(compareNotebooks(saved, nb([code([])]), "X").length, 1);
  assert.equal(compareNotebooks(saved, nb([code([stream("a\n")]), code([])]), "X").length, 1);
});

test("only durations, addresses and temporary paths are normalised", () => {
  assert.equal(normalise("took 1.25 s, 30 ms"), "took <duration>, <duration>");
  assert.equal(normalise("at 0x7ffdeadbeef0"), "at <address>");
  assert.equal(normalise("Cost after iteration 1000: 0.5"), "Cost after iteration 1000: 0.5");
  assert.equal(cellText(code([{ output_type: "display_data", data: { "text/plain": "Figure" } }])), "[display_data]\nFigure");
});

test("saved notebooks must have outputs, no errors, and the tslab kernel", () => {
  assert.deepEqual(savedNotebookProblems(nb([code([stream("ok\n")])]), "A"), []);
  assert.match(savedNotebookProblems(nb([code([])]), "A").join(), /saved without outputs/);
  assert.match(savedNotebookProblems(nb([code([stream("TypeError: x\n", "stderr")])]), "A").join(), /cell 0 was saved with an error/);
  assert.deepEqual(savedNotebookProblems(nb([code([stream("TypeError: x\n", "stderr")], ["raises-exception"]), code([stream("ok")])]), "A"), []);
  assert.match(savedNotebookProblems(nb([code([stream("ok")])], "python3"), "A").join(), /kernelspec is "python3"/);
});

test("a saved notebook's record of the data its run used must be well formed and cover its data file", () => {
  const withMeta = (dnnlab) => ({ ...nb([code([stream("ok\n")])]), metadata: { kernelspec: { name: "tslab" }, dnnlab } });
  assert.deepEqual(savedNotebookProblems(withMeta({ data_file: "data.mat", data: { "data.mat": "course" } }), "A"), []);
  assert.deepEqual(savedNotebookProblems(withMeta({ data: { "train_signs.h5": "stand-in", "test_signs.h5": "course" } }), "A"), []);
  assert.match(
    savedNotebookProblems(withMeta({ data_file: "data.mat" }), "A").join(),
    /A: uses data\.mat but its metadata does not say whether the saved run read the course's file/,
  );
  assert.match(savedNotebookProblems(withMeta({ data_file: "data.mat", data: { "other.mat": "course" } }), "A").join(), /uses data\.mat but/);
  assert.match(
    savedNotebookProblems(withMeta({ data: { "data.mat": "real" } }), "A").join(),
    /dnnlab\.data should map data files to "course" or "stand-in", got \{"data\.mat":"real"\}/,
  );
  assert.match(savedNotebookProblems(withMeta({ data: ["data.mat"] }), "A").join(), /dnnlab\.data should map/);
});

test("a figure is compared by its plotly JSON, and a difference names the field", () => {
  const figure = (y) => ({
    output_type: "display_data",
    data: { "text/plain": "Figure", "application/vnd.plotly.v1+json": { data: [{ type: "scatter", y }], layout: { title: { text: "Cost" } } } },
  });
  const saved = nb([code([figure([0.6931, 0.5])])]);
  assert.deepEqual(compareNotebooks(saved, nb([code([figure([0.6931, 0.5])])]), "X"), []);
  const diffs = compareNotebooks(saved, nb([code([figure([0.6931, 0.25])])]), "X");
  assert.equal(diffs.length, 1);
  assert.match(diffs[0], /X, cell 0 \(f\(\)\): output differs at line \d+:\n *saved: " *0\.5"\n *re-run: " *0\.25"/);
});

// Helpers of the grader's tests: submissions made by editing a copy of a
// solution notebook, graded with the grader's API, and assertions on reports.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));
export const solutionsDir = join(projectRoot, "notebooks");
export const exercisesDir = join(solutionsDir, "exercises");
const require = createRequire(import.meta.url);
/** The built grader's modules (build/grader/<name>.js). */
export const grader = (name) => require(join(projectRoot, "build", "grader", `${name}.js`));

const { gradeNotebook } = grader("grade");
const { cellSource, gradedName } = grader("notebook");
export { cellSource, gradedName };

/** A fresh temporary folder. */
export const tempDir = (prefix) => mkdtempSync(join(tmpdir(), `dnnlab-${prefix}-`));
const work = tempDir("submissions");

const sha = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Grades a file with the grader's API and checks that grading left its bytes alone. */
export async function grade(path, options) {
  const before = sha(path);
  const report = await gradeNotebook(path, options);
  assert.equal(sha(path), before, `grading modified ${path}`);
  return report;
}

/**
 * A copy of a solution notebook with the source of one graded cell edited.
 * `edit(source)` returns the new source; it must change something.
 */
export function variant(notebook, fn, edit, name = `${notebook.replace(/\.ipynb$/, "")}-${fn}.ipynb`) {
  const nb = JSON.parse(readFileSync(join(solutionsDir, notebook), "utf8"));
  const cell = nb.cells.find((c) => gradedName(c) === fn);
  assert.ok(cell, `${notebook} has no graded cell ${fn}`);
  const before = cellSource(cell);
  const after = edit(before);
  assert.notEqual(after, before, `the edit of ${fn} changed nothing`);
  cell.source = after;
  const path = join(work, name);
  writeFileSync(path, `${JSON.stringify(nb, null, 1)}\n`);
  return path;
}

/** Replaces `from` (a string or a regular expression; must occur) with `to`. */
export const replace = (from, to) => (src) => {
  const found = typeof from === "string" ? src.includes(from) : from.test(src);
  assert.ok(found, `the solution no longer contains ${String(from)}`);
  return typeof from === "string" ? src.replace(from, to) : src.replace(new RegExp(from.source, from.flags.includes("g") ? from.flags : `${from.flags}g`), to);
};

/** Puts `statement` first in the body of the graded function `fn`. */
export const prepend = (fn, statement) => (src) => {
  const lines = src.split("\n");
  let open = lines.findIndex((l) => new RegExp(`function\\s+${fn}\\b`).test(l));
  assert.ok(open >= 0, `no function ${fn}`);
  while (!/\{\s*$/.test(lines[open])) open++;
  lines.splice(open + 1, 0, `  ${statement}`);
  return lines.join("\n");
};

export function byName(report) {
  return Object.fromEntries(report.functions.map((f) => [f.name, f]));
}

/** Asserts that exactly `fn` failed (0 points, message matching `pattern`) and everything else got full marks. */
export function onlyBroken(report, fn, pattern) {
  const fns = byName(report);
  assert.ok(fns[fn], `no function ${fn} in the report`);
  assert.equal(fns[fn].points, 0, `${fn} should get 0 points: ${fns[fn].message}`);
  assert.equal(fns[fn].passed, false);
  assert.match(fns[fn].message, pattern);
  for (const f of report.functions) {
    if (f.name !== fn) assert.equal(f.points, f.max, `${f.name} should keep its ${f.max} points: ${f.message}`);
  }
  assert.equal(report.score, report.max - fns[fn].max);
}

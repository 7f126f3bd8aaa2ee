// The library's layout is its architecture: folders are layers, and imports
// only point down (README, "Layout"):
//
//   numerics → core → numpy → display → nn → io → course → (index.ts, the public entry)
//
// A module may import modules of lower layers and of its own folder; in
// course/, a notebook's folder may use the shared check framework and
// stand-ins (course/checks.ts, course/pending.ts) but not another notebook's
// folder. Only core/ touches ml-matrix's storage.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

const lib = resolve(__dirname, "..", "..", "..", "lib");
const LAYERS = ["numerics", "core", "numpy", "display", "nn", "io", "course"];

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sources(path);
    else if (entry.endsWith(".ts")) yield path;
  }
}

/** The relative imports of a module (import/export ... from, require). */
function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|require\(\s*|import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g)) found.push(m[1]);
  return found;
}

test("every module of lib/ lives in a layer folder (or is the public entry point)", () => {
  for (const file of sources(lib)) {
    const rel = relative(lib, file).split(sep);
    if (rel.length === 1) assert.equal(rel[0], "index.ts", `${rel.join("/")}: a module outside the layer folders`);
    else assert.ok(LAYERS.includes(rel[0]), `${rel.join("/")}: ${rel[0]}/ is not a layer (${LAYERS.join(", ")})`);
  }
});

test("imports only point down a layer, or stay in their folder; no notebook uses another's", () => {
  const problems: string[] = [];
  for (const file of sources(lib)) {
    const from = relative(lib, file).split(sep);
    if (from.length === 1) continue; // index.ts: the public entry may re-export any layer
    for (const spec of importsOf(readFileSync(file, "utf8"))) {
      const to = relative(lib, resolve(dirname(file), spec)).split(sep);
      const shown = `${from.join("/")} imports ${to.join("/")}`;
      if (to[0] === ".." || to.length === 1) {
        problems.push(`${shown}: outside the layers`);
        continue;
      }
      const a = LAYERS.indexOf(from[0]);
      const b = LAYERS.indexOf(to[0]);
      if (b > a) problems.push(`${shown}: ${to[0]}/ is above ${from[0]}/`);
      if (a === b && from[0] === "course" && from.length > 2 && to.length > 2 && from[1] !== to[1]) {
        problems.push(`${shown}: one notebook's course folder uses another's`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test("only core/ touches ml-matrix's storage", () => {
  const storage = /Object\.create\(Matrix\.prototype\)|as unknown as \{[^}]*\bdata\b/;
  for (const file of sources(lib)) {
    const rel = relative(lib, file);
    if (rel.startsWith(`core${sep}`)) continue;
    assert.doesNotMatch(readFileSync(file, "utf8"), storage, `${rel} reaches into ml-matrix's storage (use core/: rowsOf, zeros, ...)`);
  }
});

test("the public entry point exports fewer than 60 names; each course entry only its notebook's", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const root = require(resolve(lib, "..", "dist", "index.js")) as Record<string, unknown>;
  const names = Object.keys(root);
  assert.ok(names.length < 60, `dnnlab exports ${names.length} names`);
  for (const internal of ["rowsOf", "pairwiseSum", "SPECTRAL_LOW", "plotlyInitMimeBundle", "libm", "fma", "initUtils", "tfUtils"]) {
    assert.ok(!names.includes(internal), `dnnlab exports the internal ${internal}`);
  }
});

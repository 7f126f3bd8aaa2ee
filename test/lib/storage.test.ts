// What the library relies on in ml-matrix's storage. core/ builds matrices
// on it (core/memory.ts allocates rows as views of one buffer, or of the
// WebAssembly memory inside tidy) and reads it (core/matrix.ts: rowsOf), so
// ml-matrix is pinned to an exact version and these assumptions are tested:
// a new version that changes them fails here, not in a notebook.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Matrix, copy, tidy, transpose, zeros } from "dnnlab";
import { rowsOf } from "../helpers/internal";

const root = resolve(__dirname, "..", "..", "..");

test("ml-matrix is pinned to an exact version, the one installed", () => {
  const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const wanted = pkg.dependencies["ml-matrix"];
  assert.match(wanted, /^\d+\.\d+\.\d+$/, `package.json accepts a range of ml-matrix versions: ${wanted}`);
  const installed = JSON.parse(readFileSync(resolve(root, "node_modules", "ml-matrix", "package.json"), "utf8")) as { version: string };
  assert.equal(installed.version, wanted);
});

test("ml-matrix keeps a matrix as `data`: one Float64Array per row, with `rows` and `columns`", () => {
  const m = new Matrix([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const raw = m as unknown as { data: unknown; rows: number; columns: number };
  assert.ok(Array.isArray(raw.data), "data is not an array of rows");
  assert.equal((raw.data as unknown[]).length, 2);
  for (const row of raw.data as unknown[]) {
    assert.ok(row instanceof Float64Array, "a row is not a Float64Array");
    assert.equal(row.length, 3);
  }
  assert.deepEqual(Array.from(rowsOf(m)[1]), [4, 5, 6]);
  m.set(1, 2, 7); // ml-matrix writes through the same rows the library reads
  assert.equal(rowsOf(m)[1][2], 7);
});

test("matrices the library allocates are full ml-matrix matrices (rows viewing one buffer)", () => {
  const z = zeros(20, 211);
  assert.ok(z instanceof Matrix);
  const rows = rowsOf(z);
  assert.equal(rows.length, 20);
  assert.equal(rows[0].buffer, rows[19].buffer, "the rows do not share one buffer");
  assert.equal(rows[1].byteOffset - rows[0].byteOffset, 211 * 8);
  z.set(3, 4, 2.5);
  assert.equal(z.get(3, 4), 2.5);
  const sub = z.subMatrix(2, 4, 3, 5);
  assert.deepEqual(sub.to2DArray()[1], [0, 2.5, 0]);
  assert.equal(copy(z).get(3, 4), 2.5);
  assert.equal(transpose(z).get(4, 3), 2.5);
  assert.equal(z.clone().get(3, 4), 2.5);
  assert.equal(z.mmul(Matrix.ones(211, 1)).get(3, 0), 2.5);
  assert.deepEqual(Array.from(z.getRow(3).slice(3, 6)), [0, 2.5, 0]);
  // and inside tidy (the WebAssembly memory), once kept
  const kept = tidy(() => {
    const t = zeros(4, 16);
    t.set(1, 2, 9);
    return t;
  });
  assert.ok(kept instanceof Matrix);
  assert.equal(kept.get(1, 2), 9);
  assert.equal(kept.transpose().get(2, 1), 9);
});

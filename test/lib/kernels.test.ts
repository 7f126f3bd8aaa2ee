// The WebAssembly fast paths (core/wasmLibm.ts, the reductions, the column
// broadcasting, the bias+ReLU and the small products in wasm) must give the
// bits of the JavaScript paths they replace. Each battery runs twice in a
// child process, with the kernels and with DNNLAB_NO_WASM=1 (everything in
// JavaScript), on inputs chosen to reach every branch: special values (nan,
// ±0, ±inf, subnormals), glibc's exp and log outside their main paths, lanes
// of one pair on different paths, sums of every length around numpy's
// pairwise-summation boundaries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { exp, log, sigmoid, tidy, copy, Matrix } from "dnnlab";
import { libm, wasmLibm } from "../helpers/internal";

const root = resolve(__dirname, "..", "..", "..");

/** Runs `body` (JavaScript that fills `out` with numbers) in a child process and returns the numbers' bit patterns. */
function runBattery(body: string, env: NodeJS.ProcessEnv): { libm: boolean; bits: string[] } {
  const script = `
    const d = require(${JSON.stringify(root)});
    const { libm } = require(${JSON.stringify(`${root}/dist/core/wasmLibm.js`)});
    const out = [];
    const f64 = new Float64Array(1), u32 = new Uint32Array(f64.buffer);
    ${body}
    const bits = out.map((x) => { f64[0] = x; return x !== x ? "nan" : u32[1].toString(16) + ":" + u32[0].toString(16); });
    console.log(JSON.stringify({ libm: libm !== null, bits }));`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 28 }));
}

/** The battery with the kernels and without: same bits, and the kernels really ran. */
function sameBothWays(body: string): void {
  const fast = runBattery(body, {});
  const slow = runBattery(body, { DNNLAB_NO_WASM: "1" });
  if (process.arch === "x64" || process.arch === "arm64") assert.equal(fast.libm, true, "the wasm libm kernels did not load");
  assert.equal(slow.libm, false);
  assert.equal(fast.bits.length, slow.bits.length);
  const differ = fast.bits.flatMap((b, i) => (b === slow.bits[i] ? [] : [i]));
  assert.deepEqual(differ.slice(0, 10), [], `${differ.length} of ${fast.bits.length} results differ between wasm and JavaScript`);
}

/** Inputs for exp, log and the sigmoid: every branch of glibc's two functions, in varied pairings. */
const SPECIAL_INPUTS = `
  const special = [NaN, 0, -0, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, 1e-310, 1, -1, 0.9375, 0.9374999999999999,
    1.0646972656249998, 1.064697265625, 0.5, 2, 3e-17, -3e-17, 5.551115123125783e-17, 511.99999999999994, 512, -512, 709.78, 709.8, -708.4, -745.2, -746, 1e300];
  d.random.seed(7);
  const xs = [...special];
  for (const v of d.random.randn(1, 400).to1DArray()) xs.push(v * 30, Math.abs(v) / 40, 1 + v / 40);
  for (const v of d.random.rand(1, 300).to1DArray()) xs.push(v, 1 - v * 1e-3);
  xs.push(...special.slice().reverse()); // the same specials paired with other lanes
`;

test("exp, log and the sigmoid of matrices: the wasm kernels give the JavaScript (glibc) bits, inside and outside tidy", () => {
  sameBothWays(`${SPECIAL_INPUTS}
    for (const shift of [0, 1]) {
      const row = new d.Matrix([xs.slice(shift)]);
      for (const f of [d.exp, d.log, d.sigmoid]) {
        out.push(...f(row).to1DArray());
        out.push(...d.tidy(() => f(d.copy(row)).to1DArray()));
      }
      out.push(...d.tidy(() => d.log(d.copy(row), d.copy(row)).to1DArray())); // in place
    }`);
});

test("the kernels' exp and log agree with the JavaScript ones on random inputs of every binade", () => {
  assert.ok(wasmLibm.libm !== null || !(process.arch === "x64" || process.arch === "arm64"), "the wasm libm kernels did not load");
  let s = 2024;
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const xs: number[] = [];
  for (let i = 0; i < 60000; i++) {
    u32[0] = (next() * 4294967296) >>> 0;
    u32[1] = (next() * 4294967296) >>> 0; // any double: both signs, all exponents, nan and inf
    xs.push(f64[0], (next() - 0.5) * 1500, 1 + (next() - 0.5) / 6, next());
  }
  const row = new Matrix([xs]);
  const byKernel = tidy(() => [exp(copy(row)).to1DArray(), log(copy(row)).to1DArray(), sigmoid(copy(row)).to1DArray()]);
  const bad: string[] = [];
  xs.forEach((x, i) => {
    const expected = [libm.exp(x), libm.log(x), 1 / (1 + libm.exp(-x))];
    for (let f = 0; f < 3; f++) {
      const got = byKernel[f][i];
      if (!(Object.is(got, expected[f]) || (got !== got && expected[f] !== expected[f])))
        bad.push(`${["exp", "log", "sigmoid"][f]}(${x}) = ${got}, expected ${expected[f]}`);
    }
  });
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${3 * xs.length} results differ`);
});

test("cross-entropy terms and costs: nan for numpy's 0*inf, labels other than 0/1, in any pairing", () => {
  sameBothWays(`
    const init = require(${JSON.stringify(`${root}/dist/course/initialization/index.js`)});
    const opt = require(${JSON.stringify(`${root}/dist/course/optimization/index.js`)});
    const tl = require(${JSON.stringify(`${root}/dist/nn/threeLayer.js`)});
    const as = [0, 1, NaN, 0.5, 1e-300, 1 - 2 ** -53, 0.03, 0.97, 0.9999, 1e-17, 0.94, 0.2];
    const ys = [0, 1, 0.25, 1, 0, 1, 0, 1, 1, 0, 1, 0];
    d.random.seed(3);
    const r = d.random.rand(1, 211).to1DArray();
    const a = [], y = [];
    for (let i = 0; i < as.length; i++) for (let j = 0; j < ys.length; j++) { a.push(as[i]); y.push(ys[j]); }
    for (let j = 0; j < 211; j++) { a.push(r[j]); y.push(r[(j * 7) % 211] > 0.5 ? 1 : 0); }
    for (const n of [1, 2, 3, 8, 9, 64, a.length]) {
      const A = new d.Matrix([a.slice(0, n)]), Y = new d.Matrix([y.slice(0, n)]);
      out.push(...tl.crossEntropyTerms(A, Y).slice(0, n), init.computeLoss(A, Y), opt.computeCost(A, Y));
      out.push(...d.tidy(() => { const Ai = d.copy(A), Yi = d.copy(Y); return [init.computeLoss(Ai, Yi), opt.computeCost(Ai, Yi), ...tl.crossEntropyTerms(Ai, Yi).slice(0, n)]; }));
      const clean = new d.Matrix([a.slice(as.length * ys.length).slice(0, n)]), labels = new d.Matrix([y.slice(as.length * ys.length).slice(0, n)]);
      if (clean.columns === n) out.push(init.computeLoss(clean, labels), opt.computeCost(clean, labels));
    }`);
});

test("sums in numpy's pairwise order: every length around the 8- and 128-element boundaries, with nan, inf and -0", () => {
  sameBothWays(`
    const { nansum } = require(${JSON.stringify(`${root}/dist/numpy/reductions.js`)});
    d.random.seed(5);
    const v = d.random.randn(3, 300);
    v.set(1, 17, -0); v.set(2, 200, Infinity); v.set(2, 5, NaN);
    for (const n of [1, 2, 7, 8, 9, 15, 16, 17, 64, 127, 128, 129, 130, 136, 255, 256, 257, 300]) {
      const m = v.subMatrix(0, 2, 0, n - 1);
      out.push(d.sum(m), ...d.sum(m, { axis: 1, keepdims: true }).to1DArray());
      out.push(...d.tidy(() => { const c = d.copy(m); return [d.sum(c), ...d.sum(c, { axis: 1, keepdims: true }).to1DArray(), nansum(c)]; }));
      out.push(d.tidy(() => d.sum(d.copy(m.subMatrix(0, 0, 0, n - 1)))));
    }
    out.push(d.sum(new d.Matrix([[-0, -0, -0]])), d.tidy(() => d.sum(d.multiply(new d.Matrix([[-0, -0, -0, -0, -0, -0, -0, -0, -0]]), 1))));`);
});

test("column broadcasting, bias+ReLU and products of every size near the JavaScript threshold", () => {
  sameBothWays(`
    const tl = require(${JSON.stringify(`${root}/dist/nn/threeLayer.js`)});
    const special = [NaN, -0, 0, Infinity, -Infinity, 1e-310, -2.5, 3];
    d.random.seed(11);
    const a = d.random.randn(6, 37), col = d.random.randn(6, 1);
    for (let i = 0; i < special.length; i++) { a.set(i % 6, (i * 5) % 37, special[i]); col.set(i % 6, 0, special[(i + 3) % 8]); }
    for (const f of [d.add, d.subtract, d.multiply, d.divide, d.maximum, d.minimum, d.greater, d.less, d.equal]) {
      out.push(...d.tidy(() => { const A = d.copy(a), C = d.copy(col); return [...f(A, C).to1DArray(), ...f(C, A).to1DArray(), ...f(A, col).to1DArray(), ...f(col, A).to1DArray()]; }));
      out.push(...f(a, col).to1DArray());
    }
    // the forward pass's bias + ReLU kernel on special values (nan stays, -0 gives +0)
    const W1 = d.random.randn(6, 37), b1 = d.random.randn(6, 1), W2 = d.random.randn(3, 6), b2 = d.zeros(3, 1), W3 = d.random.randn(1, 3), b3 = d.zeros(1, 1);
    W1.set(0, 0, NaN); W1.set(1, 1, -0); b1.set(2, 0, -Infinity); b1.set(3, 0, -0);
    const X = d.copy(a.transpose()).subMatrix(0, 36, 0, 5);
    const P = { W1, b1, W2, b2, W3, b3 };
    const [a3, cache] = tl.forwardPropagation(X, P);
    out.push(...a3.to1DArray(), ...cache[0].to1DArray(), ...cache[1].to1DArray());
    out.push(...d.tidy(() => { const [a3t, c] = tl.forwardPropagation(d.copy(X), P); return [...a3t.to1DArray(), ...c[1].to1DArray(), ...c[4].to1DArray()]; }));
    // products from 1 multiply-add up, inside and outside tidy (outside: in JavaScript up to 32);
    // the kernel's blocks: 4 rows x 4 or 2 columns, pairs of rows by 8, 4, 2 and 1 columns,
    // single rows by 8, 4, 2 and 1 columns, wide rows; long sums as in the weight gradients
    const shapes = [[1, 1, 1], [1, 3, 3], [5, 1, 3], [2, 4, 4], [4, 2, 5], [5, 4, 3], [3, 5, 3], [1, 33, 1], [6, 37, 2]];
    shapes.push([4, 9, 4], [5, 13, 7], [9, 11, 14], [1, 20, 5], [3, 17, 12], [2, 7, 19], [7, 3, 33]);
    shapes.push([2, 5, 13], [4, 6, 21], [5, 3, 30], [3, 211, 20], [10, 300, 2], [1, 300, 5], [2, 2, 11]);
    for (const [n, k, m] of shapes) {
      const A = d.random.randn(n, k), B = d.random.randn(k, m), Bt = d.random.randn(m, k), At = d.random.randn(k, n);
      out.push(...d.dot(A, B).to1DArray(), ...d.dotTransB(A, Bt).to1DArray(), ...d.dotTransA(At, B).to1DArray());
      out.push(...d.tidy(() => [...d.dot(d.copy(A), d.copy(B)).to1DArray(), ...d.dotTransB(d.copy(A), d.copy(Bt)).to1DArray(), ...d.dotTransA(d.copy(At), B).to1DArray()]));
    }`);
});

test("rand: the wasm MT19937 gives the JavaScript stream at every position of the 624-word block, inside and outside tidy", () => {
  // Sizes below and above the kernel's threshold (64), odd and even, ending
  // at, before and past a twist; odd starting positions (after one or three
  // raw words), so that pairs straddle two blocks; several blocks in one call.
  sameBothWays(`
    for (const seed of [0, 1, 7, 4294967295]) {
      const r = new d.RandomState(seed);
      for (const skip of [0, 1, 3]) {
        for (let i = 0; i < skip; i++) out.push(r.nextUint32());
        for (const [a, b] of [[1, 63], [1, 64], [1, 65], [20, 211], [3, 211], [1, 311], [1, 312], [1, 313], [2, 311], [1, 1], [1, 3], [7, 200], [50, 100]]) {
          out.push(...r.rand(a, b).to1DArray());
          out.push(...d.tidy(() => r.rand(b, a).to1DArray()));
        }
      }
    }`);
});

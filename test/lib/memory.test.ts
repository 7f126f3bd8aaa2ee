// tidy / keep: matrices made inside a scope are recycled when it ends, what
// the scope returns survives with its values, a released matrix fails loudly
// when used, and every operation gives the same bits inside a scope (where it
// runs on the WebAssembly kernels in place) as outside.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import {
  Matrix,
  add,
  subtract,
  multiply,
  divide,
  maximum,
  minimum,
  greater,
  less,
  equal,
  negative,
  square,
  sqrt,
  dot,
  dotTransA,
  dotTransB,
  sum,
  relu,
  sigmoid,
  zeros,
  random,
  RandomState,
  tidy,
  keep,
} from "dnnlab";
import { nansum, memoryInfo, blasBackend } from "../helpers/internal";

const bits = (m: Matrix): string =>
  m
    .to1DArray()
    .map((x) => (Object.is(x, -0) ? "-0" : String(x)))
    .join(",");

test("a matrix that tidy does not return is released: using it throws, naming tidy and the shape", () => {
  let leaked: Matrix | undefined;
  const value = tidy(() => {
    leaked = multiply(random.rand(20, 211), 2);
    return 42;
  });
  assert.equal(value, 42);
  const m = leaked as Matrix;
  const message =
    /this \(20, 211\) matrix was created inside tidy\(\) and released when that call ended: return it from the function given to tidy\(\), or pass it to keep\(\)/;
  assert.throws(() => m.get(0, 0), message);
  assert.throws(() => add(m, 1), message);
  assert.throws(() => m.to2DArray(), message);
});

test("what tidy returns (in arrays, objects, maps) survives with its values; small matrices too", () => {
  random.seed(3);
  const expectedA = multiply(random.rand(20, 211), 3);
  const expectedB = add(random.randn(4, 2), 1);
  random.seed(3);
  const result = tidy(() => {
    const a = multiply(random.rand(20, 211), 3);
    const b = add(random.randn(4, 2), 1);
    subtract(a, b.get(0, 0)); // a temporary
    return { list: [a], nested: { map: new Map([["b", b]]) } };
  });
  assert.equal(bits(result.list[0]), bits(expectedA));
  assert.equal(bits(result.nested.map.get("b") as Matrix), bits(expectedB));
  // a returned matrix no longer lives in the recycled memory: later scopes cannot overwrite it
  tidy(() => {
    for (let i = 0; i < 5; i++) zeros(20, 211).fill(7);
  });
  assert.equal(bits(result.list[0]), bits(expectedA));
});

test("storage is recycled between scopes, and recycled zeros are zeros", () => {
  tidy(() => zeros(13, 17).fill(5) && undefined);
  const before = memoryInfo().pooledMatrices;
  assert.ok(before >= 1, "a released (13, 17) matrix should wait in the pool");
  tidy(() => {
    const z = zeros(13, 17);
    assert.ok(
      z.to1DArray().every((x) => x === 0),
      "a recycled zeros() must be all zeros",
    );
    assert.equal(memoryInfo().pooledMatrices, before - 1, "zeros should have taken the pooled storage");
    assert.equal(memoryInfo().scopes, 1);
  });
  assert.equal(memoryInfo().scopes, 0);
});

test("keep exempts a matrix; parameters made before the scope are updated in place and stay valid", () => {
  const W = random.randn(5, 12);
  const before = W.to1DArray();
  let snapshot: Matrix | undefined;
  tidy(() => {
    const grad = multiply(W, 0.5);
    subtract(W, grad, W); // in place, into a matrix from outside the scope
    snapshot = keep(add(W, 0));
  });
  assert.deepEqual(
    W.to1DArray(),
    before.map((x) => x - 0.5 * x),
  );
  assert.deepEqual((snapshot as Matrix).to1DArray(), W.to1DArray());
  assert.throws(() => keep(3 as unknown as Matrix), /keep expects a Matrix, got number/);
});

test("nested scopes: an inner result belongs to the outer scope; errors release and pass through", () => {
  let inner: Matrix | undefined;
  tidy(() => {
    inner = tidy(() => add(zeros(3, 30), 1));
    assert.equal((inner as Matrix).get(2, 29), 1); // still usable in the outer scope
  });
  assert.throws(() => (inner as Matrix).get(0, 0), /released/);
  let made: Matrix | undefined;
  assert.throws(
    () =>
      tidy(() => {
        made = zeros(4, 40);
        throw new Error("boom");
      }),
    /^Error: boom$/,
  );
  assert.throws(() => (made as Matrix).get(0, 0), /released/);
  assert.equal(memoryInfo().scopes, 0);
  assert.throws(() => tidy(3 as unknown as () => void), /tidy expects a function, got number/);
});

test("tidy refuses an async function before any of it runs", async () => {
  let ran = false;
  const refused = /^TypeError: tidy cannot recycle the matrices of an async function: call tidy inside it, around synchronous work$/;
  assert.throws(
    () =>
      tidy((async () => {
        ran = true;
        return zeros(2, 20);
      }) as unknown as () => Matrix),
    refused,
  );
  assert.throws(
    () =>
      tidy(async function* () {
        ran = true;
        yield zeros(2, 20);
      } as unknown as () => void),
    refused,
  );
  assert.equal(ran, false);
  assert.equal(memoryInfo().scopes, 0);
  // a plain function that returns a promise has started already: refused too, and
  // what it continues with later still finds its matrices usable (not released)
  let later: Promise<number> | undefined;
  assert.throws(
    () =>
      tidy(() => {
        const m = zeros(3, 30);
        later = Promise.resolve().then(() => m.get(2, 29) + 1);
        return later;
      }),
    refused,
  );
  assert.equal(await later, 1);
});

test("every operation gives the same bits inside tidy (wasm kernels in place) as outside", () => {
  const special = [NaN, -0, 0, Infinity, -Infinity, 1e-310, -2.5, 3];
  const make = (rows: number, cols: number, seed: number): Matrix => {
    const r = new RandomState(seed);
    const m = r.randn(rows, cols);
    for (let i = 0; i < special.length; i++) m.set(i % rows, (i * 7) % cols, special[i]);
    return m;
  };
  const compute = (): Matrix[] => {
    const a = add(make(20, 211, 1), 0); // copies, made inside the scope when there is one
    const b = add(make(20, 211, 2), 0);
    const col = make(20, 1, 3);
    const out: Matrix[] = [];
    for (const f of [add, subtract, multiply, divide, maximum, minimum, greater, less, equal]) {
      out.push(f(a, b), f(a, 0.5), f(-0, b), f(a, col), f(col, b), f(a, new Matrix([[2]])));
    }
    out.push(negative(a), square(a), sqrt(a), relu(a), sigmoid(a));
    out.push(dot(make(7, 20, 4), a), dotTransA(b, a), dotTransB(a, b), dotTransB(add(make(3, 211, 5), 0), a));
    out.push(sum(a, { axis: 1, keepdims: true }), sum(a, { axis: 0, keepdims: true }), new Matrix([[sum(square(b)), nansum(a)]]));
    random.seed(9);
    out.push(random.rand(20, 211), random.rand(3, 5), random.rand(1, 623), random.rand(2, 311));
    return out;
  };
  const outside = compute().map(bits);
  const inside = tidy(() => compute().map(bits));
  assert.equal(inside.length, outside.length);
  for (let i = 0; i < outside.length; i++) assert.equal(inside[i], outside[i], `result ${i} differs inside tidy`);
});

test("a row replaced with ml-matrix's setRow is honoured, and its storage comes back clean", () => {
  const result = tidy(() => {
    const a = add(zeros(4, 20), 1);
    a.setRow(2, new Array(20).fill(5));
    return add(a, 1); // the kernels must not use the old row in place
  });
  assert.deepEqual(result.getColumn(0), [2, 2, 6, 2]);
  tidy(() => {
    for (let i = 0; i < 3; i++) {
      const z = zeros(4, 20);
      assert.ok(
        z.to1DArray().every((x) => x === 0),
        "recycled storage of a matrix with a replaced row is not zero",
      );
    }
  });
});

test("without the WebAssembly kernels (DNNLAB_NO_WASM=1) tidy recycles ordinary buffers, same results", () => {
  if (process.arch === "x64" || process.arch === "arm64") assert.equal(blasBackend, "wasm-fma");
  const script = `
    const d = require(${JSON.stringify(resolve(__dirname, "..", "..", ".."))});
    const { blasBackend } = require(${JSON.stringify(resolve(__dirname, "..", "..", "..", "dist", "core", "blas.js"))});
    const { memoryInfo } = require(${JSON.stringify(resolve(__dirname, "..", "..", "..", "dist", "core", "memory.js"))});
    d.random.seed(5);
    const W = d.random.randn(20, 211);
    const values = [];
    for (let i = 0; i < 3; i++) values.push(d.tidy(() => d.sum(d.multiply(d.relu(d.add(W, d.random.rand(20, 211))), 2))));
    console.log(JSON.stringify({ backend: blasBackend, values, pooled: memoryInfo().pooledMatrices }));`;
  const run = (env: NodeJS.ProcessEnv): { backend: string; values: number[]; pooled: number } =>
    JSON.parse(execFileSync(process.execPath, ["-e", script], { env: { ...process.env, ...env }, encoding: "utf8" }));
  const fast = run({});
  const slow = run({ DNNLAB_NO_WASM: "1" });
  assert.equal(slow.backend, "js-fma");
  assert.deepEqual(slow.values, fast.values);
  assert.ok(slow.pooled > 0, "the JavaScript path should pool released buffers too");
});

test("a repeated scope gives its i-th matrix the storage of the last call's i-th: shapes that change, nested results, kept matrices, errors", () => {
  // Each step makes matrices whose shapes depend on the step, fills every one
  // with its own value and reads them all back at the end: two live matrices
  // sharing storage would show. Returns what it read, plus a kept and a
  // nested-scope matrix.
  const step = (i: number, kept: Matrix[]): number[] => {
    const live: [Matrix, number][] = [];
    const shapes: [number, number][] =
      i % 3 === 0
        ? [
            [4, 30],
            [4, 30],
            [1, 1],
            [7, 9],
          ]
        : i % 3 === 1
          ? [
              [7, 9],
              [4, 30],
            ]
          : [
              [4, 30],
              [2, 2],
              [4, 30],
              [4, 30],
              [7, 9],
            ];
    shapes.forEach(([r, c], k) => {
      const m = zeros(r, c);
      assert.ok(
        m.to1DArray().every((x) => x === 0),
        `zeros(${r}, ${c}) is not zero in step ${i}`,
      );
      m.fill(100 * i + k);
      live.push([m, 100 * i + k]);
    });
    const inner = tidy(() => {
      const t = add(zeros(4, 30), 1000 + i);
      zeros(4, 30).fill(-1); // released by the inner scope
      return t;
    });
    live.push([inner, 1000 + i]);
    const extra = add(live[0][0], 0.5);
    kept.push(keep(extra));
    live.push([add(extra, 0), 100 * i + 0.5]);
    return live.flatMap(([m, v]) => [m.to1DArray().every((x) => x === v) ? 1 : 0, m.rows, m.columns]);
  };
  const keptOutside: Matrix[] = [];
  const expected = [0, 1, 2, 3, 4, 5, 6].map((i) => step(i, keptOutside));
  const keptInside: Matrix[] = [];
  const pooled: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 7; i++)
      assert.deepEqual(
        tidy(() => step(i, keptInside)),
        expected[i],
        `step ${i} of round ${round}`,
      );
    pooled.push(memoryInfo().pooledMatrices);
  }
  assert.equal(pooled[2], pooled[1], "the same steps again should not add free storage");
  assert.deepEqual(
    keptInside.map((m) => m.get(3, 29)),
    [0, 1, 2].flatMap(() => keptOutside.map((m) => m.get(3, 29))),
  );
  // an error in the middle of a scope releases its matrices and leaves the next call whole
  let leaked: Matrix | undefined;
  assert.throws(() =>
    tidy(() => {
      leaked = zeros(4, 30);
      zeros(9, 9);
      throw new Error("stop");
    }),
  );
  assert.throws(() => (leaked as Matrix).get(0, 0), /released/);
  assert.deepEqual(
    tidy(() => step(2, [])),
    expected[2],
  );
  assert.equal(memoryInfo().scopes, 0);
});

test("rows replaced or removed by ml-matrix inside tidy: the kernels do not write through stale rows, and the storage comes back whole", () => {
  for (let round = 0; round < 3; round++) {
    const result = tidy(() => {
      const a = add(zeros(5, 20), 1);
      a.removeRow(1); // splices the row array
      a.addRow(1, new Array(20).fill(7)); // a row that is not in the wasm memory
      const b = add(zeros(5, 20), 2);
      b.removeColumn(0); // every row replaced, one column fewer
      return [add(a, 1).getColumn(0), add(b, 1).get(4, 18), b.columns];
    });
    assert.deepEqual(result, [[2, 8, 2, 2, 2], 3, 19]);
    tidy(() => {
      for (let k = 0; k < 3; k++) {
        const z = zeros(5, 20);
        assert.equal(z.to1DArray().length, 100);
        assert.ok(
          z.to1DArray().every((x) => x === 0),
          "recycled storage of a matrix with replaced rows is not zero",
        );
      }
    });
  }
});

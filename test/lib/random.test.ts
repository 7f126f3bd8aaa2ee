/**
 * RandomState must reproduce numpy's legacy RandomState bit for bit.
 *
 * Reference values: test/fixtures/rng-vectors.json (numpy's output, Python
 * repr strings, copied from the shared spec) and the hashes below, computed
 * with numpy's legacy generator:
 *
 *     np.random.seed(s); a = np.random.randn(2000)
 *     hashlib.sha256(a.astype("<f8").tobytes()).hexdigest()
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { type Matrix, RandomState, random } from "dnnlab";

interface Vectors {
  per_seed: Record<string, { randn_20: string[]; rand_20: string[]; permutation_10: number[]; permutation_300: number[] }>;
  seed1_randn_4x3_then_5x4: Record<"randn_4x3" | "randn_5x4", { shape: [number, number]; values: string[] }>;
  gradient_check_n_test_case_seed1: Record<string, { shape: [number, number]; values: string[] }>;
}

const fixture = path.join(path.dirname(require.resolve("dnnlab/package.json")), "test", "fixtures", "rng-vectors.json");
const V: Vectors = JSON.parse(readFileSync(fixture, "utf8"));

/** Exact comparison of doubles against numpy's repr strings; lists the differing indices. */
function assertExact(actual: ArrayLike<number>, expected: ReadonlyArray<string | number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = Number(expected[i]);
    if (!Object.is(actual[i], e)) bad.push(`[${i}] ${actual[i]} != ${expected[i]}`);
  }
  assert.deepEqual(bad, [], `${what}: ${bad.length} of ${expected.length} values differ`);
}

function flat(m: Matrix): number[] {
  return m.to1DArray();
}

function sha256(values: ArrayLike<number>): string {
  const view = new DataView(new ArrayBuffer(8 * values.length));
  for (let i = 0; i < values.length; i++) view.setFloat64(8 * i, values[i], true);
  return createHash("sha256").update(new Uint8Array(view.buffer)).digest("hex");
}

test("raw MT19937 outputs for seed 5489 (the reference generator's)", () => {
  const r = new RandomState(5489);
  const got = [r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32(), r.nextUint32()];
  assert.deepEqual(got, [3499211612, 581869302, 3890346734, 3586334585, 545404204]);
});

for (const seed of ["0", "1", "3"]) {
  test(`seed ${seed}: randn_20, rand_20, permutation_10, permutation_300 equal numpy's`, () => {
    const v = V.per_seed[seed];
    const r = new RandomState(Number(seed));
    assertExact(flat(r.randn(1, 20)), v.randn_20, "randn(1, 20)");
    r.seed(Number(seed));
    assertExact(flat(r.rand(20, 1)), v.rand_20, "rand(20, 1)");
    r.seed(Number(seed));
    assert.deepEqual(r.permutation(10), v.permutation_10);
    r.seed(Number(seed));
    assert.deepEqual(r.permutation(300), v.permutation_300);
  });
}

test("seed 1: randn(4, 3) then randn(5, 4) continue one stream (cached Gaussian carried over)", () => {
  const r = new RandomState(1);
  const a = r.randn(4, 3);
  const b = r.randn(5, 4);
  assert.deepEqual([a.rows, a.columns, b.rows, b.columns], [4, 3, 5, 4]);
  assertExact(flat(a), V.seed1_randn_4x3_then_5x4.randn_4x3.values, "randn(4, 3)");
  assertExact(flat(b), V.seed1_randn_4x3_then_5x4.randn_5x4.values, "randn(5, 4)");
});

test("gradient_check_n_test_case draws (seed 1: x, W1, b1, W2, b2, W3, b3)", () => {
  const r = new RandomState(1);
  for (const name of ["x", "W1", "b1", "W2", "b2", "W3", "b3"]) {
    const { shape, values } = V.gradient_check_n_test_case_seed1[name];
    const m = r.randn(shape[0], shape[1]);
    assertExact(flat(m), values, name);
  }
});

test("the shared `random` instance follows np.random after seeding", () => {
  assert.ok(random instanceof RandomState);
  random.seed(0);
  assertExact(flat(random.randn(1, 20)), V.per_seed["0"].randn_20, "random.randn(1, 20)");
});

const RANDN_2000: Record<string, { sha: string; first: string[]; last: string[] }> = {
  "0": {
    sha: "fbe18e288e346c7549a63fc269e83e4b099f1e4b3c47b508347c02eb87b28505",
    first: ["1.764052345967664", "0.4001572083672233", "0.9787379841057392"],
    last: ["0.1584338467855317", "-1.1419014192038466", "-1.3109703704412123"],
  },
  "1": {
    sha: "033d4afd4ce36e324bc7beaef939b948df565219608068e14b2723e64f8f844a",
    first: ["1.6243453636632417", "-0.6117564136500754", "-0.5281717522634557"],
    last: ["-0.9216590545137943", "0.6473751158514062", "1.386825593941044"],
  },
  "2": {
    sha: "04f4f37fa3a70d34ca79174127122eaae0fd76557bc84df18d82a6c02317069a",
    first: ["-0.4167578474054706", "-0.056266827226329474", "-2.136196095668454"],
    last: ["0.8685132222180661", "-0.12185276399868704", "0.7562215649647351"],
  },
  "42": {
    sha: "90d36ea311784e0da9977da443c87fc427d2c3126c79332ce27856288706d41e",
    first: ["0.4967141530112327", "-0.13826430117118466", "0.6476885381006925"],
    last: ["-0.8818746512277178", "-0.16306696394376388", "-0.7449026448064491"],
  },
  "4294967295": {
    sha: "fccdb9636899f0038aba4a8ef1d5c6f502431bfb225de6bd69af7558177c13ab",
    first: ["0.6484086742306527", "0.6693235306338161", "-1.0805437227474493"],
    last: ["1.0983867864438053", "-1.2697262971462553", "1.445097548120407"],
  },
};

for (const [seed, ref] of Object.entries(RANDN_2000)) {
  test(`seed ${seed}: randn(2000) equals numpy's (first/last values and SHA-256 of all 2000)`, () => {
    const a = flat(new RandomState(Number(seed)).randn(1, 2000));
    assertExact(a.slice(0, 3), ref.first, "first 3");
    assertExact(a.slice(-3), ref.last, "last 3");
    assert.equal(sha256(a), ref.sha);
  });
}

test("a mixed stream (randn, rand, normal, permutation) equals numpy's", () => {
  // np.random.seed(s); concatenate(randn(3,5), rand(2,2), normal(1.5, 2, (4,3)),
  // permutation(50), randn(1,7), permutation(1000), normal(-3, 0, (1,3)), randn(1,1))
  const expected: Record<string, string> = {
    "0": "e58409c46fb054c3fc8ae3dfa6a494750549e8a9dd6ebef8fc9c787dbc7e0345",
    "5": "e0b954a7c12c39686f4070faf11000d8eb774ab282a6b9618ac332285db9da1d",
    "123456789": "1a2ec27033bdb31503f23f969d93dfca27a54d58c24fb4cd85f2de0bce393daf",
  };
  for (const [seed, sha] of Object.entries(expected)) {
    const r = new RandomState(Number(seed));
    const all = [
      ...flat(r.randn(3, 5)),
      ...flat(r.rand(2, 2)),
      ...flat(r.normal(1.5, 2, 4, 3)),
      ...r.permutation(50),
      ...flat(r.randn(1, 7)),
      ...r.permutation(1000),
      ...flat(r.normal(-3, 0, 1, 3)),
      ...flat(r.randn(1, 1)),
    ];
    assert.equal(all.length, 1092);
    assert.equal(sha256(all), sha, `seed ${seed}`);
  }
});

test("the cached Gaussian survives rand() draws (np.random.seed(1); randn(); rand(); randn(); randn())", () => {
  const r = new RandomState(1);
  assert.equal(r.gauss(), 1.6243453636632417);
  assert.equal(r.randomSample(), 0.00011437481734488664);
  assert.equal(r.gauss(), -0.6117564136500754); // the cached second value of the first pair
  assert.equal(r.gauss(), -0.8021728386486427);
});

test("reseeding clears the cached Gaussian and restarts the stream", () => {
  const r = new RandomState(1);
  const first = flat(r.randn(1, 2));
  r.seed(1);
  r.randn(1, 1); // leaves the pair's second value cached
  r.seed(1);
  assertExact(flat(r.randn(1, 2)), first.map(String), "after reseed");
  assert.deepEqual(first, [1.6243453636632417, -0.6117564136500754]);
});

test("seed validation", () => {
  const r = new RandomState(0);
  assert.throws(() => r.seed(-1), { name: "RangeError", message: "Seed must be between 0 and 2**32 - 1, got -1" });
  assert.throws(() => r.seed(2 ** 32), { name: "RangeError", message: "Seed must be between 0 and 2**32 - 1, got 4294967296" });
  assert.throws(() => r.seed(1.5), { name: "TypeError", message: "Seed must be an integer between 0 and 2**32 - 1, got 1.5" });
  assert.throws(() => r.seed(NaN), TypeError);
  assert.throws(() => r.seed(Infinity), TypeError);
  assert.throws(() => r.seed("1" as unknown as number), { name: "TypeError", message: /got "1"/ });
  assert.throws(() => new RandomState(-3), RangeError);
  r.seed(2 ** 32 - 1); // the largest seed is fine
  r.seed(0);
});

test("size and parameter validation", () => {
  const r = new RandomState(0);
  assert.throws(() => r.rand(-1, 2), { name: "RangeError", message: /rand: rows must be a non-negative integer, got -1/ });
  assert.throws(() => r.randn(2, 1.5), { name: "TypeError", message: /randn: cols must be a non-negative integer, got 1.5/ });
  assert.throws(() => r.permutation(-2), RangeError);
  assert.throws(() => r.normal(0, -1, 2, 2), { name: "RangeError", message: /^scale < 0/ });
  assert.throws(() => r.normal(0, -0, 2, 2), { name: "RangeError", message: /^scale < 0/ });
  assert.throws(() => r.normal("0" as unknown as number, 1, 2, 2), TypeError);
  assert.throws(() => r.randomInterval(-1), RangeError);
  assert.throws(() => r.randomInterval(2 ** 32), RangeError);
  assert.throws(() => r.randomInterval(0.5), TypeError);
  // Failed validation consumes nothing.
  r.seed(0);
  assert.throws(() => r.randn(-1, 1));
  assertExact(flat(r.randn(1, 20)), V.per_seed["0"].randn_20, "stream after a rejected call");
});

test("empty shapes give empty matrices and draw nothing", () => {
  const r = new RandomState(0);
  const m = r.randn(0, 3);
  assert.deepEqual([m.rows, m.columns], [0, 3]);
  const n = r.rand(2, 0);
  assert.deepEqual([n.rows, n.columns], [2, 0]);
  assert.deepEqual(r.permutation(0), []);
  assertExact(flat(r.randn(1, 20)), V.per_seed["0"].randn_20, "stream after empty draws");
});

test("normal(loc, scale) is loc + scale * gauss() on the same stream", () => {
  const a = new RandomState(3).normal(2.5, 0.5, 3, 4);
  const g = flat(new RandomState(3).randn(3, 4));
  assertExact(
    flat(a),
    g.map((x) => String(2.5 + 0.5 * x)),
    "normal(2.5, 0.5)",
  );
});

test("randomInterval: masked rejection on the raw outputs", () => {
  const r = new RandomState(7);
  const raw = new RandomState(7);
  assert.equal(r.randomInterval(0), 0); // draws nothing
  assert.equal(r.randomInterval(2 ** 32 - 1), raw.nextUint32()); // full mask, never rejects
  for (const max of [1, 5, 6, 7, 100, 2 ** 31, 3000000000]) {
    let mask = max;
    for (let s = 1; s < 32; s *= 2) mask |= mask >>> s;
    mask >>>= 0;
    let expected: number;
    do expected = (raw.nextUint32() & mask) >>> 0;
    while (expected > max);
    assert.equal(r.randomInterval(max), expected, `max ${max}`);
  }
});

test("shuffle works in place on arrays and typed arrays with numpy's draws", () => {
  const expected = V.per_seed["1"].permutation_10;
  const r = new RandomState(1);
  const plain = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  r.shuffle(plain);
  assert.deepEqual(plain, expected);
  r.seed(1);
  const f64 = Float64Array.from({ length: 10 }, (_, i) => i);
  r.shuffle(f64);
  assert.deepEqual(Array.from(f64), expected);
  r.seed(1);
  const i32 = Int32Array.from({ length: 10 }, (_, i) => i);
  r.shuffle(i32);
  assert.deepEqual(Array.from(i32), expected);
  r.seed(1);
  const letters = "abcdefghij".split("");
  r.shuffle(letters);
  assert.deepEqual(
    letters,
    expected.map((i) => "abcdefghij"[i]),
  );
  r.shuffle([]); // no draws, no error
  r.shuffle([42]);
});

test("unseeded generators are seeded from entropy", () => {
  const a = new RandomState().nextUint32();
  const b = new RandomState().nextUint32();
  const c = new RandomState().nextUint32();
  assert.ok(!(a === b && b === c));
  const r = new RandomState(0);
  r.seed(); // np.random.seed(): fresh entropy
  const x = r.randomSample();
  assert.ok(x >= 0 && x < 1);
});

test("rand values lie in [0, 1) and matrices have the requested shape", () => {
  const r = new RandomState(11);
  const m = r.rand(30, 40);
  assert.deepEqual([m.rows, m.columns], [30, 40]);
  for (const v of flat(m)) assert.ok(v >= 0 && v < 1);
});

test("getState/setState: the stream continues from a snapshot, in this generator or another, through JSON", () => {
  const a = new RandomState(3);
  a.randn(3, 5); // leaves a cached Gaussian (15 draws, odd)
  const snapshot = JSON.parse(JSON.stringify(a.getState()));
  assert.equal(snapshot.key.length, 624);
  assert.equal(snapshot.hasGauss, true);
  const expected = [a.randn(2, 3).to2DArray(), a.rand(1, 700).to2DArray(), a.permutation(9)];
  const b = new RandomState(0);
  b.setState(snapshot);
  assert.deepEqual([b.randn(2, 3).to2DArray(), b.rand(1, 700).to2DArray(), b.permutation(9)], expected);
  assert.throws(() => b.setState({ ...snapshot, key: snapshot.key.slice(1) }), /^TypeError: setState: expected a state from getState\(\)/);
  assert.throws(() => b.setState({ ...snapshot, pos: 625 }), TypeError);
});

test("reseeding with the same seed (its state is copied, not recomputed) restarts the same stream, across generators", () => {
  // fresh generators give the reference streams
  const fresh = (seed: number): number[] => flat(new RandomState(seed).rand(3, 700)).concat([new RandomState(seed).nextUint32()]);
  const expected1 = fresh(1);
  const expected2 = fresh(2);
  assert.notDeepEqual(expected1.slice(0, 5), expected2.slice(0, 5));
  const a = new RandomState(1);
  const b = new RandomState(2);
  for (let round = 0; round < 3; round++) {
    // the draws twist the live state many times: the saved copy must not follow it
    a.seed(1);
    assert.deepEqual(flat(a.rand(3, 700)), expected1.slice(0, 2100), `round ${round}: seed(1) again`);
    b.seed(2); // another seed in between, on another generator
    assert.deepEqual(flat(b.rand(3, 700)), expected2.slice(0, 2100), `round ${round}: seed(2)`);
    a.seed(2);
    b.seed(1);
    assert.equal(a.nextUint32(), expected2[2100]);
    assert.equal(b.nextUint32(), expected1[2100]);
  }
});

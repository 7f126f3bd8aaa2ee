// The sandbox's parts: the staging folder holds the built library and what it
// loads, and nothing a submission could use to reach the answers; the codec
// carries values across the boundary bit for bit and refuses hostile ones.
import { test } from "node:test";
import assert from "node:assert/strict";
import { lstatSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { Matrix } from "dnnlab";
import { grader } from "../helpers/submissions.mjs";

const { prepareStage } = grader("sandbox/stage");
const { encode, decode, Identities, CodecError, FrameReader, frame } = grader("sandbox/codec");

function* walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    yield path;
    if (entry.isDirectory()) yield* walk(path);
  }
}

test("the staging folder: the built library and its run-time packages, no links, no solutions, no sources, no hidden cases", () => {
  const stage = prepareStage();
  const files = [...walk(stage.dir)].map((p) => relative(stage.dir, p));
  for (const f of files) {
    assert.ok(!lstatSync(join(stage.dir, f)).isSymbolicLink(), `${f} is a symbolic link (the permission model would follow it)`);
    assert.doesNotMatch(f, /\.ipynb$/, `${f}: a notebook in the stage`);
    // the project's own files: the runner, the built library (no sources, no grader, no solutions)
    if (!f.startsWith(`node_modules${sep}`) || f.startsWith(`node_modules${sep}dnnlab`)) {
      assert.match(
        f,
        /^(ready|submission|runner(\/(child|codec)\.js)?|node_modules(\/dnnlab(\/(package\.json|dist(\/.*)?))?)?)$/,
        `${f} should not be in the stage`,
      );
      assert.doesNotMatch(f, /\.ts$(?<!\.d\.ts)|grading|solutions|hiddenCases/, `${f} should not be in the stage`);
    }
  }
  const packageOf = (f) => {
    const parts = f.split(sep);
    return parts.slice(1, parts[1].startsWith("@") ? 3 : 2).join("/");
  };
  const packages = new Set(files.filter((f) => f.startsWith(`node_modules${sep}`)).map(packageOf));
  for (const p of ["dnnlab", "ml-matrix", "@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm"]) assert.ok(packages.has(p), `${p} is not staged`);
  for (const p of ["typescript", "tslab", "playwright-core"]) assert.ok(!packages.has(p), `${p} is staged but the library does not load it`);
  assert.ok(files.includes(join("runner", "child.js")));
  assert.equal(prepareStage().dir, stage.dir, "the stage is rebuilt although nothing changed");
});

test("codec: numbers, matrices and typed arrays bit for bit; identity and cycles kept", () => {
  const m = new Matrix([
    [1, -0],
    [NaN, Infinity],
  ]);
  const shared = { W1: m };
  const value = [shared, shared, -0, NaN, -Infinity, undefined, "text", true, null, new Float32Array([1.5, 2.5])];
  const cyclic = { name: "c" };
  cyclic.self = cyclic;
  value.push(cyclic);
  const back = decode(JSON.parse(JSON.stringify(encode(value))));
  assert.equal(back[0], back[1], "aliasing lost");
  assert.ok(back[0].W1 instanceof Matrix);
  assert.ok(Object.is(back[0].W1.get(0, 1), -0));
  assert.ok(Number.isNaN(back[0].W1.get(1, 0)));
  assert.equal(back[0].W1.get(1, 1), Infinity);
  assert.ok(Object.is(back[2], -0));
  assert.ok(Number.isNaN(back[3]));
  assert.equal(back[4], -Infinity);
  assert.equal(back[5], undefined);
  assert.deepEqual(back.slice(6, 9), ["text", true, null]);
  assert.deepEqual(Array.from(back[9]), [1.5, 2.5]);
  assert.equal(back[10].self, back[10]);
});

test("codec: the receiver's own objects are updated in place, a result that is an argument decodes to it", () => {
  const parameters = { W1: new Matrix([[1, 2]]), b1: new Matrix([[0]]) };
  const ids = new Identities();
  const sent = encode([parameters], ids);
  // the other side decodes, changes W1 in place and replaces b1, returns the dictionary
  const theirs = new Identities();
  const [p] = decode(JSON.parse(JSON.stringify(sent)), theirs);
  for (const [id, o] of theirs.objects) theirs.ids.set(o, id);
  theirs.next = 100;
  p.W1.set(0, 0, 5);
  p.b1 = new Matrix([[7]]);
  const answer = encode([[p], p], theirs);
  for (const [o, id] of ids.ids) ids.objects.set(id, o);
  const W1 = parameters.W1;
  const [, result] = decode(JSON.parse(JSON.stringify(answer)), ids);
  assert.equal(result, parameters, "the result is not the caller's dictionary");
  assert.equal(parameters.W1, W1, "W1 was replaced instead of updated");
  assert.equal(W1.get(0, 0), 5);
  assert.equal(parameters.b1.get(0, 0), 7);
});

test("codec: limits turn hostile values into one clear error", () => {
  let deep = [];
  for (let i = 0; i < 100; i++) deep = [deep];
  assert.throws(
    () => encode(deep),
    (e) => e instanceof CodecError && /nested more than 64 levels deep/.test(e.message),
  );
  assert.throws(() => encode(new Array(1000).fill(0), undefined, { maxDepth: 64, maxValues: 100 }), /more than 100 values/);
  const reader = new FrameReader(1000);
  assert.throws(() => reader.push(frame("x".repeat(2000))), /a message of 2002 bytes \(the limit is 1000\)/);
  const ok = new FrameReader(1000);
  const bytes = Buffer.concat([frame({ a: 1 }), frame([2])]);
  assert.deepEqual([...ok.push(bytes.subarray(0, 5)), ...ok.push(bytes.subarray(5))], [{ a: 1 }, [2]]);
});

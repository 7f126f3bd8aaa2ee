/**
 * The process that runs one submitted graded function (one process per
 * function: a fresh realm, so one function's patches cannot reach the next).
 *
 * It is started by the broker (broker.ts) from the staging folder, under
 * Node's permission model (reads limited to the staging folder, no writes,
 * no child processes, no workers), without code generation from strings,
 * with an empty environment and, where Linux allows it, in a network
 * namespace of its own. It holds no reference solution, no expected value
 * and no comparison: it loads the compiled module (the notebook's provided
 * code and the submitted cell), then answers calls. Each call brings the
 * arguments and the generator state as data; the answer is what the function
 * returned (or threw) and its arguments after the call, as data. What the
 * answers are worth is decided by the grader, in another process.
 *
 * Protocol: length-prefixed JSON frames (codec.ts), requests on stdin,
 * answers on file descriptor 3.
 *   { type: "load", name, filename, code, tensorflow } -> { type: "loaded", error? }
 *   { type: "call", args, rng }                        -> { type: "result", value | threw | unencodable, tensors }
 */
import fs from "node:fs";
import path from "node:path";
import Module from "node:module";
import vm from "node:vm";
import { decode, encode, frame, FrameReader, Identities, type Encoded, type TensorApi } from "./codec";

type Dnnlab = typeof import("dnnlab");
type TensorFlowCourse = typeof import("dnnlab/course/tensorflow");
type RngState = ReturnType<Dnnlab["random"]["getState"]>;

interface LoadRequest {
  type: "load";
  name: string;
  filename: string;
  code: string;
  tensorflow: boolean;
}
interface CallRequest {
  type: "call";
  args: Encoded;
  rng: RngState | null;
}

// Everything this runner needs is taken before the submission can touch it.
const writeSync = fs.writeSync;
const stdin = process.stdin;
const reader = new FrameReader(512 * 1024 * 1024);
const send = (message: unknown): void => {
  const bytes = frame(message);
  for (let off = 0; off < bytes.length; ) off += writeSync(3, bytes, off, bytes.length - off);
};

/** The submission's module may require only the library and TensorFlow.js. */
const ALLOWED_REQUESTS = /^(dnnlab(\/[\w/-]+)?|@tensorflow\/tfjs)$/;

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dnnlab = require("dnnlab") as Dnnlab;
let tf: TensorApi | null = null;
let target: ((...args: unknown[]) => unknown) | null = null;
const exit = process.exit.bind(process);

const errorOf = (err: unknown): { name: string; message: string } => {
  if (err !== null && typeof err === "object" && "message" in err) {
    const e = err as { name?: unknown; message?: unknown };
    return { name: typeof e.name === "string" ? e.name.slice(0, 200) : "Error", message: String(e.message).slice(0, 4000) };
  }
  let text: string;
  try {
    text = String(err);
  } catch {
    text = "a value that cannot be printed";
  }
  return { name: "thrown value", message: `threw ${text.slice(0, 4000)} (not an Error)` };
};

const denied = (what: string) =>
  function denied(): never {
    throw new Error(`${what} is not available while grading`);
  };

/**
 * From here on, nothing the submission does reaches the outside but its
 * answers: console output is dropped; the process object it sees is a
 * facade without bindings, exit, signals or streams; the network globals
 * throw; and no code can be generated from strings any more (the library
 * generated its kernels while loading: after that, `eval` and every
 * function constructor throw, so the library's source text cannot be
 * evaluated anew).
 */
function lockDown(): void {
  for (const k of ["log", "info", "warn", "error", "debug", "trace", "dir", "table"] as const) console[k] = () => {};
  const discard = { write: () => true };
  const facade = Object.freeze({
    env: Object.freeze({}),
    argv: Object.freeze([]),
    platform: process.platform,
    arch: process.arch,
    version: process.version,
    versions: process.versions,
    nextTick: process.nextTick.bind(process),
    hrtime: process.hrtime,
    uptime: process.uptime.bind(process),
    memoryUsage: process.memoryUsage.bind(process),
    cwd: () => "/",
    emitWarning: () => {},
    stdout: discard,
    stderr: discard,
    exit: denied("process.exit"),
  });
  Object.defineProperty(globalThis, "process", { value: facade, configurable: false, writable: false });
  for (const k of ["fetch", "WebSocket", "EventSource"]) {
    if (k in globalThis) Object.defineProperty(globalThis, k, { value: denied(k), configurable: false, writable: false });
  }
  const generate = denied("code generation from strings");
  const prototypes = [
    Function.prototype,
    Object.getPrototypeOf(async () => {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {}),
  ];
  for (const proto of prototypes) Object.defineProperty(proto, "constructor", { value: generate, configurable: false, writable: false });
  Object.defineProperty(generate, "prototype", { value: Function.prototype });
  Object.defineProperty(globalThis, "Function", { value: generate, configurable: false, writable: false });
  Object.defineProperty(globalThis, "eval", { value: denied("eval"), configurable: false, writable: false });
}

/** A CommonJS module from text, with a `require` that gives the library and TensorFlow.js only. */
function compileModule(code: string, filename: string): Record<string, unknown> {
  const realRequire = Module.createRequire(filename);
  const guarded = (request: string): unknown => {
    if (!ALLOWED_REQUESTS.test(String(request))) {
      throw new Error(`require("${request}") is not available while grading (a graded function uses the library and TensorFlow.js only)`);
    }
    return realRequire(request);
  };
  const wrapper = vm.compileFunction(code, ["exports", "require", "module", "__filename", "__dirname"], { filename });
  const mod = { exports: {} as Record<string, unknown> };
  wrapper.call(mod.exports, mod.exports, guarded, mod, filename, path.dirname(filename));
  return mod.exports;
}

async function handleLoad(m: LoadRequest): Promise<void> {
  try {
    if (m.tensorflow) {
      const log = console.log;
      console.log = () => {}; // the backend's note, if any, is the grader's business
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const course = require("dnnlab/course/tensorflow") as TensorFlowCourse;
        await course.setUpBackend();
        tf = course.tfjs() as unknown as TensorApi;
      } finally {
        console.log = log;
      }
    }
    lockDown();
    const exported = compileModule(m.code, m.filename);
    const value = await (exported.__dnnlab as Promise<unknown>);
    if (typeof value !== "function") {
      send({
        type: "loaded",
        error: { name: "TypeError", message: `${m.name} is ${value === undefined ? "undefined" : typeof value}, not a function` },
        notAFunction: true,
      });
      return;
    }
    target = value as (...args: unknown[]) => unknown;
    send({ type: "loaded" });
  } catch (err) {
    send({ type: "loaded", error: errorOf(err) });
  }
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { then?: unknown }).then === "function";

async function handleCall(m: CallRequest): Promise<void> {
  const ids = new Identities();
  const args = decode(m.args, ids, tf ? () => tf as TensorApi : undefined) as unknown[];
  for (const [id, o] of ids.objects) {
    ids.ids.set(o, id);
    ids.next = Math.max(ids.next, id + 1);
  }
  if (m.rng) dnnlab.random.setState(m.rng);
  const before = tf ? tf.memory().numTensors : 0;
  let value: unknown;
  let threw: { name: string; message: string } | null = null;
  try {
    value = (target as (...a: unknown[]) => unknown)(...args);
    if (isThenable(value)) value = await value;
  } catch (err) {
    threw = errorOf(err);
  }
  const after = tf ? tf.memory().numTensors : 0;
  let pair: Encoded;
  try {
    pair = encode([args, threw ? null : value], ids);
  } catch (err) {
    send({ type: "result", unencodable: errorOf(err).message, tensors: { before, after } });
    return;
  }
  send({ type: "result", pair, threw, tensors: { before, after } });
}

let queue: Promise<void> = Promise.resolve();
stdin.on("data", (chunk: Buffer) => {
  let messages: unknown[];
  try {
    messages = reader.push(chunk);
  } catch (err) {
    send({ type: "fatal", message: errorOf(err).message });
    exit(2);
    return;
  }
  for (const message of messages) {
    const m = message as LoadRequest | CallRequest;
    // Every request gets an answer, even when the submission broke what the runner uses (patched globals).
    queue = queue
      .then(() => (m.type === "load" ? handleLoad(m) : handleCall(m)))
      .catch((err: unknown) =>
        send({ type: m.type === "load" ? "loaded" : "result", unencodable: errorOf(err).message, error: errorOf(err), tensors: { before: 0, after: 0 } }),
      );
  }
});
stdin.on("end", () => {
  void queue.then(() => exit(0));
});

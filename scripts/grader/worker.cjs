// One graded function, in its own worker thread of the grading process
// (scripts/grader/child.cjs). It loads the solution's module (the reference)
// and the submission's module, runs the notebook's public check, then every
// hidden case, and posts one result message. The thread is terminated from
// outside when it runs out of time or memory.
//
// Before any submitted code is loaded, this thread loses the network and
// process APIs (see lockDown below); the process it runs in already has no
// file-system writes and no child processes (Node's permission model).
"use strict";
const { workerData, parentPort } = require("node:worker_threads");
const Module = require("node:module");
const path = require("node:path");
const util = require("node:util");

const { projectRoot, virtualDir, assignment, name, refFile, refCode, subFile, subCode } = workerData;

// The library first (it may read its own files while loading), from the same
// place the compiled modules will resolve "dnnlab" to.
const grading = require(path.join(projectRoot, "dist", "grading", "index.js"));

// ---------------------------------------------------------------------------
// Captured output: the checks print their verdicts; the grader reads them.
const OUTPUT_LIMIT = 200_000;
const output = [];
let outputSize = 0;
function capture(...args) {
  if (outputSize > OUTPUT_LIMIT) return;
  const text = util.format(...args);
  outputSize += text.length;
  output.push(text);
}
for (const k of ["log", "info", "warn", "error", "debug", "trace", "dir", "table"]) console[k] = capture;
process.stdout.write = (chunk) => (capture(String(chunk).replace(/\n$/, "")), true);
process.stderr.write = (chunk) => (capture(String(chunk).replace(/\n$/, "")), true);

// ---------------------------------------------------------------------------
// No network, no processes, no threads, no debugger for submitted code.
const DENIED_MODULES = new Set([
  "net", "tls", "http", "https", "http2", "dgram", "dns", "dns/promises", "child_process", "cluster",
  "worker_threads", "inspector", "inspector/promises", "repl", "trace_events", "wasi",
]);

function denied(what) {
  return function () {
    throw new Error(`${what} is not available while grading (no network, no processes)`);
  };
}

function lockDown() {
  const net = require("node:net");
  for (const k of ["connect", "createConnection", "createServer"]) net[k] = denied(`net.${k}`);
  net.Socket.prototype.connect = denied("net.Socket.connect");
  const tls = require("node:tls");
  for (const k of ["connect", "createServer", "createSecureContext"]) tls[k] = denied(`tls.${k}`);
  for (const mod of ["http", "https"]) {
    const m = require(`node:${mod}`);
    for (const k of ["request", "get", "createServer"]) m[k] = denied(`${mod}.${k}`);
    if (m.Agent) m.Agent.prototype.createConnection = denied(`${mod}.Agent`);
  }
  const http2 = require("node:http2");
  for (const k of ["connect", "createServer", "createSecureServer"]) http2[k] = denied(`http2.${k}`);
  const dgram = require("node:dgram");
  dgram.createSocket = denied("dgram.createSocket");
  const dns = require("node:dns");
  for (const k of Object.keys(dns)) if (typeof dns[k] === "function" && k !== "Resolver") dns[k] = denied(`dns.${k}`);
  if (dns.promises) for (const k of Object.keys(dns.promises)) if (typeof dns.promises[k] === "function") dns.promises[k] = denied(`dns.promises.${k}`);
  const cp = require("node:child_process");
  for (const k of Object.keys(cp)) if (typeof cp[k] === "function") cp[k] = denied(`child_process.${k}`);
  const wt = require("node:worker_threads");
  wt.Worker = denied("worker_threads.Worker");
  for (const k of ["fetch", "WebSocket", "EventSource"]) {
    if (k in globalThis) Object.defineProperty(globalThis, k, { value: denied(k), configurable: false, writable: false });
  }
  process.dlopen = denied("process.dlopen");
  process.kill = denied("process.kill");
  process.abort = denied("process.abort");
  // Modules compiled from the notebook cannot require the denied modules at all.
  const load = Module._load;
  Module._load = function (request, parent, isMain) {
    const bare = String(request).replace(/^node:/, "");
    const fromNotebook = !parent?.filename || parent.filename.startsWith(virtualDir);
    if (DENIED_MODULES.has(bare) && fromNotebook) {
      throw new Error(`require("${request}") is not available while grading (no network, no processes)`);
    }
    return load.call(this, request, parent, isMain);
  };
}

// ---------------------------------------------------------------------------

/** Compiles a CommonJS module from text, as if it were the file `filename`. */
function loadModule(code, filename) {
  const m = new Module(filename, module);
  m.filename = filename;
  m.paths = Module._nodeModulePaths(path.dirname(filename));
  m._compile(code, filename);
  return m.exports;
}

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");

function describe(err) {
  if (err instanceof Error || (err && typeof err === "object" && "message" in err)) {
    const nameText = err.name && err.name !== "Error" ? `${err.name}: ` : "";
    return `${nameText}${err.message}`;
  }
  return `threw ${util.inspect(err)}`;
}

/** A printed message on one line: colours, ml-matrix dumps and runs of blanks removed. */
function oneLine(text) {
  return strip(text)
    .replace(/Matrix \{[^}]*\}/g, "Matrix")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The most useful line about a failed check: the first failure a checker
 * printed in red (the course's checkers print each failing case so), else
 * the error itself.
 */
function failureOf(err, printed) {
  const error = describe(err);
  if (/Exercise not implemented/.test(error)) return error;
  const red = printed
    .filter((t) => t.includes("\x1b[91m"))
    .map(oneLine)
    .filter((l) => l && !/^\d+\s+Tests failed$/.test(l));
  const text = red.length ? red[0] : oneLine(error);
  return text.length > 400 ? text.slice(0, 397) + "..." : text;
}

function isThenable(v) {
  return v !== null && (typeof v === "object" || typeof v === "function") && typeof v.then === "function";
}

async function call(fn, args) {
  const r = fn(...args);
  return isThenable(r) ? await r : r;
}

async function main() {
  const result = { status: "ok", public: null, hidden: [], output: [] };
  let reference;
  try {
    reference = await loadModule(refCode, refFile).__dnnlab;
  } catch (err) {
    return { status: "internal", message: `the solution's module failed to load: ${describe(err)}` };
  }
  // The solution's code is not left where submitted code could find it.
  workerData.refCode = null;
  workerData.subCode = null;
  lockDown();

  let submission;
  const before = output.length;
  try {
    submission = await loadModule(subCode, subFile).__dnnlab;
  } catch (err) {
    return { status: "load-error", message: oneLine(describe(err)), output: output.slice(before, before + 40).map(oneLine) };
  }
  if (typeof submission?.target !== "function") {
    return { status: "not-a-function", message: `${name} is ${submission?.target === undefined ? "undefined" : typeof submission.target}, not a function` };
  }

  const start = output.length;
  try {
    await submission.publicCheck();
    result.public = { ok: true };
  } catch (err) {
    result.public = { ok: false, message: failureOf(err, output.slice(start)) };
  }

  const grading_ = grading.gradingFor(assignment, name);
  for (const c of grading_.hidden) {
    let expected;
    try {
      expected = c.expected !== undefined ? c.expected : await call(reference.target, c.args(reference.scope));
    } catch (err) {
      result.hidden.push({ label: c.label, ok: false, internal: true, message: `the reference failed on this case: ${describe(err)}` });
      continue;
    }
    const mark = output.length;
    let actual;
    try {
      actual = await call(submission.target, c.args(reference.scope));
    } catch (err) {
      result.hidden.push({ label: c.label, ok: false, message: failureOf(err, output.slice(mark)) });
      continue;
    }
    let why;
    try {
      why = typeof c.compare === "function" ? c.compare(expected, actual) : grading.compareValues(expected, actual, "result", c.compare);
    } catch (err) {
      why = `its result could not be compared: ${describe(err)}`;
    }
    result.hidden.push({ label: c.label, ok: !why, message: why ?? null });
  }
  return result;
}

main().then(
  (r) => parentPort.postMessage(r),
  (err) => parentPort.postMessage({ status: "internal", message: `grading failed: ${describe(err)}` }),
);

/**
 * The broker: a worker thread of the grading process that owns one sandboxed
 * child process (child.ts) and enforces its limits, so that the grading
 * thread can call the submitted function synchronously (remote.ts).
 *
 * - Requests arrive on a MessagePort as framed bytes and go to the child's
 *   stdin; each answer frame read from the child's file descriptor 3 goes
 *   back on the port, and the grading thread, waiting on a shared Int32Array,
 *   is woken with Atomics.notify.
 * - Time: the limit counts the time the child spends on requests (loading
 *   the module, calls), not the grader's own work between them.
 * - Memory: the child's resident set (all of it: JavaScript heap, typed
 *   arrays, WebAssembly memories) is read from /proc/<pid>/status every 20 ms; past the
 *   limit the child is killed. An address-space limit (ulimit -v) is not
 *   used: WebAssembly reserves large address ranges it never touches.
 * - Output: the child's stdout is drained and dropped, stderr keeps its last
 *   lines for crash messages; an answer larger than the frame limit kills it.
 * Once the child is stopped (time, memory, crash, oversize), every further
 * request gets the same failure at once.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { workerData, type MessagePort } from "node:worker_threads";
import { CodecError, FrameReader } from "./codec";

/** What the grading thread gives the broker. */
export interface BrokerData {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly timeLimitMs: number;
  readonly memoryMb: number;
  readonly maxAnswerBytes: number;
  readonly signal: SharedArrayBuffer;
  readonly port: MessagePort;
}

/** Why the child stopped, as the broker reports it. */
export type Stop =
  | { type: "timeout"; seconds: number }
  | { type: "memory"; limitMb: number; peakMb: number }
  | { type: "crash"; code: number | null; signal: string | null; stderr: string }
  | { type: "too-large"; message: string }
  | { type: "protocol"; message: string };

const data = workerData as BrokerData;
const signal = new Int32Array(data.signal);
const port = data.port;

let stop: Stop | null = null;
let outstanding = false;
let spentMs = 0;
let startedAt = 0;
let peakKb = 0;
let stderrTail = "";

const child = spawn(data.command, [...data.args], {
  cwd: data.cwd,
  env: { ...data.env },
  stdio: ["pipe", "pipe", "pipe", "pipe"],
});

/** Hands a message to the grading thread and wakes it. */
function answer(message: unknown): void {
  port.postMessage(message);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

function halt(why: Stop): void {
  if (stop) return;
  stop = why;
  child.kill("SIGKILL");
  if (outstanding) {
    outstanding = false;
    answer({ type: "stopped", stop });
  }
}

const reader = new FrameReader(data.maxAnswerBytes);
const answers = child.stdio[3] as NodeJS.ReadableStream;
answers.on("data", (chunk: Buffer) => {
  if (stop) return;
  let messages: unknown[];
  try {
    messages = reader.push(chunk);
  } catch (err) {
    halt(err instanceof CodecError ? { type: "too-large", message: err.message } : { type: "protocol", message: String(err) });
    return;
  }
  for (const m of messages) {
    if (!outstanding) {
      halt({ type: "protocol", message: "the child answered a request that was never made" });
      return;
    }
    outstanding = false;
    spentMs += Date.now() - startedAt;
    answer(m);
  }
});
child.stdout?.resume();
child.stderr?.on("data", (d: Buffer) => {
  stderrTail = (stderrTail + d.toString("utf8")).slice(-2000);
});
child.on("error", (err) => halt({ type: "crash", code: null, signal: null, stderr: err.message }));
child.on("exit", (code, sig) => {
  clearInterval(watch);
  if (!stop) {
    // V8 ends a process whose heap reached --max-old-space-size: that is the memory limit too
    stop = /heap out of memory|Reached heap limit/.test(stderrTail)
      ? { type: "memory", limitMb: data.memoryMb, peakMb: Math.round(peakKb / 1024) }
      : { type: "crash", code, signal: sig, stderr: stderrTail.trim() };
  }
  if (outstanding) {
    outstanding = false;
    answer({ type: "stopped", stop });
  }
  port.close();
});
child.stdin?.on("error", () => {}); // a child that died mid-write is reported by "exit"

const watch = setInterval(() => {
  if (stop || child.pid === undefined) return;
  if (outstanding && spentMs + (Date.now() - startedAt) > data.timeLimitMs) {
    halt({ type: "timeout", seconds: data.timeLimitMs / 1000 });
    return;
  }
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
    const rssKb = Number(/^VmRSS:\s*(\d+)/m.exec(status)?.[1] ?? 0);
    peakKb = Math.max(peakKb, rssKb);
    if (rssKb > data.memoryMb * 1024) halt({ type: "memory", limitMb: data.memoryMb, peakMb: Math.round(rssKb / 1024) });
  } catch {
    // not Linux, or the process is gone: the heap limit (--max-old-space-size) still holds
  }
}, 20);

port.on("message", (m: { type: "request"; bytes: Uint8Array } | { type: "end" }) => {
  if (m.type === "end") {
    child.stdin?.end();
    setTimeout(() => child.kill("SIGKILL"), 2000).unref();
    return;
  }
  if (stop) {
    answer({ type: "stopped", stop });
    return;
  }
  outstanding = true;
  startedAt = Date.now();
  child.stdin?.write(m.bytes);
});

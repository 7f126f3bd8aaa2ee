/**
 * A submitted function as an ordinary, synchronous JavaScript function of
 * the grading process, computed in a sandboxed child process.
 *
 * The notebook's checkers (and the hidden cases) call the function they are
 * given and inspect what it returns, synchronously, as they do in a learner's
 * kernel. {@link Remote.asFunction} gives them a stand-in: each call encodes
 * the arguments and the generator state (codec.ts), hands them to the broker
 * thread (broker.ts), blocks on a shared Int32Array until the child has
 * answered, then updates the arguments in place as the child left them and
 * returns the decoded result, or throws what the submission threw. The
 * checkers, the expected values and the comparisons never leave this process.
 *
 * When the child is stopped (time, memory, crash), the stand-in throws a
 * {@link SandboxStopped} at every call; {@link Remote.stopped} says why.
 */
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from "node:worker_threads";
import { join } from "node:path";
import { random } from "dnnlab";
import type { BrokerData, Stop } from "./broker";
import { decode, encode, frame, Identities, newTensors, type Encoded, type TensorApi } from "./codec";

/** How to start the child, and its limits. */
export interface RemoteOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly timeLimitMs: number;
  readonly memoryMb: number;
  /** Largest answer accepted, in bytes (default 256 MB). */
  readonly maxAnswerBytes?: number;
  /** TensorFlow.js of this process, when the function works on tensors. */
  readonly tf?: () => TensorApi;
}

/** Thrown by the stand-in once the child has been stopped. */
export class SandboxStopped extends Error {
  override readonly name = "SandboxStopped";
  constructor(readonly stop: Stop) {
    super(describeStop(stop));
  }
}

/** One line saying why a child was stopped, for the report. */
export function describeStop(stop: Stop): string {
  switch (stop.type) {
    case "timeout":
      return `timed out after ${stop.seconds} s (an endless loop?)`;
    case "memory":
      return `exceeded the memory limit (${stop.limitMb} MB)`;
    case "crash": {
      const how = stop.signal ? `signal ${stop.signal}` : `exit code ${stop.code}`;
      const lines = stop.stderr
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l && !/^Node\.js v\d/.test(l) && !/^at /.test(l));
      const last = lines.filter((l) => /error|fatal/i.test(l)).slice(-1)[0] ?? lines.slice(-1)[0];
      return `crashed: its process ended (${how})${last ? `: ${last.slice(0, 300)}` : ""}`;
    }
    case "too-large":
      return `returned too much data: ${stop.message}`;
    case "protocol":
      return `broke the grading protocol: ${stop.message}`;
  }
}

interface ResultAnswer {
  type: "result";
  pair?: Encoded;
  threw?: { name: string; message: string } | null;
  unencodable?: string;
  tensors: { before: number; after: number };
}
type Answer = ResultAnswer | { type: "loaded"; error?: { name: string; message: string }; notAFunction?: boolean } | { type: "stopped"; stop: Stop };

/** An error as the submission threw it: same name and message. */
function rethrow(e: { name: string; message: string }): Error {
  const err = new Error(e.message);
  Object.defineProperty(err, "name", { value: e.name, enumerable: false, configurable: true, writable: true });
  return err;
}

/** A broker thread and its child process; one per graded function. */
export class Remote {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly port: MessagePort;
  private readonly worker: Worker;
  private stopReason: Stop | null = null;
  /** Calls made so far. */
  calls = 0;

  constructor(private readonly options: RemoteOptions) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    const data: BrokerData = {
      command: options.command,
      args: options.args,
      cwd: options.cwd,
      env: { LANG: "C.UTF-8" },
      timeLimitMs: options.timeLimitMs,
      memoryMb: options.memoryMb,
      maxAnswerBytes: options.maxAnswerBytes ?? 256 * 1024 * 1024,
      signal: this.signal.buffer as SharedArrayBuffer,
      port: port2,
    };
    this.worker = new Worker(join(__dirname, "broker.js"), { workerData: data, transferList: [port2] });
    this.worker.unref();
  }

  /** Why the child was stopped, or null while it runs. */
  get stopped(): Stop | null {
    return this.stopReason;
  }

  /** Sends one request and waits for its answer. */
  private request(message: unknown): Answer {
    if (this.stopReason) return { type: "stopped", stop: this.stopReason };
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ type: "request", bytes: frame(message) });
    // The broker enforces the time limit; this wait only guards against a broker that died.
    const patience = this.options.timeLimitMs + 30_000;
    const woken = Atomics.wait(this.signal, 0, 0, patience);
    const received = receiveMessageOnPort(this.port);
    if (!received) {
      const stop: Stop = { type: "protocol", message: woken === "timed-out" ? "no answer from the sandbox" : "the sandbox's broker stopped" };
      this.stopReason = stop;
      return { type: "stopped", stop };
    }
    const answer = received.message as Answer;
    if (answer.type === "stopped") this.stopReason = answer.stop;
    return answer;
  }

  /**
   * Loads the compiled module in the child.
   * @returns null when the function is ready, else why not (an error the module threw, or a stop)
   */
  load(name: string, filename: string, code: string, tensorflow: boolean): { error: Error; notAFunction: boolean } | null {
    const a = this.request({ type: "load", name, filename, code, tensorflow });
    if (a.type === "stopped") return { error: new SandboxStopped(a.stop), notAFunction: false };
    if (a.type !== "loaded") return { error: new SandboxStopped({ type: "protocol", message: `answered ${a.type} to load` }), notAFunction: false };
    return a.error ? { error: rethrow(a.error), notAFunction: a.notAFunction === true } : null;
  }

  /** Calls the function with `args`; returns its result, or throws what it threw. */
  call(args: unknown[]): unknown {
    const ids = new Identities();
    const encoded = encode(args, ids);
    for (const [o, id] of ids.ids) ids.objects.set(id, o);
    this.calls++;
    const a = this.request({ type: "call", args: encoded, rng: random.getState() });
    if (a.type === "stopped") throw new SandboxStopped(a.stop);
    if (a.type !== "result") throw new SandboxStopped({ type: "protocol", message: `answered ${a.type} to a call` });
    if (a.unencodable !== undefined) throw new TypeError(`its result cannot be read by the grader: ${a.unencodable}`);
    if (a.pair === undefined) throw new SandboxStopped({ type: "protocol", message: "a result without values" });
    const known = new Set(ids.objects.keys());
    const [, value] = decode(a.pair, ids, this.options.tf) as [unknown[], unknown];
    this.mirrorLeaks(a, known);
    if (a.threw) throw rethrow(a.threw);
    return value;
  }

  /**
   * Tensors the function left behind in the child are left behind here too
   * (as scalars), so that a checker counting tensors sees what a learner's
   * kernel would.
   */
  private mirrorLeaks(a: ResultAnswer, known: ReadonlySet<number>): void {
    const tf = this.options.tf;
    if (!tf || a.pair === undefined) return;
    const leaked = a.tensors.after - a.tensors.before - newTensors(a.pair, known);
    const api = tf();
    for (let i = 0; i < leaked && i < 10_000; i++) api.tensor(new Float32Array(1), [], "float32");
  }

  /** The stand-in: a function named `name` that calls {@link call}. */
  asFunction(name: string): (...args: unknown[]) => unknown {
    const f = { [name]: (...args: unknown[]): unknown => this.call(args) }[name];
    return f;
  }

  /** Ends the child (it exits when its input closes) and the broker. */
  close(): void {
    this.port.postMessage({ type: "end" });
    this.port.close();
  }
}

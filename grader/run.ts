/**
 * Running one submitted graded function against its checks.
 *
 * The submitted function runs in a sandboxed child process of its own
 * (sandbox/remote.ts); everything that decides its score runs here, in the
 * grading process: the notebook's own test cell (from the generated solution
 * module), called with the remote stand-in of the submitted function, then
 * every hidden case, whose inputs are built here, whose expected value is a
 * literal or the solution's result on the same inputs, and whose comparison
 * is done here on the values the child sent back.
 */
import util from "node:util";
import { join } from "node:path";
import type { CompareOptions } from "./compare";
import { compareValues } from "./compare";
import { gradingFor, type NotebookScope } from "./cases";
import { describeStop, Remote, SandboxStopped } from "./sandbox/remote";
import type { TensorApi } from "./sandbox/codec";
import type { Stage } from "./sandbox/stage";
import type { Stop } from "./sandbox/broker";
import type { Solution } from "./solutions";
import { sandboxCommand } from "./sandbox/command";

/** What running a function gave, before it is scored. */
export type RunOutcome =
  | { status: "stopped"; stop: Stop }
  | { status: "load-error"; message: string }
  | { status: "not-a-function"; message: string }
  | { status: "ran"; public: { ok: boolean; message?: string }; hidden: HiddenResult[]; stop: Stop | null };

export interface HiddenResult {
  readonly label: string;
  readonly ok: boolean;
  readonly message?: string;
  /** The grader's own failure (the reference threw): never the submission's fault. */
  readonly internal?: boolean;
}

export interface RunJob {
  readonly notebook: string;
  readonly name: string;
  /** The compiled module (CommonJS). */
  readonly code: string;
  readonly stage: Stage;
  readonly solution: Solution;
  readonly timeLimitMs: number;
  readonly memoryMb: number;
  /** TensorFlow.js of this process when the notebook uses it. */
  readonly tf?: () => TensorApi;
}

const strip = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, "");
const oneLine = (text: string): string =>
  strip(text)
    .replace(/Matrix \{[^}]*\}/g, "Matrix")
    .replace(/\s+/g, " ")
    .trim();

function describe(err: unknown): string {
  if (err !== null && typeof err === "object" && "message" in err) {
    const e = err as { name?: unknown; message?: unknown };
    const name = typeof e.name === "string" && e.name !== "Error" ? `${e.name}: ` : "";
    return `${name}${String(e.message)}`;
  }
  return `threw ${util.inspect(err)}`;
}

/**
 * The most useful line about a failed check: the first failure a checker
 * printed in red (the course's checkers print each failing case so), else
 * the error itself.
 */
function failureOf(err: unknown, printed: readonly string[]): string {
  const error = describe(err);
  if (/Exercise not implemented/.test(error)) return error;
  const red = printed
    .filter((t) => t.includes("\x1b[91m"))
    .map(oneLine)
    .filter((l) => l && !/^\d+\s+Tests failed$/.test(l));
  const text = red.length ? red[0] : oneLine(error);
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/** Runs `body` with this thread's console captured; returns what it printed. */
async function capturing<T>(body: () => Promise<T>): Promise<{ value?: T; error?: unknown; printed: string[] }> {
  const printed: string[] = [];
  let size = 0;
  const capture = (...args: unknown[]): void => {
    if (size > 200_000) return;
    const text = util.format(...args);
    size += text.length;
    printed.push(text);
  };
  const saved = { ...console };
  const methods = ["log", "info", "warn", "error", "debug", "dir", "table"] as const;
  for (const k of methods) (console as unknown as Record<string, unknown>)[k] = capture;
  try {
    return { value: await body(), printed };
  } catch (error) {
    return { error, printed };
  } finally {
    for (const k of methods) (console as unknown as Record<string, unknown>)[k] = saved[k];
  }
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { then?: unknown }).then === "function";

async function call(fn: (...a: unknown[]) => unknown, args: unknown[]): Promise<unknown> {
  const r = fn(...args);
  return isThenable(r) ? await r : r;
}

/** Runs one submitted function: the notebook's check, then the hidden cases. */
export async function runFunction(job: RunJob): Promise<RunOutcome> {
  const { command, args } = sandboxCommand(job.stage, job.memoryMb);
  const remote = new Remote({ command, args, cwd: job.stage.dir, timeLimitMs: job.timeLimitMs, memoryMb: job.memoryMb, tf: job.tf });
  try {
    const filename = join(job.stage.submissionDir, `${job.name}.js`);
    const loaded = remote.load(job.name, filename, job.code, job.tf !== undefined);
    if (loaded) {
      if (loaded.error instanceof SandboxStopped) return { status: "stopped", stop: loaded.error.stop };
      if (loaded.notAFunction) return { status: "not-a-function", message: loaded.error.message };
      return { status: "load-error", message: oneLine(describe(loaded.error)) };
    }
    const target = remote.asFunction(job.name);

    const check = job.solution.checks[job.name];
    const publicRun = await capturing(() => check(target));
    const publicResult = publicRun.error === undefined ? { ok: true } : { ok: false, message: failureOf(publicRun.error, publicRun.printed) };

    const hidden: HiddenResult[] = [];
    const reference = job.solution.functions[job.name];
    const scope: NotebookScope = job.solution.functions;
    for (const c of gradingFor(job.notebook, job.name).hidden) {
      if (remote.stopped) break;
      let expected: unknown;
      try {
        expected = c.expected !== undefined ? c.expected : await call(reference, c.args(scope));
      } catch (err) {
        hidden.push({ label: c.label, ok: false, internal: true, message: `the reference failed on this case: ${describe(err)}` });
        continue;
      }
      const run = await capturing(() => call(target, c.args(scope)));
      if (run.error !== undefined) {
        if (run.error instanceof SandboxStopped) break;
        hidden.push({ label: c.label, ok: false, message: failureOf(run.error, run.printed) });
        continue;
      }
      let why: string | null;
      try {
        why =
          typeof c.compare === "function"
            ? c.compare(expected, run.value)
            : compareValues(expected, run.value, "result", c.compare as CompareOptions | undefined);
      } catch (err) {
        why = `its result could not be compared: ${describe(err)}`;
      }
      hidden.push(why ? { label: c.label, ok: false, message: why } : { label: c.label, ok: true });
    }
    return { status: "ran", public: publicResult, hidden, stop: remote.stopped };
  } finally {
    remote.close();
  }
}

export { describeStop };

// The scheduler behind npm test (scripts/test.mjs): build steps and test
// files, each a Node process of its own taking one of a number of slots,
// started as soon as what they need is built and a slot is free, the
// longest (by estimate) first: build steps before anything (they unblock the
// rest), then the longest test files, so that the run does not end with a
// long file started last.
//
// A unit's output (stdout and stderr, in order) goes to a log file and is
// shown when the unit ends, so that the outputs of units running side by side
// never interleave. Its CPU time (its own and its children's: kernels,
// Chromium, sandboxes) comes from scripts/testing/cpu-times.mjs, preloaded.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const CPU_PRELOAD = pathToFileURL(join(import.meta.dirname, "cpu-times.mjs")).href;

/**
 * @typedef {object} Unit
 * @property {string} id           its name in the output: "build: lib", or a test file's path
 * @property {string[]} args       Node's arguments: the script and its own arguments
 * @property {string[]} needs      ids of the build steps that must have succeeded first
 * @property {number} estimate     expected seconds; among the units that may start, the longest start first
 *                                 (Infinity for build steps)
 *
 * @typedef {object} Result
 * @property {"passed" | "failed" | "not run"} status  "not run": a build step it needs failed
 * @property {string} detail       for "failed" and "not run": why, in a few words
 * @property {number} wall         seconds from start to end (0 when not run)
 * @property {number | null} cpu   CPU seconds of the process and the children it waited for (null when unknown)
 * @property {string} output       what it printed
 */

/** A file name for a unit's id. */
const slug = (id) => id.replace(/[^A-Za-z0-9._-]+/g, "_");

/**
 * Runs `units`; resolves when every unit has ended or was skipped.
 * SIGINT/SIGTERM received meanwhile are passed on to the running units, and
 * no further unit starts.
 *
 * @param {Unit[]} units   ids unique; `needs` name build steps among them
 * @param {{ slots: number, cwd: string, logDir: string, env: NodeJS.ProcessEnv, onEnd: (unit: Unit, result: Result) => void }} options
 *   `onEnd` is called as each unit ends (or is skipped), in that order
 * @returns {Promise<{ results: Map<string, Result>, interrupted: string | null }>}
 * @throws {Error} when a unit needs an id that is not a unit (a mistake in the caller)
 */
export function runUnits(units, { slots, cwd, logDir, env, onEnd }) {
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const u of units) {
    const unknown = u.needs.find((n) => !byId.has(n));
    if (unknown) throw new Error(`test: ${u.id} needs "${unknown}", which is not a build step of this run`);
  }
  mkdirSync(logDir, { recursive: true });
  const pending = [...units].sort((a, b) => b.estimate - a.estimate);
  const running = new Map();
  const results = new Map();
  let interrupted = null;

  return new Promise((resolve) => {
    const forward = (signal) => {
      interrupted ??= signal;
      for (const child of running.values()) child.kill(signal);
    };
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, forward);

    const end = (unit, result) => {
      results.set(unit.id, result);
      onEnd(unit, result);
    };

    const start = (unit) => {
      const log = join(logDir, `${slug(unit.id)}.log`);
      const cpuFile = join(logDir, `${slug(unit.id)}.cpu.json`);
      rmSync(cpuFile, { force: true });
      const fd = openSync(log, "w");
      const t0 = Date.now();
      const child = spawn(process.execPath, ["--import", CPU_PRELOAD, ...unit.args], {
        cwd,
        env: { ...env, DNNLAB_TEST_CPU_OUT: cpuFile },
        stdio: ["ignore", fd, fd],
      });
      closeSync(fd);
      running.set(unit.id, child);
      let failure = null;
      child.on("error", (err) => {
        failure = `could not be started: ${err.message}`;
      });
      child.on("close", (code, signal) => {
        running.delete(unit.id);
        const ok = code === 0 && !failure;
        const why = failure ?? (signal ? `killed by ${signal}` : `exit status ${code}`);
        end(unit, { status: ok ? "passed" : "failed", detail: ok ? "" : why, wall: (Date.now() - t0) / 1000, cpu: cpuSeconds(cpuFile), output: readText(log) });
        pump();
      });
    };

    const pump = () => {
      // Until nothing changes: a step that ends as "not run" may stop others.
      for (let changed = true; changed; ) {
        changed = false;
        for (const unit of [...pending]) {
          const broken = unit.needs.find((n) => results.has(n) && results.get(n).status !== "passed");
          const ready = unit.needs.every((n) => results.get(n)?.status === "passed");
          if (interrupted || broken) {
            pending.splice(pending.indexOf(unit), 1);
            const cause = results.get(broken);
            const detail = interrupted ? `interrupted (${interrupted}) before it started` : cause.status === "not run" ? cause.detail : `${broken} failed`;
            end(unit, { status: "not run", detail, wall: 0, cpu: null, output: "" });
            changed = true;
          } else if (ready && running.size < slots) {
            pending.splice(pending.indexOf(unit), 1);
            start(unit);
          }
        }
      }
      if (pending.length === 0 && running.size === 0) {
        for (const signal of ["SIGINT", "SIGTERM"]) process.off(signal, forward);
        resolve({ results, interrupted });
      }
    };
    pump();
  });
}

function readText(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function cpuSeconds(path) {
  if (!existsSync(path)) return null;
  try {
    const { seconds } = JSON.parse(readFileSync(path, "utf8"));
    return typeof seconds === "number" ? seconds : null;
  } catch {
    return null;
  }
}

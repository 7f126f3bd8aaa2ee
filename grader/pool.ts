/**
 * Grading a class: a pool of grading threads, one submission at a time each.
 *
 * Each thread (this file, run as a worker) loads the compiler, the solution
 * modules and the hidden cases once, then grades the submissions it is
 * given; the functions of a submission still run in sandboxed processes of
 * their own. A submission that hangs or crashes costs its own time limits
 * only: the thread is never blocked beyond them, and a thread that dies is
 * replaced (that submission is reported as not graded).
 */
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { gradeNotebook, type GradeOptions } from "./grade";
import type { Report } from "./report";

interface Job {
  readonly id: number;
  readonly path: string;
}

/** The default number of grading threads: one per core. */
export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Grades notebooks on `jobs` threads.
 * @param onReport called as each report arrives (in completion order)
 * @returns the reports, in the order of `paths`
 */
export function gradeMany(paths: readonly string[], options: GradeOptions, jobs = defaultJobs(), onReport: (r: Report) => void = () => {}): Promise<Report[]> {
  const reports: Report[] = new Array(paths.length);
  let next = 0;
  let done = 0;
  return new Promise((resolve, reject) => {
    if (paths.length === 0) resolve([]);
    const start = (): void => {
      const worker = new Worker(__filename, { workerData: { options } });
      let current: Job | null = null;
      const feed = (): void => {
        if (next >= paths.length) {
          current = null;
          void worker.terminate();
          return;
        }
        current = { id: next, path: paths[next++] };
        worker.postMessage(current);
      };
      const finish = (id: number, report: Report): void => {
        reports[id] = report;
        onReport(report);
        if (++done === paths.length) resolve(reports);
      };
      worker.on("message", (m: { id: number; report?: Report; error?: string }) => {
        if (m.error !== undefined) {
          worker.removeAllListeners();
          void worker.terminate();
          reject(new Error(`${paths[m.id]}: ${m.error}`));
          return;
        }
        finish(m.id, m.report as Report);
        feed();
      });
      worker.on("error", (err) => {
        // the thread died (not the submission's sandbox): report that notebook as not graded, go on with a new thread
        if (current) {
          const path = current.path;
          finish(current.id, {
            notebook: path,
            assignment: null,
            score: 0,
            max: 0,
            seconds: 0,
            sha256: "",
            functions: [],
            error: `not graded: the grading thread failed (${err.message})`,
          });
        }
        current = null;
        if (next < paths.length) start();
      });
      feed();
    };
    for (let i = 0; i < Math.min(jobs, paths.length); i++) start();
  });
}

// A grading thread.
if (!isMainThread && parentPort) {
  const port = parentPort;
  const { options } = workerData as { options: GradeOptions };
  port.on("message", (job: Job) => {
    gradeNotebook(job.path, options).then(
      (report) => port.postMessage({ id: job.id, report }),
      (err: unknown) => port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

// The grading process: one per submission, started by scripts/grader/grader.mjs
// under Node's permission model (read-only access to the project, no child
// processes, no file writes) and, where Linux allows it, in a network
// namespace of its own. It receives the compiled modules over IPC, grades
// each function in a fresh worker thread with a time limit and a heap limit,
// and sends back one result per function.
"use strict";
const { Worker } = require("node:worker_threads");
const path = require("node:path");

function runOne(job, fn) {
  return new Promise((resolve) => {
    let done = false;
    const started = Date.now();
    const finish = (r) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      worker.terminate().catch(() => {});
      resolve({ ...r, seconds: (Date.now() - started) / 1000 });
    };
    const worker = new Worker(path.join(__dirname, "worker.cjs"), {
      workerData: {
        projectRoot: job.projectRoot,
        virtualDir: job.virtualDir,
        assignment: job.assignment,
        name: fn.name,
        refFile: fn.refFile,
        refCode: fn.refCode,
        subFile: fn.subFile,
        subCode: fn.subCode,
      },
      resourceLimits: { maxOldGenerationSizeMb: fn.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 8 },
      stdout: true,
      stderr: true,
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const timer = setTimeout(() => finish({ status: "timeout" }), fn.timeLimitMs);
    worker.on("message", (m) => finish(m));
    worker.on("error", (err) => {
      if (err && err.code === "ERR_WORKER_OUT_OF_MEMORY") finish({ status: "memory" });
      else finish({ status: "crash", message: `${err && err.name ? err.name + ": " : ""}${err && err.message ? err.message : String(err)}` });
    });
    worker.on("exit", (code) => finish({ status: "crash", message: `the code stopped the grading thread (exit code ${code}) before the checks finished` }));
  });
}

process.once("message", async (job) => {
  for (const fn of job.functions) {
    const result = await runOne(job, fn);
    process.send({ token: job.token, name: fn.name, result });
  }
  process.send({ token: job.token, done: true }, () => process.exit(0));
});

// Preloaded (node --import) into each test file's and build step's process by
// scripts/test.mjs: when the process exits, it writes its CPU time to the
// file named by DNNLAB_TEST_CPU_OUT, its own and that of every child it
// waited for (Jupyter kernels, Chromium, grading sandboxes: Linux adds a
// child's time, and its own children's, to the parent that reaps it), so
// that npm test can say where its CPU time goes. Nothing is written where
// /proc is missing.
import { readFileSync, writeFileSync } from "node:fs";

const out = process.env.DNNLAB_TEST_CPU_OUT;
// Only this process reports: the processes it starts inherit the environment.
delete process.env.DNNLAB_TEST_CPU_OUT;

// /proc/<pid>/stat counts in USER_HZ, which Linux fixes at 100 per second.
const TICKS_PER_SECOND = 100;

if (out) {
  process.on("exit", () => {
    try {
      const stat = readFileSync("/proc/self/stat", "utf8");
      // The fields after the command's closing parenthesis: state is field 3,
      // utime/stime fields 14/15, cutime/cstime (reaped children) 16/17.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
      writeFileSync(out, JSON.stringify({ seconds: (utime + stime + cutime + cstime) / TICKS_PER_SECOND }));
    } catch {
      // no /proc (not Linux): the run reports wall time only
    }
  });
}

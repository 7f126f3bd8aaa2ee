// The notebook tests' way to Jupyter: the python that has it, and the
// project's Python scripts (nbrun.py, grader/nbcells.py) run with the
// project's tslab kernelspec.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureJupyter, kernelEnv } from "../../scripts/jupyter.mjs";
import { projectRoot } from "../../scripts/kernel.mjs";

/**
 * The python with Jupyter (`python`, null when none is found) and, then, why
 * (`problem`): a test asserts on `python` and names the problem.
 */
export function findJupyter() {
  try {
    return { python: ensureJupyter({ log: (m) => console.error(m) }), problem: null };
  } catch (err) {
    return { python: null, problem: err.message };
  }
}

/**
 * Runs `scripts/<script>` with `python` from the project's root, the
 * kernel's environment plus `env`; resolves to its exit code, stdout, stderr
 * and wall time in seconds (rejects only if it could not start).
 */
export function runProjectScript(python, script, args, env = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(python, [join(projectRoot, "scripts", script), ...args], {
      cwd: projectRoot,
      env: { ...kernelEnv(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

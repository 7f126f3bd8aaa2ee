// Finding (and, where allowed, installing) Jupyter for the notebook runner.
//
// The notebooks run through Debian's Jupyter packages with the system Python
// (/usr/bin/python3): a pyenv or virtualenv python3 earlier on PATH usually
// lacks nbclient, so the system interpreter is preferred explicitly.
import { existsSync } from "node:fs";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { jupyterPath, projectRoot, writeLocalKernelspec } from "./kernel.mjs";

export const APT_PACKAGES = ["jupyter-nbconvert", "python3-nbclient", "jupyter-notebook", "python3-ipykernel"];
const PROBE = "import nbclient, nbformat, jupyter_client";

function pythonCandidates() {
  const list = [];
  if (process.env.DNNLAB_PYTHON) list.push(process.env.DNNLAB_PYTHON);
  list.push("/usr/bin/python3", "python3");
  return list;
}

/** The first python that can import nbclient, or null. */
export function findJupyterPython() {
  for (const py of pythonCandidates()) {
    if (py.startsWith("/") && !existsSync(py)) continue;
    const r = spawnSync(py, ["-c", PROBE], { stdio: "ignore" });
    if (!r.error && r.status === 0) return py;
  }
  return null;
}

function isRootOnDebian() {
  return typeof process.getuid === "function" && process.getuid() === 0 && existsSync("/usr/bin/apt-get");
}

/**
 * Returns a python with Jupyter. When none is found: as root on Debian it
 * installs Debian's packages; otherwise it throws with the command to run.
 */
export function ensureJupyter({ install = isRootOnDebian(), log = console.log } = {}) {
  let py = findJupyterPython();
  if (py) return py;
  const command = `apt-get update && apt-get install -y ${APT_PACKAGES.join(" ")}`;
  if (!install) {
    throw new Error(
      "Jupyter was not found (no python3 can import nbclient).\n" +
        `Install Debian's packages: sudo sh -c '${command}'\n` +
        "or point DNNLAB_PYTHON at a python that has nbclient, nbformat and jupyter_client.",
    );
  }
  log(`jupyter: not found; installing Debian's packages: ${command}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [["update"], ["install", "-y", "--no-install-recommends", ...APT_PACKAGES]]) {
    const r = spawnSync("apt-get", args, { stdio: ["ignore", "ignore", "inherit"], env });
    if (r.error || r.status !== 0) throw new Error(`jupyter: \`apt-get ${args.join(" ")}\` failed`);
  }
  py = findJupyterPython();
  if (!py) throw new Error("jupyter: the packages were installed but nbclient still cannot be imported");
  return py;
}

/** Environment for running the project's kernel: JUPYTER_PATH gets .jupyter-local first. */
export function kernelEnv() {
  writeLocalKernelspec();
  const prior = process.env.JUPYTER_PATH;
  return {
    ...process.env,
    JUPYTER_PATH: prior ? `${jupyterPath}:${prior}` : jupyterPath,
    // tslab's cells must not see a notebook-side NODE_OPTIONS meant for us.
    PYTHONUNBUFFERED: "1",
  };
}

/**
 * Runs scripts/nbrun.py with the output shown; resolves to its exit status.
 * SIGINT and SIGTERM are passed on to it, and this process waits for it: it
 * stops its kernels first (a Ctrl-C in the terminal reaches it directly too).
 */
export function runNbrun(python, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(python, [join(projectRoot, "scripts", "nbrun.py"), ...args], { cwd: projectRoot, env: kernelEnv(), stdio: "inherit" });
    const forward = (signal) => child.kill(signal);
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      for (const s of ["SIGINT", "SIGTERM"]) process.off(s, forward);
      resolve(code ?? (signal === "SIGINT" ? 130 : 1));
    });
  });
}

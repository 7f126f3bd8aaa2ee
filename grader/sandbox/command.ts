/**
 * The command line of a sandboxed child process.
 *
 * - Node's permission model: reads only under the staging folder; no writes,
 *   no child processes, no worker threads, no native addons.
 * - No code generation from strings once the library is loaded (the runner
 *   blocks `eval` and the function constructors: the library generates its
 *   kernels while loading, so Node's flag cannot be used).
 * - A heap limit (the broker also watches the whole resident size).
 * - An empty network namespace (`unshare --net`) where Linux allows it; the
 *   runner also disables the network modules in-process.
 * - An empty environment (set by the broker).
 */
import { spawnSync } from "node:child_process";
import type { Stage } from "./stage";

let netns: boolean | null = null;

/** Whether `unshare` can give a child an empty network namespace here. */
export function networkNamespaceAvailable(): boolean {
  if (netns === null) {
    if (process.platform !== "linux" || process.env.DNNLAB_GRADE_NO_NETNS === "1") netns = false;
    else {
      const r = spawnSync("unshare", ["--net", "--map-root-user", "true"], { stdio: "ignore", timeout: 5000 });
      netns = !r.error && r.status === 0;
    }
  }
  return netns;
}

/** The command and arguments that start the runner of a stage. */
export function sandboxCommand(stage: Stage, memoryMb: number): { command: string; args: string[]; isolation: string } {
  const nodeArgs = [
    "--experimental-permission",
    `--allow-fs-read=${stage.dir}/*`,
    `--max-old-space-size=${Math.max(64, Math.floor(memoryMb))}`,
    "--disable-warning=ExperimentalWarning",
    "--disable-warning=SecurityWarning",
    stage.runner,
  ];
  if (networkNamespaceAvailable()) {
    return { command: "unshare", args: ["--net", "--map-root-user", process.execPath, ...nodeArgs], isolation: "network namespace" };
  }
  return { command: process.execPath, args: nodeArgs, isolation: "in-process" };
}

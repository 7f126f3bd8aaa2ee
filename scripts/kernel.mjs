// Registers the tslab (TypeScript) Jupyter kernel for this project.
//
//   node scripts/kernel.mjs          project-local kernelspec in .jupyter-local/
//                                    (used by `npm run notebooks` and `npm test`
//                                    through JUPYTER_PATH; touches nothing else)
//   node scripts/kernel.mjs --user   also install it for your user, so that
//                                    JupyterLab / Notebook started anywhere
//                                    offers the "TypeScript (dnnlab)" kernel
//
// The kernelspec runs this checkout's own tslab with this Node, so the kernel
// always matches the installed dependencies.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const jupyterPath = join(projectRoot, ".jupyter-local");

/** Writes .jupyter-local/kernels/tslab/kernel.json; returns its folder. */
export function writeLocalKernelspec() {
  const tslabBin = join(projectRoot, "node_modules", "tslab", "bin", "tslab");
  if (!existsSync(tslabBin)) {
    throw new Error(`tslab is not installed (${tslabBin} is missing): run \`npm ci\` first.`);
  }
  const dir = join(jupyterPath, "kernels", "tslab");
  mkdirSync(dir, { recursive: true });
  const spec = {
    argv: [process.execPath, tslabBin, "kernel", "--config-path", "{connection_file}"],
    display_name: "TypeScript (dnnlab)",
    language: "typescript",
  };
  // Several runners (parallel test files, `--jobs`) call this while Jupyter
  // reads the file: an unchanged spec is left alone, a new one is written
  // beside it and renamed into place, so that no reader sees it half-written.
  const file = join(dir, "kernel.json");
  const text = `${JSON.stringify(spec, null, 2)}\n`;
  if (existsSync(file) && readFileSync(file, "utf8") === text) return dir;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = writeLocalKernelspec();
  console.log(`kernel: wrote ${join(dir, "kernel.json")}`);
  if (process.argv.includes("--user")) {
    // `jupyter --data-dir` is the per-user data folder (~/.local/share/jupyter).
    const r = spawnSync("jupyter", ["--data-dir"], { encoding: "utf8" });
    if (r.error || r.status !== 0) {
      console.error("kernel: `jupyter --data-dir` failed; is Jupyter installed? (see README)");
      process.exit(1);
    }
    const userDir = join(r.stdout.trim(), "kernels", "tslab");
    mkdirSync(userDir, { recursive: true });
    copyFileSync(join(dir, "kernel.json"), join(userDir, "kernel.json"));
    console.log(`kernel: installed for this user in ${userDir}`);
  }
}

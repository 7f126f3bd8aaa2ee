/**
 * The staging folder: everything a sandboxed submission may read, and
 * nothing else.
 *
 *   <stage>/runner/            child.js and codec.js (the sandbox runner)
 *   <stage>/node_modules/dnnlab/   package.json and dist/ (the built library)
 *   <stage>/node_modules/...   the packages the library loads at run time
 *                              (ml-matrix, TensorFlow.js and its backends)
 *   <stage>/submission/        (empty) where the submitted modules pretend to live
 *
 * Files are hard links (copies across file systems) to the project's files,
 * never symbolic links: Node's permission model follows a symbolic link, so
 * a link back into the project would open the solution notebooks, the
 * sources, the hidden cases and other submissions to the child. The package
 * list comes from a probe process that loads the library and TensorFlow.js
 * as a submission would, so a new run-time dependency is staged without
 * anyone listing it. A stage is built once per content (a stamp of the
 * library's contents, the lockfile and the runner) and reused; it is built in a
 * temporary folder and renamed into place, so parallel graders never see a
 * half-built one.
 */
import { createHash, randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, sep } from "node:path";
import { projectRoot } from "../paths";

/** The runner's own files, next to this module once compiled. */
const RUNNER_FILES = ["child.js", "codec.js"];

/** Package folders (absolute) the library loads when a submission uses it, TensorFlow.js included. */
function runtimePackages(): string[] {
  const probe = `
    require(${JSON.stringify(join(projectRoot, "node_modules", "dnnlab"))});
    const tf = require(${JSON.stringify(join(projectRoot, "node_modules", "dnnlab", "dist", "course", "tensorflow", "index.js"))});
    tf.setUpBackend().then(() => {
      const roots = new Set();
      for (const f of Object.keys(require.cache)) {
        const i = f.lastIndexOf("${sep}node_modules${sep}");
        if (i < 0) continue;
        const rest = f.slice(i + 14).split("${sep}");
        const name = rest[0].startsWith("@") ? rest.slice(0, 2).join("${sep}") : rest[0];
        roots.add(f.slice(0, i + 14) + name);
      }
      process.stdout.write(JSON.stringify([...roots]));
    });`;
  const r = spawnSync(process.execPath, ["-e", probe], { cwd: projectRoot, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0)
    throw new Error(`cannot stage the library: loading it failed (${(r.stderr || r.error?.message || "").trim().split("\n").slice(-3).join(" | ")})`);
  const roots = JSON.parse(r.stdout) as string[];
  return roots.filter((root) => !root.endsWith(`${sep}dnnlab`));
}

/** Hard-links (or copies) every file under `from` to the same place under `to`. */
function mirror(from: string, to: string, skip: (rel: string) => boolean = () => false): number {
  let files = 0;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const src = join(dir, entry.name);
      const rel = relative(from, src);
      if (skip(rel)) continue;
      if (entry.isDirectory()) walk(src);
      else if (entry.isFile()) {
        const dst = join(to, rel);
        mkdirSync(dirname(dst), { recursive: true });
        try {
          linkSync(src, dst);
        } catch {
          copyFileSync(src, dst);
        }
        files++;
      }
      // symbolic links are never staged
    }
  };
  walk(from);
  return files;
}

/** What the stage depends on: the built library, the lockfile, the runner. */
function stamp(runnerDir: string): string {
  const h = createHash("sha256");
  const dist = join(projectRoot, "dist");
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else h.update(`${relative(dist, p)}\0`).update(readFileSync(p));
    }
  };
  walk(dist);
  h.update(readFileSync(join(projectRoot, "package-lock.json")));
  h.update(readFileSync(join(projectRoot, "package.json")));
  for (const f of RUNNER_FILES) h.update(readFileSync(join(runnerDir, f)));
  return h.digest("hex").slice(0, 16);
}

/** Stages of earlier builds, unused for an hour (a grader still running on one keeps it). */
function removeOldStages(parent: string, keep: string): void {
  const hourAgo = Date.now() - 3600_000;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith("stage-") || name === keep || name.includes(".tmp-")) continue;
    const ready = join(parent, name, "ready");
    if (!existsSync(ready) || statSync(ready).mtimeMs < hourAgo) rmSync(join(parent, name), { recursive: true, force: true });
  }
}

/** A ready staging folder. */
export interface Stage {
  readonly dir: string;
  /** The runner script the child executes. */
  readonly runner: string;
  /** Where submitted modules pretend to live (their `require` resolves from here). */
  readonly submissionDir: string;
}

/**
 * The staging folder for the current build, built if needed.
 * @param parent where stages live (default build/grading)
 * @throws Error when the library is not built or cannot be loaded.
 */
export function prepareStage(parent = join(projectRoot, "build", "grading")): Stage {
  const runnerDir = __dirname;
  if (!existsSync(join(projectRoot, "dist", "index.js"))) throw new Error("the library is not built (dist/ is missing): run `npm run build` first");
  const dir = join(parent, `stage-${stamp(runnerDir)}`);
  const stage = { dir, runner: join(dir, "runner", "child.js"), submissionDir: join(dir, "submission") };
  if (existsSync(join(dir, "ready"))) return stage;
  const tmp = `${dir}.tmp-${process.pid}-${randomUUID()}`; // unique per thread too: pool threads may build at once
  mkdirSync(join(tmp, "runner"), { recursive: true });
  mkdirSync(join(tmp, "submission"), { recursive: true });
  for (const f of RUNNER_FILES) copyFileSync(join(runnerDir, f), join(tmp, "runner", f));
  const lib = join(tmp, "node_modules", "dnnlab");
  mkdirSync(lib, { recursive: true });
  copyFileSync(join(projectRoot, "package.json"), join(lib, "package.json"));
  mirror(join(projectRoot, "dist"), join(lib, "dist"));
  for (const root of runtimePackages()) {
    const rel = relative(projectRoot, root);
    if (rel.startsWith("..")) throw new Error(`cannot stage ${root}: it is outside the project`);
    mirror(root, join(tmp, rel), (r) => r.split(sep)[0] === "node_modules");
  }
  writeFileSync(join(tmp, "ready"), `${new Date().toISOString()}\n`);
  removeOldStages(parent, basename(dir));
  if (existsSync(dir)) rmSync(tmp, { recursive: true, force: true });
  else {
    try {
      renameSync(tmp, dir);
    } catch {
      rmSync(tmp, { recursive: true, force: true }); // another grader finished first
    }
  }
  return stage;
}

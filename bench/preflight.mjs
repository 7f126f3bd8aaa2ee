// Before timing: can each numpy baseline run at all?
//
// A baseline that cannot import what it needs would crash half-way through
// the bench with a Python traceback. Instead its imports are read from the
// script (and from the local modules it imports, such as course_nn.py), the
// chosen python tries to import each one, and a workload whose baseline
// lacks a module is reported as skipped, with the Debian package that
// provides it.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** Debian's package for each third-party module a baseline may import. */
export const APT_FOR_MODULE = { numpy: "python3-numpy", scipy: "python3-scipy", h5py: "python3-h5py" };

/**
 * The modules a Python script imports (dotted names, e.g. "scipy.io"),
 * following imports of sibling scripts (`from course_nn import ...`) into
 * those files instead of listing them.
 */
export function scriptImports(script, seen = new Set()) {
  if (seen.has(script)) return [];
  seen.add(script);
  const found = [];
  for (const line of readFileSync(script, "utf8").split("\n")) {
    const m = /^\s*(?:from\s+([\w.]+)\s+import|import\s+([\w.]+))/.exec(line);
    if (!m) continue;
    const name = m[1] ?? m[2];
    const local = join(dirname(script), `${name}.py`);
    if (!name.includes(".") && existsSync(local)) found.push(...scriptImports(local, seen));
    else found.push(name);
  }
  return [...new Set(found)];
}

/** The modules among `modules` that `python` cannot import (an import that raises counts as missing). */
export function missingModules(python, modules) {
  const probe = [
    "import importlib, json, sys",
    "missing = []",
    "for name in json.loads(sys.argv[1]):",
    "    try:",
    "        importlib.import_module(name)",
    "    except Exception:",
    "        missing.append(name)",
    "print(json.dumps(missing))",
  ].join("\n");
  const r = spawnSync(python, ["-c", probe, JSON.stringify(modules)], { encoding: "utf8" });
  if (r.error || r.status !== 0) return modules;
  return JSON.parse(r.stdout.trim());
}

/**
 * Why the baseline `script` cannot run with `python`, in one line, or null
 * when it can: the missing modules and the apt command that installs them.
 */
export function baselineProblem(python, script) {
  const missing = missingModules(python, scriptImports(script));
  if (missing.length === 0) return null;
  const top = [...new Set(missing.map((m) => m.split(".")[0]))];
  const packages = top.map((m) => APT_FOR_MODULE[m]).filter(Boolean);
  const install = packages.length ? `; install it: sudo apt-get install ${packages.join(" ")}` : "";
  return `${python} cannot import ${missing.join(", ")} (needed by bench/numpy/${script.split("/").pop()})${install}`;
}

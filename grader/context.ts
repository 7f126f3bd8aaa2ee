/**
 * What a grading process loads once and keeps: the solution notebooks (as
 * assignments and statement pools), their generated solution modules, the
 * staging folder, and TensorFlow.js on the notebooks' backend.
 */
import { createHash } from "node:crypto";
import { basename, join } from "node:path";
import { referencePool, type ReferencePool } from "./assemble";
import { assignmentsIn, type Assignment } from "./notebook";
import { projectRoot } from "./paths";
import type { TensorApi } from "./sandbox/codec";
import { prepareStage, type Stage } from "./sandbox/stage";
import { buildSolutionModules, loadSolution, SOLUTIONS_DIR, type Solution } from "./solutions";

/** The solution notebooks graded against by default. */
export const DEFAULT_SOLUTIONS = join(projectRoot, "notebooks");
const assignmentSets = new Map<string, { byName: Map<string, Assignment>; broken: Map<string, string> }>();
const pools = new Map<string, ReferencePool>();
const solutions = new Map<string, Promise<Solution>>();
const built = new Set<string>();
let stage: Stage | null = null;

/** The staging folder, prepared on first use. */
export function theStage(): Stage {
  stage ??= prepareStage();
  return stage;
}
let tfReady: Promise<() => TensorApi> | null = null;

export function assignmentSet(dir = DEFAULT_SOLUTIONS): { byName: Map<string, Assignment>; broken: Map<string, string> } {
  let set = assignmentSets.get(dir);
  if (!set) {
    const broken = new Map<string, string>();
    const list = assignmentsIn(dir, (path, err) => broken.set(basename(path).replace(/\.ipynb$/, ""), err instanceof Error ? err.message : String(err)));
    set = { byName: new Map(list.map((a) => [a.name, a])), broken };
    assignmentSets.set(dir, set);
  }
  return set;
}

/** The assignments: the solution notebooks of a folder (default notebooks/), by name. */
export function solutionAssignments(dir = DEFAULT_SOLUTIONS): Map<string, Assignment> {
  return assignmentSet(dir).byName;
}

export function poolOf(a: Assignment): ReferencePool {
  let p = pools.get(a.path);
  if (!p) {
    p = referencePool(a);
    pools.set(a.path, p);
  }
  return p;
}

/** Where the solution modules of a folder of solution notebooks are (generated on first use for another folder than notebooks/). */
export function modulesDir(dir: string): string {
  if (dir === DEFAULT_SOLUTIONS) return SOLUTIONS_DIR;
  const out = join(projectRoot, "build", "solutions-other", createHash("sha256").update(dir).digest("hex").slice(0, 12));
  if (!built.has(out)) {
    buildSolutionModules(dir, out);
    built.add(out);
  }
  return out;
}

export function solutionOf(a: Assignment, dir: string): Promise<Solution> {
  let s = solutions.get(a.path);
  if (!s) {
    s = loadSolution(a.name, "grading", modulesDir(dir));
    solutions.set(a.path, s);
  }
  return s;
}

/** Whether a notebook works on TensorFlow.js tensors (it imports the library). */
export function usesTensorFlow(pool: ReferencePool): boolean {
  for (const a of pool.cells.values()) for (const st of a.statements) if (st.isImport && /@tensorflow\/tfjs/.test(st.node.getText())) return true;
  return false;
}

/** TensorFlow.js in this process, on the backend the notebooks use. */
export function tensorFlow(): Promise<() => TensorApi> {
  tfReady ??= (async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tfUtils = require("dnnlab/course/tensorflow") as typeof import("dnnlab/course/tensorflow");
    const log = console.log;
    console.log = () => {};
    try {
      await tfUtils.setUpBackend();
    } finally {
      console.log = log;
    }
    return () => tfUtils.tfjs() as unknown as TensorApi;
  })();
  return tfReady;
}

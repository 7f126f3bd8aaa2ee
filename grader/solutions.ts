/**
 * The solution notebooks as modules: the one source of every graded solution.
 *
 * Nothing in the library implements a graded exercise. Whatever needs the
 * course's solutions gets them from the solution notebooks, assembled at
 * build time (`npm run build`) into build/solutions/, which is not part of
 * the published package (the d2l way: notebooks are the source, modules are
 * generated):
 *
 *   build/solutions/<Notebook>.js           load() -> { functions, checks }
 *       the graded functions, the notebook values the hidden cases need, and
 *       each graded function's test cell as `checks.<name>(fn)`: the
 *       notebook's own check, run against any function given to it;
 *   build/solutions/<Notebook>.training.js  load() -> { functions }
 *       the training code and data the benchmark and the tests run (`model`,
 *       the data set, ...), {@link TRAINING_EXPORTS}.
 *
 * A module holds the statements of the notebook that the exported names need
 * (found by name resolution, as the grader assembles submissions), in
 * notebook order, inside an async `load()` (notebook cells may `await`);
 * imports and type declarations at module level, so that a `.d.ts` carries
 * the functions' exact signatures (the grader checks submitted signatures
 * against them). Cells with effects only (training runs, plots) are never
 * included.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { blankOut, cellAnalysisOf, closure, referencePool, statementOf, type NameRef, type ReferencePool, type StatementKey } from "./assemble";
import { gradingFor } from "./cases";
import { COMPILER_OPTIONS } from "./compile";
import { assignmentsIn, cellSource, type Assignment } from "./notebook";
import { projectRoot } from "./paths";

export const SOLUTIONS_DIR = join(projectRoot, "build", "solutions");

/** Notebook values, beyond the graded functions, that the benchmark and the tests run. */
export const TRAINING_EXPORTS: { readonly [notebook: string]: readonly string[] } = {
  Gradient_Checking: ["forwardPropagationN", "backwardPropagationN", "backwardPropagationNFixed"],
  Initialization: ["model", "trainX", "trainY", "testX", "testY", "predict"],
  Regularization: ["model", "trainX", "trainY", "testX", "testY", "predict"],
  Optimization_methods: ["model", "trainX", "trainY", "layersDims", "predict"],
  TensorFlow_introduction: ["model", "newTrain", "newYTrain", "newTest", "newYTest"],
};

const isTypeOnly = (node: ts.Statement): boolean => ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node);

/**
 * The text of a solution module.
 * @param exportNames notebook names returned in `functions` (each must be declared by the notebook)
 * @param withChecks include each graded function's test cell as `checks.<name>`
 * @throws Error naming an export the notebook does not declare.
 */
export function solutionModuleText(pool: ReferencePool, exportNames: readonly string[], withChecks: boolean): string {
  const a = pool.assignment;
  const last = a.nb.cells.length;
  const names: NameRef[] = exportNames.map((name) => ({ name, fromCell: last }));
  const keys: StatementKey[] = [];
  for (const fn of a.functions) {
    cellAnalysisOf(pool, fn.cell).statements.forEach((_, s) => {
      keys.push({ cell: fn.cell, stmt: s });
    });
  }
  if (withChecks) {
    for (const fn of a.functions) {
      for (const st of cellAnalysisOf(pool, fn.testCell).statements) for (const n of st.free) names.push({ name: n, fromCell: fn.testCell });
    }
  }
  const included = closure(pool, { names, keys }).map((k) => statementOf(pool, k));
  const declared = new Set(included.flatMap((st) => (st.isImport ? st.names : st.values)));
  const missing = exportNames.filter((n) => !declared.has(n));
  if (missing.length) throw new Error(`${a.path}: no cell declares ${missing.join(", ")}`);

  const lines = [`// Generated from notebooks/${a.name}.ipynb by \`npm run build\` (grader/solutions.ts): do not edit.`];
  for (const st of included) if (st.isImport || isTypeOnly(st.node)) lines.push(st.node.getFullText().trim());
  lines.push("", "export async function load() {");
  for (const st of included) if (!st.isImport && !isTypeOnly(st.node)) lines.push(st.node.getFullText());
  lines.push(";");
  const checks: string[] = [];
  if (withChecks) {
    for (const fn of a.functions) {
      const test = cellAnalysisOf(pool, fn.testCell);
      const imports = test.statements.filter((st) => st.isImport).map((st) => st.node);
      const text = blankOut(cellSource(a.nb.cells[fn.testCell]), imports);
      checks.push(`    ${fn.name}: async (${fn.name}: any): Promise<void> => {\n${text}\n    },`);
    }
  }
  const exported = [...new Set([...a.functions.map((f) => f.name), ...exportNames])];
  lines.push(`  return {\n    functions: { ${exported.join(", ")} },\n    checks: {\n${checks.join("\n")}\n    },\n  };`, "}", "");
  return lines.join("\n");
}

/** The names a notebook's hidden cases build their inputs with. */
function hiddenNeeds(a: Assignment): string[] {
  return [...new Set(a.functions.flatMap((fn) => gradingFor(a.name, fn.name).hidden.flatMap((c) => c.needs ?? [])))];
}

/**
 * Writes and compiles the solution modules of every notebook of a folder.
 * @param outDir where the modules go (their TypeScript in `<outDir>/src`)
 * @returns the names of the modules written
 * @throws Error with the compiler's messages when a module does not compile.
 */
export function buildSolutionModules(notebooksDir = join(projectRoot, "notebooks"), outDir = SOLUTIONS_DIR): string[] {
  const SOURCES_DIR = join(outDir, "src");
  mkdirSync(SOURCES_DIR, { recursive: true });
  const files: string[] = [];
  for (const a of assignmentsIn(notebooksDir)) {
    const pool = referencePool(a);
    const grading = join(SOURCES_DIR, `${a.name}.ts`);
    writeFileSync(grading, solutionModuleText(pool, hiddenNeeds(a), true));
    files.push(grading);
    const training = join(SOURCES_DIR, `${a.name}.training.ts`);
    writeFileSync(training, solutionModuleText(pool, TRAINING_EXPORTS[a.name] ?? [], false));
    files.push(training);
  }
  const options: ts.CompilerOptions = { ...COMPILER_OPTIONS, declaration: true, rootDir: SOURCES_DIR, outDir, noEmitOnError: true };
  const program = ts.createProgram(files, options);
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (diagnostics.length) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => projectRoot, getNewLine: () => "\n" };
    throw new Error(`the solution modules do not compile:\n${ts.formatDiagnostics(diagnostics.slice(0, 10), host)}`);
  }
  const emitted = program.emit();
  if (emitted.emitSkipped) throw new Error("the solution modules were not emitted");
  return files.map((f) => f.slice(SOURCES_DIR.length + 1).replace(/\.ts$/, ""));
}

/** What a solution module's `load()` gives. */
export interface Solution {
  readonly functions: { readonly [name: string]: (...args: unknown[]) => unknown };
  readonly checks: { readonly [name: string]: (target: unknown) => Promise<void> };
}

/**
 * Loads a notebook's generated solution module.
 * @param part "grading" (graded functions and checks) or "training"
 * @param dir where the modules were built (default build/solutions, from notebooks/)
 * @throws Error when it was not built, or is older than its notebook.
 */
export async function loadSolution(notebook: string, part: "grading" | "training" = "grading", dir = SOLUTIONS_DIR): Promise<Solution> {
  const file = join(dir, `${notebook}${part === "training" ? ".training" : ""}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (it generates the solution modules from notebooks/)`);
  if (dir === SOLUTIONS_DIR && !solutionIsFresh(notebook)) throw new Error(`${file} is older than notebooks/${notebook}.ipynb: run \`npm run build\``);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { load(): Promise<Solution> };
  return mod.load();
}

/** The `.d.ts` of a notebook's grading module (for the signature check of submissions). */
export function solutionDeclarations(notebook: string, dir = SOLUTIONS_DIR): string {
  return join(dir, `${notebook}.d.ts`);
}

/** True when the notebook's grading module exists and was written after the solution notebook. */
export function solutionIsFresh(notebook: string): boolean {
  const file = join(SOLUTIONS_DIR, `${notebook}.js`);
  const source = join(projectRoot, "notebooks", `${notebook}.ipynb`);
  return existsSync(file) && (!existsSync(source) || statSync(source).mtimeMs <= statSync(file).mtimeMs);
}

/** `node build/grader/solutions.js`: builds the modules (run by `npm run build`). */
if (require.main === module) {
  try {
    const built = buildSolutionModules();
    console.log(`solutions: ${built.length} modules generated from the solution notebooks in ${SOLUTIONS_DIR}`);
  } catch (err) {
    console.error(`solutions: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}

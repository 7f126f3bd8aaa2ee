// Turning a solution notebook into its exercise version (`npm run exercises`).
//
// Every `// BEGIN SOLUTION` ... `// END SOLUTION` region of a graded cell is
// replaced by a stub that still compiles in tslab:
//
//     // YOUR CODE STARTS HERE
//     let J: number; // declared for you: assign it, or replace this line with your own declaration
//     throw new Error("Exercise not implemented: forwardPropagation (Exercise 1)"); // delete this line
//     // YOUR CODE ENDS HERE
//
// The `let` lines declare, with their types, the variables that the region
// declared and the rest of the function uses after it (found with the
// TypeScript checker on the solution), so the code after the region still
// type-checks; the `throw` makes the function, its checker and every cell
// that calls it say that the exercise is not done yet. The hint lines above
// each region (`// (≈ 2 lines)`) stay. Outputs and execution counts are
// cleared; cell metadata (nbgrader's included) is kept; the notebook's
// metadata gains `dnnlab.exercise_of`, which tells the grader the assignment.
//
// Cells that would fail while an exercise is unfinished lose their variables
// in tslab; pending.ts declares them ahead in a generated cell.
//
// The CLI (scripts/exercises.mjs calls main()):
//
//   npm run exercises [-- --check]
//
// writes notebooks/exercises/<Notebook>.ipynb for every solution notebook in
// notebooks/. Deterministic: running it twice gives the same bytes.
//
//   --check   write nothing; exit 1 if any exercise notebook is missing or
//             differs from what would be generated (stale), 0 otherwise
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { assignmentsIn, cellSource, solutionRegions, type Assignment, type GradedFunction, type NotebookCell } from "./notebook";
import { cellModule, referencePool, type CellModule } from "./assemble";
import { bindingIdentifiers } from "./analysis";
import { compileModules, VIRTUAL_DIR } from "./compile";
import { failingCells, pendingFor, TYPE_FLAGS } from "./pending";
import { projectRoot } from "./paths";

/** Where the solution notebooks are. */
export const solutionsDir: string = join(projectRoot, "notebooks");
/** Where their exercise versions are written. */
export const exercisesDir: string = join(solutionsDir, "exercises");

/** The lines that replace one solution region (`begin`/`end`: its marker line indexes in the cell). */
interface Stub {
  begin: number;
  end: number;
  lines: string[];
}

/** Statements of `sf` lying entirely within lines (from, to), not nested in one another. */
function statementsWithin(sf: ts.SourceFile, from: number, to: number): ts.Statement[] {
  const found: ts.Statement[] = [];
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node): void => {
    if (ts.isStatement(node) || ts.isFunctionDeclaration(node) || ts.isVariableStatement(node)) {
      const a = lineOf(node.getStart(sf));
      const b = lineOf(node.end);
      if (a > from && b < to) {
        found.push(node);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The identifiers a statement declares (variables, a function or class name). */
function declaredNames(stmt: ts.Statement): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  if (ts.isVariableStatement(stmt)) for (const d of stmt.declarationList.declarations) bindingIdentifiers(d.name, out);
  else if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) && stmt.name) out.push(stmt.name);
  return out;
}

/** Whether code outside lines from..to of `sf` refers to the symbol `nameNode` declares. */
function usedOutside(sf: ts.SourceFile, checker: ts.TypeChecker, nameNode: ts.Identifier, symbol: ts.Symbol, from: number, to: number): boolean {
  const visit = (n: ts.Node): boolean => {
    if (ts.isIdentifier(n) && n !== nameNode && n.text === nameNode.text) {
      const line = sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
      const p = n.parent;
      const target = ts.isShorthandPropertyAssignment(p) && p.name === n ? checker.getShorthandAssignmentValueSymbol(p) : checker.getSymbolAtLocation(n);
      if ((line < from || line > to) && target === symbol) return true;
    }
    return ts.forEachChild(n, visit) ?? false;
  };
  return visit(sf);
}

/**
 * The stubs of one graded cell: for each region, the lines that replace it.
 * @throws Error when a region does not hold whole statements, or the type of a
 *   variable it must declare cannot be written down.
 */
function stubsFor(fn: GradedFunction, cellText: string, module: CellModule, checker: ts.TypeChecker, sf: ts.SourceFile): Stub[] {
  const regions = solutionRegions(cellText, fn.name);
  const offset = module.cellStartLine;
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
  const cellLines = cellText.split("\n");
  return regions.map((region, k) => {
    const from = offset + region.begin;
    const to = offset + region.end;
    const stmts = statementsWithin(sf, from, to);
    // Every line of code in the region must belong to a whole statement.
    const covered = new Set<number>();
    for (const s of stmts) for (let l = lineOf(s.getStart(sf)); l <= lineOf(s.end); l++) covered.add(l - offset);
    for (let l = region.begin + 1; l < region.end; l++) {
      const t = cellLines[l].trim();
      if (t && !t.startsWith("//") && !covered.has(l)) {
        throw new Error(`${fn.name}: line ${l + 1} of the region is not part of a whole statement; a solution region must hold complete statements`);
      }
    }
    // Variables the region declares that code outside it uses.
    const needed: { name: string; type: string }[] = [];
    for (const s of stmts) {
      for (const nameNode of declaredNames(s)) {
        const symbol = checker.getSymbolAtLocation(nameNode);
        if (!symbol) continue;
        if (!usedOutside(sf, checker, nameNode, symbol, from, to)) continue;
        const type = checker.getBaseTypeOfLiteralType(checker.getTypeAtLocation(nameNode));
        const text = checker.typeToString(type, s, TYPE_FLAGS);
        if (/\bimport\(|^any$/.test(text)) {
          throw new Error(`${fn.name}: cannot name the type of ${nameNode.text} (${text}); give it an explicit type annotation in the solution`);
        }
        needed.push({ name: nameNode.text, type: text });
      }
    }
    const indent = (/^\s*/.exec(cellLines[region.begin]) ?? [""])[0];
    const part = regions.length > 1 ? `, part ${k + 1} of ${regions.length}` : "";
    const message = `Exercise not implemented: ${fn.name} (Exercise ${fn.exercise}${part})`;
    const lines = [`${indent}// YOUR CODE STARTS HERE`];
    for (const { name, type } of needed) {
      lines.push(`${indent}let ${name}: ${type}; // declared for you: assign it, or replace this line with your own declaration`);
    }
    lines.push(`${indent}throw new Error(${JSON.stringify(message)}); // delete this line`);
    lines.push(`${indent}// YOUR CODE ENDS HERE`);
    return { begin: region.begin, end: region.end, lines };
  });
}

/** Cell source in the notebook's representation (list of lines, each but the last ending in "\n"). */
function asSource(text: string, like: unknown): string | string[] {
  if (!Array.isArray(like)) return text;
  const parts = text.split("\n");
  return parts.map((p, i) => (i < parts.length - 1 ? `${p}\n` : p)).filter((p, i, a) => !(i === a.length - 1 && p === ""));
}

/** Recursively sorted keys (nbformat writes notebooks with sorted keys). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const out: { [key: string]: unknown } = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as { [key: string]: unknown })[k]);
    return out;
  }
  return v;
}

/**
 * The exercise version of a solution notebook, as the text of an .ipynb file
 * (sorted keys, one-space indent, final newline).
 * @param assignment from assignmentOf()
 * @throws Error when a solution does not parse or compile on its own, or its
 *   regions cannot be turned into stubs.
 */
export function exerciseNotebook(assignment: Assignment): string {
  const pool = referencePool(assignment);
  const files = new Map<string, string>();
  const modules = assignment.functions.map((fn) => {
    const module = cellModule(pool, fn.cell);
    const file = join(VIRTUAL_DIR, assignment.name, `exercise_${fn.name}.ts`);
    files.set(file, module.text);
    return { fn, module, file };
  });
  const cellModules = [...failingCells(assignment, pool)].map(([c, info]) => {
    const module = cellModule(pool, c);
    const file = join(VIRTUAL_DIR, assignment.name, `cell_${c}.ts`);
    files.set(file, module.text);
    return { c, info, module, file };
  });
  // Compiled as ES modules: a notebook statement may use top-level await.
  const { program, checker, diagnostics } = compileModules(files, { module: ts.ModuleKind.ESNext });
  const sourceFile = (file: string): ts.SourceFile => {
    const sf = program.getSourceFile(file);
    if (!sf) throw new Error(`${assignment.path}: ${file} was not compiled`);
    return sf;
  };
  const nb = structuredClone(assignment.nb);
  // Pending values (before the regions are replaced: cell indexes still match).
  const inserts: { at: number; cell: NotebookCell }[] = [];
  for (const { c, info, module, file } of cellModules) {
    const p = pendingFor(assignment, pool, c, info, module, sourceFile(file), checker);
    if (!p) continue;
    const cell = nb.cells[c];
    cell.source = asSource(p.cellSource, cell.source);
    inserts.push({
      at: c,
      cell: {
        cell_type: "code",
        execution_count: null,
        ...(cell.id ? { id: `${cell.id}-pending` } : {}),
        metadata: { dnnlab: { generated: "pending values" }, editable: false },
        outputs: [],
        source: asSource(p.pendingSource, cell.source),
      },
    });
  }
  for (const { fn, module, file } of modules) {
    const errors = diagnostics.get(file) ?? [];
    if (errors.length) {
      const d = errors[0];
      throw new Error(`${assignment.path}: the solution of ${fn.name} does not compile on its own: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }
    const cell = nb.cells[fn.cell];
    const text = cellSource(cell);
    const stubs = stubsFor(fn, text, module, checker, sourceFile(file));
    const lines = text.split("\n");
    for (const stub of [...stubs].reverse()) lines.splice(stub.begin, stub.end - stub.begin + 1, ...stub.lines);
    cell.source = asSource(lines.join("\n"), cell.source);
  }
  for (const { at, cell } of inserts.sort((a, b) => b.at - a.at)) nb.cells.splice(at, 0, cell);
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  // `data` records what the solution's saved run read (scripts/nbrun.py); the exercise has no outputs to vouch for.
  const { data: _solutionRun, ...dnnlab } = nb.metadata?.dnnlab ?? {};
  nb.metadata = { ...nb.metadata, dnnlab: { ...dnnlab, exercise_of: assignment.name } };
  return `${JSON.stringify(sortKeys(nb), null, 1)}\n`;
}

// ---------------------------------------------------------------------------
// The exercise notebooks of the project

/**
 * The exercise notebooks as they should be, generated from the solution notebooks.
 * @returns Map file name -> text
 * @throws Error when a solution notebook's graded structure is broken or cannot be turned into exercises.
 */
export function expectedExercises(): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of assignmentsIn(solutionsDir)) out.set(`${a.name}.ipynb`, exerciseNotebook(a));
  return out;
}

/**
 * Differences between the committed exercise notebooks and the generated ones.
 * @param expected from expectedExercises()
 * @returns one message per missing, stale or orphaned exercise notebook (empty when fresh)
 */
export function staleExercises(expected: Map<string, string> = expectedExercises()): string[] {
  const problems: string[] = [];
  for (const [name, text] of expected) {
    const path = join(exercisesDir, name);
    if (!existsSync(path)) problems.push(`${relative(projectRoot, path)} is missing`);
    else if (readFileSync(path, "utf8") !== text) problems.push(`${relative(projectRoot, path)} is stale`);
  }
  if (existsSync(exercisesDir)) {
    for (const f of readdirSync(exercisesDir).filter((f) => f.endsWith(".ipynb"))) {
      if (!expected.has(f)) problems.push(`${relative(projectRoot, join(exercisesDir, f))} has no solution notebook`);
    }
  }
  return problems;
}

function run(check: boolean): number {
  const expected = expectedExercises();
  if (check) {
    const problems = staleExercises(expected);
    if (problems.length) {
      console.error(`exercises: ${problems.join("; ")}: run \`npm run exercises\``);
      return 1;
    }
    console.log(`exercises: ${expected.size} exercise notebooks are up to date`);
    return 0;
  }
  mkdirSync(exercisesDir, { recursive: true });
  for (const [name, text] of expected) {
    const path = join(exercisesDir, name);
    const old = existsSync(path) ? readFileSync(path, "utf8") : null;
    if (old === text) {
      console.log(`exercises: ${relative(projectRoot, path)} (unchanged)`);
      continue;
    }
    writeFileSync(path, text);
    console.log(`exercises: wrote ${relative(projectRoot, path)}`);
  }
  return 0;
}

/**
 * The `npm run exercises [-- --check]` command: writes the exercise notebooks,
 * or with `--check` only reports the missing or stale ones. Prints its
 * messages (errors included; it does not throw).
 * @param argv the command-line arguments (after the script name)
 * @returns the exit code: 0 on success, 1 on stale notebooks (`--check`) or an error
 */
export function main(argv: readonly string[]): number {
  try {
    return run(argv.includes("--check"));
  } catch (err) {
    console.error(`exercises: ${(err as Error).message}`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

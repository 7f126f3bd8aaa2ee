// Pending values for the exercise version of a notebook (see exercises.ts).
//
// Cells that would fail while an exercise is unfinished (test cells, and
// provided cells that call exercise functions directly or through the
// model's registry) lose their variables in tslab, so every later cell using
// them would fail to compile ("Cannot find name ..."). In the exercise
// version such variables are declared ahead, in a generated cell just before,
// as `pendingValue(...)` stand-ins that say which cell has to run first, and
// the failing cell assigns them instead of declaring them.
import ts from "typescript";
import { cellSource, type Assignment } from "./notebook";
import { cellAnalysisOf, resolveName, statementClosure, type CellModule, type ReferencePool, type StatementRecord } from "./assemble";
import { bindingIdentifiers } from "./analysis";

/** How the types of declared variables are written down. */
export const TYPE_FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

/** A cell that may fail while exercises are unfinished: its variable statements that later cells use. */
export interface FailingCell {
  /** Indexes of the statements to turn into assignments. */
  statements: number[];
}

/** The generated cell that declares a failing cell's variables ahead, and the failing cell's new text. */
export interface PendingValues {
  pendingSource: string;
  cellSource: string;
}

const DECLARATION_KINDS: readonly ts.SyntaxKind[] = [
  ts.SyntaxKind.FunctionDeclaration,
  ts.SyntaxKind.ClassDeclaration,
  ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration,
  ts.SyntaxKind.EnumDeclaration,
  ts.SyntaxKind.ModuleDeclaration,
];

/** Whether a top-level statement runs code (not just declares a function, type, ...). */
function executes(st: StatementRecord): boolean {
  return !st.isImport && !DECLARATION_KINDS.includes(st.node.kind);
}

/**
 * The cells that may fail while exercises are unfinished and whose variables
 * later cells use.
 * @returns Map cell index -> the statements to turn into assignments
 */
export function failingCells(assignment: Assignment, pool: ReferencePool): Map<number, FailingCell> {
  const graded = new Set(assignment.functions.map((f) => f.cell));
  const tests = new Set(assignment.functions.map((f) => f.testCell));
  // Names that graded cells hand functions through (the model's registry objects).
  const registry = new Set<string>();
  for (const g of graded) {
    for (const st of cellAnalysisOf(pool, g).statements) if (st.names.length === 0 && !st.isImport) for (const n of st.free) registry.add(n);
  }
  const touchesExercises = (cell: number, stmt: number): boolean =>
    statementClosure(pool, [{ cell, stmt }]).some(
      (k) =>
        !(k.cell === cell && k.stmt === stmt) && (graded.has(k.cell) || cellAnalysisOf(pool, k.cell).statements[k.stmt].names.some((n) => registry.has(n))),
    );
  const cells = [...pool.cells.keys()].sort((a, b) => a - b);
  const result = new Map<number, FailingCell>();
  for (const c of cells) {
    if (graded.has(c)) continue;
    const statements = cellAnalysisOf(pool, c).statements;
    const mayFail = tests.has(c) || statements.some((st, i) => executes(st) && touchesExercises(c, i));
    if (!mayFail) continue;
    const used = new Set<string>();
    for (const k of cells) {
      if (k <= c) continue;
      for (const st of cellAnalysisOf(pool, k).statements) {
        for (const n of st.free) if (resolveName(pool, n, k)?.cell === c) used.add(n);
      }
    }
    const convert = statements
      .map((st, i) => [st, i] as const)
      .filter(([st]) => ts.isVariableStatement(st.node) && st.values.some((n) => used.has(n)))
      .map(([, i]) => i);
    if (convert.length) result.set(c, { statements: convert });
  }
  return result;
}

/** `let a = f()` -> `a = f()`; `const [a, b] = g()` -> `[a, b] = g()`; `const { a } = h()` -> `({ a } = h())`. */
function assignmentText(node: ts.VariableStatement): string {
  const parts: string[] = [];
  for (const d of node.declarationList.declarations) {
    if (!d.initializer) continue;
    const target = d.name.getText();
    const init = d.initializer.getText();
    parts.push(ts.isObjectBindingPattern(d.name) ? `(${target} = ${init});` : `${target} = ${init};`);
  }
  return parts.join(" ");
}

function isDeclaredBefore(pool: ReferencePool, name: string, cell: number): boolean {
  const k = resolveName(pool, name, cell);
  return k !== null && k.cell < cell;
}

/** A statement that failingCells() picked, which must be a variable statement. */
function asVariableStatement(node: ts.Statement, c: number): ts.VariableStatement {
  if (!ts.isVariableStatement(node)) throw new Error(`cell ${c}: expected a variable statement, found ${ts.SyntaxKind[node.kind]}`);
  return node;
}

/**
 * For one failing cell: the generated cell that declares its variables ahead,
 * and the cell's new source.
 * @param info the cell's entry of failingCells()
 * @param module its cellModule(), compiled into `sf` and `checker`
 * @returns null when a type cannot be written down (then the cell is left as it is)
 */
export function pendingFor(
  assignment: Assignment,
  pool: ReferencePool,
  c: number,
  info: FailingCell,
  module: CellModule,
  sf: ts.SourceFile,
  checker: ts.TypeChecker,
): PendingValues | null {
  const analysis = cellAnalysisOf(pool, c);
  const text = cellSource(assignment.nb.cells[c]);
  const laterNames = new Set<string>();
  for (const [k, a] of pool.cells) if (k >= c) for (const st of a.statements) for (const n of st.names) laterNames.add(n);
  const lineOf = (pos: number): number => sf.getLineAndCharacterOfPosition(pos).line;
  // The cell's statements in the module (after the prelude, before the closing `export {}`).
  const moduleStatements = sf.statements.filter((st) => lineOf(st.getStart(sf)) >= module.cellStartLine).slice(0, analysis.statements.length);
  if (moduleStatements.length !== analysis.statements.length) return null;
  const declarations: { name: string; type: string }[] = [];
  for (const i of info.statements) {
    const node = asVariableStatement(moduleStatements[i], c);
    const names: ts.Identifier[] = [];
    for (const d of node.declarationList.declarations) bindingIdentifiers(d.name, names);
    for (const nameNode of names) {
      const type = checker.getBaseTypeOfLiteralType(checker.getTypeAtLocation(nameNode));
      const typeText = checker.typeToString(type, node, TYPE_FLAGS);
      const idents = typeText.match(/[A-Za-z_$][\w$]*/g) ?? [];
      if (/\bimport\(|^any$/.test(typeText) || idents.some((id) => laterNames.has(id) && !isDeclaredBefore(pool, id, c))) return null;
      declarations.push({ name: nameNode.text, type: typeText });
    }
  }
  // The cell with its declarations turned into assignments.
  const nodes = info.statements.map((i) => asVariableStatement(analysis.statements[i].node, c));
  const lastNode = analysis.statements[analysis.statements.length - 1].node;
  let out = text;
  for (const node of [...nodes].reverse()) {
    const isLast = node === lastNode;
    let replacement = assignmentText(node);
    const before = out
      .slice(0, node.getStart())
      .replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, "")
      .trimEnd();
    if (isLast)
      replacement = `{ ${replacement} }`; // not the cell's last expression, which tslab would print
    else if (/^[[(]/.test(replacement) && before && !/[;}]$/.test(before)) replacement = `;${replacement}`;
    out = out.slice(0, node.getStart()) + replacement + out.slice(node.end);
  }
  const first =
    text
      .split("\n")
      .find((l) => l.trim() && !l.trim().startsWith("//"))
      ?.trim() ?? "";
  const shown = first.length > 60 ? `${first.slice(0, 57)}...` : first;
  const reason = `the cell that computes it (${JSON.stringify(shown).slice(1, -1)}) has not run successfully yet; finish the exercises it uses, then run it again`;
  const lines = [
    "// Exercise version: the next cell computes these values and needs your exercise functions. Until it has",
    "// run without errors, the cells that use them say so. (Generated; not part of the solution notebook.)",
    'import { pendingValue } from "dnnlab";',
    `const pendingReason = ${JSON.stringify(reason)};`,
    ...declarations.map(({ name, type }) => `let ${name}: ${type} = pendingValue(${JSON.stringify(name)}, pendingReason);`),
  ];
  return { pendingSource: lines.join("\n"), cellSource: out };
}

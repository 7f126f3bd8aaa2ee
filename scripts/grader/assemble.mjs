// Building one runnable TypeScript module per graded function.
//
// A notebook is a sequence of cells that tslab compiles one after the other,
// each seeing the declarations of the cells before it. To run one graded
// function outside Jupyter, the grader assembles a module from:
//
//   1. the *prelude*: the top-level statements of the solution notebook that
//      the function (and its public test cell) needs, found by name
//      resolution: imports, type declarations, provided helper functions and
//      constants, and the solution's version of any *other* graded function
//      it calls (so one broken function never costs the points of another).
//      Statements with effects only (training runs, plots) are never pulled
//      in; a name declared by several cells resolves like tslab does: to the
//      last declaration before the cell that uses it.
//   2. the graded cell (the submission's, or the solution's for the
//      reference module), and
//   3. for a submission, the notebook's public test cell, wrapped in a
//      function so the grader decides when it runs.
//
// Names are resolved per cell with the TypeScript checker on each cell alone
// (no libraries needed): an identifier that the cell does not declare itself
// is a *free* name, looked up among the top-level declarations of the other
// cells.
import { createRequire } from "node:module";
import { join } from "node:path";
import { cellSource } from "./notebook.mjs";
import { projectRoot } from "../kernel.mjs";

const require = createRequire(join(projectRoot, "package.json"));
export const ts = require("typescript");

// ---------------------------------------------------------------------------
// Per-cell analysis

/** True when an identifier refers to a binding (not a property name, label, ...). */
function isReference(id) {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if (
    (ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isPropertySignature(p) ||
      ts.isMethodDeclaration(p) || ts.isMethodSignature(p) || ts.isGetAccessorDeclaration(p) ||
      ts.isSetAccessorDeclaration(p) || ts.isEnumMember(p)) &&
    p.name === id
  ) return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  if (ts.isMetaProperty(p) || ts.isImportTypeNode(p)) return false;
  if (ts.isJsxAttribute?.(p)) return false;
  return true;
}

function bindingNames(name, out) {
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, out);
  return out;
}

/**
 * What a top-level statement declares: `{ names, values, isImport }`
 * (`values`: the names that exist at run time).
 */
function declarationsOf(stmt) {
  const names = [];
  const values = [];
  let isImport = false;
  const hasDeclare = ts.canHaveModifiers(stmt) && (ts.getModifiers(stmt) ?? []).some((m) => m.kind === ts.SyntaxKind.DeclareKeyword);
  if (ts.isImportDeclaration(stmt)) {
    isImport = true;
    const clause = stmt.importClause;
    if (clause?.name) names.push(clause.name.text);
    const nb = clause?.namedBindings;
    if (nb && ts.isNamespaceImport(nb)) names.push(nb.name.text);
    if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) names.push(el.name.text);
  } else if (ts.isImportEqualsDeclaration(stmt)) {
    isImport = true;
    names.push(stmt.name.text);
  } else if (ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt)) {
    if (stmt.name) {
      names.push(stmt.name.text);
      if (!hasDeclare) values.push(stmt.name.text);
    }
  } else if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) {
    names.push(stmt.name.text);
  } else if (ts.isModuleDeclaration(stmt) && ts.isIdentifier(stmt.name)) {
    names.push(stmt.name.text);
  } else if (ts.isVariableStatement(stmt)) {
    for (const d of stmt.declarationList.declarations) bindingNames(d.name, names);
    if (!hasDeclare) values.push(...names);
  }
  return { names: [...new Set(names)], values: [...new Set(values)], isImport };
}

function topStatementOf(node) {
  let n = node;
  while (n.parent && !ts.isSourceFile(n.parent)) n = n.parent;
  return n.parent ? n : null;
}

const ANALYSIS_OPTIONS = {
  noLib: true,
  noResolve: true,
  types: [],
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  moduleDetection: ts.ModuleDetectionKind.Force,
};

/**
 * Analyses cell texts, each as a module of its own.
 * @param texts array of `{ key, text }`
 * @returns Map key -> `{ sf, statements: [{ node, names, values, isImport, free: Set, local: Set }], parseErrors }`
 */
export function analyzeCells(texts) {
  const files = new Map(texts.map(({ key, text }) => [`/__cells__/${key}.ts`, { key, text }]));
  const host = {
    getSourceFile: (f, lang) => (files.has(f) ? ts.createSourceFile(f, files.get(f).text, lang, true, ts.ScriptKind.TS) : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: () => {},
    getCurrentDirectory: () => "/",
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (f) => files.has(f),
    readFile: (f) => files.get(f)?.text,
  };
  const program = ts.createProgram([...files.keys()], ANALYSIS_OPTIONS, host);
  const checker = program.getTypeChecker();
  const result = new Map();
  for (const [fileName, { key }] of files) {
    const sf = program.getSourceFile(fileName);
    const parseErrors = program.getSyntacticDiagnostics(sf);
    const statements = sf.statements.map((node) => ({ node, ...declarationsOf(node), free: new Set(), local: new Set() }));
    const indexOf = new Map(sf.statements.map((s, i) => [s, i]));
    statements.forEach((st, i) => {
      const visit = (n) => {
        if (ts.isIdentifier(n) && isReference(n)) {
          const p = n.parent;
          const sym = ts.isShorthandPropertyAssignment(p) && p.name === n ? checker.getShorthandAssignmentValueSymbol(p) : checker.getSymbolAtLocation(n);
          const decls = sym?.declarations ?? [];
          const mine = decls.filter((d) => d.getSourceFile() === sf);
          if (mine.length === 0) {
            st.free.add(n.text);
          } else {
            for (const d of mine) {
              const top = topStatementOf(d);
              const j = top ? indexOf.get(top) : undefined;
              if (j !== undefined && j !== i) st.local.add(j);
            }
          }
        }
        ts.forEachChild(n, visit);
      };
      visit(st.node);
    });
    result.set(key, { sf, statements, parseErrors });
  }
  return result;
}

// ---------------------------------------------------------------------------
// The solution notebook as a pool of statements

/**
 * The reference pool of an assignment: every code cell of the solution
 * notebook analysed, and a table from top-level names to the statements
 * declaring them.
 */
export function referencePool(assignment) {
  const texts = [];
  assignment.nb.cells.forEach((cell, i) => {
    if (cell.cell_type === "code") texts.push({ key: String(i), text: cellSource(cell) });
  });
  const analysis = analyzeCells(texts);
  const cells = new Map();
  const byName = new Map();
  for (const [key, a] of analysis) {
    const cell = Number(key);
    if (a.parseErrors.length) {
      throw new Error(`${assignment.path}, cell ${cell}: the solution does not parse: ${flatten(a.parseErrors[0].messageText)}`);
    }
    cells.set(cell, a);
    a.statements.forEach((st, s) => {
      for (const name of st.names) {
        if (!byName.has(name)) byName.set(name, []);
        byName.get(name).push({ cell, stmt: s });
      }
    });
  }
  return { assignment, cells, byName };
}

/** The statement declaring `name` as seen from cell `fromCell` (tslab: the last one before it), or null. */
function resolveName(pool, name, fromCell) {
  const list = pool.byName.get(name);
  if (!list) return null;
  const before = list.filter((k) => k.cell < fromCell);
  if (before.length) return before[before.length - 1];
  return list.find((k) => k.cell > fromCell) ?? null;
}

const keyOf = (k) => `${k.cell}:${k.stmt}`;

/**
 * The prelude statements (reference pool keys, in notebook order) needed by
 * `roots` (free names seen from a cell) and `keys` (statements).
 */
function closure(pool, { names = [], keys = [] }) {
  const seen = new Map();
  const queue = [];
  const add = (k) => {
    if (k && !seen.has(keyOf(k))) {
      seen.set(keyOf(k), k);
      queue.push(k);
    }
  };
  for (const { name, fromCell } of names) add(resolveName(pool, name, fromCell));
  keys.forEach(add);
  while (queue.length) {
    const k = queue.shift();
    const st = pool.cells.get(k.cell).statements[k.stmt];
    for (const j of st.local) add({ cell: k.cell, stmt: j });
    for (const n of st.free) add(resolveName(pool, n, k.cell));
  }
  return [...seen.values()].sort((a, b) => a.cell - b.cell || a.stmt - b.stmt);
}

function flatten(messageText) {
  return ts.flattenDiagnosticMessageText(messageText, "\n");
}

/** Text of a cell with the given statements blanked out (line structure kept). */
function blankOut(text, nodes) {
  let out = text;
  for (const n of nodes) {
    const start = n.getStart();
    const blank = out.slice(start, n.end).replace(/[^\n]/g, " ");
    out = out.slice(0, start) + blank + out.slice(n.end);
  }
  return out;
}

const lineCount = (s) => s.split("\n").length;

/**
 * Imports hoisted from a cell, minus the bindings the prelude already
 * imports under the same name from the same module.
 */
function hoistImports(importNodes, preludeImports) {
  const have = new Set();
  for (const node of preludeImports) {
    const mod = node.moduleSpecifier?.text;
    for (const name of declarationsOf(node).names) have.add(`${mod}\0${name}`);
  }
  const lines = [];
  for (const node of importNodes) {
    const mod = node.moduleSpecifier?.text;
    const names = declarationsOf(node).names;
    if (names.length && names.every((n) => have.has(`${mod}\0${n}`))) continue;
    lines.push(node.getText());
  }
  return lines.join("\n");
}

/** Names of the run-time values a list of statements declares. */
function valueNames(statements) {
  return [...new Set(statements.flatMap((st) => st.values))];
}

/**
 * The reference module of a graded function: the solution's prelude and
 * graded cell inside an async function (so that top-level `await` in a
 * notebook statement works), imports at module level. It exports
 * `__dnnlab`, a promise of `{ target, scope }`: the function, and the
 * notebook's run-time names it declares (the inputs of hidden cases are
 * built from them).
 * @param needs extra notebook names the hidden cases use
 */
export function referenceModule(pool, fn, needs = []) {
  const cellAnalysis = pool.cells.get(fn.cell);
  const keys = cellAnalysis.statements.map((_, s) => ({ cell: fn.cell, stmt: s }));
  const included = closure(pool, { names: needs.map((name) => ({ name, fromCell: fn.testCell })), keys });
  const statements = included.map((k) => pool.cells.get(k.cell).statements[k.stmt]);
  const missing = needs.filter((n) => !statements.some((st) => st.names.includes(n)));
  if (missing.length) throw new Error(`${pool.assignment.name}: hidden cases of ${fn.name} need ${missing.join(", ")}, which the notebook does not declare`);
  const imports = statements.filter((st) => st.isImport).map((st) => st.node.getFullText());
  const body = statements.filter((st) => !st.isImport);
  const text = [
    `// dnnlab reference module: ${pool.assignment.name} / ${fn.name}`,
    ...imports,
    "export const __dnnlab = (async () => {",
    ...body.map((st) => st.node.getFullText()),
    ";",
    `return { target: ${fn.name}, scope: { ${valueNames(body).join(", ")} } as { [name: string]: any } };`,
    "})();",
    "",
  ].join("\n");
  return { text, included };
}

/**
 * A module holding one cell of the solution notebook verbatim, preceded by
 * the statements it needs (for type information about the cell).
 * @param names extra `{ name, fromCell }` to include
 * @returns `{ text, included, statements, cellStartLine }` (cellStartLine: 0-based line where the cell starts)
 */
export function cellModule(pool, cellIndex, names = []) {
  const cellAnalysis = pool.cells.get(cellIndex);
  const keys = cellAnalysis.statements.map((_, s) => ({ cell: cellIndex, stmt: s }));
  const included = closure(pool, { names, keys });
  const statements = included.map((k) => pool.cells.get(k.cell).statements[k.stmt]);
  const prelude = included.filter((k) => k.cell !== cellIndex).map((k) => pool.cells.get(k.cell).statements[k.stmt].node.getFullText());
  const head = `// dnnlab module: ${pool.assignment.name}, cell ${cellIndex}\n` + prelude.join("\n") + "\n";
  const text = head + cellSource(pool.assignment.nb.cells[cellIndex]) + "\nexport {}; // a module, not a script\n";
  return { text, included, statements, cellStartLine: lineCount(head) - 1 };
}

/** The closure of some statements (exported for the exercise generator). */
export function statementClosure(pool, keys) {
  return closure(pool, { keys });
}

export { resolveName };

/**
 * The module that grades a submitted cell. Returns `{ text, segments }` where
 * `segments` maps lines of the module back to their origin (for messages):
 * `{ from, to, origin: "prelude" | "cell" | "signature" | "test", offset }`
 * (module line = cell line + offset).
 * @param cellText the submission's graded cell
 * @param cellAnalysis its analysis (from analyzeCells)
 * @param referencePath module path of the reference module (for the signature)
 */
export function submissionModule(pool, fn, cellText, cellAnalysis, referenceSpecifier) {
  const testAnalysis = pool.cells.get(fn.testCell);
  const declaredByCell = new Set(cellAnalysis.statements.flatMap((st) => st.names));
  const names = [];
  for (const st of cellAnalysis.statements) for (const n of st.free) names.push({ name: n, fromCell: fn.cell });
  for (const st of testAnalysis.statements) {
    for (const n of st.free) if (!declaredByCell.has(n)) names.push({ name: n, fromCell: fn.testCell });
  }
  const included = closure(pool, { names });
  const preludeStatements = included.map((k) => pool.cells.get(k.cell).statements[k.stmt]);

  const cellImports = cellAnalysis.statements.filter((st) => st.isImport).map((st) => st.node);
  const testImports = testAnalysis.statements.filter((st) => st.isImport).map((st) => st.node);
  const preludeImports = preludeStatements.filter((st) => st.isImport).map((st) => st.node);
  const hoisted = hoistImports([...cellImports, ...testImports], preludeImports);
  const testText = cellSource(pool.assignment.nb.cells[fn.testCell]);

  const segments = [];
  let text = "";
  const push = (chunk, origin, offset = 0) => {
    const from = text === "" ? 0 : lineCount(text);
    text += (text === "" ? "" : "\n") + chunk;
    segments.push({ from, to: lineCount(text) - 1, origin, offset: from - offset });
  };
  // Imports at module level; the prelude in an async function (top-level
  // await), the submitted cell in a function of its own inside it (so its
  // declarations may shadow the notebook's, as a later tslab cell may).
  const preludeBody = preludeStatements.filter((st) => !st.isImport).map((st) => st.node.getFullText());
  push([`// dnnlab grading module: ${pool.assignment.name} / ${fn.name}`, ...preludeImports.map((n) => n.getFullText()), hoisted].join("\n"), "prelude");
  push("export const __dnnlab = (async () => {", "wrapper");
  push(preludeBody.join("\n") + "\n;", "prelude");
  push("return await (async () => {", "wrapper");
  push(blankOut(cellText, cellImports), "cell");
  push(";", "wrapper");
  push(`const __dnnlabSignature: Awaited<typeof import(${JSON.stringify(referenceSpecifier)}).__dnnlab>["target"] = ${fn.name};`, "signature");
  push(`return {\n  target: ${fn.name} as unknown,\n  publicCheck: async (): Promise<void> => {`, "wrapper");
  push(blankOut(testText, testImports), "test");
  push("  },\n};\n})();\n})();", "wrapper");
  return { text, segments, included };
}

/** Where a module line comes from: `{ origin, line }` (line within the cell, 1-based). */
export function originOf(segments, line) {
  const seg = segments.find((s) => line >= s.from && line <= s.to);
  if (!seg) return { origin: "wrapper", line: line + 1 };
  return { origin: seg.origin, line: line - seg.offset + 1 };
}

/** The top-level declaration of `name` in a cell analysis, or null. */
export function findDeclaration(cellAnalysis, name) {
  for (const st of cellAnalysis.statements) {
    if (st.names.includes(name) && (ts.isFunctionDeclaration(st.node) || ts.isVariableStatement(st.node))) return st;
  }
  return null;
}

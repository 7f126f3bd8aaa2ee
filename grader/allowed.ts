/**
 * What a graded cell may use: the one table of the library features each
 * exercise allows, and the check that reads a submitted cell against it.
 *
 * Every exercise may use the numpy layer of the library (matrices and their
 * operations, the random generator, printing, the activation functions,
 * `tidy`): the operations the exercise texts teach. A few exercises also use
 * a provided helper the notebook imports for them (the Gradient Checking
 * vector conversions, the Regularization cost). Anything else the library
 * offers is off limits inside a graded function, above all the features that
 * would solve the exercise (the optimizer objects for the update rules,
 * `checkGradients` for gradient checking, the course helpers' own passes):
 * the grader names the call and gives the function 0.
 *
 * Graded cells may import only what the notebook itself imports from (the
 * library, TensorFlow.js), and may not use the escape hatches of the
 * JavaScript runtime (`process`, `require`, `globalThis`, `eval`, dynamic
 * `import()`, ...): a graded function computes its result from its
 * arguments.
 */
import { join } from "node:path";
import ts from "typescript";
import { originOf, type Segment } from "./assemble";
import type { CompiledModules } from "./compile";
import { projectRoot } from "./paths";
import { cellRange, type SubmittedCell } from "./submission";

/**
 * The library's modules every graded function may use (paths in dist/, a
 * folder or a file): the numerics, the matrices, the numpy layer, and the
 * activation functions of the network pieces.
 */
export const NUMPY_LAYER = ["numerics/", "core/", "numpy/", "nn/network"] as const;

/** Further library names, per notebook and graded function. */
export const ALLOWED_EXTRA: { readonly [notebook: string]: { readonly [fn: string]: readonly string[] } } = {
  Gradient_Checking: {
    gradientCheckN: ["dictionaryToVector", "vectorToDictionary", "gradientsToVector"],
  },
  Regularization: {
    computeCostWithRegularization: ["computeCost"],
  },
};

/** Modules a graded cell may import from. */
export const IMPORTABLE = /^(dnnlab(\/[\w/-]+)?|@tensorflow\/tfjs)$/;

/** Runtime globals no graded function needs; each opens a way around the sandbox's rules. */
export const GLOBALS_NOT_ALLOWED = new Set([
  "process",
  "require",
  "module",
  "exports",
  "globalThis",
  "global",
  "eval",
  "Function",
  "Reflect",
  "WebAssembly",
  "Atomics",
  "SharedArrayBuffer",
  "__dirname",
  "__filename",
  "setImmediate",
  "queueMicrotask",
]);

/** One use of something a graded cell may not use. */
export interface Violation {
  /** What is used, as the learner wrote it or as the library exports it ("adam", "optUtils.initializeParameters", "process"). */
  readonly name: string;
  /** Line in the module (0-based). */
  readonly line: number;
  readonly kind: "library" | "namespace" | "global" | "import" | "dynamic-import";
}

/** Whether a node is part of a type (a type annotation cannot compute anything). */
function inType(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isTypeNode(n) || ts.isTypeAliasDeclaration(n) || ts.isInterfaceDeclaration(n)) return true;
    if (ts.isExpressionWithTypeArguments(n) && n.parent && ts.isHeritageClause(n.parent)) return true;
    if (ts.isStatement(n) || ts.isSourceFile(n)) return false;
  }
  return false;
}

/**
 * The symbol a name stands for, followed through imports and through
 * destructuring of a library object (`const { computeCost } = utils`).
 */
function underlying(checker: ts.TypeChecker, symbol: ts.Symbol, depth = 0): ts.Symbol {
  let s = symbol;
  if (s.flags & ts.SymbolFlags.Alias) s = checker.getAliasedSymbol(s);
  if (depth > 4) return s;
  const decl = s.valueDeclaration;
  if (decl && ts.isBindingElement(decl) && ts.isObjectBindingPattern(decl.parent)) {
    const key = decl.propertyName ?? decl.name;
    if (ts.isIdentifier(key)) {
      const prop = checker.getTypeAtLocation(decl.parent).getProperty(key.text);
      if (prop) return underlying(checker, prop, depth + 1);
    }
  }
  if (decl && ts.isVariableDeclaration(decl) && decl.initializer && ts.isIdentifier(decl.initializer) && ts.isIdentifier(decl.name)) {
    const init = checker.getSymbolAtLocation(decl.initializer);
    if (init) return underlying(checker, init, depth + 1);
  }
  return s;
}

/** The dist/ module a library symbol is declared in ("core/matrix", "nn/optimizers", ...), or null when it is not the library's. */
function libraryModule(symbol: ts.Symbol, distDir: string): string | null {
  for (const d of symbol.declarations ?? []) {
    const file = d.getSourceFile().fileName;
    if (file.startsWith(`${distDir}/`)) return file.slice(distDir.length + 1).replace(/\.d\.ts$/, "");
  }
  return null;
}

/** Whether a symbol is a top-level declaration of its module (an export), not a class member or a local. */
function isExportedDeclaration(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => {
    let n: ts.Node = d;
    if (ts.isVariableDeclaration(n)) n = n.parent.parent;
    return n.parent !== undefined && ts.isSourceFile(n.parent);
  });
}

function isGlobal(symbol: ts.Symbol): boolean {
  return (symbol.declarations ?? []).some((d) => {
    const f = d.getSourceFile();
    return f.isDeclarationFile && (/[/\\]typescript[/\\]lib[/\\]lib\./.test(f.fileName) || /[/\\]@types[/\\]node[/\\]/.test(f.fileName));
  });
}

/**
 * What a submitted cell uses that its exercise does not allow.
 * @param sf the compiled module holding the cell
 * @param from, to the cell's character range in `sf`
 * @param allowedNames library names allowed beyond the numpy layer
 * @param distDir the library's dist/ folder, as the compiler sees it
 */
export function violations(
  checker: ts.TypeChecker,
  sf: ts.SourceFile,
  from: number,
  to: number,
  allowedNames: readonly string[],
  distDir: string,
): Violation[] {
  const found: Violation[] = [];
  const seen = new Set<string>();
  const add = (v: Violation): void => {
    if (!seen.has(`${v.kind}:${v.name}`)) {
      seen.add(`${v.kind}:${v.name}`);
      found.push(v);
    }
  };
  const lineOf = (n: ts.Node): number => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line;
  const visit = (node: ts.Node): void => {
    if (node.end < from || node.pos > to) return;
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add({ name: "import()", line: lineOf(node), kind: "dynamic-import" });
    }
    if (ts.isIdentifier(node) && node.getStart(sf) >= from && node.end <= to && !inType(node)) {
      const sym = checker.getSymbolAtLocation(node);
      if (sym) {
        const target = underlying(checker, sym);
        const module = libraryModule(target, distDir);
        if (module !== null && target.flags & ts.SymbolFlags.ValueModule) {
          // `import * as lib from "dnnlab"`: every feature, by any name, computed at run time
          add({ name: node.text, line: lineOf(node), kind: "namespace" });
        } else if (module !== null) {
          const isValue = (target.flags & ts.SymbolFlags.Value) !== 0;
          const numpy = NUMPY_LAYER.some((m) => (m.endsWith("/") ? module.startsWith(m) : module === m));
          // members of allowed objects (random.randn, m.subMatrix) are not the library's exports: only exports are judged
          const exported = isExportedDeclaration(target);
          if (isValue && exported && !numpy && !allowedNames.includes(target.name)) add({ name: target.name, line: lineOf(node), kind: "library" });
        } else if (GLOBALS_NOT_ALLOWED.has(node.text) && isGlobal(target)) {
          add({ name: node.text, line: lineOf(node), kind: "global" });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** The message of a function that uses what it may not. */
export function violationMessage(fn: string, v: Violation, cellLine: number): string {
  const where = `(cell line ${cellLine})`;
  switch (v.kind) {
    case "library":
      return `\`${fn}\` must be written with the operations the exercise lists; it uses the library's \`${v.name}\` ${where}`;
    case "namespace":
      return `\`${fn}\` must be written with the operations the exercise lists; it uses the library as a whole (\`${v.name}\`) ${where}: import the functions it needs by name`;
    case "global":
      return `\`${fn}\` may not use \`${v.name}\` ${where}: a graded function computes its result from its arguments`;
    case "dynamic-import":
      return `\`${fn}\` may not load modules with import() ${where}`;
    case "import":
      return `\`${fn}\` may not import ${v.name} ${where}: graded cells import only from the library and TensorFlow.js`;
  }
}

/**
 * Why a compiled cell may not be run: an import from a module graded cells may
 * not use, or a use of what its exercise does not allow (the first found); null when it may.
 */
export function usesProblem(
  name: string,
  cell: SubmittedCell,
  compiled: CompiledModules,
  file: string,
  segments: readonly Segment[],
  allowedNames: readonly string[],
): string | null {
  for (const st of cell.analysis.statements) {
    if (!st.isImport) continue;
    const spec = /from\s+["']([^"']+)["']|require\(\s*["']([^"']+)["']\s*\)/.exec(st.node.getText());
    const mod = spec?.[1] ?? spec?.[2] ?? "?";
    if (!IMPORTABLE.test(mod)) {
      const line = cell.analysis.sf.getLineAndCharacterOfPosition(st.node.getStart()).line + 1;
      return violationMessage(name, { name: `"${mod}"`, line: 0, kind: "import" }, line);
    }
  }
  const sf = compiled.program.getSourceFile(file);
  if (!sf) return null;
  const range = cellRange(sf, segments);
  const found = violations(compiled.checker, sf, range.from, range.to, allowedNames, join(projectRoot, "dist"));
  if (!found.length) return null;
  const v = found[0];
  return violationMessage(name, v, originOf(segments, v.line).line);
}

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
import ts from "typescript";

/** Library modules (file names in dist/, without extension) every graded function may use. */
export const NUMPY_LAYER = ["matrix", "memory", "random", "format", "network", "libm", "blas", "fma"] as const;

/** Further library names, per notebook and graded function. */
export const ALLOWED_EXTRA: { readonly [notebook: string]: { readonly [fn: string]: readonly string[] } } = {
  Gradient_Checking: {
    gradientCheckN: ["dictionaryToVector", "vectorToDictionary", "gradientsToVector"],
  },
  Regularization: {
    computeCostWithRegularization: ["regUtils.computeCost"],
  },
};

/** Modules a graded cell may import from. */
export const IMPORTABLE = /^(dnnlab(\/[\w/-]+)?|@tensorflow\/tfjs)$/;

/** Runtime globals no graded function needs; each opens a way around the sandbox's rules. */
export const GLOBALS_NOT_ALLOWED = new Set([
  "process", "require", "module", "exports", "globalThis", "global", "eval", "Function", "Reflect",
  "WebAssembly", "Atomics", "SharedArrayBuffer", "__dirname", "__filename", "setImmediate", "queueMicrotask",
]);

/** One use of something a graded cell may not use. */
export interface Violation {
  /** What is used, as the learner wrote it or as the library exports it ("adam", "optUtils.initializeParameters", "process"). */
  readonly name: string;
  /** Line in the module (0-based). */
  readonly line: number;
  readonly kind: "library" | "namespace" | "global" | "import" | "dynamic-import";
}

/** The public names of the library's exports, by symbol (namespace members as "ns.name"). */
export function publicNames(checker: ts.TypeChecker, index: ts.SourceFile): Map<ts.Symbol, string> {
  const names = new Map<ts.Symbol, string>();
  const moduleSymbol = checker.getSymbolAtLocation(index);
  if (!moduleSymbol) return names;
  const resolve = (s: ts.Symbol): ts.Symbol => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  for (const exp of checker.getExportsOfModule(moduleSymbol)) {
    const target = resolve(exp);
    if (!names.has(target)) names.set(target, exp.name);
    if (target.flags & ts.SymbolFlags.ValueModule) {
      for (const member of checker.getExportsOfModule(target)) {
        const m = resolve(member);
        if (!names.has(m)) names.set(m, `${exp.name}.${member.name}`);
      }
    }
  }
  return names;
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
 * destructuring of a library namespace (`const { computeCost } = regUtils`).
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

/** The dist/ module a library symbol is declared in ("matrix", "optimizers", ...), or null when it is not the library's. */
function libraryModule(symbol: ts.Symbol, distDir: string): string | null {
  for (const d of symbol.declarations ?? []) {
    const file = d.getSourceFile().fileName;
    if (file.startsWith(distDir + "/")) return file.slice(distDir.length + 1).replace(/\.d\.ts$/, "");
  }
  return null;
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
 * @param allowedNames public library names allowed beyond the numpy layer
 * @param names the library's public names ({@link publicNames})
 * @param distDir the library's dist/ folder, as the compiler sees it
 */
export function violations(
  checker: ts.TypeChecker,
  sf: ts.SourceFile,
  from: number,
  to: number,
  allowedNames: readonly string[],
  names: Map<ts.Symbol, string>,
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
        if (module === "index" && target.flags & ts.SymbolFlags.ValueModule) {
          // `import * as lib from "dnnlab"`: every feature, by any name, computed at run time
          add({ name: "dnnlab", line: lineOf(node), kind: "namespace" });
        } else if (module !== null) {
          const name = names.get(target) ?? target.name;
          const isValue = (target.flags & ts.SymbolFlags.Value) !== 0;
          const numpy = (NUMPY_LAYER as readonly string[]).includes(module);
          // members of allowed objects (random.randn, m.subMatrix) are not exports: only exports are judged
          const exported = names.has(target);
          if (isValue && exported && !numpy && !allowedNames.includes(name)) add({ name, line: lineOf(node), kind: "library" });
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
      return `\`${fn}\` must be written with the operations the exercise lists; it uses the library's \`${v.name}\` as a whole ${where}: import the functions it needs by name`;
    case "global":
      return `\`${fn}\` may not use \`${v.name}\` ${where}: a graded function computes its result from its arguments`;
    case "dynamic-import":
      return `\`${fn}\` may not load modules with import() ${where}`;
    case "import":
      return `\`${fn}\` may not import ${v.name} ${where}: graded cells import only from the library and TensorFlow.js`;
  }
}

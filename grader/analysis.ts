// Per-cell analysis of notebook code, for assembling modules (assemble.ts).
//
// Names are resolved per cell with the TypeScript checker on each cell alone
// (no libraries needed): an identifier that the cell does not declare itself
// is a *free* name, looked up among the top-level declarations of the other
// cells. For every top-level statement the analysis records what it declares
// (`names`, of which `values` exist at run time), its free names, and the
// other statements of the same cell it uses.
import ts from "typescript";

/** What a top-level statement declares. */
export interface Declarations {
  /** Every top-level name it declares (values, types, imports). */
  names: string[];
  /** The names that exist at run time. */
  values: string[];
  /** An `import ... from` or `import x = ...` statement. */
  isImport: boolean;
}

/** A top-level statement of an analysed cell. */
export interface StatementRecord extends Declarations {
  node: ts.Statement;
  /** Names it uses that its cell does not declare. */
  free: Set<string>;
  /** Indexes of the other statements of its cell that it uses. */
  local: Set<number>;
}

/** One cell, parsed and analysed as a module of its own. */
export interface CellAnalysis {
  sf: ts.SourceFile;
  statements: StatementRecord[];
  parseErrors: readonly ts.Diagnostic[];
}

/** True when an identifier refers to a binding (not a property name, label, ...). */
function isReference(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return false;
  if (ts.isQualifiedName(p) && p.right === id) return false;
  if (
    (ts.isPropertyAssignment(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isPropertySignature(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isMethodSignature(p) ||
      ts.isGetAccessorDeclaration(p) ||
      ts.isSetAccessorDeclaration(p) ||
      ts.isEnumMember(p)) &&
    p.name === id
  )
    return false;
  if (ts.isBindingElement(p) && p.propertyName === id) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakStatement(p) || ts.isContinueStatement(p)) return false;
  if (ts.isImportSpecifier(p) || ts.isExportSpecifier(p) || ts.isImportClause(p) || ts.isNamespaceImport(p)) return false;
  if (ts.isMetaProperty(p) || ts.isImportTypeNode(p)) return false;
  if (ts.isJsxAttribute(p)) return false;
  return true;
}

/** The identifiers a binding name (identifier or destructuring pattern) declares, appended to `out`. */
export function bindingIdentifiers(name: ts.BindingName, out: ts.Identifier[] = []): ts.Identifier[] {
  if (ts.isIdentifier(name)) out.push(name);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingIdentifiers(el.name, out);
  return out;
}

/**
 * What a top-level statement declares.
 * @returns its names (deduplicated), the run-time ones among them, and whether it is an import
 */
export function declarationsOf(stmt: ts.Statement): Declarations {
  const names: string[] = [];
  const values: string[] = [];
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
    for (const d of stmt.declarationList.declarations) names.push(...bindingIdentifiers(d.name).map((id) => id.text));
    if (!hasDeclare) values.push(...names);
  }
  return { names: [...new Set(names)], values: [...new Set(values)], isImport };
}

/** The top-level statement containing a node, or null (for the source file itself). */
function topStatementOf(node: ts.Node): ts.Node | null {
  let n = node;
  while (n.parent && !ts.isSourceFile(n.parent)) n = n.parent;
  return n.parent ? n : null;
}

const ANALYSIS_OPTIONS: ts.CompilerOptions = {
  noLib: true,
  noResolve: true,
  types: [],
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  moduleDetection: ts.ModuleDetectionKind.Force,
};

/**
 * Analyses cell texts, each as a module of its own (no libraries, no imports
 * resolved). Syntax errors do not throw: they are returned in `parseErrors`.
 * @param texts the cells, each with a key naming it
 * @returns Map key -> the cell's analysis
 */
export function analyzeCells(texts: readonly { key: string; text: string }[]): Map<string, CellAnalysis> {
  const files = new Map(texts.map(({ key, text }) => [`/__cells__/${key}.ts`, { key, text }]));
  const host: ts.CompilerHost = {
    getSourceFile: (f, lang) => {
      const file = files.get(f);
      return file ? ts.createSourceFile(f, file.text, lang, true, ts.ScriptKind.TS) : undefined;
    },
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
  const result = new Map<string, CellAnalysis>();
  for (const [fileName, { key }] of files) {
    const sf = program.getSourceFile(fileName);
    if (!sf) throw new Error(`analyzeCells: cell ${key} was not parsed`);
    const parseErrors = program.getSyntacticDiagnostics(sf);
    const statements: StatementRecord[] = sf.statements.map((node) => ({
      node,
      ...declarationsOf(node),
      free: new Set<string>(),
      local: new Set<number>(),
    }));
    const indexOf = new Map<ts.Node, number>(sf.statements.map((s, i) => [s, i]));
    statements.forEach((st, i) => {
      const visit = (n: ts.Node): void => {
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

/**
 * The top-level function or variable declaration of `name` in a cell analysis.
 * @returns its statement record, or null when the cell declares no such function or variable
 */
export function findDeclaration(cellAnalysis: CellAnalysis, name: string): StatementRecord | null {
  for (const st of cellAnalysis.statements) {
    if (st.names.includes(name) && (ts.isFunctionDeclaration(st.node) || ts.isVariableStatement(st.node))) return st;
  }
  return null;
}

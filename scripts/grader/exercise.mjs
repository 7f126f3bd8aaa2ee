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
// Cells that would fail while an exercise is unfinished (test cells, and
// provided cells that call exercise functions directly or through the
// model's registry) lose their variables in tslab, so every later cell using
// them would fail to compile ("Cannot find name ..."). In the exercise
// version such variables are declared ahead, in a generated cell just before,
// as `pendingValue(...)` stand-ins that say which cell has to run first, and
// the failing cell assigns them instead of declaring them.
import { join } from "node:path";
import { cellSource, solutionRegions } from "./notebook.mjs";
import { cellModule, referencePool, resolveName, statementClosure, ts } from "./assemble.mjs";
import { compileModules, VIRTUAL_DIR } from "./compile.mjs";

const TYPE_FLAGS = ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope;

/** Statements of `sf` lying entirely within lines (from, to), not nested in one another. */
function statementsWithin(sf, from, to) {
  const found = [];
  const lineOf = (pos) => sf.getLineAndCharacterOfPosition(pos).line;
  const visit = (node) => {
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

function declaredNames(stmt) {
  const out = [];
  const names = (n) => {
    if (ts.isIdentifier(n)) out.push(n);
    else for (const el of n.elements) if (!ts.isOmittedExpression(el)) names(el.name);
  };
  if (ts.isVariableStatement(stmt)) for (const d of stmt.declarationList.declarations) names(d.name);
  else if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt)) && stmt.name) out.push(stmt.name);
  return out;
}

/**
 * The stubs of one graded cell: for each region, the lines that replace it.
 * @returns array of `{ begin, end, lines }` (marker line indexes in the cell)
 */
function stubsFor(fn, cellText, module, checker, sf) {
  const regions = solutionRegions(cellText, fn.name);
  const offset = module.cellStartLine;
  const lineOf = (pos) => sf.getLineAndCharacterOfPosition(pos).line;
  const cellLines = cellText.split("\n");
  return regions.map((region, k) => {
    const from = offset + region.begin;
    const to = offset + region.end;
    const stmts = statementsWithin(sf, from, to);
    // Every line of code in the region must belong to a whole statement.
    const covered = new Set();
    for (const s of stmts) for (let l = lineOf(s.getStart(sf)); l <= lineOf(s.end); l++) covered.add(l - offset);
    for (let l = region.begin + 1; l < region.end; l++) {
      const t = cellLines[l].trim();
      if (t && !t.startsWith("//") && !covered.has(l)) {
        throw new Error(`${fn.name}: line ${l + 1} of the region is not part of a whole statement; a solution region must hold complete statements`);
      }
    }
    // Variables the region declares that code outside it uses.
    const needed = [];
    for (const s of stmts) {
      for (const nameNode of declaredNames(s)) {
        const symbol = checker.getSymbolAtLocation(nameNode);
        if (!symbol) continue;
        let usedOutside = false;
        const visit = (n) => {
          if (usedOutside) return;
          if (ts.isIdentifier(n) && n !== nameNode && n.text === nameNode.text) {
            const line = lineOf(n.getStart(sf));
            const p = n.parent;
            const target = ts.isShorthandPropertyAssignment(p) && p.name === n ? checker.getShorthandAssignmentValueSymbol(p) : checker.getSymbolAtLocation(n);
            if ((line < from || line > to) && target === symbol) usedOutside = true;
          }
          ts.forEachChild(n, visit);
        };
        visit(sf);
        if (!usedOutside) continue;
        const type = checker.getBaseTypeOfLiteralType(checker.getTypeAtLocation(nameNode));
        const text = checker.typeToString(type, s, TYPE_FLAGS);
        if (/\bimport\(|^any$/.test(text)) {
          throw new Error(`${fn.name}: cannot name the type of ${nameNode.text} (${text}); give it an explicit type annotation in the solution`);
        }
        needed.push({ name: nameNode.text, type: text });
      }
    }
    const indent = /^\s*/.exec(cellLines[region.begin])[0];
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

// ---------------------------------------------------------------------------
// Pending values for the cells after a cell that fails while exercises are unfinished

const DECLARATION_KINDS = [
  ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.ClassDeclaration, ts.SyntaxKind.InterfaceDeclaration,
  ts.SyntaxKind.TypeAliasDeclaration, ts.SyntaxKind.EnumDeclaration, ts.SyntaxKind.ModuleDeclaration,
];

/** Whether a top-level statement runs code (not just declares a function, type, ...). */
function executes(st) {
  return !st.isImport && !DECLARATION_KINDS.includes(st.node.kind);
}

/**
 * The cells that may fail while exercises are unfinished and whose variables
 * later cells use: Map cell -> { statements: [statement index], names: [name] }.
 */
function failingCells(assignment, pool) {
  const graded = new Set(assignment.functions.map((f) => f.cell));
  const tests = new Set(assignment.functions.map((f) => f.testCell));
  // Names that graded cells hand functions through (the model's registry objects).
  const registry = new Set();
  for (const g of graded) {
    for (const st of pool.cells.get(g).statements) if (st.names.length === 0 && !st.isImport) st.free.forEach((n) => registry.add(n));
  }
  const touchesExercises = (cell, stmt) =>
    statementClosure(pool, [{ cell, stmt }]).some(
      (k) => !(k.cell === cell && k.stmt === stmt) && (graded.has(k.cell) || pool.cells.get(k.cell).statements[k.stmt].names.some((n) => registry.has(n))),
    );
  const cells = [...pool.cells.keys()].sort((a, b) => a - b);
  const result = new Map();
  for (const c of cells) {
    if (graded.has(c)) continue;
    const statements = pool.cells.get(c).statements;
    const mayFail = tests.has(c) || statements.some((st, i) => executes(st) && touchesExercises(c, i));
    if (!mayFail) continue;
    const used = new Set();
    for (const k of cells) {
      if (k <= c) continue;
      for (const st of pool.cells.get(k).statements) {
        for (const n of st.free) if (resolveName(pool, n, k)?.cell === c) used.add(n);
      }
    }
    const convert = statements
      .map((st, i) => [st, i])
      .filter(([st]) => ts.isVariableStatement(st.node) && st.values.some((n) => used.has(n)))
      .map(([, i]) => i);
    if (convert.length) result.set(c, { statements: convert });
  }
  return result;
}

/** `let a = f()` -> `a = f()`; `const [a, b] = g()` -> `[a, b] = g()`; `const { a } = h()` -> `({ a } = h())`. */
function assignmentText(node) {
  const parts = [];
  for (const d of node.declarationList.declarations) {
    if (!d.initializer) continue;
    const target = d.name.getText();
    const init = d.initializer.getText();
    parts.push(ts.isObjectBindingPattern(d.name) ? `(${target} = ${init});` : `${target} = ${init};`);
  }
  return parts.join(" ");
}

/**
 * For one failing cell: the generated cell that declares its variables ahead,
 * and the cell's new source. Null when a type cannot be written down (then
 * the cell is left as it is).
 */
function pendingFor(assignment, pool, c, info, module, sf, checker) {
  const analysis = pool.cells.get(c);
  const text = cellSource(assignment.nb.cells[c]);
  const laterNames = new Set();
  for (const [k, a] of pool.cells) if (k >= c) for (const st of a.statements) st.names.forEach((n) => laterNames.add(n));
  const lineOf = (pos) => sf.getLineAndCharacterOfPosition(pos).line;
  // The cell's statements in the module (after the prelude, before the closing `export {}`).
  const moduleStatements = sf.statements.filter((st) => lineOf(st.getStart(sf)) >= module.cellStartLine).slice(0, analysis.statements.length);
  if (moduleStatements.length !== analysis.statements.length) return null;
  const declarations = [];
  for (const i of info.statements) {
    const node = moduleStatements[i];
    const names = [];
    const collect = (n) => {
      if (ts.isIdentifier(n)) names.push(n);
      else for (const el of n.elements) if (!ts.isOmittedExpression(el)) collect(el.name);
    };
    for (const d of node.declarationList.declarations) collect(d.name);
    for (const nameNode of names) {
      const type = checker.getBaseTypeOfLiteralType(checker.getTypeAtLocation(nameNode));
      const typeText = checker.typeToString(type, node, TYPE_FLAGS);
      const idents = typeText.match(/[A-Za-z_$][\w$]*/g) ?? [];
      if (/\bimport\(|^any$/.test(typeText) || idents.some((id) => laterNames.has(id) && !isDeclaredBefore(pool, id, c))) return null;
      declarations.push({ name: nameNode.text, type: typeText });
    }
  }
  // The cell with its declarations turned into assignments.
  const nodes = info.statements.map((i) => analysis.statements[i].node);
  let out = text;
  for (const node of [...nodes].reverse()) {
    const isLast = node === analysis.statements[analysis.statements.length - 1].node;
    let replacement = assignmentText(node);
    const before = out.slice(0, node.getStart()).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, "").trimEnd();
    if (isLast) replacement = `{ ${replacement} }`; // not the cell's last expression, which tslab would print
    else if (/^[[(]/.test(replacement) && before && !/[;}]$/.test(before)) replacement = ";" + replacement;
    out = out.slice(0, node.getStart()) + replacement + out.slice(node.end);
  }
  const first = text.split("\n").find((l) => l.trim() && !l.trim().startsWith("//"))?.trim() ?? "";
  const shown = first.length > 60 ? first.slice(0, 57) + "..." : first;
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

function isDeclaredBefore(pool, name, cell) {
  const k = resolveName(pool, name, cell);
  return k !== null && k.cell < cell;
}

/** Cell source in the notebook's representation (list of lines, each but the last ending in "\n"). */
function asSource(text, like) {
  if (!Array.isArray(like)) return text;
  const parts = text.split("\n");
  return parts.map((p, i) => (i < parts.length - 1 ? p + "\n" : p)).filter((p, i, a) => !(i === a.length - 1 && p === ""));
}

/** Recursively sorted keys (nbformat writes notebooks with sorted keys). */
function sortKeys(v) {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    const out = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

/**
 * The exercise version of a solution notebook, as the text of an .ipynb file.
 * @param assignment from assignmentOf()
 */
export function exerciseNotebook(assignment) {
  const pool = referencePool(assignment);
  const files = new Map();
  const modules = new Map();
  for (const fn of assignment.functions) {
    const module = cellModule(pool, fn.cell);
    const file = join(VIRTUAL_DIR, assignment.name, `exercise_${fn.name}.ts`);
    files.set(file, module.text);
    modules.set(fn.name, { module, file });
  }
  const failing = failingCells(assignment, pool);
  const cellModules = new Map();
  for (const c of failing.keys()) {
    const module = cellModule(pool, c);
    const file = join(VIRTUAL_DIR, assignment.name, `cell_${c}.ts`);
    files.set(file, module.text);
    cellModules.set(c, { module, file });
  }
  // Compiled as ES modules: a notebook statement may use top-level await.
  const { program, checker, diagnostics } = compileModules(files, { module: ts.ModuleKind.ESNext });
  const nb = structuredClone(assignment.nb);
  // Pending values (before the regions are replaced: cell indexes still match).
  const inserts = [];
  for (const [c, info] of failing) {
    const { module, file } = cellModules.get(c);
    const p = pendingFor(assignment, pool, c, info, module, program.getSourceFile(file), checker);
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
  for (const fn of assignment.functions) {
    const { module, file } = modules.get(fn.name);
    const errors = diagnostics.get(file);
    if (errors.length) {
      const d = errors[0];
      throw new Error(`${assignment.path}: the solution of ${fn.name} does not compile on its own: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
    }
    const cell = nb.cells[fn.cell];
    const text = cellSource(cell);
    const stubs = stubsFor(fn, text, module, checker, program.getSourceFile(file));
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
  nb.metadata = { ...nb.metadata, dnnlab: { ...(nb.metadata?.dnnlab ?? {}), exercise_of: assignment.name } };
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

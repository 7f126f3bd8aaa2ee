// The solution notebook as a pool of statements, and name resolution over it.
//
// A notebook is a sequence of cells that tslab compiles one after the other,
// each seeing the declarations of the cells before it. To use part of a
// notebook outside Jupyter (a submission's module, solutions.ts's generated
// modules, the exercise generator's per-cell modules), the tools take the
// statements a piece of code needs, found by name resolution: imports, type
// declarations, helper functions and constants. Statements with effects
// only (training runs, plots) are never pulled in; a name declared by
// several cells resolves like tslab does: to the last declaration before
// the cell that uses it.
//
// Names are resolved per cell with the TypeScript checker on each cell alone
// (see analysis.ts): an identifier that the cell does not declare itself is a
// *free* name, looked up among the top-level declarations of the other cells.
import ts from "typescript";
import { cellSource, type Assignment } from "./notebook";
import { analyzeCells, type CellAnalysis, type StatementRecord } from "./analysis";

export { ts };
export { analyzeCells, declarationsOf, findDeclaration } from "./analysis";
export type { CellAnalysis, Declarations, StatementRecord } from "./analysis";

/** A statement of the reference pool: cell index and statement index in that cell. */
export interface StatementKey {
  cell: number;
  stmt: number;
}

/** A free name as seen from a cell. */
export interface NameRef {
  name: string;
  fromCell: number;
}

/** The solution notebook as a pool of statements. */
export interface ReferencePool {
  assignment: Assignment;
  /** Code cell index -> its analysis. */
  cells: Map<number, CellAnalysis>;
  /** Top-level name -> the statements declaring it, in notebook order. */
  byName: Map<string, StatementKey[]>;
}

/** Where a run of module lines comes from. */
export type SegmentOrigin = "prelude" | "wrapper" | "cell" | "signature" | "test";

/** Module lines `from`..`to` (0-based, inclusive); module line = cell line + offset. */
export interface Segment {
  from: number;
  to: number;
  origin: SegmentOrigin;
  offset: number;
}

/** A module holding one cell of the solution notebook. */
export interface CellModule {
  text: string;
  included: StatementKey[];
  statements: StatementRecord[];
  /** 0-based line of the module where the cell starts. */
  cellStartLine: number;
}

// ---------------------------------------------------------------------------
// The solution notebook as a pool of statements

/**
 * The reference pool of an assignment: every code cell of the solution
 * notebook analysed, and a table from top-level names to the statements
 * declaring them.
 * @throws Error when a code cell of the solution does not parse.
 */
export function referencePool(assignment: Assignment): ReferencePool {
  const texts: { key: string; text: string }[] = [];
  assignment.nb.cells.forEach((cell, i) => {
    if (cell.cell_type === "code") texts.push({ key: String(i), text: cellSource(cell) });
  });
  const analysis = analyzeCells(texts);
  const cells = new Map<number, CellAnalysis>();
  const byName = new Map<string, StatementKey[]>();
  for (const [key, a] of analysis) {
    const cell = Number(key);
    if (a.parseErrors.length) {
      throw new Error(`${assignment.path}, cell ${cell}: the solution does not parse: ${flatten(a.parseErrors[0].messageText)}`);
    }
    cells.set(cell, a);
    a.statements.forEach((st, s) => {
      for (const name of st.names) {
        const list = byName.get(name);
        if (list) list.push({ cell, stmt: s });
        else byName.set(name, [{ cell, stmt: s }]);
      }
    });
  }
  return { assignment, cells, byName };
}

/**
 * The analysis of a code cell of the pool.
 * @throws Error when `cell` is not the index of a code cell of the solution notebook.
 */
export function cellAnalysisOf(pool: ReferencePool, cell: number): CellAnalysis {
  const a = pool.cells.get(cell);
  if (!a) throw new Error(`${pool.assignment.name}: cell ${cell} is not a code cell of the solution notebook`);
  return a;
}

/** The statement record of a pool key (see cellAnalysisOf for what it throws). */
export function statementOf(pool: ReferencePool, k: StatementKey): StatementRecord {
  return cellAnalysisOf(pool, k.cell).statements[k.stmt];
}

/**
 * The statement declaring `name` as seen from cell `fromCell`: like tslab,
 * the last one before it (else the first one after it).
 * @returns its key, or null when no cell declares the name
 */
export function resolveName(pool: ReferencePool, name: string, fromCell: number): StatementKey | null {
  const list = pool.byName.get(name);
  if (!list) return null;
  const before = list.filter((k) => k.cell < fromCell);
  if (before.length) return before[before.length - 1];
  return list.find((k) => k.cell > fromCell) ?? null;
}

const keyOf = (k: StatementKey): string => `${k.cell}:${k.stmt}`;

/**
 * The statements (reference pool keys, in notebook order) needed by `names`
 * (free names seen from a cell) and `keys` (statements), the `keys` included.
 * Names that no cell declares are left out (they come from libraries).
 */
export function closure(pool: ReferencePool, { names = [], keys = [] }: { names?: NameRef[]; keys?: StatementKey[] }): StatementKey[] {
  const seen = new Map<string, StatementKey>();
  const queue: StatementKey[] = [];
  const add = (k: StatementKey | null): void => {
    if (k && !seen.has(keyOf(k))) {
      seen.set(keyOf(k), k);
      queue.push(k);
    }
  };
  for (const { name, fromCell } of names) add(resolveName(pool, name, fromCell));
  keys.forEach(add);
  while (queue.length) {
    const k = queue.shift() as StatementKey;
    const st = statementOf(pool, k);
    for (const j of st.local) add({ cell: k.cell, stmt: j });
    for (const n of st.free) add(resolveName(pool, n, k.cell));
  }
  return [...seen.values()].sort((a, b) => a.cell - b.cell || a.stmt - b.stmt);
}

/**
 * The closure of some statements: them and every statement they need, in notebook order
 * (exported for the exercise generator).
 */
export function statementClosure(pool: ReferencePool, keys: StatementKey[]): StatementKey[] {
  return closure(pool, { keys });
}

function flatten(messageText: string | ts.DiagnosticMessageChain): string {
  return ts.flattenDiagnosticMessageText(messageText, "\n");
}

/** Text of a cell with the given statements blanked out (line structure kept). */
export function blankOut(text: string, nodes: readonly ts.Node[]): string {
  let out = text;
  for (const n of nodes) {
    const start = n.getStart();
    const blank = out.slice(start, n.end).replace(/[^\n]/g, " ");
    out = out.slice(0, start) + blank + out.slice(n.end);
  }
  return out;
}

/** The number of lines of a text. */
export const lineCount = (s: string): number => s.split("\n").length;

/** The module an import statement imports from (undefined for `import x = ...`). */
export function moduleOf(node: ts.Statement): string | undefined {
  return ts.isImportDeclaration(node) ? (node.moduleSpecifier as ts.StringLiteral).text : undefined;
}

// ---------------------------------------------------------------------------
// Module builders

/**
 * A module holding one cell of the solution notebook verbatim, preceded by
 * the statements it needs (for type information about the cell).
 * @param names extra `{ name, fromCell }` to include
 * @returns the module's text, the pool statements it includes, their records,
 *   and `cellStartLine` (0-based line where the cell starts)
 */
export function cellModule(pool: ReferencePool, cellIndex: number, names: NameRef[] = []): CellModule {
  const cellAnalysis = cellAnalysisOf(pool, cellIndex);
  const keys = cellAnalysis.statements.map((_, s) => ({ cell: cellIndex, stmt: s }));
  const included = closure(pool, { names, keys });
  const statements = included.map((k) => statementOf(pool, k));
  const prelude = included.filter((k) => k.cell !== cellIndex).map((k) => statementOf(pool, k).node.getFullText());
  const head = `// dnnlab module: ${pool.assignment.name}, cell ${cellIndex}\n${prelude.join("\n")}\n`;
  const text = `${head + cellSource(pool.assignment.nb.cells[cellIndex])}\nexport {}; // a module, not a script\n`;
  return { text, included, statements, cellStartLine: lineCount(head) - 1 };
}

/**
 * Where a module line comes from.
 * @param line 0-based line of the module
 * @returns its origin and its 1-based line within that part (module line + 1 outside every segment)
 */
export function originOf(segments: readonly Segment[], line: number): { origin: SegmentOrigin; line: number } {
  const seg = segments.find((s) => line >= s.from && line <= s.to);
  if (!seg) return { origin: "wrapper", line: line + 1 };
  return { origin: seg.origin, line: line - seg.offset + 1 };
}

/**
 * Assembling the module that runs a submitted graded function in the sandbox.
 *
 * A notebook is a sequence of cells that tslab compiles one after the other.
 * To run one graded function outside Jupyter, the grader takes the solution
 * notebook's *provided* statements (imports, types, helper functions,
 * constants: what the learner's notebook has too), with every graded cell
 * replaced by the submission's version and every test cell left out, and
 * keeps the statements the submitted cell needs (name resolution, as tslab
 * sees the cells). So the sandbox holds no solution and no expected value: a
 * graded function that calls another one (the 1-D gradient check calls the
 * forward and backward passes) calls the learner's own, as in the notebook.
 *
 *   // dnnlab grading module: <notebook> / <function>
 *   <imports>
 *   export const __dnnlab = (async () => {
 *     <provided statements and other submitted cells it needs>
 *     return await (async () => {
 *       <the submitted cell>              (its declarations may shadow the notebook's)
 *       const __dnnlabSignature: <the solution's type> = <function>;   (a type check only)
 *       return <function>;
 *     })();
 *   })();
 *
 * The signature line refers to the solution module's declarations (a type,
 * erased from the compiled code): a submission whose function cannot stand
 * where the solution's stands does not compile.
 */
import type ts from "typescript";
import {
  blankOut,
  cellAnalysisOf,
  closure,
  lineCount,
  moduleOf,
  statementOf,
  type CellAnalysis,
  type ReferencePool,
  type Segment,
  type SegmentOrigin,
  type StatementKey,
} from "./assemble";
import { declarationsOf } from "./analysis";
import type { GradedFunction } from "./notebook";

/** A submitted graded cell that parses. */
export interface SubmittedCell {
  /** Its index in the submitted notebook (for messages). */
  readonly index: number;
  readonly text: string;
  readonly analysis: CellAnalysis;
}

/**
 * The solution notebook's pool with each graded cell replaced by the
 * submission's cell of that function (or left out when the submission has
 * none that parses) and the test cells left out.
 */
export function submissionPool(pool: ReferencePool, submitted: ReadonlyMap<string, SubmittedCell>): ReferencePool {
  const cells = new Map(pool.cells);
  for (const fn of pool.assignment.functions) {
    cells.delete(fn.testCell);
    const sub = submitted.get(fn.name);
    if (sub) cells.set(fn.cell, sub.analysis);
    else cells.delete(fn.cell);
  }
  const byName = new Map<string, StatementKey[]>();
  for (const [cell, a] of [...cells].sort((x, y) => x[0] - y[0])) {
    a.statements.forEach((st, s) => {
      for (const name of st.names) {
        const list = byName.get(name);
        if (list) list.push({ cell, stmt: s });
        else byName.set(name, [{ cell, stmt: s }]);
      }
    });
  }
  return { assignment: pool.assignment, cells, byName };
}

/** The module of one submitted function, and where its lines come from. */
export interface ChildModule {
  readonly text: string;
  readonly segments: Segment[];
}

/**
 * The sandbox module of `fn`.
 * @param pool a {@link submissionPool}
 * @param declarations module specifier of the solution's declarations (for the signature check)
 */
export function childModule(pool: ReferencePool, fn: GradedFunction, declarations: string): ChildModule {
  const own = cellAnalysisOf(pool, fn.cell);
  const names = own.statements.flatMap((st) => [...st.free].map((name) => ({ name, fromCell: fn.cell })));
  // the statements of its own cell are not prelude: they come below, as the cell
  const included = closure(pool, { names }).filter((k) => k.cell !== fn.cell);
  const prelude = included.map((k) => statementOf(pool, k));
  const cellImports = own.statements.filter((st) => st.isImport).map((st) => st.node);
  const preludeImports = prelude.filter((st) => st.isImport).map((st) => st.node);
  const have = new Set(preludeImports.flatMap((n) => declarationsOf(n).names.map((name) => `${moduleOf(n)}\0${name}`)));
  const hoisted = cellImports.filter((n) => !declarationsOf(n).names.every((name) => have.has(`${moduleOf(n)}\0${name}`)));

  const segments: Segment[] = [];
  let text = "";
  const push = (chunk: string, origin: SegmentOrigin, offset = 0): void => {
    const from = text === "" ? 0 : lineCount(text);
    text += (text === "" ? "" : "\n") + chunk;
    segments.push({ from, to: lineCount(text) - 1, origin, offset: from - offset });
  };
  const cellText = own.sf.getFullText();
  push([`// dnnlab grading module: ${pool.assignment.name} / ${fn.name}`, ...preludeImports.map((n) => n.getFullText())].join("\n"), "prelude");
  // the cell's own imports, hoisted to module level, keep their cell lines for messages
  for (const n of hoisted) push(n.getText(), "cell", own.sf.getLineAndCharacterOfPosition(n.getStart()).line);
  push("export const __dnnlab = (async () => {", "wrapper");
  push(
    `${prelude
      .filter((st) => !st.isImport)
      .map((st) => st.node.getFullText())
      .join("\n")}\n;`,
    "prelude",
  );
  push("return await (async () => {", "wrapper");
  push(blankOut(cellText, cellImports), "cell");
  push(";", "wrapper");
  const type = `Awaited<ReturnType<typeof import(${JSON.stringify(declarations)}).load>>["functions"][${JSON.stringify(fn.name)}]`;
  push(`const __dnnlabSignature: ${type} = ${fn.name};`, "signature");
  push(`return ${fn.name} as unknown;\n})();\n})();\n`, "wrapper");
  return { text, segments };
}

/** The character range of the submitted cell's body in its compiled module (its hoisted imports are checked apart). */
export function cellRange(sf: ts.SourceFile, segments: readonly Segment[]): { from: number; to: number; firstLine: number } {
  const seg = segments.filter((s) => s.origin === "cell").pop();
  if (!seg) return { from: 0, to: 0, firstLine: 0 };
  const from = sf.getPositionOfLineAndCharacter(seg.from, 0);
  const lastLine = Math.min(seg.to + 1, sf.getLineStarts().length - 1);
  return { from, to: sf.getPositionOfLineAndCharacter(lastLine, 0), firstLine: seg.from };
}

/** The other graded functions a submitted cell calls (by name: the submission's own versions run). */
export function gradedCalls(cell: SubmittedCell, fn: string, graded: readonly string[]): string[] {
  const free = new Set(cell.analysis.statements.flatMap((st) => [...st.free]));
  return graded.filter((g) => g !== fn && free.has(g));
}

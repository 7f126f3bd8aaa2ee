/**
 * Locating what to grade in a submitted notebook: which assignment it is,
 * and which cell holds each graded function. Everything else in the
 * submission is ignored.
 */
import { basename } from "node:path";
import { analyzeCells, findDeclaration } from "./analysis";
import { describeDiagnostic, firstLine } from "./compile";
import { cellSource, gradedName, headerName, type Assignment, type Notebook } from "./notebook";
import type { SubmittedCell } from "./submission";

/**
 * The assignment a submission belongs to: the forced one, else its
 * `dnnlab.exercise_of` metadata, its file name, the assignment with the most
 * of its graded function names, or its title.
 * @returns null when nothing matches
 * @throws Error for a forced name that is not an assignment
 */
export function chooseAssignment(nb: Notebook | null, path: string, assignments: ReadonlyMap<string, Assignment>, forced?: string): Assignment | null {
  if (forced) {
    const a = assignments.get(forced);
    if (!a) throw new Error(`unknown assignment "${forced}" (known: ${[...assignments.keys()].join(", ")})`);
    return a;
  }
  const meta = nb?.metadata?.dnnlab?.exercise_of;
  if (typeof meta === "string" && assignments.has(meta)) return assignments.get(meta) ?? null;
  const stem = basename(path).replace(/\.ipynb$/i, "");
  if (assignments.has(stem)) return assignments.get(stem) ?? null;
  if (!nb) return null;
  const names = new Set(nb.cells.map(gradedName).filter(Boolean));
  let best: Assignment | null = null;
  let bestCount = 0;
  for (const a of assignments.values()) {
    const count = a.functions.filter((f) => names.has(f.name)).length;
    if (count > bestCount) [best, bestCount] = [a, count];
  }
  if (best) return best;
  const title = nb.metadata?.title;
  for (const a of assignments.values()) if (title && a.title === title) return a;
  return null;
}

/** A submission's cell for a graded function. */
export interface LocatedCell {
  readonly index: number;
  readonly text: string;
  /** Said when several cells hold the function (the last one is graded). */
  readonly note: string;
}

/** The submission's cell for a graded function (metadata first, then the header), or null. */
export function findSubmissionCell(nb: Notebook, name: string): LocatedCell | null {
  const byMeta: number[] = [];
  const byHeader: number[] = [];
  nb.cells.forEach((cell, index) => {
    if (cell?.cell_type !== "code") return;
    if (cell.metadata?.dnnlab?.graded_function === name || cell.metadata?.nbgrader?.grade_id === name) byMeta.push(index);
    else if (headerName(cell) === name) byHeader.push(index);
  });
  const list = byMeta.length ? byMeta : byHeader;
  if (!list.length) return null;
  const index = list[list.length - 1];
  const note = list.length > 1 ? ` (${list.length} cells hold ${name}; graded the last one, cell ${index})` : "";
  return { index, text: cellSource(nb.cells[index]), note };
}

/** What was found for one graded function: its cell, parsed, or why there is none to grade. */
export interface Located {
  readonly name: string;
  readonly cell?: LocatedCell;
  readonly submitted?: SubmittedCell;
  readonly problem?: string;
}

/** Every graded function's cell in a submission, parsed: it must exist, parse and define the function. */
export function locateCells(nb: Notebook, assignment: Assignment): Located[] {
  const cells = assignment.functions.map((fn) => ({ name: fn.name, cell: findSubmissionCell(nb, fn.name) }));
  const analyses = analyzeCells(cells.filter((c) => c.cell).map((c) => ({ key: c.name, text: (c.cell as LocatedCell).text })));
  return cells.map(({ name, cell }): Located => {
    if (!cell) return { name, problem: `missing: no code cell starting with "// GRADED FUNCTION: ${name}"` };
    const analysis = analyses.get(name);
    if (!analysis) return { name, cell, problem: `grading error: cell ${cell.index} was not analysed` };
    if (analysis.parseErrors.length) {
      const d = describeDiagnostic(analysis.parseErrors[0]);
      return { name, cell, problem: `does not parse: cell ${cell.index}, line ${d.line + 1}: ${firstLine(d.message)}${cell.note}` };
    }
    if (!findDeclaration(analysis, name)) return { name, cell, problem: `missing: cell ${cell.index} does not define a function named ${name}${cell.note}` };
    return { name, cell, submitted: { index: cell.index, text: cell.text, analysis } };
  });
}

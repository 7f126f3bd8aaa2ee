/**
 * Locating what to grade in a submitted notebook: which assignment it is,
 * and which cell holds each graded function. Everything else in the
 * submission is ignored.
 */
import { basename } from "node:path";
import { cellSource, gradedName, headerName, type Assignment, type Notebook } from "./notebook";

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

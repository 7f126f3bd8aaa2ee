/**
 * Reports: what `npm run grade` prints and writes. A report is plain data
 * (JSON-ready), the same whether a notebook was graded alone or in a pool.
 */
import { basename } from "node:path";

/** One graded function in a report. */
export interface FunctionReport {
  readonly name: string;
  readonly points: number;
  readonly max: number;
  readonly passed: boolean;
  readonly message: string;
  readonly hidden?: { passed: number; total: number };
}

/** The report of one submitted notebook. */
export interface Report {
  notebook: string;
  assignment: string | null;
  score: number;
  max: number;
  seconds: number;
  /** sha256 of the submission's bytes (the grader only reads them). */
  sha256: string;
  functions: FunctionReport[];
  /** Why nothing could be graded (not a notebook, unknown assignment). */
  error?: string;
  /** How submissions were isolated ("network namespace" or "in-process"). */
  isolation?: string;
}

/** The readable report of one notebook, ending with `score: X/Y`. */
export function formatReport(report: Report): string {
  const lines = [`${report.notebook}${report.assignment ? ` (${report.assignment})` : ""}`];
  if (report.error && report.functions.every((f) => f.message === report.error)) lines.push(`  ${report.error}`);
  const width = Math.max(8, ...report.functions.map((f) => f.name.length));
  for (const f of report.functions) {
    const pts = `${f.points}/${f.max}`.padStart(7);
    lines.push(`  ${f.name.padEnd(width)} ${pts}  ${f.passed ? "passed" : "FAILED"}  ${f.message}`);
  }
  lines.push(`score: ${report.score}/${report.max}`);
  return lines.join("\n");
}

const csvField = (v: unknown): string => {
  const s = v === undefined || v === null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The CSV summary of several reports: one row per notebook, one column per graded function. */
export function formatCsv(reports: readonly Report[]): string {
  const columns: string[] = [];
  for (const r of reports) for (const f of r.functions) if (!columns.includes(f.name)) columns.push(f.name);
  const rows: unknown[][] = [["notebook", "assignment", "score", "max", ...columns, "problems"]];
  for (const r of reports) {
    const by = new Map(r.functions.map((f) => [f.name, f]));
    const problems = r.error ? [r.error] : r.functions.filter((f) => !f.passed).map((f) => `${f.name}: ${f.message}`);
    rows.push([basename(r.notebook), r.assignment ?? "", r.score, r.max, ...columns.map((c) => by.get(c)?.points ?? ""), problems.join(" | ")]);
  }
  return `${rows.map((row) => row.map(csvField).join(",")).join("\n")}\n`;
}

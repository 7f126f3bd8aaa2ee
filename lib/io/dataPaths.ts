/**
 * Where the course's data files are looked for, in order: `$DNNLAB_DATA_DIR`,
 * the project's git-ignored `datasets/` folder, then `../shared/data/` beside
 * the project (the project root is found from this module's location in
 * dist/io/). With `DNNLAB_NO_COURSE_DATA=1` the list is empty, so the
 * notebooks use their stand-ins (the tests run them both ways).
 *
 * Also the record of what a run used: when `DNNLAB_DATA_LOG` names a file, each
 * loader that may fall back to a stand-in appends its choice there, so the
 * notebook runner (scripts/nbrun.py) knows whether a notebook's outputs come
 * from the course's files or from stand-ins without parsing what it printed.
 */
import { appendFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** The project (or installed package) root: dist/io/ is two levels below it. */
export const PROJECT_ROOT = resolve(__dirname, "..", "..");

/**
 * The places to look for a course data file, in order.
 * @param file the file's name, e.g. "data.mat"
 * @returns absolute paths (existing or not)
 */
export function courseDataPaths(file: string): string[] {
  if (process.env.DNNLAB_NO_COURSE_DATA === "1") return [];
  const paths: string[] = [];
  const dir = process.env.DNNLAB_DATA_DIR;
  if (dir) paths.push(resolve(dir, file));
  paths.push(join(PROJECT_ROOT, "datasets", file), join(PROJECT_ROOT, "..", "shared", "data", file));
  return paths;
}

/** What a loader used for one course file: the file itself, or its generated stand-in. */
export type DataChoice = "course" | "stand-in";

/**
 * Records that a loader used the course's `file` or its stand-in: appends the
 * line `{"file":"data.mat","used":"course"}` to the file named by
 * `$DNNLAB_DATA_LOG`, and does nothing when the variable is unset (in a
 * learner's notebook server). Only loaders that could have fallen back to a
 * stand-in call it; a file read from an explicit path is no choice.
 * @param file the course file's name, e.g. "data.mat"
 * @param used which data the loader returned
 * @throws Error `"DNNLAB_DATA_LOG=<path>: cannot record that data.mat was used (<reason>)"`:
 *   the runner that set the variable needs the record, so losing it silently
 *   could let a stand-in run replace the course's outputs
 */
export function recordDataChoice(file: string, used: DataChoice): void {
  const log = process.env.DNNLAB_DATA_LOG;
  if (!log) return;
  try {
    appendFileSync(log, `${JSON.stringify({ file, used })}\n`);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`DNNLAB_DATA_LOG=${log}: cannot record that ${file} was used (${reason})`);
  }
}

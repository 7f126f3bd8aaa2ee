/**
 * Where the course's data files are looked for, in order: `$DNNLAB_DATA_DIR`,
 * the project's git-ignored `datasets/` folder, then `../shared/data/` beside
 * the project (the project root is found from this module's location in
 * dist/io/). With `DNNLAB_NO_COURSE_DATA=1` the list is empty, so the
 * notebooks use their stand-ins (the tests run them both ways).
 */
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

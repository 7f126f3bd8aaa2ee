/**
 * Reading a data file from disk with errors that name the file and what was
 * expected of it. Node's own messages (`EISDIR: illegal operation on a
 * directory, read`) name neither, and a learner who points a loader at the
 * wrong place needs both.
 */
import { readFileSync } from "node:fs";

/**
 * The bytes of the file at `path`.
 * @param expected what the file should be, e.g. "the course's test_signs.h5"
 * @throws Error `"<path>: file not found (expected <expected>)"`, `"<path>: is a
 *   directory, expected <expected>"`, `"<path>: permission denied (...)"`, or
 *   `"<path>: cannot read (<reason>)"` for any other I/O error
 */
export function readDataFile(path: string, expected: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    switch (err.code) {
      case "ENOENT":
        throw new Error(`${path}: file not found (expected ${expected})`);
      case "EISDIR":
        throw new Error(`${path}: is a directory, expected ${expected}`);
      case "EACCES":
      case "EPERM":
        throw new Error(`${path}: permission denied (expected ${expected}, readable by this user)`);
      default:
        throw new Error(`${path}: cannot read (${err.message}); expected ${expected}`);
    }
  }
}

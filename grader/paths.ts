// Where the project lives, for the grader's tools. The compiled file is
// build/grader/paths.js, two levels below the repository root.
import { resolve } from "node:path";

/** The repository root (the folder holding package.json, notebooks/, dist/). */
export const projectRoot: string = resolve(__dirname, "..", "..");

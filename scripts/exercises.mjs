// npm run exercises [-- --check]
//
// Writes notebooks/exercises/<Notebook>.ipynb for every solution notebook in
// notebooks/: the solution regions replaced by compiling stubs, outputs
// cleared (see grader/exercises.ts, built into build/grader/ by `npm run
// build`; `npm run exercises` rebuilds it first). Deterministic: running it
// twice gives the same bytes.
//
//   --check   write nothing; exit 1 if any exercise notebook is missing or
//             differs from what would be generated (stale), 0 otherwise
//
// Importing this module gives the tests the generator's paths and checks.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

const isMain = Boolean(process.argv[1]) && relative(process.argv[1], fileURLToPath(import.meta.url)) === "";
const built = fileURLToPath(new URL("../build/grader/exercises.js", import.meta.url));

if (!existsSync(built)) {
  const message = "the grader is not built (build/grader/exercises.js is missing): run `npm run build` first";
  if (isMain) {
    console.error(`exercises: ${message}`);
    process.exit(1);
  }
  throw new Error(message);
}

// build/grader is CommonJS.
const grader = createRequire(import.meta.url)(built);

export const { solutionsDir, exercisesDir, expectedExercises, staleExercises, main } = grader;

if (isMain) process.exitCode = main(process.argv.slice(2));

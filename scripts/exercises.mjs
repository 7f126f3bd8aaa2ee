// npm run exercises [-- --check]
//
// Writes notebooks/exercises/<Notebook>.ipynb for every solution notebook in
// notebooks/: the solution regions replaced by compiling stubs, outputs
// cleared (see scripts/grader/exercise.mjs). Deterministic: running it twice
// gives the same bytes.
//
//   --check   write nothing; exit 1 if any exercise notebook is missing or
//             differs from what would be generated (stale), 0 otherwise
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { assignmentsIn } from "./grader/notebook.mjs";
import { exerciseNotebook } from "./grader/exercise.mjs";
import { projectRoot } from "./kernel.mjs";

export const solutionsDir = join(projectRoot, "notebooks");
export const exercisesDir = join(solutionsDir, "exercises");

/** The exercise notebooks as they should be: Map file name -> text. */
export function expectedExercises() {
  const out = new Map();
  for (const a of assignmentsIn(solutionsDir)) out.set(`${a.name}.ipynb`, exerciseNotebook(a));
  return out;
}

/** Differences between the committed exercise notebooks and the generated ones (empty when fresh). */
export function staleExercises(expected = expectedExercises()) {
  const problems = [];
  for (const [name, text] of expected) {
    const path = join(exercisesDir, name);
    if (!existsSync(path)) problems.push(`${relative(projectRoot, path)} is missing`);
    else if (readFileSync(path, "utf8") !== text) problems.push(`${relative(projectRoot, path)} is stale`);
  }
  if (existsSync(exercisesDir)) {
    for (const f of readdirSync(exercisesDir).filter((f) => f.endsWith(".ipynb"))) {
      if (!expected.has(f)) problems.push(`${relative(projectRoot, join(exercisesDir, f))} has no solution notebook`);
    }
  }
  return problems;
}

function main() {
  const check = process.argv.includes("--check");
  const expected = expectedExercises();
  if (check) {
    const problems = staleExercises(expected);
    if (problems.length) {
      console.error(`exercises: ${problems.join("; ")}: run \`npm run exercises\``);
      process.exit(1);
    }
    console.log(`exercises: ${expected.size} exercise notebooks are up to date`);
    return;
  }
  mkdirSync(exercisesDir, { recursive: true });
  for (const [name, text] of expected) {
    const path = join(exercisesDir, name);
    const old = existsSync(path) ? readFileSync(path, "utf8") : null;
    if (old === text) {
      console.log(`exercises: ${relative(projectRoot, path)} (unchanged)`);
      continue;
    }
    writeFileSync(path, text);
    console.log(`exercises: wrote ${relative(projectRoot, path)}`);
  }
}

if (process.argv[1] && relative(process.argv[1], new URL(import.meta.url).pathname) === "") {
  try {
    main();
  } catch (err) {
    console.error(`exercises: ${err.message}`);
    process.exit(1);
  }
}

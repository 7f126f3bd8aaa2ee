// npm run grade -- <notebook.ipynb | folder> [options]: the autograder's
// command line. The grader is the TypeScript package in grader/, built into
// build/grader/ by `npm run build`; see grader/cli.ts for the options.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { projectRoot } from "./kernel.mjs";

const cli = join(projectRoot, "build", "grader", "cli.js");
if (!existsSync(cli)) {
  console.error("grade: the grader is not built (build/grader/cli.js is missing): run `npm run build` first");
  process.exit(1);
}
const { main } = createRequire(import.meta.url)(cli);
process.exit(await main(process.argv.slice(2)));

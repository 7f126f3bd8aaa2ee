// The TypeScript compiler of the build: tslab's own (5.0), the one that
// compiles the notebooks' cells. The library's declarations (dist/*.d.ts) are
// read by it in every notebook, so they are written by it too: a newer
// compiler may write types it cannot read (e.g. generic typed arrays). The
// `typescript` devDependency (5.9) is the grader's compiler API; npm links
// either one as node_modules/.bin/tsc, so neither is called by that name.
//   node scripts/tsc.mjs -p tsconfig.json      (the arguments of tsc)
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const fromTslab = createRequire(createRequire(import.meta.url).resolve("tslab/package.json"));

/** The path of tslab's tsc (a Node script). */
export const tscPath = fromTslab.resolve("@tslab/typescript-for-tslab/bin/tsc");

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = spawnSync(process.execPath, [tscPath, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(r.status ?? 1);
}

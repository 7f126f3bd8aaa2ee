// npm run notebooks [-- notebooks/X.ipynb ...]
//
// Executes the solution notebooks in place through real Jupyter (nbclient)
// with the project's tslab kernel, saving their outputs. Without arguments it
// runs every notebooks/*.ipynb (the generated exercise versions in
// notebooks/exercises/ are left alone). A failing cell fails the command with
// the notebook, the cell and the message; the saved notebook is then kept as
// it was and the partial result is written to build/failed/.
import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { ensureJupyter, runNbrun } from "./jupyter.mjs";
import { projectRoot } from "./kernel.mjs";

const args = process.argv.slice(2);
const wanted = args.length
  ? args.map((a) => relative(projectRoot, resolve(process.env.INIT_CWD ?? process.cwd(), a)))
  : readdirSync(join(projectRoot, "notebooks"))
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => join("notebooks", f));

if (wanted.length === 0) {
  console.error("notebooks: nothing to run (no notebooks/*.ipynb)");
  process.exit(1);
}

let python;
try {
  python = ensureJupyter();
} catch (err) {
  console.error(String(err instanceof Error ? err.message : err));
  process.exit(1);
}
const r = runNbrun(python, ["--in-place", ...wanted]);
process.exit(r.status ?? 1);

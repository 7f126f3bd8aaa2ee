// npm run build:lib: builds the library into a clean dist/ (the first part of
// `npm run build`): links the package to itself, assembles the WebAssembly
// kernels, compiles lib/ with tsc.
//
//   node scripts/build-lib.mjs --if-changed
//
// skips the work when dist/ was built by this script from the same sources:
// a hash of lib/ (less the generated files), tsconfig.json, the build scripts
// and the compiler's version is kept in dist/.sources-hash. `npm run
// notebooks` uses it, so running the notebooks does not recompile an
// unchanged library (about 6 s of a run of all five).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { projectRoot } from "./kernel.mjs";
import { tscPath } from "./tsc.mjs";

const dist = join(projectRoot, "dist");
const stamp = join(dist, ".sources-hash");
// The compiler: tslab's (scripts/tsc.mjs says why).
const tsc = tscPath;

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** A hash of everything dist/ is made from. */
function sourcesHash() {
  const hash = createHash("sha256");
  const files = [
    // *.generated.ts are made from the .wat files by build-wasm.mjs: the .wat files count.
    ...filesUnder(join(projectRoot, "lib")).filter((f) => !f.endsWith(".generated.ts")),
    join(projectRoot, "tsconfig.json"),
    join(projectRoot, "scripts", "build-lib.mjs"),
    join(projectRoot, "scripts", "build-wasm.mjs"),
  ].sort();
  for (const file of files)
    hash
      .update(`${relative(projectRoot, file)}\0`)
      .update(readFileSync(file))
      .update("\0");
  const compiler = join(dirname(realpathSync(tsc)), "..", "package.json");
  hash.update(`tsc ${JSON.parse(readFileSync(compiler, "utf8")).version}`);
  return hash.digest("hex");
}

/** Runs a step; exits with its status when it fails. */
function step(command, args) {
  const r = spawnSync(command, args, { cwd: projectRoot, stdio: "inherit" });
  if (r.error) {
    console.error(`build: ${command} could not be started: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}

step(process.execPath, [join(projectRoot, "scripts", "link-self.mjs")]);
const hash = sourcesHash();
if (process.argv.includes("--if-changed") && existsSync(join(dist, "index.js")) && existsSync(stamp) && readFileSync(stamp, "utf8").trim() === hash) {
  console.log("build: dist/ is up to date with lib/ (not rebuilt)");
  process.exit(0);
}
rmSync(dist, { recursive: true, force: true });
step(process.execPath, [join(projectRoot, "scripts", "build-wasm.mjs")]);
step(process.execPath, [tsc, "-p", "tsconfig.json"]);
writeFileSync(stamp, `${hash}\n`);

// A build step of npm test that is skipped when nothing it is made from
// changed, and its output is still what it made (scripts/test.mjs; the
// library's own step is build-lib.mjs --if-changed):
//
//   node scripts/testing/build-step.mjs [--clean] OUTDIR INPUT... -- COMMAND ARG...
//
// The command line, the inputs (files, or folders: every file under them)
// and the files of OUTDIR are hashed. When OUTDIR/.build-step-hash holds the
// hashes of the last successful run, and both are the same now, the step says
// so and exits 0. Otherwise that file is removed, OUTDIR too (--clean),
// COMMAND runs, and the hashes are written once it succeeded: a failed or
// interrupted build is never taken for a finished one, and an output that
// another command rebuilt (npm run build) is rebuilt here too rather than
// trusted. Exit status: COMMAND's.
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const STAMP = ".build-step-hash";

const argv = process.argv.slice(2);
const clean = argv[0] === "--clean";
const split = argv.indexOf("--");
const [outDir, ...inputs] = split < 0 ? [] : argv.slice(clean ? 1 : 0, split);
const command = split < 0 ? [] : argv.slice(split + 1);
if (!outDir || inputs.length === 0 || command.length === 0) {
  console.error("build-step: usage: node scripts/testing/build-step.mjs [--clean] OUTDIR INPUT... -- COMMAND ARG...");
  process.exit(2);
}
const stamp = join(outDir, STAMP);

function filesUnder(path) {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((entry) => filesUnder(join(path, entry)));
}

/** A hash of the files under `paths` (names and contents), less the stamp. */
function hashOf(paths, seed = "") {
  const hash = createHash("sha256").update(`${seed}\0`);
  for (const path of paths) {
    hash.update(`${existsSync(path) ? "" : "missing "}${path}\0`);
    for (const file of filesUnder(path).filter((f) => f !== stamp))
      hash
        .update(`${relative(".", file)}\0`)
        .update(readFileSync(file))
        .update("\0");
  }
  return hash.digest("hex");
}

const made = hashOf(inputs, JSON.stringify(command));
const last = existsSync(stamp) ? readFileSync(stamp, "utf8").split("\n") : [];
if (last[0] === made && last[1] === hashOf([outDir])) {
  console.log(`build: ${outDir}/ is up to date with ${inputs.join(", ")} (not rebuilt)`);
  process.exit(0);
}
rmSync(stamp, { force: true });
if (clean) rmSync(outDir, { recursive: true, force: true });
const r = spawnSync(command[0], command.slice(1), { stdio: "inherit" });
if (r.error) {
  console.error(`build-step: ${command[0]} could not be started: ${r.error.message}`);
  process.exit(1);
}
if (r.status !== 0) process.exit(r.status ?? 1);
mkdirSync(outDir, { recursive: true });
writeFileSync(stamp, `${made}\n${hashOf([outDir])}\n`);

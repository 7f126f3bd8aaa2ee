// npm run bench:grading [-- --count N] [-- --seed S] [-- --keep]
//
// Grading at class scale: generates N submissions (default 200) from the
// exercise notebooks, each graded cell at random correct, wrong, untouched or
// hostile (bench/gradingClass.mjs), grades the folder with the grade CLI as an
// instructor would (`npm run grade -- <folder>`), and prints the wall time,
// the throughput in submissions per minute, and whether every submission got
// the score it should.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateClass } from "./gradingClass.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const argv = process.argv.slice(2);
const option = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const count = option("--count", 200);
const seed = option("--seed", 1);

const dir = mkdtempSync(join(tmpdir(), "dnnlab-class-"));
const submissions = generateClass({
  dir,
  count,
  seed,
  solutionsDir: join(root, "notebooks"),
  exercisesDir: join(root, "notebooks", "exercises"),
});
const kinds = {};
for (const s of submissions) for (const k of Object.values(s.kinds)) kinds[k] = (kinds[k] ?? 0) + 1;
console.log(
  `bench: ${count} submissions in ${dir}; graded cells: ${Object.entries(kinds)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ")}`,
);
console.log(`bench: ${cpus().length} cores, node ${process.version}`);

const json = join(dir, "report.json");
const started = process.hrtime.bigint();
const r = spawnSync(process.execPath, [join(root, "scripts", "grade.mjs"), dir, "--json", json], { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (r.status !== 0) {
  console.error(r.stdout.slice(-4000), r.stderr.slice(-4000));
  console.error(`bench: the grade command failed (exit ${r.status})`);
  process.exit(1);
}
const summary = r.stdout
  .trim()
  .split("\n")
  .filter((l) => /^grade:/.test(l));
for (const line of summary) console.log(line);

const reports = JSON.parse(readFileSync(json, "utf8")).notebooks;
const byFile = new Map(reports.map((rep) => [rep.notebook, rep]));
let wrong = 0;
for (const s of submissions) {
  const rep = byFile.get(s.file);
  for (const [fn, points] of Object.entries(s.expected)) {
    const got = rep?.functions.find((f) => f.name === fn);
    if (!got || got.points !== points) {
      wrong++;
      if (wrong <= 10) console.log(`bench: ${s.file} ${fn} (${s.kinds[fn]}): expected ${points}, got ${got ? `${got.points}: ${got.message}` : "no entry"}`);
    }
  }
}
console.log(
  `bench: ${count} submissions in ${seconds.toFixed(1)} s = ${((count / seconds) * 60).toFixed(1)} submissions per minute; ${wrong === 0 ? "every score as expected" : `${wrong} scores not as expected`}`,
);
if (!argv.includes("--keep")) rmSync(dir, { recursive: true, force: true });
process.exit(wrong === 0 ? 0 : 1);

// Grading a class: a folder of generated submissions (correct, wrong,
// untouched and hostile graded cells at random, bench/gradingClass.mjs)
// graded by the command line on a pool of threads. Every submission must get
// exactly the score its cells deserve, whatever its neighbours do; the CSV
// and JSON reports cover every file; the throughput line is printed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateClass } from "../../bench/gradingClass.mjs";
import { exercisesDir, projectRoot, solutionsDir, tempDir } from "../helpers/submissions.mjs";

test("a class of 12 mixed submissions, hostile ones included, graded on 2 threads: every score as deserved", () => {
  const dir = tempDir("class");
  const submissions = generateClass({ dir, count: 12, seed: 7, solutionsDir, exercisesDir, mix: { wrong: 0.2, untouched: 0.15, hostile: 0.25 } });
  const kinds = new Set(submissions.flatMap((s) => Object.values(s.kinds)));
  assert.ok(
    [...kinds].some((k) => k.startsWith("hostile:")),
    "the class has no hostile cell",
  );
  const json = join(dir, "report.json");
  const r = spawnSync(process.execPath, ["scripts/grade.mjs", dir, "--jobs", "2", "--time-limit", "5", "--json", json], {
    cwd: projectRoot,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /grade: 12 notebooks graded in [\d.]+ s on 2 threads: [\d.]+ submissions per minute; summary in .*grades\.csv/);
  const reports = new Map(JSON.parse(readFileSync(json, "utf8")).notebooks.map((rep) => [rep.notebook, rep]));
  for (const s of submissions) {
    const rep = reports.get(s.file);
    assert.ok(rep, `no report for ${s.file}`);
    for (const [fn, points] of Object.entries(s.expected)) {
      const got = rep.functions.find((f) => f.name === fn);
      assert.equal(got?.points, points, `${s.file} ${fn} (${s.kinds[fn]}): ${got?.message}`);
    }
  }
  const csv = readFileSync(join(dir, "grades.csv"), "utf8").trim().split("\n");
  assert.equal(csv.length, 13);
});

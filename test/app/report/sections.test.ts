import assert from "node:assert/strict";
import { test } from "node:test";
import { paperResult } from "../../../app/report/sections/paper";
import { runsResult } from "../../../app/report/sections/runs";
import { trainingResult } from "../../../app/report/sections/training";
import { paperRankings } from "../../../src/study/paper";
import { studyPlan } from "../../../src/study/plan";
import { rankRuns } from "../../../src/study/rank";
import { stubStudy } from "../../study/fixtures";

test("paper section: the figure, the two rankings and tau-b of the reference table", () => {
  const p = paperRankings();
  const r = paperResult(p);
  assert.equal(r.figures.length, 1);
  assert.match(
    r.html,
    new RegExp(`τ-b between the two rankings: <strong>${p.kendallTauB.toFixed(3)}`),
  );
  assert.equal(r.facts.kendallTauB, p.kendallTauB);
  assert.equal((r.facts.imagenetRank as number[]).length, 9);
});

test("training section: each run's recipe and learned mark, the recipe table, facts per run", () => {
  const records = stubStudy();
  const plan = studyPlan({
    quick: true,
    out: "o",
    seeds: 2,
    archs: ["alexnet", "vgg19", "resnet152", "convnext_large"],
  });
  const r = trainingResult(plan, records, []);
  assert.match(r.html, /did not learn: /);
  for (const family of ["alexnet", "vgg", "resnet", "convnext"])
    assert.match(r.html, new RegExp(`<td>${family}</td>`), family);
  const runs = r.facts.runs as { learned: boolean | null }[];
  assert.equal(runs.length, records.length);
});

test("runs section: tau-b with its interval, with and without runs that did not learn", () => {
  const ranking = rankRuns(stubStudy(), { resamples: 100 });
  const r = runsResult(ranking, true, 0);
  assert.match(r.html, /All runs: τ-b <strong>/);
  assert.match(r.html, /Only architectures whose every run learned: τ-b/);
  assert.match(r.html, /2 run\(s\) did not learn/);
  assert.match(r.html, /AlexNet, did not learn/);
  assert.equal((r.facts.notLearned as unknown[]).length, 2);
  assert.equal(r.figures.length, 3);
});
